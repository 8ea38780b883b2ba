// Grants (consents) are read on every userinfo, introspection and refresh request and change
// only at consent and revocation: each process keeps the ones it read for a short while
// (record-cache.ts), and every write through this adapter is announced to the other processes
// once it has committed. Every grant write goes through here: revocations (a replayed refresh
// token, the account page, a lock) destroy the grant through the same adapter.
//
// The row is kept as its JSON text and parsed on every read: oidc-provider builds a Grant from
// the payload and may change its objects, which must not change the remembered copy.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { announcedAfter, type CacheChanges } from '../../modules/cache/cache-changes.ts';
import type { RecordCache } from '../../modules/cache/record-cache.ts';

export type GrantCache = RecordCache<string>;

/** When a remembered grant expires: its payload's exp (seconds), as the table's expires_at. */
export function grantExpiresAt(text: string): number | undefined {
  const { exp } = JSON.parse(text) as { exp?: number };
  return typeof exp === 'number' ? exp * 1000 : undefined;
}

export function cachedGrants(grants: Adapter, cache: GrantCache, changes: CacheChanges): Adapter {
  const load = async (id: string) => {
    const payload = await grants.find(id);
    return payload ? JSON.stringify(payload) : undefined;
  };
  async function changed(id: string, write: () => Promise<void>): Promise<void> {
    cache.invalidate(id);
    await announcedAfter(write, () => changes.announce('grant', id));
  }
  return {
    async find(id) {
      const text = await cache.find(id, load);
      return text === undefined ? undefined : (JSON.parse(text) as AdapterPayload);
    },
    upsert: (id, payload, expiresIn) => changed(id, () => grants.upsert(id, payload, expiresIn)),
    destroy: (id) => changed(id, () => grants.destroy(id)),
    findByUid: (uid) => grants.findByUid(uid),
    findByUserCode: (userCode) => grants.findByUserCode(userCode),
    consume: (id) => grants.consume(id),
    revokeByGrantId: (grantId) => grants.revokeByGrantId(grantId),
  };
}
