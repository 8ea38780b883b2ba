// One HTTP request often reads the same interaction and session several times: our route reads
// the interaction's details, then oidc-provider's interactionResult() reads them again, and the
// session behind them (its uid pointer, then the record) each time; a sign-in made about 15 such
// repeated reads, a Redis round trip each. Within one request a read is answered from that
// request's own memory once made, and every write through this store updates or drops it, so a
// request still sees its own changes. Only interactions and sessions are remembered: tokens and
// codes are read once, and their consumption always goes to the store itself.
// The scope is opened per request (openRequestScope, app.ts); outside one, reads pass through.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { StateStore, StoredRecord } from './state-store.ts';

type Remembered = StoredRecord | string | undefined;

const scope = new AsyncLocalStorage<Map<string, Remembered>>();
const REMEMBERED = /^oidc:(Interaction|Session|sessionUid):/;

/** Runs the rest of a request inside its own read memory. */
export function openRequestScope(next: () => void): void {
  scope.run(new Map(), next);
}

export function requestScopedStore(store: StateStore): StateStore {
  const memoryFor = (key: string) => (REMEMBERED.test(key) ? scope.getStore() : undefined);

  async function read<T extends Remembered>(key: string, load: () => Promise<T>): Promise<T> {
    const memory = memoryFor(key);
    if (memory?.has(key)) return memory.get(key) as T;
    const value = await load();
    memory?.set(key, value);
    return value;
  }

  return {
    ...store,
    getRecord: (key) => read(key, () => store.getRecord(key)),
    getPointer: (key) => read(key, () => store.getPointer(key)),
    async putRecord(key, payload, consumed, ttlSeconds) {
      memoryFor(key)?.delete(key);
      await store.putRecord(key, payload, consumed, ttlSeconds);
      memoryFor(key)?.set(key, { payload, consumed });
    },
    async putPointer(key, value, ttlSeconds) {
      memoryFor(key)?.delete(key);
      await store.putPointer(key, value, ttlSeconds);
      memoryFor(key)?.set(key, value);
    },
    async consumeRecord(key, at) {
      memoryFor(key)?.delete(key);
      return store.consumeRecord(key, at);
    },
    async deleteKeys(keys) {
      for (const key of keys) memoryFor(key)?.delete(key);
      await store.deleteKeys(keys);
    },
  };
}
