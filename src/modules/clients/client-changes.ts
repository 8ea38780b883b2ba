// Telling every chiakhoa process that a portal changed, so their client caches drop it. Over
// Redis pub/sub when Redis is configured (all processes share it); in one process alone, the
// local cache is the only one. The subscription's health decides whether caching is allowed:
// until it is subscribed, and whenever its connection drops, the cache is bypassed, because
// an announcement made meanwhile would be missed.
import { Cluster } from 'ioredis';
import type { Logger } from '../../logger.ts';
import type { RedisClient } from '../../redis/connection.ts';
import type { ClientCache } from './client-cache.ts';

export interface ClientChanges {
  /** Call after the change has committed: this process forgets it now, the others on receipt. */
  announce(clientId: string): Promise<void>;
  close(): Promise<void>;
}

export function createLocalClientChanges(cache: ClientCache): ClientChanges {
  return {
    announce(clientId) {
      cache.invalidate(clientId);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

export async function createRedisClientChanges(
  redis: RedisClient,
  channel: string,
  cache: ClientCache,
  log: Logger,
): Promise<ClientChanges> {
  cache.setTrusted(false);
  // A connection of its own: one in subscriber mode can run no other command. ioredis's own
  // resubscription after a reconnect is turned off: it sends SUBSCRIBE without handling the
  // reply, so a Redis that froze right then (the command timeout) made an unhandled rejection.
  // The 'ready' handler below subscribes instead, and handles the failure.
  const subscriber: RedisClient =
    redis instanceof Cluster
      ? redis.duplicate([], { redisOptions: { autoResubscribe: false } })
      : redis.duplicate({ autoResubscribe: false });
  let lastError = '';
  let closed = false;
  subscriber.on('error', (error: Error) => {
    if (error.message !== lastError) log.warn({ err: error.message }, 'client-change subscription error');
    lastError = error.message;
  });
  const distrust = () => cache.setTrusted(false);
  subscriber.on('close', distrust);
  subscriber.on('end', distrust);
  subscriber.on('ready', () => {
    lastError = '';
    // Subscribing again after a reconnect is harmless; only once it is confirmed may rows be kept.
    subscriber.subscribe(channel).then(
      () => cache.setTrusted(true),
      (error: unknown) => {
        distrust();
        log.warn({ err: error instanceof Error ? error.message : 'unknown' }, 'client-change subscription failed');
        // The connection is up but not subscribed: start over, or the cache stays bypassed.
        if (!closed) subscriber.disconnect(true);
      },
    );
  });
  subscriber.on('message', (from: string, clientId: string) => {
    if (from === channel) cache.invalidate(clientId || undefined);
  });
  // A failed first connection keeps retrying in the background; meanwhile nothing is cached.
  await subscriber.connect().catch(() => undefined);

  return {
    async announce(clientId) {
      cache.invalidate(clientId);
      try {
        await redis.publish(channel, clientId);
      } catch (error) {
        // The change is committed; other processes keep the old row at most the cache TTL.
        log.warn(
          { err: error instanceof Error ? error.message : 'unknown' },
          'client change not announced to other processes',
        );
      }
    },
    async close() {
      closed = true;
      distrust();
      subscriber.disconnect();
      return Promise.resolve();
    },
  };
}
