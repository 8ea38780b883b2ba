// Queries the account page needs beyond grants and disclosures: the audit trail about the
// citizen (sign-in history, the data export), portal names, and what the registry links to them.
import { and, desc, eq, inArray, or } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { auditEvents, clients, organizations, representations } from '../../db/schema.ts';

/**
 * The sign-in events (src/modules/audit/security-events.ts): a success names the citizen; a
 * failure names only the keyed digest of the number typed, which the citizen's own number has.
 */
export const SIGNED_IN = 'sign_in.succeeded';
export const SIGN_IN_FAILED = 'sign_in.failed';

/** Who the account's events are about: the citizen, and the digest of their number. */
export interface EventSubject {
  readonly citizenId: string;
  readonly personalIdDigest: string;
}

const eventColumns = {
  id: auditEvents.id,
  occurredAt: auditEvents.occurredAt,
  actorType: auditEvents.actorType,
  action: auditEvents.action,
  clientId: auditEvents.clientId,
  ip: auditEvents.ip,
  details: auditEvents.details,
};

export type AccountEvent = {
  readonly id: number;
  readonly occurredAt: Date;
  readonly actorType: string;
  readonly action: string;
  readonly clientId: string | null;
  readonly ip: string | null;
  readonly details: Record<string, unknown>;
};

export function createAccountRepository(db: Database) {
  const aboutCitizen = ({ citizenId, personalIdDigest }: EventSubject) =>
    or(
      and(eq(auditEvents.targetType, 'citizen'), eq(auditEvents.targetId, citizenId)),
      and(eq(auditEvents.actorType, 'citizen'), eq(auditEvents.actorId, citizenId)),
      and(eq(auditEvents.targetType, 'personal_id'), eq(auditEvents.targetId, personalIdDigest)),
    );
  return {
    signIns(subject: EventSubject, limit: number): Promise<AccountEvent[]> {
      return guardPostgres(() =>
        db
          .select(eventColumns)
          .from(auditEvents)
          .where(
            or(
              and(
                eq(auditEvents.action, SIGNED_IN),
                eq(auditEvents.targetType, 'citizen'),
                eq(auditEvents.targetId, subject.citizenId),
              ),
              and(
                eq(auditEvents.action, SIGN_IN_FAILED),
                eq(auditEvents.targetType, 'personal_id'),
                eq(auditEvents.targetId, subject.personalIdDigest),
              ),
            ),
          )
          .orderBy(desc(auditEvents.id))
          .limit(limit),
      );
    },
    /** Every audit event about the citizen or by them, newest first (the data export). */
    eventsAbout(subject: EventSubject, limit: number): Promise<AccountEvent[]> {
      return guardPostgres(() =>
        db
          .select(eventColumns)
          .from(auditEvents)
          .where(aboutCitizen(subject))
          .orderBy(desc(auditEvents.id))
          .limit(limit),
      );
    },
    async portalNames(clientIds: readonly string[]): Promise<Map<string, string>> {
      if (clientIds.length === 0) return new Map();
      const rows = await guardPostgres(() =>
        db
          .select({ clientId: clients.clientId, name: clients.name })
          .from(clients)
          .where(inArray(clients.clientId, [...new Set(clientIds)])),
      );
      return new Map(rows.map((row) => [row.clientId, row.name]));
    },
    representations(citizenId: string) {
      return guardPostgres(() =>
        db
          .select({
            representation: representations,
            organization: {
              id: organizations.id,
              identificationNumber: organizations.identificationNumber,
              code: organizations.code,
              nameVi: organizations.nameVi,
              status: organizations.status,
            },
          })
          .from(representations)
          .innerJoin(organizations, eq(organizations.id, representations.organizationId))
          .where(eq(representations.citizenId, citizenId)),
      );
    },
  };
}

export type AccountRepository = ReturnType<typeof createAccountRepository>;
