// The cache-change subscription survives a Redis that stops answering right after a reconnect:
// the SUBSCRIBE times out without an unhandled rejection (ioredis's own resubscription used to
// leave one, which fails a process run with --unhandled-rejections=throw, as Node's default
// does), every cache is bypassed meanwhile, and once Redis answers again the subscription
// comes back on its own and announcements arrive, of each kind, and in the form processes of
// the previous version sent (a bare portal id).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/logger.ts';
import { createRedisCacheChanges, type CacheChanges, type Caches } from '../../src/modules/cache/cache-changes.ts';
import { Redis } from 'ioredis';
import { createRedisClient, type RedisClient } from '../../src/redis/connection.ts';
import { TEST_REDIS_URL } from '../helpers/env.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';

const quietLog = { warn: () => undefined, info: () => undefined } as unknown as Logger;

/** Caches that only record what the subscription tells them. */
function recordingCaches() {
  const state = { trusted: [] as boolean[], invalidated: [] as string[] };
  const recording = (kind: string) => ({
    invalidate: (id?: string) => state.invalidated.push(`${kind} ${id ?? '*'}`),
    setTrusted: (trusted: boolean) => {
      if (kind === 'client') state.trusted.push(trusted);
    },
  });
  const caches: Caches = { client: recording('client'), grant: recording('grant'), citizen: recording('citizen') };
  return { caches, state, trusted: () => state.trusted.at(-1) === true };
}

/** A fail-fast client (300 ms command timeout) whose connections all go through the proxy. */
async function connectedThrough(proxy: TcpProxy): Promise<RedisClient> {
  const port = await proxy.open();
  const redis = createRedisClient({ url: `redis://127.0.0.1:${port}`, commandTimeoutMs: 300 });
  redis.on('error', () => undefined);
  await redis.connect();
  return redis;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('cache-change subscription through a Redis that stops answering', () => {
  const proxy = new TcpProxy({ host: '127.0.0.1', port: 6379 });
  const channel = `test:client-changes:${randomBytes(6).toString('hex')}`;
  const { caches, state, trusted } = recordingCaches();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  let redis: RedisClient;
  let changes: CacheChanges;

  beforeAll(async () => {
    redis = await connectedThrough(proxy);
    changes = await createRedisCacheChanges(redis, channel, caches, quietLog);
    await waitFor(trusted, 3000);
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
    expect(trusted()).toBe(false);
    expect(unhandled).toEqual([]);

    proxy.swallow(undefined);
    await waitFor(trusted, 5000);
    await changes.announce('grant', 'grant-a');
    expect(state.invalidated).toContain('grant grant-a');
    const other = createRedisClient({ url: 'redis://127.0.0.1:6379' });
    other.on('error', () => undefined);
    await other.connect();
    await other.publish(channel, 'citizen citizen-b');
    await other.publish(channel, 'portal-c');
    other.disconnect();
    await waitFor(() => state.invalidated.includes('client portal-c'), 3000);
    expect(state.invalidated).toContain('citizen citizen-b');
    expect(unhandled).toEqual([]);
  });
});

describe('cache-change subscription on a connection that goes silent', () => {
  const proxy = new TcpProxy({ host: '127.0.0.1', port: 6379 });
  const channel = `test:client-changes:${randomBytes(6).toString('hex')}`;
  const { caches, state, trusted } = recordingCaches();
  const warnings: string[] = [];
  const log = { warn: (...args: unknown[]) => warnings.push(String(args.at(-1))) } as unknown as Logger;
  let redis: RedisClient;
  let other: RedisClient;
  let changes: CacheChanges;

  beforeAll(async () => {
    redis = await connectedThrough(proxy);
    other = createRedisClient({ url: 'redis://127.0.0.1:6379' });
    other.on('error', () => undefined);
    await other.connect();
    changes = await createRedisCacheChanges(redis, channel, caches, log, { heartbeatMs: 200 });
    await waitFor(trusted, 3000);
  });
  afterAll(async () => {
    await changes?.close();
    redis?.disconnect();
    other?.disconnect();
    await proxy.close();
  });

  it('distrusts every cache once its own heartbeat stops coming back, and trusts again once re-subscribed', async () => {
    // Someone on the channel replays this process's heartbeat with a sequence it never sent:
    // that must not pass for heartbeats heard.
    const sniffer = new Redis(TEST_REDIS_URL);
    await sniffer.subscribe(channel);
    const heartbeat = await new Promise<string>((resolve) =>
      sniffer.on('message', (_from: string, message: string) => {
        if (message.startsWith('heartbeat ')) resolve(message);
      }),
    );
    sniffer.disconnect();
    await other.publish(channel, heartbeat.replace(/\d+$/, '99999999'));

    // Half-open: the subscriber's connection stays up and silent; the publishing one still works.
    proxy.freeze((sent) => /subscribe/i.test(sent));
    await waitFor(() => !trusted(), 2000);
    expect(warnings).toContain('cache-change subscription missed its heartbeat; reconnecting');

    proxy.freeze(undefined);
    await waitFor(trusted, 5000);
    await other.publish(channel, 'grant grant-after');
    await waitFor(() => state.invalidated.includes('grant grant-after'), 3000);
    // Trusted for a while: the heartbeats now come back.
    const since = state.trusted.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(state.trusted.slice(since)).toEqual([]);
  });

  it('reads every message as data: odd kinds touch nothing, and a client id may hold a space', async () => {
    await waitFor(trusted, 3000);
    for (const message of ['toString x', '__proto__ y', 'constructor z', 'grant ', 'grant abc']) {
      await other.publish(channel, message);
    }
    await other.publish(channel, 'done');
    await waitFor(() => state.invalidated.includes('client done'), 3000);
    // Each message with a space also drops the portal of that whole name; only known kinds more.
    expect(state.invalidated).toEqual(
      expect.arrayContaining([
        'client toString x',
        'client __proto__ y',
        'client constructor z',
        'client grant abc',
        'grant abc',
      ]),
    );
    expect(state.invalidated.filter((entry) => /^(toString|__proto__|constructor) /.test(entry))).toEqual([]);
    expect(state.invalidated).not.toContain('grant *');
    expect(trusted()).toBe(true);
  });
});
