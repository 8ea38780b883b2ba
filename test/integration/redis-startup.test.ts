// A start that meets Redis a moment before it answers (still starting, or a connect timeout on a
// busy host): ioredis rejects the first attempt yet keeps retrying, and the start waits for
// those retries instead of failing; a Redis that never answers still fails the start.
import { afterAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/logger.ts';
import { connectRedis } from '../../src/redis/connection.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';

const silent = { warn: () => undefined, info: () => undefined } as unknown as Logger;

describe('connecting to Redis at start', () => {
  const proxy = new TcpProxy({ host: '127.0.0.1', port: 6379 });
  afterAll(() => proxy.close());

  it('waits for a Redis that answers a moment after the first attempt', async () => {
    const port = await proxy.open();
    await proxy.close(); // refused (ECONNREFUSED) until reopened
    const opening = new Promise((resolve) => setTimeout(resolve, 700)).then(() => proxy.open());
    const redis = await connectRedis({ url: `redis://127.0.0.1:${port}` }, silent);
    await opening;
    expect(await redis.ping()).toBe('PONG');
    redis.disconnect();
  });

  it('fails the start when Redis never answers', { timeout: 20_000 }, async () => {
    const port = await proxy.open();
    await proxy.close();
    await expect(connectRedis({ url: `redis://127.0.0.1:${port}` }, silent)).rejects.toThrow();
  });
});
