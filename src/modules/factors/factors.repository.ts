// Queries only (rules: second-factors.service.ts, passkeys.service.ts). Each write that must
// happen once (a TOTP step, a recovery code, a passkey counter) is a conditional UPDATE, so two
// racing sign-ins cannot both spend it.
import { and, count, eq, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { passkeys, recoveryCodes, totpFactors } from '../../db/schema.ts';

export type TotpFactor = typeof totpFactors.$inferSelect;
export type PasskeyRow = typeof passkeys.$inferSelect;
export type RecoveryCodeRow = typeof recoveryCodes.$inferSelect;

export function createFactorsRepository(db: Database) {
  return {
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
    async countPasskeys(citizenId: string): Promise<number> {
      const [row] = await guardPostgres(() =>
        db.select({ n: count() }).from(passkeys).where(eq(passkeys.citizenId, citizenId)),
      );
      return row?.n ?? 0;
    },
    async recordPasskeyUse(id: string, counter: number): Promise<void> {
      await guardPostgres(() =>
        db.update(passkeys).set({ counter, lastUsedAt: new Date() }).where(eq(passkeys.id, id)),
      );
    },
  };
}

export type FactorsRepository = ReturnType<typeof createFactorsRepository>;
