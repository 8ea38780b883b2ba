// The Redis failure counters: counts with a lifetime, holds that only grow, claims released only
// by their holder, one slot per key (hash tags), and an outage that surfaces as
// StoreUnavailableError (answered 503).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/errors.ts';
import { createMemoryFailureCounters } from '../../src/modules/security/failure-counters.ts';
import { createRedisFailureCounters } from '../../src/redis/failure-counters.ts';
import { createRedisClient } from '../../src/redis/connection.ts';
import { TEST_REDIS_URL } from '../helpers/env.ts';

describe('Redis failure counters', () => {
  const redis = new Redis(TEST_REDIS_URL);
  const prefix = `chiakhoa-counters-${randomBytes(4).toString('hex')}:`;
  const counters = createRedisFailureCounters(redis, prefix);
  afterAll(() => redis.disconnect());

  it('counts with a lifetime, keeps the longer hold, and clears both', async () => {
    expect(await counters.addFailure('acct:x', 60)).toBe(1);
    expect(await counters.addFailure('acct:x', 60)).toBe(2);
    expect(await redis.ttl(`${prefix}{acct:x}:failures`)).toBeGreaterThan(55);
    await counters.hold('acct:x', 5000);
    await counters.hold('acct:x', 1000);
    expect(await counters.remainingHoldMs('acct:x')).toBeGreaterThan(4000);
    await counters.clear('acct:x');
    expect(await counters.remainingHoldMs('acct:x')).toBe(0);
    expect(await counters.addFailure('acct:x', 60)).toBe(1);
  });

  it.each([
    ['Redis', () => counters],
    ['in-process', () => createMemoryFailureCounters()],
  ] as const)('claims a key once at a time, released only by its own token (%s)', async (_label, make) => {
    const store = make();
    const key = `answer:${randomBytes(4).toString('hex')}`;
    const first = await store.claim(key, 200);
    expect(first).toBeTruthy();
    expect(await store.claim(key, 200)).toBeUndefined();
    // It outlives its claim; another attempt takes the key; the first one's release leaves it be.
    await new Promise((resolve) => setTimeout(resolve, 250));
    const second = await store.claim(key, 5000);
    expect(second).toBeTruthy();
    await store.release(key, first!);
    expect(await store.claim(key, 5000)).toBeUndefined();
    await store.release(key, second!);
    expect(await store.claim(key, 5000)).toBeTruthy();
  });

  it('reports an unreachable Redis as StoreUnavailableError', async () => {
    const down = createRedisClient({ url: 'redis://127.0.0.1:1' });
    down.on('error', () => {});
    const unreachable = createRedisFailureCounters(down, prefix);
    await expect(unreachable.remainingHoldMs('ip:1')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(unreachable.addFailure('ip:1', 60)).rejects.toBeInstanceOf(StoreUnavailableError);
    down.disconnect();
  });
});
