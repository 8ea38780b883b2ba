// The Redis FailureCounters: INCR + PEXPIRE in one MULTI, holds as keys whose TTL only grows
// (SET NX then PEXPIRE GT), claims as SET NX PX. The count and the hold of one key share a hash tag, so on a
// Redis Cluster they live in one slot. Any Redis failure is an outage: the caller fails closed.
import { randomUUID } from 'node:crypto';
import { StoreUnavailableError } from '../errors.ts';
import type { FailureCounters } from '../modules/security/failure-counters.ts';
import type { RedisClient } from './connection.ts';

const RELEASE_IF_OURS = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new StoreUnavailableError('redis', { cause: error });
  }
}

/** exec() reports a failed command inside its result instead of rejecting. */
function resultsOf(replies: [Error | null, unknown][] | null): unknown[] {
  if (!replies) throw new Error('the transaction was aborted');
  return replies.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

export function createRedisFailureCounters(redis: RedisClient, prefix = 'chiakhoa:throttle:'): FailureCounters {
  const countKey = (key: string) => `${prefix}{${key}}:failures`;
  const holdKey = (key: string) => `${prefix}{${key}}:wait`;
  const claimKey = (key: string) => `${prefix}{${key}}:busy`;
  return {
    addFailure: (key, windowSeconds) =>
      guarded(async () => {
        const [count] = resultsOf(await redis.multi().incr(countKey(key)).expire(countKey(key), windowSeconds).exec());
        return Number(count);
      }),
    hold: (key, ms) =>
      guarded(async () => {
        const wait = Math.max(1, Math.ceil(ms));
        resultsOf(
          await redis.multi().set(holdKey(key), '1', 'PX', wait, 'NX').pexpire(holdKey(key), wait, 'GT').exec(),
        );
      }),
    remainingHoldMs: (key) => guarded(async () => Math.max(0, await redis.pttl(holdKey(key)))),
    clear: (key) =>
      guarded(async () => {
        resultsOf(await redis.multi().del(countKey(key), holdKey(key)).exec());
      }),
    claim: (key, ms) =>
      guarded(async () => {
        const token = randomUUID();
        const taken = await redis.set(claimKey(key), token, 'PX', Math.max(1, Math.ceil(ms)), 'NX');
        return taken === 'OK' ? token : undefined;
      }),
    release: (key, token) =>
      guarded(async () => {
        // Only our own claim: one that expired meanwhile may be another attempt's now.
        await redis.eval(RELEASE_IF_OURS, 1, claimKey(key), token);
      }),
  };
}
