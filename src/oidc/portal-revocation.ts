// A citizen withdraws one portal's access from the account page: every grant the citizen gave
// that portal (as themselves or acting for an organization) is revoked with every token under
// it, so its refresh tokens answer invalid_grant, and the portal hears it by back-channel logout
// (OIDC Back-Channel Logout 1.0) with the sid of each session it was part of. The citizen's
// sessions stay; the portal must ask for consent again.
import type { GrantsRepository } from '../modules/account/grants.repository.ts';
import type { Adapters } from './adapters/adapter-factory.ts';
import { citizenSessionsKey } from './adapters/state-adapter.ts';
import type { StateStore } from './adapters/state-store.ts';
import type { PortalNotifier } from './backchannel.ts';

interface SessionPayload {
  accountId?: string;
  authorizations?: Record<string, { sid?: string }>;
}

export function createPortalRevocation(deps: {
  grants: GrantsRepository;
  store: StateStore;
  adapters: Adapters;
  notifyPortal: PortalNotifier;
}) {
  async function notifySessions(citizenId: string, clientId: string): Promise<Set<string>> {
    const notified = new Set<string>();
    for (const ref of await deps.store.readIndex(citizenSessionsKey(citizenId))) {
      const session = (await deps.adapters.sessions.findByRef(ref)) as SessionPayload | undefined;
      const authorization = session?.authorizations?.[clientId];
      if (!session?.accountId || !authorization) continue;
      await deps.notifyPortal(clientId, session.accountId, authorization.sid);
      notified.add(session.accountId);
    }
    return notified;
  }

  return {
    /** Returns how many grants were revoked (0 when the portal had none). */
    async endPortalAccess(citizenId: string, clientId: string): Promise<number> {
      const grants = await deps.grants.listForCitizenAndPortal(citizenId, clientId);
      if (grants.length === 0) return 0;
      const notified = await notifySessions(citizenId, clientId);
      for (const grant of grants) {
        if (!notified.has(grant.accountId)) await deps.notifyPortal(clientId, grant.accountId, undefined);
        await deps.adapters.revokeGrant(grant.id);
      }
      return grants.length;
    },
  };
}

export type PortalRevocation = ReturnType<typeof createPortalRevocation>;
