// A grant write that fails is announced all the same: it may have committed before the error
// (a timeout after the commit), and a process that kept the old grant would keep honouring it.
import type { Adapter } from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import type { CacheChanges, CacheKind } from '../../src/modules/cache/cache-changes.ts';
import { createRecordCache } from '../../src/modules/cache/record-cache.ts';
import { cachedGrants } from '../../src/oidc/adapters/cached-grants.ts';

function failingWrites(): Adapter {
  const unknownOutcome = () => Promise.reject(new Error('connection lost after COMMIT was sent'));
  return {
    find: () => Promise.resolve({ accountId: 'a', clientId: 'c' }),
    upsert: unknownOutcome,
    destroy: unknownOutcome,
    findByUid: () => Promise.resolve(undefined),
    findByUserCode: () => Promise.resolve(undefined),
    consume: () => Promise.resolve(),
    revokeByGrantId: () => Promise.resolve(),
  };
}

describe('cached grants whose write fails', () => {
  it.each(['upsert', 'destroy'] as const)(
    '%s: the error reaches the caller and the grant is announced',
    async (write) => {
      const announced: string[] = [];
      const changes: CacheChanges = {
        announce: (kind: CacheKind, id: string) => {
          announced.push(`${kind} ${id}`);
          return Promise.resolve();
        },
        close: () => Promise.resolve(),
      };
      const cache = createRecordCache<string>({ ttlMs: 60_000 });
      const grants = cachedGrants(failingWrites(), cache, changes);
      await grants.find('grant-1');
      expect(cache.size).toBe(1);

      const attempt = write === 'upsert' ? grants.upsert('grant-1', {}, 60) : grants.destroy('grant-1');
      await expect(attempt).rejects.toThrow('connection lost');
      expect(announced).toEqual(['grant grant-1']);
      expect(cache.size).toBe(0);
    },
  );
});
