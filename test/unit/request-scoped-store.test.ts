// Reads of interactions and sessions remembered within one request, and only there
// (src/oidc/adapters/request-scoped-store.ts), over the real in-process store.
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/oidc/adapters/memory-store.ts';
import { openRequestScope, requestScopedStore } from '../../src/oidc/adapters/request-scoped-store.ts';
import type { StateStore } from '../../src/oidc/adapters/state-store.ts';

function countingStore() {
  const inner = createMemoryStore();
  const reads: string[] = [];
  const counted: StateStore = {
    ...inner,
    getRecord: (key) => {
      reads.push(key);
      return inner.getRecord(key);
    },
    getPointer: (key) => {
      reads.push(key);
      return inner.getPointer(key);
    },
  };
  return { inner, reads, store: requestScopedStore(counted) };
}

const inRequest = <T>(work: () => Promise<T>) =>
  new Promise<T>((resolve, reject) => openRequestScope(() => void work().then(resolve, reject)));

describe('the request-scoped store', () => {
  it('reads an interaction, a session and a session pointer once per request', async () => {
    const { inner, reads, store } = countingStore();
    await inner.putRecord('oidc:Interaction:i1', '{"a":1}', undefined, 60);
    await inner.putRecord('oidc:Session:s1', '{"b":2}', undefined, 60);
    await inner.putPointer('oidc:sessionUid:u1', 's1', 60);
    await inRequest(async () => {
      for (let i = 0; i < 3; i++) {
        expect(await store.getRecord('oidc:Interaction:i1')).toEqual({ payload: '{"a":1}', consumed: undefined });
        expect(await store.getPointer('oidc:sessionUid:u1')).toBe('s1');
        expect(await store.getRecord('oidc:Session:s1')).toMatchObject({ payload: '{"b":2}' });
      }
    });
    expect(reads).toEqual(['oidc:Interaction:i1', 'oidc:sessionUid:u1', 'oidc:Session:s1']);
    await inRequest(() => store.getRecord('oidc:Interaction:i1'));
    expect(reads).toHaveLength(4); // a new request reads again
  });

  it('sees the request’s own writes and deletions', async () => {
    const { reads, store } = countingStore();
    await inRequest(async () => {
      await store.putRecord('oidc:Interaction:i2', '{"v":1}', undefined, 60);
      expect(await store.getRecord('oidc:Interaction:i2')).toMatchObject({ payload: '{"v":1}' });
      await store.putRecord('oidc:Interaction:i2', '{"v":2}', undefined, 60);
      expect(await store.getRecord('oidc:Interaction:i2')).toMatchObject({ payload: '{"v":2}' });
      expect(reads).toEqual([]);
      await store.deleteKeys(['oidc:Interaction:i2']);
      expect(await store.getRecord('oidc:Interaction:i2')).toBeUndefined();
      expect(reads).toEqual(['oidc:Interaction:i2']);
    });
  });

  it('always asks the store for tokens and codes, and outside a request', async () => {
    const { inner, reads, store } = countingStore();
    await inner.putRecord('oidc:AuthorizationCode:c1', '{}', undefined, 60);
    await inner.putRecord('oidc:Interaction:i3', '{}', undefined, 60);
    await inRequest(async () => {
      await store.getRecord('oidc:AuthorizationCode:c1');
      expect(await store.consumeRecord('oidc:AuthorizationCode:c1', 1)).toBe('consumed');
      expect(await store.getRecord('oidc:AuthorizationCode:c1')).toMatchObject({ consumed: 1 });
    });
    await store.getRecord('oidc:Interaction:i3');
    await store.getRecord('oidc:Interaction:i3');
    expect(reads).toEqual([
      'oidc:AuthorizationCode:c1',
      'oidc:AuthorizationCode:c1',
      'oidc:Interaction:i3',
      'oidc:Interaction:i3',
    ]);
  });

  it('keeps two requests apart', async () => {
    const { inner, store } = countingStore();
    await inner.putRecord('oidc:Session:s2', '{"n":0}', undefined, 60);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = inRequest(async () => {
      expect(await store.getRecord('oidc:Session:s2')).toMatchObject({ payload: '{"n":0}' });
      await gate;
      // Another request's write is not this request's: it keeps what it read.
      return store.getRecord('oidc:Session:s2');
    });
    await inRequest(async () => {
      await store.putRecord('oidc:Session:s2', '{"n":1}', undefined, 60);
    });
    release();
    expect(await first).toMatchObject({ payload: '{"n":0}' });
    expect(await inRequest(() => store.getRecord('oidc:Session:s2'))).toMatchObject({ payload: '{"n":1}' });
  });
});
