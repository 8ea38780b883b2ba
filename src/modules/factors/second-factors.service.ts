// Second-factor rules: what a citizen has, checking a code from the authenticator app or a
// recovery code, and adding an authenticator app or a fresh set of recovery codes. Every
// change commits together with its audit row.
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { recoveryCodes, totpFactors } from '../../db/schema.ts';
import { recordAudit, type Actor } from '../audit/audit.repository.ts';
import type { Citizen } from '../citizens/citizens.repository.ts';
import { hashSecret, verifySecret } from '../secrets/secret-hash.ts';
import type { FactorSecrets } from './factor-secrets.ts';
import type { FactorsRepository } from './factors.repository.ts';
import { newRecoveryCode, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes.ts';
import { acceptedTotpStep } from './totp.ts';

export interface FactorSummary {
  readonly totp: boolean;
  readonly passkeys: number;
  readonly recoveryCodes: number;
  /** Registered and verified contacts, where a one-time code may be sent. */
  readonly phone: string | undefined;
  readonly email: string | undefined;
}

export function createSecondFactors(deps: { db: Database; repository: FactorsRepository; secrets: FactorSecrets }) {
  const { db, repository, secrets } = deps;
  const transaction = <T>(work: (tx: Database) => Promise<T>) => guardPostgres(() => db.transaction((tx) => work(tx)));

  return {
    async summary(citizen: Citizen): Promise<FactorSummary> {
      const { totp, passkeys, recoveryCodes: codes } = await repository.countFactors(citizen.id);
      return {
        totp,
        passkeys,
        recoveryCodes: codes,
        phone: citizen.phone && citizen.phoneVerified ? citizen.phone : undefined,
        email: citizen.email && citizen.emailVerified ? citizen.email : undefined,
      };
    },

    /** A code from the citizen's authenticator app, accepted once. */
    async verifyTotp(citizenId: string, code: string): Promise<boolean> {
      const factor = await repository.findTotp(citizenId);
      if (!factor) return false;
      const step = await acceptedTotpStep(secrets.open(citizenId, factor.secretCiphertext), code, factor.lastUsedStep);
      return step !== undefined && (await repository.advanceTotpStep(citizenId, step));
    },

    /** Adds (or replaces) the authenticator app once the citizen proves it shows the right code. */
    async enrolTotp(citizen: Citizen, secret: string, code: string, actor: Actor): Promise<boolean> {
      const step = await acceptedTotpStep(secret, code, undefined);
      if (step === undefined) return false;
      await transaction(async (tx) => {
        const row = { secretCiphertext: secrets.seal(citizen.id, secret), lastUsedStep: step, createdAt: new Date() };
        await tx
          .insert(totpFactors)
          .values({ citizenId: citizen.id, ...row })
          .onConflictDoUpdate({ target: totpFactors.citizenId, set: row });
        await recordAudit(tx, actor, { action: 'factor.totp_enrolled', targetType: 'citizen', targetId: citizen.id });
      });
      return true;
    },

    /** A new set of recovery codes, replacing any old ones; the only time they are readable. */
    async issueRecoveryCodes(citizenId: string, actor: Actor): Promise<string[]> {
      const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
      const hashes = await Promise.all(codes.map(hashSecret));
      await transaction(async (tx) => {
        await tx.delete(recoveryCodes).where(eq(recoveryCodes.citizenId, citizenId));
        await tx.insert(recoveryCodes).values(hashes.map((codeHash) => ({ citizenId, codeHash })));
        await recordAudit(tx, actor, {
          action: 'factor.recovery_codes_issued',
          targetType: 'citizen',
          targetId: citizenId,
          details: { count: codes.length },
        });
      });
      return codes;
    },

    /** Spends one recovery code; false when it matches none still unused. */
    async useRecoveryCode(citizenId: string, input: string, actor: Actor): Promise<boolean> {
      const code = normalizeRecoveryCode(input);
      if (!code) return false;
      for (const row of await repository.unusedRecoveryCodes(citizenId)) {
        if (!(await verifySecret(row.codeHash, code))) continue;
        if (!(await repository.spendRecoveryCode(row.id))) return false;
        const left = (await repository.unusedRecoveryCodes(citizenId)).length;
        await recordAudit(db, actor, {
          action: 'factor.recovery_code_used',
          targetType: 'citizen',
          targetId: citizenId,
          details: { left },
        });
        return true;
      }
      return false;
    },
  };
}

export type SecondFactors = ReturnType<typeof createSecondFactors>;
