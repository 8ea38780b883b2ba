// The adapter contract (test/helpers/adapter-contract.ts) against every storage we ship, and
// the Redis key hygiene the contract cannot see.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, openPostgres } from '../../src/db/database.ts';
import { createMemoryStore } from '../../src/oidc/adapters/memory-store.ts';
import { createRedisStore } from '../../src/oidc/adapters/redis-store.ts';
import { StateAdapter } from '../../src/oidc/adapters/state-adapter.ts';
import { adapterContract, noRevoke, postgresBackend, stateBackend } from '../helpers/adapter-contract.ts';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/env.ts';

adapterContract('StateAdapter over the in-process store', async () => stateBackend(createMemoryStore()));
adapterContract('StateAdapter over Redis', async () => stateBackend(createRedisStore(new Redis(TEST_REDIS_URL))));
// The global setup has migrated the test database.
adapterContract('PostgresAdapter on Postgres', async () => postgresBackend(await openPostgres(TEST_DATABASE_URL)));
adapterContract('PostgresAdapter on PGlite', async () => {
  const database = await openPglite(undefined);
  await database.migrate();
  return postgresBackend(database);
});

describe('Redis keys', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(() => redis?.disconnect());

  it.each([
    ['with a lifetime', 600],
    ['without a lifetime', undefined],
  ] as const)('gives every key it writes a TTL (%s)', async (_label, expiresIn) => {
    const store = createRedisStore(redis);
    const [sessionId, uid, codeId, grantId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const userCode = randomUUID().slice(0, 8);
    await new StateAdapter('Session', store, noRevoke).upsert(sessionId, { jti: sessionId, uid }, expiresIn);
    await new StateAdapter('DeviceCode', store, noRevoke).upsert(codeId, { jti: codeId, userCode, grantId }, expiresIn);

    const keys = [
      `oidc:Session:${sessionId}`,
      `oidc:sessionUid:${uid}`,
      `oidc:DeviceCode:${codeId}`,
      `oidc:userCode:${userCode}`,
      `oidc:grant:DeviceCode:${grantId}`,
    ].map((key) => `chiakhoa:${key}`);
    for (const key of keys) {
      const ttl = await redis.ttl(key);
      expect(ttl, key).toBeGreaterThan(0);
      if (expiresIn) expect(ttl, key).toBeLessThanOrEqual(expiresIn);
    }
  });
});
