// Telling every chiakhoa process that a cached row changed (a portal, a grant, a citizen), so
// their caches drop it. Over Redis pub/sub when Redis is configured (all processes share it); in
// one process alone, the local caches are the only ones. The subscription's health decides
// whether caching is allowed: until it is subscribed, and whenever its connection drops, every
// cache is bypassed, because an announcement made meanwhile would be missed.
//
// A message is "<kind> <id>" (kind: a cache's name). A message without a space comes from a
// process of an earlier version, which only announced portals: it is a portal's client id.
import { Cluster } from 'ioredis';
import type { Logger } from '../../logger.ts';
import type { RedisClient } from '../../redis/connection.ts';
import type { RecordCache } from './record-cache.ts';

export type CacheKind = 'client' | 'grant' | 'citizen';
export type Caches = Partial<Record<CacheKind, Pick<RecordCache<unknown>, 'invalidate' | 'setTrusted'>>>;

export interface CacheChanges {
  /** Call after the change has committed: this process forgets it now, the others on receipt. */
  announce(kind: CacheKind, id: string): Promise<void>;
  close(): Promise<void>;
}

function received(caches: Caches, message: string): void {
  const space = message.indexOf(' ');
  const kind = (space < 0 ? 'client' : message.slice(0, space)) as CacheKind;
  const id = space < 0 ? message : message.slice(space + 1);
  caches[kind]?.invalidate(id || undefined);
}

export function createLocalCacheChanges(caches: Caches): CacheChanges {
  return {
    announce(kind, id) {
      caches[kind]?.invalidate(id);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

export async function createRedisCacheChanges(
  redis: RedisClient,
  channel: string,
  caches: Caches,
  log: Logger,
): Promise<CacheChanges> {
  const setTrusted = (trusted: boolean) => {
    for (const cache of Object.values(caches)) cache.setTrusted(trusted);
  };
  setTrusted(false);
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
    if (error.message !== lastError) log.warn({ err: error.message }, 'cache-change subscription error');
    lastError = error.message;
  });
  const distrust = () => setTrusted(false);
  subscriber.on('close', distrust);
  subscriber.on('end', distrust);
  subscriber.on('ready', () => {
    lastError = '';
    // Subscribing again after a reconnect is harmless; only once it is confirmed may rows be kept.
    subscriber.subscribe(channel).then(
      () => setTrusted(true),
      (error: unknown) => {
        distrust();
        log.warn({ err: error instanceof Error ? error.message : 'unknown' }, 'cache-change subscription failed');
        // The connection is up but not subscribed: start over, or the caches stay bypassed.
        if (!closed) subscriber.disconnect(true);
      },
    );
  });
  subscriber.on('message', (from: string, message: string) => {
    if (from === channel) received(caches, message);
  });
  // A failed first connection keeps retrying in the background; meanwhile nothing is cached.
  await subscriber.connect().catch(() => undefined);

  return {
    async announce(kind, id) {
      caches[kind]?.invalidate(id);
      try {
        // Portals keep the bare id, which processes of the previous version understand.
        await redis.publish(channel, kind === 'client' ? id : `${kind} ${id}`);
      } catch (error) {
        // The change is committed; other processes keep the old row at most the cache TTL.
        log.warn(
          { err: error instanceof Error ? error.message : 'unknown' },
          'cache change not announced to other processes',
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
