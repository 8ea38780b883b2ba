// Telling every chiakhoa process that a cached row changed (a portal, a grant, a citizen), so
// their caches drop it. Over Redis pub/sub when Redis is configured (all processes share it); in
// one process alone, the local caches are the only ones. The subscription's health decides
// whether caching is allowed: until it is subscribed, and whenever its connection drops, every
// cache is bypassed, because an announcement made meanwhile would be missed.
//
// A message is "<kind> <id>" (kind: a cache's name). A message without a space comes from a
// process of an earlier version, which only announced portals: it is a portal's client id.
// Portals are still announced that way, so a client id may itself hold a space: every message
// with a space also drops the portal of that whole name (an extra drop costs one read).
//
// A subscription can also die silently: a half-open connection delivers nothing and reports
// nothing. So each process publishes a heartbeat on the channel every 2 s and must hear it back
// by the tick after the one that found it published (a full interval to arrive): a heartbeat
// missed distrusts every cache and reconnects the subscriber. Trust (re)starts only when a
// heartbeat sent after subscribing comes back.
//
// On a Redis Cluster the subscriber is not ioredis's Cluster client, which replaces its
// subscriber connection by itself and silently (a failover, a dropped connection), but a plain
// connection of our own to one node (cluster-subscriber.ts): a PUBLISH reaches every node, and
// every loss of that connection is seen here like a single server's, moving to another node
// when its own stays gone.
import { randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import type { Logger } from '../../logger.ts';
import type { RedisClient } from '../../redis/connection.ts';
import { ClusterNodeSubscriber, type Subscriber } from './cluster-subscriber.ts';
import type { RecordCache } from './record-cache.ts';

export type CacheKind = 'client' | 'grant' | 'citizen';
export type Caches = Partial<Record<CacheKind, Pick<RecordCache<unknown>, 'invalidate' | 'setTrusted'>>>;

export interface CacheChanges {
  /** Call after the change has committed: this process forgets it now, the others on receipt. */
  announce(kind: CacheKind, id: string): Promise<void>;
  close(): Promise<void>;
}

const kinds: ReadonlySet<string> = new Set<CacheKind>(['client', 'grant', 'citizen']);

/** How often each process checks its subscription by hearing its own heartbeat. */
const HEARTBEAT_MS = 2000;
const SUBSCRIBE_TIMEOUT_MS = 2000;
const HEARTBEAT = 'heartbeat';

/**
 * Runs a change, then announces it whether or not it reported success: a write that failed may
 * have committed all the same (a timeout after the commit), and a needless announcement only
 * costs each process one read.
 */
export async function announcedAfter<T>(change: () => Promise<T>, announce: () => Promise<void>): Promise<T> {
  try {
    return await change();
  } finally {
    await announce();
  }
}

function received(caches: Caches, message: string): void {
  const space = message.indexOf(' ');
  if (space < 0) {
    if (message) caches.client?.invalidate(message);
    return;
  }
  caches.client?.invalidate(message);
  const kind = message.slice(0, space);
  const id = message.slice(space + 1);
  // Only known kinds: a message is data from the network, never a property name to look up.
  if (id && kinds.has(kind)) caches[kind as CacheKind]?.invalidate(id);
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
  options: { heartbeatMs?: number } = {},
): Promise<CacheChanges> {
  let trusted = true;
  const setTrusted = (next: boolean) => {
    // Only on a change: each call empties the caches.
    if (next === trusted) return;
    trusted = next;
    for (const cache of Object.values(caches)) cache.setTrusted(next);
  };
  setTrusted(false);
  // A connection of its own: one in subscriber mode can run no other command. ioredis's own
  // resubscription after a reconnect is turned off: it sends SUBSCRIBE without handling the
  // reply, so a Redis that froze right then (the command timeout) made an unhandled rejection.
  // The 'ready' handler below subscribes instead, and handles the failure.
  const subscriber: Subscriber =
    redis instanceof Cluster ? new ClusterNodeSubscriber(redis) : redis.duplicate({ autoResubscribe: false });
  let lastError = '';
  let closed = false;
  // Heartbeats: "heartbeat <this process's nonce> <sequence>"; other processes' are ignored.
  // Trust needs a heartbeat sent after the subscription began (or last became doubtful) to come
  // back: a confirmed SUBSCRIBE alone does not prove that messages are delivered.
  const heartbeatPrefix = `${HEARTBEAT} ${randomUUID()} `;
  let subscribed = false;
  let sent = 0; // the last sequence published
  let heard = 0; // the last of ours heard back
  let published = 0; // the last one whose publish succeeded (a failed one proves nothing)
  let due = 0; // the last one published by the previous tick: a full interval on, it must be heard
  let provenAfter = 0; // trust returns with a heartbeat heard beyond this one
  const publishHeartbeat = (judge: boolean) => {
    const sequence = ++sent;
    redis.publish(channel, `${heartbeatPrefix}${sequence}`).then(
      () => (judge ? (published = Math.max(published, sequence)) : undefined),
      () => undefined,
    );
  };
  /** From now on, rows are kept only once a heartbeat sent after this moment comes back. */
  const doubt = () => {
    setTrusted(false);
    provenAfter = sent;
    heard = Math.max(heard, sent);
    if (subscribed) publishHeartbeat(false);
  };
  subscriber.on('error', (error: Error) => {
    if (error.message !== lastError) log.warn({ err: error.message }, 'cache-change subscription error');
    lastError = error.message;
  });
  // Each connection's SUBSCRIBE is answered for that connection only: a late reply (or timeout)
  // of an earlier one must not touch the current one. A connection lost ends its turn too: its
  // SUBSCRIBE failing after the next connection began must not throw that one away.
  let connection = 0;
  const lost = () => {
    connection += 1;
    subscribed = false;
    setTrusted(false);
  };
  subscriber.on('close', lost);
  subscriber.on('end', lost);
  subscriber.on('ready', () => {
    // A handshake answered after close(): no SUBSCRIBE (it would fail, and warn, on a closed stream).
    if (closed) return;
    lastError = '';
    const current = ++connection;
    // Subscribing again after a reconnect is harmless; only once it is confirmed may rows be kept.
    // A Redis Cluster's own subscriber connection has no command timeout: this one bounds it.
    withTimeout(subscriber.subscribe(channel), SUBSCRIBE_TIMEOUT_MS).then(
      () => {
        if (current !== connection) return;
        subscribed = true;
        doubt();
      },
      (error: unknown) => {
        if (current !== connection) return;
        lost();
        log.warn({ err: error instanceof Error ? error.message : 'unknown' }, 'cache-change subscription failed');
        // The connection is up but not subscribed: start over, or the caches stay bypassed.
        if (!closed) subscriber.disconnect(true);
      },
    );
  });
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    if (message.startsWith(heartbeatPrefix)) {
      const sequence = Number(message.slice(heartbeatPrefix.length));
      // Only sequences this process sent: anyone can publish a message with our nonce.
      if (!Number.isSafeInteger(sequence) || sequence > sent) return;
      heard = Math.max(heard, sequence);
      if (subscribed && sequence > provenAfter) setTrusted(true);
    } else if (!message.startsWith(`${HEARTBEAT} `)) received(caches, message);
  });
  const heartbeat = setInterval(() => {
    if (subscribed && due > heard) {
      // Subscribed, yet a heartbeat published an interval ago never came back: announcements
      // may be missed too.
      log.warn('cache-change subscription missed its heartbeat; reconnecting');
      lost();
      subscriber.disconnect(true);
    }
    due = published;
    publishHeartbeat(true);
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
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
      clearInterval(heartbeat);
      lost();
      subscriber.disconnect();
      return Promise.resolve();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
