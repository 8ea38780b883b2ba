// The Redis implementation of StateStore. Each operation touches one key, so it works on a
// Redis Cluster too; the multi-step ones run as Lua scripts or MULTI on that one key.
import { StoreUnavailableError } from '../../errors.ts';
import type { RedisClient } from '../../redis/connection.ts';
import type { ConsumeOutcome, StateStore } from './state-store.ts';

// 0 = missing, 1 = consumed now, 2 = consumed before. HSETNX is the atomic test-and-set.
const CONSUME_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HSETNX', KEYS[1], 'consumed', ARGV[1]) == 1 then return 1 end
return 2`;

// The set's TTL only grows, so the index outlives every member it points to.
const ADD_TO_INDEX_SCRIPT = `
redis.call('SADD', KEYS[1], ARGV[1])
if redis.call('TTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 1`;

const OUTCOMES: Record<number, ConsumeOutcome> = { 0: 'missing', 1: 'consumed', 2: 'already_consumed' };

async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    // A reply error is a bug in our commands; anything else (closed, timed out) is an outage.
    if (error instanceof Error && error.name === 'ReplyError') throw error;
    throw new StoreUnavailableError('redis', { cause: error });
  }
}

export function createRedisStore(redis: RedisClient, prefix = 'chiakhoa:'): StateStore {
  const k = (key: string) => `${prefix}${key}`;
  return {
    kind: 'redis',
    putRecord: (key, payload, consumed, ttlSeconds) =>
      guarded(async () => {
        const fields: Record<string, string> = { payload };
        if (consumed !== undefined) fields.consumed = String(consumed);
        await redis.multi().del(k(key)).hset(k(key), fields).expire(k(key), ttlSeconds).exec();
      }),
    getRecord: (key) =>
      guarded(async () => {
        const [payload, consumed] = await redis.hmget(k(key), 'payload', 'consumed');
        if (payload == null) return undefined;
        return { payload, consumed: consumed == null ? undefined : Number(consumed) };
      }),
    consumeRecord: (key, at) =>
      guarded(async () => {
        const result = (await redis.eval(CONSUME_SCRIPT, 1, k(key), String(at))) as number;
        return OUTCOMES[result] ?? 'missing';
      }),
    deleteKeys: (keys) =>
      guarded(async () => {
        // One DEL per key: keys of one call may live in different cluster slots.
        await Promise.all(keys.map((key) => redis.del(k(key))));
      }),
    putPointer: (key, value, ttlSeconds) =>
      guarded(async () => {
        await redis.set(k(key), value, 'EX', ttlSeconds);
      }),
    getPointer: (key) => guarded(async () => (await redis.get(k(key))) ?? undefined),
    addToIndex: (key, member, ttlSeconds) =>
      guarded(async () => {
        await redis.eval(ADD_TO_INDEX_SCRIPT, 1, k(key), member, String(ttlSeconds));
      }),
    takeIndex: (key) =>
      guarded(async () => {
        const result = await redis.multi().smembers(k(key)).del(k(key)).exec();
        const members = result?.[0]?.[1];
        return Array.isArray(members) ? (members as string[]) : [];
      }),
    readIndex: (key) => guarded(() => redis.smembers(k(key))),
    ping: () =>
      guarded(async () => {
        await redis.ping();
      }),
    close: async () => {
      redis.disconnect();
    },
  };
}
