// ioredis tuned to fail fast: with no offline queue and a short command timeout, a stopped
// or frozen Redis turns into an error within ~500 ms that routes answer with 503, not a hang.
// A single server (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES) alike: the store only
// ever touches one key per command, so every command lands on one slot.
import { Cluster, Redis, type RedisOptions as IoRedisOptions } from 'ioredis';
import type { Logger } from '../logger.ts';

export type RedisClient = Redis | Cluster;

export interface RedisOptions {
  readonly url?: string | undefined;
  /** host:port seeds; when given, a Cluster client. */
  readonly clusterNodes?: readonly string[] | undefined;
  readonly commandTimeoutMs?: number;
}

// Keep reconnecting in the background (capped backoff) so service resumes on its own.
const backoff = (attempt: number) => Math.min(attempt * 200, 2000);

function failFast(commandTimeoutMs: number): IoRedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 1000,
    // Commands issued in the same event-loop turn (by concurrent requests) go out in one write:
    // on a busy process the socket writes, not Redis, were the cost of each command.
    enableAutoPipelining: true,
  };
}

function parseNode(node: string): { host: string; port: number } {
  const index = node.lastIndexOf(':');
  const port = Number(node.slice(index + 1));
  if (index <= 0 || !Number.isInteger(port)) throw new Error(`REDIS_CLUSTER_NODES: "${node}" is not host:port`);
  return { host: node.slice(0, index), port };
}

export function createRedisClient(options: RedisOptions): RedisClient {
  const base = failFast(options.commandTimeoutMs ?? 500);
  if (options.clusterNodes?.length) {
    return new Cluster(options.clusterNodes.map(parseNode), {
      lazyConnect: true,
      enableOfflineQueue: false,
      enableAutoPipelining: true,
      clusterRetryStrategy: backoff,
      // A moved slot or a failover: ask the cluster again, a few times, then fail (503).
      maxRedirections: 4,
      slotsRefreshTimeout: 1000,
      redisOptions: base,
    });
  }
  if (!options.url) throw new Error('a Redis URL or cluster nodes are required');
  return new Redis(options.url, { ...base, retryStrategy: backoff });
}

export async function connectRedis(options: RedisOptions, log: Logger): Promise<RedisClient> {
  const redis = createRedisClient(options);
  let lastError = '';
  // Without a listener, reconnect errors would crash the process.
  redis.on('error', (error: Error) => {
    if (error.message !== lastError) log.warn({ err: error.message }, 'redis connection error');
    lastError = error.message;
  });
  redis.on('ready', () => {
    if (lastError) log.info('redis connection restored');
    lastError = '';
  });
  try {
    await redis.connect();
  } catch (error) {
    // ioredis rejects connect() at the first attempt that closes (a Redis still starting, a
    // connect timeout on a busy host) while it keeps retrying in the background: give those
    // retries a few seconds before the start fails.
    if (!(await readyWithin(redis, STARTUP_WAIT_MS))) {
      redis.disconnect();
      throw error;
    }
  }
  return redis;
}

/** How long a start waits for Redis after a first failed attempt. */
const STARTUP_WAIT_MS = 10_000;

function readyWithin(redis: RedisClient, ms: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      redis.off('ready', ready);
      resolve(false);
    }, ms);
    const ready = () => {
      clearTimeout(timer);
      resolve(true);
    };
    redis.once('ready', ready);
  });
}
