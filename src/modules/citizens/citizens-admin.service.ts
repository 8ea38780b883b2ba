// What agencies do to citizen accounts through the admin API: enrolment (one by one or from a
// population-registry export), account level, and locks on the grounds Decree 69/2024 names.
// Each change commits with its audit row.
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { citizens } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.repository.ts';
import { announcedAfter } from '../cache/cache-changes.ts';
import { createCitizensRepository, type Citizen } from './citizens.repository.ts';
import { createCitizensService, type EnrolCitizenInput } from './citizens.service.ts';
import { validateRegistryRow, UNUSABLE_PASSWORD_HASH } from './registry-row.ts';
import type { ExportRow } from './population-export.ts';

export const LOCK_GROUNDS = {
  holder_request: 'locked',
  breach_of_terms: 'locked',
  revoked_id_card: 'revoked',
  death: 'deceased',
} as const;
export type LockGround = keyof typeof LOCK_GROUNDS;

export interface ImportReport {
  received: number;
  inserted: number;
  duplicates: number;
  rejected: { line: number; error: string; error_description: string }[];
}

const BATCH_SIZE = 500;

export function createCitizensAdminService(
  db: Database,
  endAccess: (citizenId: string) => Promise<unknown>,
  /** Told once a change has committed, so every process's cached copy is dropped (cached-citizens.ts). */
  announce: (citizenId: string) => Promise<void> = () => Promise.resolve(),
) {
  const transaction = <T>(work: (tx: Database) => Promise<T>) => guardPostgres(() => db.transaction((tx) => work(tx)));

  async function mustFind(tx: Database, id: string): Promise<Citizen> {
    const [citizen] = /^[0-9a-f-]{36}$/i.test(id)
      ? await tx.select().from(citizens).where(eq(citizens.id, id)).for('update').limit(1)
      : [];
    if (!citizen) throw new AppError('not_found', 'no citizen with this id');
    return citizen;
  }

  async function setStatus(id: string, status: Citizen['status'], reason: string, requestedBy: string, actor: Actor) {
    return announcedAfter(
      () =>
        transaction(async (tx) => {
          await mustFind(tx, id);
          const [updated] = await tx
            .update(citizens)
            .set({ status, statusReason: reason, statusChangedBy: requestedBy, updatedAt: new Date() })
            .where(eq(citizens.id, id))
            .returning();
          await recordAudit(tx, actor, {
            action: `citizen.${status === 'active' ? 'unlocked' : 'locked'}`,
            targetType: 'citizen',
            targetId: id,
            details: { status, reason, requestedBy },
          });
          return updated as Citizen;
        }),
      () => announce(id),
    );
  }

  return {
    /** One citizen, committed together with its audit row. */
    enrol: (input: EnrolCitizenInput, actor: Actor) =>
      transaction(async (tx) => {
        const citizen = await createCitizensService(createCitizensRepository(tx)).enrol(input);
        await recordAudit(tx, actor, { action: 'citizen.enrolled', targetType: 'citizen', targetId: citizen.id });
        return citizen;
      }),

    /** Valid rows are committed in batches; re-running the same file inserts nothing twice. */
    async importRows(rows: ExportRow[], actor: Actor): Promise<ImportReport> {
      const report: ImportReport = { received: rows.length, inserted: 0, duplicates: 0, rejected: [] };
      const valid: (typeof citizens.$inferInsert)[] = [];
      for (const row of rows) {
        const outcome = validateRegistryRow(row);
        if ('error' in outcome) report.rejected.push({ line: row.line, ...outcome });
        else valid.push({ ...outcome.citizen, passwordHash: UNUSABLE_PASSWORD_HASH });
      }
      for (let start = 0; start < valid.length; start += BATCH_SIZE) {
        const batch = valid.slice(start, start + BATCH_SIZE);
        const inserted = await transaction(async (tx) => {
          const created = await tx
            .insert(citizens)
            .values(batch)
            .onConflictDoNothing({ target: citizens.personalId })
            .returning({ id: citizens.id });
          await recordAudit(tx, actor, {
            action: 'citizen.imported',
            targetType: 'citizen',
            details: { inserted: created.length, batch: batch.length },
          });
          return created.length;
        });
        report.inserted += inserted;
        report.duplicates += batch.length - inserted;
      }
      return report;
    },

    async changeLevel(id: string, accountLevel: 1 | 2, actor: Actor) {
      return announcedAfter(
        () =>
          transaction(async (tx) => {
            const citizen = await mustFind(tx, id);
            const [updated] = await tx
              .update(citizens)
              .set({ accountLevel, updatedAt: sql`now()` })
              .where(eq(citizens.id, id))
              .returning();
            await recordAudit(tx, actor, {
              action: 'citizen.level_changed',
              targetType: 'citizen',
              targetId: id,
              details: { from: citizen.accountLevel, to: accountLevel },
            });
            return updated as Citizen;
          }),
        () => announce(id),
      );
    },

    /** Locks first (so no new token can be issued), then ends sessions and grants. */
    async lock(id: string, ground: LockGround, requestedBy: string, actor: Actor) {
      const citizen = await setStatus(id, LOCK_GROUNDS[ground], ground, requestedBy, actor);
      const ended = await endAccess(id);
      return { citizen, ended };
    },

    async unlock(id: string, reason: string, requestedBy: string, actor: Actor) {
      const current = await guardPostgres(() => db.select().from(citizens).where(eq(citizens.id, id)).limit(1));
      if (current[0]?.status === 'deceased') throw new AppError('conflict', 'a deceased citizen cannot be unlocked');
      return setStatus(id, 'active', reason, requestedBy, actor);
    },
  };
}

export type CitizensAdminService = ReturnType<typeof createCitizensAdminService>;
