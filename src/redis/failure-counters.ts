// The Redis FailureCounters: INCR + PEXPIRE in one MULTI, holds as keys whose TTL only grows
// (SET NX then PEXPIRE GT), claims as SET NX PX. The count and the hold of one key share a hash tag, so on a
// Redis Cluster they live in one slot. Any Redis failure is an outage: the caller fails closed.
import { StoreUnavailableError } from '../errors.ts';
import type { FailureCounters } from '../modules/security/failure-counters.ts';
import type { RedisClient } from './connection.ts';

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
      guarded(async () => (await redis.set(claimKey(key), '1', 'PX', Math.max(1, Math.ceil(ms)), 'NX')) === 'OK'),
    release: (key) =>
      guarded(async () => {
        await redis.del(claimKey(key));
      }),
  };
}
