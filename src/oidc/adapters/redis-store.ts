// The Redis implementation of StateStore. Each operation touches one key, so it works on a
// Redis Cluster too; the multi-step ones run as Lua scripts on that one key. The scripts are
// defined commands (EVALSHA, so the script text is not resent each time), and unlike MULTI they
// join ioredis's auto-pipeline: concurrent requests' commands share one socket write.
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

// A record is replaced whole (DEL), its fields set and its TTL set, as one atomic step.
// ARGV: ttl seconds, payload, and the consumed time or ''.
const PUT_RECORD_SCRIPT = `
redis.call('DEL', KEYS[1])
if ARGV[3] == '' then
  redis.call('HSET', KEYS[1], 'payload', ARGV[2])
else
  redis.call('HSET', KEYS[1], 'payload', ARGV[2], 'consumed', ARGV[3])
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1`;

/** The store's scripts, as ioredis defines them on the client. */
interface StoreScripts {
  chiakhoaPutRecord(key: string, ttlSeconds: string, payload: string, consumed: string): Promise<number>;
  chiakhoaConsume(key: string, at: string): Promise<number>;
  chiakhoaAddToIndex(key: string, member: string, ttlSeconds: string): Promise<number>;
}

function defineScripts(redis: RedisClient): StoreScripts {
  redis.defineCommand('chiakhoaPutRecord', { numberOfKeys: 1, lua: PUT_RECORD_SCRIPT });
  redis.defineCommand('chiakhoaConsume', { numberOfKeys: 1, lua: CONSUME_SCRIPT });
  redis.defineCommand('chiakhoaAddToIndex', { numberOfKeys: 1, lua: ADD_TO_INDEX_SCRIPT });
  return redis as unknown as StoreScripts;
}

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
  const scripts = defineScripts(redis);
  return {
    kind: 'redis',
    putRecord: (key, payload, consumed, ttlSeconds) =>
      guarded(async () => {
        await scripts.chiakhoaPutRecord(
          k(key),
          String(ttlSeconds),
          payload,
          consumed === undefined ? '' : String(consumed),
        );
      }),
    getRecord: (key) =>
      guarded(async () => {
        const [payload, consumed] = await redis.hmget(k(key), 'payload', 'consumed');
        if (payload == null) return undefined;
        return { payload, consumed: consumed == null ? undefined : Number(consumed) };
      }),
    consumeRecord: (key, at) =>
      guarded(async () => {
        const result = await scripts.chiakhoaConsume(k(key), String(at));
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
        await scripts.chiakhoaAddToIndex(k(key), member, String(ttlSeconds));
      }),
    takeIndex: (key) =>
      guarded(async () => {
        const result = await redis.multi().smembers(k(key)).del(k(key)).exec();
        const members = result?.[0]?.[1];
        return Array.isArray(members) ? (members as string[]) : [];
      }),
    readIndex: (key) => guarded(() => redis.smembers(k(key))),
    removeFromIndex: (key, member) =>
      guarded(async () => {
        await redis.srem(k(key), member);
      }),
    ping: () =>
      guarded(async () => {
        await redis.ping();
      }),
    close: async () => {
      redis.disconnect();
    },
  };
}
