// Ending everything a citizen has at once (a lock, a revoked card, a death): their sessions
// end, their grants and every token under them are revoked, and each portal they used hears it
// by back-channel logout (OIDC Back-Channel Logout 1.0). Also used when a citizen revokes a portal.
import { and, eq, like, or } from 'drizzle-orm';
import type Provider from 'oidc-provider';
import type { Database } from '../db/database.ts';
import { guardPostgres } from '../db/guard.ts';
import { oidcRecords } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import type { Adapters } from './adapters/adapter-factory.ts';
import { createPortalNotifier } from './backchannel.ts';
import { citizenSessionsKey } from './adapters/state-adapter.ts';
import type { StateStore } from './adapters/state-store.ts';

interface SessionPayload {
  accountId?: string;
  authorizations?: Record<string, { sid?: string; grantId?: string }>;
}

export interface AccountTermination {
  /** Returns how many sessions and grants ended. */
  endCitizenAccess(citizenId: string): Promise<{ sessions: number; grants: number }>;
}

export function createAccountTermination(deps: {
  provider: Provider;
  db: Database;
  store: StateStore;
  adapters: Adapters;
  log: Logger;
}): AccountTermination {
  const notifyPortal = createPortalNotifier(deps.provider, deps.log);

  return {
    async endCitizenAccess(citizenId) {
      const notified = new Set<string>();
      // The index may name sessions already gone (a login rotates the session id): skip those.
      const refs = await deps.store.takeIndex(citizenSessionsKey(citizenId));
      let sessions = 0;
      for (const ref of refs) {
        const session = (await deps.adapters.sessions.findByRef(ref)) as SessionPayload | undefined;
        if (!session?.accountId) continue;
        sessions += 1;
        for (const [clientId, authorization] of Object.entries(session.authorizations ?? {})) {
          await notifyPortal(clientId, session.accountId, authorization.sid);
          notified.add(`${clientId}|${session.accountId}`);
        }
        await deps.adapters.sessions.destroyByRef(ref);
      }
      const grants = await guardPostgres(() =>
        deps.db
          .select({ id: oidcRecords.id, accountId: oidcRecords.accountId, payload: oidcRecords.payload })
          .from(oidcRecords)
          .where(
            and(
              eq(oidcRecords.model, 'Grant'),
              or(eq(oidcRecords.accountId, citizenId), like(oidcRecords.accountId, `org.%.${citizenId}`)),
            ),
          ),
      );
      for (const grant of grants) {
        const clientId = typeof grant.payload.clientId === 'string' ? grant.payload.clientId : undefined;
        if (clientId && grant.accountId && !notified.has(`${clientId}|${grant.accountId}`)) {
          await notifyPortal(clientId, grant.accountId, undefined);
          notified.add(`${clientId}|${grant.accountId}`);
        }
        await deps.adapters.revokeGrant(grant.id);
      }
      return { sessions, grants: grants.length };
    },
  };
}
