// The cache-change subscriber on a Redis Cluster: a plain connection of our own to one node.
// ioredis's Cluster client in subscriber mode replaces its connection by itself when it drops or
// its node fails over, and says nothing, so whatever was published in between was missed while
// every cache stayed trusted. Here every loss of the connection is reported ('close', 'end'),
// and cache-changes.ts distrusts the caches until it has subscribed again and heard a heartbeat.
//
// Which node does not matter: a classic PUBLISH in a Redis Cluster reaches every node, replicas
// included. A connection lost is retried on its node a few times, then another node of the
// cluster is taken (the main client's current view, else its seed nodes), so a node gone for
// good is left behind. A subscription that failed or went quiet there (disconnect(true)) moves
// on without retrying that node: the node itself (frozen, overloaded) may be the problem.
import { EventEmitter } from 'node:events';
import { Redis, type Cluster, type RedisOptions } from 'ioredis';

/** What cache-changes.ts uses of its subscriber: a plain ioredis client, or the one below. */
export interface Subscriber {
  on(event: 'ready' | 'close' | 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  connect(): Promise<void>;
  subscribe(channel: string): Promise<unknown>;
  disconnect(reconnect?: boolean): void;
}

/** Reconnections to the same node before moving on (a restart or a blip, not a node gone). */
const SAME_NODE_RETRIES = 2;
const backoff = (attempt: number) => (attempt <= SAME_NODE_RETRIES ? attempt * 200 : null);
/** A pause before each move, so that a node refusing every SUBSCRIBE is not a busy loop. */
const MOVE_DELAY_MS = 200;

export class ClusterNodeSubscriber extends EventEmitter implements Subscriber {
  private connection: Redis | undefined;
  private node = '';
  private closed = false;
  private moving: NodeJS.Timeout | undefined;
  /** The last error passed on since a 'ready': a whole cluster down, rotated through, is one line, and a different cause a new one. */
  private lastError = '';

  private readonly cluster: Cluster;

  constructor(cluster: Cluster) {
    super();
    this.cluster = cluster;
  }

  connect(): Promise<void> {
    this.closed = false;
    return this.open();
  }

  subscribe(channel: string): Promise<unknown> {
    return this.connection ? this.connection.subscribe(channel) : Promise.reject(new Error('not connected'));
  }

  disconnect(reconnect = false): void {
    if (!reconnect) {
      this.closed = true;
      clearTimeout(this.moving);
      this.connection?.disconnect();
    } else if (this.connection) this.leave(this.connection);
  }

  private open(): Promise<void> {
    const node = this.nextNode();
    if (!node) {
      this.moveLater();
      return Promise.reject(new Error('no node of the Redis Cluster known'));
    }
    const { host, port } = node;
    this.node = `${host}:${port}`;
    // The credentials, TLS and timeouts the cluster's own node connections use; no keyPrefix (a
    // channel is no key). ioredis's resubscription stays off, as on a single server: the
    // 'ready' handler of cache-changes.ts subscribes, and handles the failure.
    const { keyPrefix: _, ...options }: RedisOptions = this.cluster.options.redisOptions ?? {};
    const connection = new Redis({
      ...options,
      host,
      port,
      lazyConnect: true,
      enableOfflineQueue: false,
      autoResubscribe: false,
      retryStrategy: backoff,
    });
    this.connection = connection;
    // Only the current connection speaks: a late event of one left behind would be taken for it.
    const current = () => connection === this.connection;
    connection.on('error', (error: Error) => {
      // By its code where it has one: ECONNREFUSED from each node in turn is one cause.
      const cause = (error as NodeJS.ErrnoException).code ?? error.message;
      if (!current() || cause === this.lastError) return;
      this.lastError = cause;
      if (this.listenerCount('error')) this.emit('error', error);
    });
    connection.on('ready', () => {
      if (!current()) return;
      this.lastError = '';
      this.emit('ready');
    });
    connection.on('message', (from: string, message: string) => {
      if (current()) this.emit('message', from, message);
    });
    connection.on('close', () => {
      if (current()) this.emit('close');
    });
    // Its retries spent (or closed on purpose): on to another node.
    connection.on('end', () => this.leave(connection));
    return connection.connect();
  }

  private leave(connection: Redis): void {
    if (connection !== this.connection) return;
    this.connection = undefined;
    if (connection.status !== 'end') connection.disconnect();
    this.emit('end');
    this.moveLater();
  }

  private moveLater(): void {
    if (this.closed) return;
    this.moving = setTimeout(() => {
      if (!this.closed) this.open().catch(() => undefined);
    }, MOVE_DELAY_MS);
    this.moving.unref();
  }

  /** A node known now, at random, other than the current one where there is another. */
  private nextNode(): { host: string; port: number } | undefined {
    let known = this.cluster.nodes('all').map(({ options }) => `${options.host}:${options.port}`);
    if (!known.length) known = seedNodes(this.cluster);
    known = [...new Set(known)];
    // At random, so that processes spread over the nodes (also those leaving the same node at
    // once); another one than the last when there is another.
    const others = known.filter((node) => node !== this.node);
    const pool = others.length ? others : known;
    const next = pool[Math.floor(Math.random() * pool.length)];
    const index = next?.lastIndexOf(':') ?? -1;
    if (!next || index <= 0) return undefined;
    return { host: next.slice(0, index), port: Number(next.slice(index + 1)) };
  }
}

/**
 * The seed nodes given to the cluster client: known before it has connected or after it lost
 * every node. ioredis keeps them in a field its types call private, hence the careful reading.
 */
function seedNodes(cluster: Cluster): string[] {
  const seeds: unknown = Reflect.get(cluster, 'startupNodes');
  if (!Array.isArray(seeds)) return [];
  return seeds.flatMap((seed: unknown) => {
    if (typeof seed === 'number') return [`127.0.0.1:${seed}`];
    // A URL may carry credentials: only a bare host:port is taken.
    if (typeof seed === 'string') return /^[^/@]+:\d+$/.test(seed) ? [seed] : [];
    if (seed && typeof seed === 'object') {
      const { host = '127.0.0.1', port = 6379 } = seed as { host?: string; port?: number };
      return [`${host}:${port}`];
    }
    return [];
  });
}
