// Round trips to Redis, counted by the server (INFO's total_reads_processed) on a redis-server
// of this file's own: on this kind of machine each one costs the process a socket write and a
// wake-up, the largest part of a sign-in's CPU beside argon2 (README, Benchmarks). A save of
// a record goes out with its pointers and index entries in one write.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/oidc/adapters/redis-store.ts';
import { StateAdapter } from '../../src/oidc/adapters/state-adapter.ts';
import { createRedisClient, type RedisClient } from '../../src/redis/connection.ts';
import { noRevoke } from '../helpers/adapter-contract.ts';
import { RedisInstance } from '../helpers/redis-instance.ts';

describe('Redis round trips of the state adapter', () => {
  let server: RedisInstance;
  let client: RedisClient;
  let observer: Redis;

  beforeAll(async () => {
    server = await RedisInstance.start();
    client = createRedisClient({ url: server.url });
    await client.connect();
    observer = new Redis(server.url);
  });
  afterAll(async () => {
    client?.disconnect();
    observer?.disconnect();
    await server?.kill();
  });

  /** Reads the server processed while `work` ran, the observer's own INFO excluded. */
  async function readsDuring(work: () => Promise<unknown>): Promise<number> {
    const processed = async () => Number(/total_reads_processed:(\d+)/.exec(await observer.info('stats'))?.[1]);
    const before = await processed();
    await work();
    return (await processed()) - before - 1;
  }

  it('saves a session with its uid pointer and its citizen index entry in one round trip', async () => {
    const sessions = new StateAdapter('Session', createRedisStore(client, 'round-trips:'), noRevoke);
    const payload = { kind: 'Session', uid: 'uid-1', accountId: '0b6f7c1e-7a43-4d2a-9a55-5b0f1c1d2e3f' };
    expect(await readsDuring(() => sessions.upsert('session-cookie-1', payload, 600))).toBe(1);
    expect(await sessions.findByUid('uid-1')).toMatchObject({ accountId: payload.accountId });
  });

  it('saves an access token with its grant index entry in one round trip', async () => {
    const tokens = new StateAdapter('AccessToken', createRedisStore(client, 'round-trips:'), noRevoke);
    const payload = { kind: 'AccessToken', grantId: 'grant-1', accountId: 'account-1' };
    expect(await readsDuring(() => tokens.upsert('access-token-1', payload, 600))).toBe(1);
    expect(await tokens.find('access-token-1')).toMatchObject({ grantId: 'grant-1' });
  });
});
