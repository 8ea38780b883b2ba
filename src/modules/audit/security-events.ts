// The security events of sign-in and the protocol as audit rows (who, what, which portal,
// when, from where). Personal numbers appear only masked (********4567) and as a keyed digest;
// never a password, secret or token. A write that fails throws, so the caller's action fails.
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { maskPersonalId } from '../citizens/personal-id.ts';
import type { PersonalIdDigest } from '../security/personal-id-digest.ts';
import { recordAudit, type Actor } from './audit.repository.ts';
import { createAuditBatcher, type ProtocolEvent } from './audit-batcher.ts';

export interface Origin {
  readonly ip: string;
  readonly clientId: string | undefined;
  /** Browser and system only (`Chrome · Android`), for the citizen's sign-in history. */
  readonly device?: string | undefined;
}

export function createSecurityAudit(db: Database, digest: PersonalIdDigest) {
  const write = (actor: Actor, event: Parameters<typeof recordAudit>[2]) =>
    guardPostgres(() => recordAudit(db, actor, event));
  // Protocol events come at the token endpoint's rate: written together (audit-batcher.ts).
  const protocolRows = createAuditBatcher(db);
  /** The number as an investigator may see it: masked, plus a digest to search by. */
  const personalIdTarget = (personalId: string | undefined) =>
    personalId
      ? { targetType: 'personal_id', targetId: digest(personalId), personalId: maskPersonalId(personalId) }
      : { targetType: 'personal_id', targetId: null, personalId: 'malformed' };

  return {
    signInFailed(origin: Origin, personalId: string | undefined, waitSeconds: number) {
      const { personalId: masked, ...target } = personalIdTarget(personalId);
      return write(
        { type: 'anonymous', id: '-', ip: origin.ip },
        {
          action: 'sign_in.failed',
          ...target,
          clientId: origin.clientId,
          details: { personal_id: masked, wait_seconds: waitSeconds, device: origin.device },
        },
      );
    },

    signedIn(origin: Origin, citizen: { id: string; personalId: string }, details: { acr: string; amr: string[] }) {
      return write(
        { type: 'citizen', id: citizen.id, ip: origin.ip },
        {
          action: 'sign_in.succeeded',
          targetType: 'citizen',
          targetId: citizen.id,
          clientId: origin.clientId,
          details: { personal_id: maskPersonalId(citizen.personalId), ...details, device: origin.device },
        },
      );
    },

    consentGiven(origin: Origin, accountId: string, grantId: string, granted: { scopes: string[]; claims: string[] }) {
      return write(
        { type: 'citizen', id: accountId, ip: origin.ip },
        {
          action: 'consent.given',
          targetType: 'grant',
          targetId: grantId,
          clientId: origin.clientId,
          details: granted,
        },
      );
    },

    declined(origin: Origin, accountId: string | undefined) {
      return write(
        accountId ? { type: 'citizen', id: accountId, ip: origin.ip } : { type: 'anonymous', id: '-', ip: origin.ip },
        { action: 'authorization.declined', clientId: origin.clientId },
      );
    },

    /** Protocol events (token issuance, revocation, logout), see src/oidc/audit-events.ts. */
    protocolEvent(actor: Actor, event: ProtocolEvent) {
      return protocolRows.write(actor, event);
    },

    /** Waits for the protocol events still queued (graceful shutdown writes them all). */
    drain: () => protocolRows.drain(),
  };
}

export type SecurityAudit = ReturnType<typeof createSecurityAudit>;
