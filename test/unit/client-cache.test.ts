// The per-process portal cache: rows served from memory while fresh, dropped on an announced
// change, never kept while announcements cannot be trusted, and never stored by a load that
// an invalidation overtook (it would be the row from before the change).
import { describe, expect, it } from 'vitest';
import { createRecordCache } from '../../src/modules/cache/record-cache.ts';
import { createClientCache } from '../../src/modules/clients/client-cache.ts';
import type { ClientRow } from '../../src/modules/clients/clients.repository.ts';

function row(clientId: string, name = 'Cổng'): ClientRow {
  return { clientId, name } as unknown as ClientRow;
}

function countingLoader(rows: Map<string, ClientRow>) {
  const loader = async (id: string) => {
    loader.calls += 1;
    return rows.get(id);
  };
  loader.calls = 0;
  return loader;
}

describe('client cache', () => {
  it('serves a fresh row from memory and loads again once its TTL has passed', async () => {
    let clock = 0;
    const cache = createClientCache({ ttlMs: 1000, now: () => clock });
    const load = countingLoader(new Map([['a', row('a')]]));
    expect(await cache.find('a', load)).toEqual(row('a'));
    clock = 999;
    expect(await cache.find('a', load)).toEqual(row('a'));
    expect(load.calls).toBe(1);
    clock = 1000;
    await cache.find('a', load);
    expect(load.calls).toBe(2);
  });

  it('drops a changed portal at once, and never caches a miss', async () => {
    const rows = new Map([['a', row('a', 'before')]]);
    const cache = createClientCache({ ttlMs: 60_000 });
    const load = countingLoader(rows);
    await cache.find('a', load);
    rows.set('a', row('a', 'after'));
    cache.invalidate('a');
    expect((await cache.find('a', load))?.name).toBe('after');

    expect(await cache.find('new', load)).toBeUndefined();
    rows.set('new', row('new'));
    expect(await cache.find('new', load)).toEqual(row('new'));
  });

  it('keeps nothing while change announcements are not trusted', async () => {
    const cache = createClientCache({ ttlMs: 60_000 });
    const load = countingLoader(new Map([['a', row('a')]]));
    await cache.find('a', load);
    cache.setTrusted(false);
    expect(cache.size).toBe(0);
    await cache.find('a', load);
    await cache.find('a', load);
    expect(load.calls).toBe(3);
    expect(cache.size).toBe(0);
    cache.setTrusted(true);
    await cache.find('a', load);
    await cache.find('a', load);
    expect(load.calls).toBe(4);
  });

  it('does not store a row whose load an invalidation overtook', async () => {
    const cache = createClientCache({ ttlMs: 60_000 });
    let release!: () => void;
    const slow = async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return row('a', 'before');
    };
    const pending = cache.find('a', slow);
    cache.invalidate('a');
    release();
    expect((await pending)?.name).toBe('before');
    expect(cache.size).toBe(0);
  });

  it('is off with a TTL of 0 and evicts the oldest row when full', async () => {
    const off = createClientCache({ ttlMs: 0 });
    const load = countingLoader(
      new Map([
        ['a', row('a')],
        ['b', row('b')],
        ['c', row('c')],
      ]),
    );
    await off.find('a', load);
    await off.find('a', load);
    expect(load.calls).toBe(2);

    const small = createClientCache({ ttlMs: 60_000, maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) await small.find(id, load);
    expect(small.size).toBe(2);
    await small.find('a', load);
    expect(load.calls).toBe(6);
  });

  it('never serves a row past its own expiry, even within the TTL (a grant about to expire)', async () => {
    let clock = 0;
    const cache = createRecordCache<{ exp: number }>({ ttlMs: 60_000, now: () => clock, expiresAt: (r) => r.exp });
    let calls = 0;
    const load = async () => {
      calls += 1;
      return clock < 500 ? { exp: 500 } : undefined;
    };
    expect(await cache.find('g', load)).toEqual({ exp: 500 });
    clock = 499;
    expect(await cache.find('g', load)).toEqual({ exp: 500 });
    expect(calls).toBe(1);
    clock = 500;
    expect(await cache.find('g', load)).toBeUndefined();
    expect(calls).toBe(2);
  });
});
