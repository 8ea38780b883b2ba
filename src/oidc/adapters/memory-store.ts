// The embedded default for a single process: same contract as the Redis store, kept in a Map.
// JavaScript runs one callback at a time, so every operation here is atomic.
import type { ConsumeOutcome, StateStore, StoredRecord } from './state-store.ts';

interface Entry {
  value: { payload: string; consumed: number | undefined } | string | Set<string>;
  expiresAt: number;
}

export function createMemoryStore(now: () => number = Date.now): StateStore {
  const entries = new Map<string, Entry>();

  function live(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  // Sweep expired entries so an idle process does not keep them forever.
  const sweeper = setInterval(() => {
    const at = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= at) entries.delete(key);
  }, 60_000);
  sweeper.unref();

  return {
    kind: 'memory',
    async putRecord(key, payload, consumed, ttlSeconds) {
      entries.set(key, { value: { payload, consumed }, expiresAt: now() + ttlSeconds * 1000 });
    },
    async getRecord(key): Promise<StoredRecord | undefined> {
      const value = live(key)?.value;
      return value && typeof value === 'object' && !(value instanceof Set) ? { ...value } : undefined;
    },
    async consumeRecord(key, at): Promise<ConsumeOutcome> {
      const value = live(key)?.value;
      if (!value || typeof value !== 'object' || value instanceof Set) return 'missing';
      if (value.consumed !== undefined) return 'already_consumed';
      value.consumed = at;
      return 'consumed';
    },
    async deleteKeys(keys) {
      for (const key of keys) entries.delete(key);
    },
    async putPointer(key, value, ttlSeconds) {
      entries.set(key, { value, expiresAt: now() + ttlSeconds * 1000 });
    },
    async getPointer(key) {
      const value = live(key)?.value;
      return typeof value === 'string' ? value : undefined;
    },
    async addToIndex(key, member, ttlSeconds) {
      const expiresAt = now() + ttlSeconds * 1000;
      const entry = live(key);
      if (entry && entry.value instanceof Set) {
        entry.value.add(member);
        entry.expiresAt = Math.max(entry.expiresAt, expiresAt);
      } else {
        entries.set(key, { value: new Set([member]), expiresAt });
      }
    },
    async takeIndex(key) {
      const value = live(key)?.value;
      entries.delete(key);
      return value instanceof Set ? [...value] : [];
    },
    async removeFromIndex(key, member) {
      const value = live(key)?.value;
      if (value instanceof Set) value.delete(member);
    },
    async readIndex(key) {
      const value = live(key)?.value;
      return value instanceof Set ? [...value] : [];
    },
    async ping() {},
    async close() {
      clearInterval(sweeper);
      entries.clear();
    },
  };
}
