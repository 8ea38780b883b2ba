// Rows read on nearly every protocol request and changed rarely (portals; the grant and the
// citizen behind a token) are kept by each process for a short while. A change is announced to
// every process (cache-changes.ts, over Redis) and dropped at once; while those announcements
// cannot be trusted (the subscription is down), nothing is cached, so a disabled portal or a
// locked citizen stops everywhere at once. The TTL only bounds what a lost announcement could
// cost. Misses are not cached: a new portal must work as soon as it is registered.

export interface RecordCacheOptions<T> {
  /** How long a row may be served from memory; 0 turns the cache off. */
  readonly ttlMs: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
  /** When a row itself expires (ms since the epoch), it is not served past then. */
  readonly expiresAt?: (row: T) => number | undefined;
}

export interface RecordCache<T> {
  /** The row from memory when fresh, else from `load` (remembered if nothing changed meanwhile). */
  find(id: string, load: (id: string) => Promise<T | undefined>): Promise<T | undefined>;
  /** Forgets one row (it changed) or, without an id, every row. */
  invalidate(id?: string): void;
  /** Whether change announcements arrive; while false, every find loads. */
  setTrusted(trusted: boolean): void;
  readonly size: number;
}

export function createRecordCache<T>(options: RecordCacheOptions<T>): RecordCache<T> {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { row: T; until: number }>();
  // Bumped by every invalidation: a load that began before one must not store its (old) row.
  let generation = 0;
  let trusted = true;

  return {
    async find(id, load) {
      if (options.ttlMs <= 0 || !trusted) return load(id);
      const entry = entries.get(id);
      if (entry && entry.until > now()) return entry.row;
      const started = generation;
      const row = await load(id);
      if (row && started === generation && trusted) {
        // Oldest first: a Map iterates in insertion order.
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
        entries.delete(id);
        const until = Math.min(now() + options.ttlMs, options.expiresAt?.(row) ?? Infinity);
        entries.set(id, { row, until });
      } else if (!row) {
        entries.delete(id);
      }
      return row;
    },
    invalidate(id) {
      generation += 1;
      if (id === undefined) entries.clear();
      else entries.delete(id);
    },
    setTrusted(next) {
      generation += 1;
      trusted = next;
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
