// Queries only (rules: second-factors.service.ts, passkeys.service.ts). Each write that must
// happen once (a TOTP step, a recovery code, a passkey counter) is a conditional UPDATE, so two
// racing sign-ins cannot both spend it.
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { passkeys, recoveryCodes, totpFactors } from '../../db/schema.ts';

export type TotpFactor = typeof totpFactors.$inferSelect;
export type PasskeyRow = typeof passkeys.$inferSelect;
export type RecoveryCodeRow = typeof recoveryCodes.$inferSelect;

/** What a citizen has, counted: every sign-in asks, so one round trip and no code hashes. */
export interface FactorCounts {
  readonly totp: boolean;
  readonly passkeys: number;
  readonly recoveryCodes: number;
}

export function createFactorsRepository(db: Database) {
  const citizenId = sql.placeholder('citizenId');
  const countsOf = db
    .select({
      totp: sql<boolean>`exists (select 1 from ${totpFactors} where ${totpFactors.citizenId} = ${citizenId})`,
      passkeys: sql<number>`(select count(*) from ${passkeys} where ${passkeys.citizenId} = ${citizenId})`.mapWith(
        Number,
      ),
      recoveryCodes:
        sql<number>`(select count(*) from ${recoveryCodes} where ${recoveryCodes.citizenId} = ${citizenId} and ${recoveryCodes.usedAt} is null)`.mapWith(
          Number,
        ),
    })
    .from(sql`(values (1)) as one`)
    .prepare('factor_counts');

  return {
    async countFactors(id: string): Promise<FactorCounts> {
      const [row] = await guardPostgres(() => countsOf.execute({ citizenId: id }));
      return row ?? { totp: false, passkeys: 0, recoveryCodes: 0 };
    },
    async findTotp(citizenId: string): Promise<TotpFactor | undefined> {
      const [row] = await guardPostgres(() =>
        db.select().from(totpFactors).where(eq(totpFactors.citizenId, citizenId)).limit(1),
      );
      return row;
    },
    /** Records `step` as used unless a later or equal step already was; true when it was recorded. */
    async advanceTotpStep(citizenId: string, step: number): Promise<boolean> {
      const rows = await guardPostgres(() =>
        db
          .update(totpFactors)
          .set({ lastUsedStep: step })
          .where(
            and(
              eq(totpFactors.citizenId, citizenId),
              or(isNull(totpFactors.lastUsedStep), lt(totpFactors.lastUsedStep, step)),
            ),
          )
          .returning({ citizenId: totpFactors.citizenId }),
      );
      return rows.length === 1;
    },
    unusedRecoveryCodes(citizenId: string): Promise<RecoveryCodeRow[]> {
      return guardPostgres(() =>
        db
          .select()
          .from(recoveryCodes)
          .where(and(eq(recoveryCodes.citizenId, citizenId), isNull(recoveryCodes.usedAt))),
      );
    },
    async spendRecoveryCode(id: string): Promise<boolean> {
      const rows = await guardPostgres(() =>
        db
          .update(recoveryCodes)
          .set({ usedAt: new Date() })
          .where(and(eq(recoveryCodes.id, id), isNull(recoveryCodes.usedAt)))
          .returning({ id: recoveryCodes.id }),
      );
      return rows.length === 1;
    },
    passkeysOf(citizenId: string): Promise<PasskeyRow[]> {
      return guardPostgres(() => db.select().from(passkeys).where(eq(passkeys.citizenId, citizenId)));
    },
    async recordPasskeyUse(id: string, counter: number): Promise<void> {
      await guardPostgres(() =>
        db.update(passkeys).set({ counter, lastUsedAt: new Date() }).where(eq(passkeys.id, id)),
      );
    },
  };
}

export type FactorsRepository = ReturnType<typeof createFactorsRepository>;
