// Portals are read on every protocol request (token, userinfo, introspection, authorize), and
// they change rarely, through the admin API, registration or the CLI. So each process keeps
// the rows it read for a short while. A change is announced to every process (client-changes
// .ts, over Redis) and dropped at once; while those announcements cannot be trusted (the
// subscription is down), nothing is cached, so a disabled portal stops everywhere at once.
// The TTL only bounds what a lost announcement could cost. Misses are not cached: a new
// portal must work as soon as it is registered.
import type { ClientRow } from './clients.repository.ts';

export interface ClientCacheOptions {
  /** How long a row may be served from memory; 0 turns the cache off. */
  readonly ttlMs: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
}

export interface ClientCache {
  /** The row from memory when fresh, else from `load` (remembered if nothing changed meanwhile). */
  find(clientId: string, load: (clientId: string) => Promise<ClientRow | undefined>): Promise<ClientRow | undefined>;
  /** Forgets one portal (it changed) or, without an id, every portal. */
  invalidate(clientId?: string): void;
  /** Whether change announcements arrive; while false, every find loads. */
  setTrusted(trusted: boolean): void;
  readonly size: number;
}

export function createClientCache(options: ClientCacheOptions): ClientCache {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { row: ClientRow; until: number }>();
  // Bumped by every invalidation: a load that began before one must not store its (old) row.
  let generation = 0;
  let trusted = true;

  return {
    async find(clientId, load) {
      if (options.ttlMs <= 0 || !trusted) return load(clientId);
      const entry = entries.get(clientId);
      if (entry && entry.until > now()) return entry.row;
      const started = generation;
      const row = await load(clientId);
      if (row && started === generation && trusted) {
        // Oldest first: a Map iterates in insertion order.
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
        entries.delete(clientId);
        entries.set(clientId, { row, until: now() + options.ttlMs });
      } else if (!row) {
        entries.delete(clientId);
      }
      return row;
    },
    invalidate(clientId) {
      generation += 1;
      if (clientId === undefined) entries.clear();
      else entries.delete(clientId);
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
