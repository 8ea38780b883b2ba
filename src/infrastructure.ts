// Opens what the service stands on: the registry database (Postgres or embedded PGlite) and
// the short-lived state store (Redis or in-process). Embedded defaults are said loudly.
import type { Config } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import type { Logger } from './logger.ts';
import { configureHashPool } from './modules/secrets/hash-pool.ts';
import { createMemoryStore } from './oidc/adapters/memory-store.ts';
import { createRedisStore } from './oidc/adapters/redis-store.ts';
import type { StateStore } from './oidc/adapters/state-store.ts';
import { connectRedis, type RedisClient } from './redis/connection.ts';

export interface Infrastructure {
  readonly database: DatabaseHandle;
  readonly store: StateStore;
  readonly redis: RedisClient | undefined;
  close(): Promise<void>;
}

export async function openInfrastructure(config: Config, log: Logger): Promise<Infrastructure> {
  if (!config.databaseUrl) {
    log.warn({ dataDir: config.dataDir }, 'EMBEDDED DATABASE: DATABASE_URL is unset, using PGlite (development only)');
  }
  // argon2 runs on its own bounded pool of threads (hash-pool.ts), sized here.
  await configureHashPool({ threads: config.limits.passwordHashThreads, queueLimit: config.limits.passwordHashQueue });
  const database = await openDatabase(config);
  await database.migrate();

  let redis: RedisClient | undefined;
  let store: StateStore;
  if (config.redisUrl || config.redisClusterNodes) {
    redis = await connectRedis({ url: config.redisUrl, clusterNodes: config.redisClusterNodes }, log);
    store = createRedisStore(redis, config.redisKeyPrefix);
  } else {
    log.warn(
      'IN-PROCESS STORE: REDIS_URL and REDIS_CLUSTER_NODES are unset, sessions live in this process only (single process, development only)',
    );
    store = createMemoryStore();
  }

  return {
    database,
    store,
    redis,
    async close() {
      await store.close();
      await database.close();
    },
  };
}
