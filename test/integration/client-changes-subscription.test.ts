// The portal-change subscription survives a Redis that stops answering right after a reconnect:
// the SUBSCRIBE times out without an unhandled rejection (ioredis's own resubscription used to
// leave one, which fails a process run with --unhandled-rejections=throw, as Node's default
// does), the portal cache is bypassed meanwhile, and once Redis answers again the subscription
// comes back on its own and announcements arrive.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/logger.ts';
import type { ClientCache } from '../../src/modules/clients/client-cache.ts';
import { createRedisClientChanges, type ClientChanges } from '../../src/modules/clients/client-changes.ts';
import { createRedisClient, type RedisClient } from '../../src/redis/connection.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';

const quietLog = { warn: () => undefined, info: () => undefined } as unknown as Logger;

/** A cache that only records what the subscription tells it. */
function recordingCache() {
  const state = { trusted: false, invalidated: [] as (string | undefined)[] };
  const cache: ClientCache = {
    find: (clientId, load) => load(clientId),
    invalidate: (clientId) => state.invalidated.push(clientId),
    setTrusted: (trusted) => {
      state.trusted = trusted;
    },
    size: 0,
  };
  return { cache, state };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('portal-change subscription through a Redis that stops answering', () => {
  const proxy = new TcpProxy({ host: '127.0.0.1', port: 6379 });
  const channel = `test:client-changes:${randomBytes(6).toString('hex')}`;
  const { cache, state } = recordingCache();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  let redis: RedisClient;
  let changes: ClientChanges;

  beforeAll(async () => {
    const port = await proxy.open();
    redis = createRedisClient({ url: `redis://127.0.0.1:${port}`, commandTimeoutMs: 300 });
    redis.on('error', () => undefined);
    await redis.connect();
    changes = await createRedisClientChanges(redis, channel, cache, quietLog);
    await waitFor(() => state.trusted, 3000);
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await changes?.close();
    redis?.disconnect();
    await proxy.close();
  });

  it('bypasses the cache while SUBSCRIBE goes unanswered, leaves no unhandled rejection, and recovers', async () => {
    proxy.swallow((chunk) => /subscribe/i.test(chunk.toString('latin1')));
    await proxy.close();
    await proxy.open();

    // Reconnected (retry backoff 200 ms), SUBSCRIBE swallowed, timed out at 300 ms, retried.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(state.trusted).toBe(false);
    expect(unhandled).toEqual([]);

    proxy.swallow(undefined);
    await waitFor(() => state.trusted, 5000);
    await changes.announce('portal-a');
    const other = createRedisClient({ url: 'redis://127.0.0.1:6379' });
    other.on('error', () => undefined);
    await other.connect();
    await other.publish(channel, 'portal-b');
    other.disconnect();
    await waitFor(() => state.invalidated.includes('portal-b'), 3000);
    expect(state.invalidated).toContain('portal-a');
    expect(unhandled).toEqual([]);
  });
});
