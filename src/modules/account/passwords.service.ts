// Password rules of the account area: a change needs the current password, every new password
// meets the policy (password-policy.ts), and the new hash and its audit row commit together.
// Once committed, the change is announced, so no process keeps serving the old row (its
// updated_at claim) from its citizen cache.
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { citizens } from '../../db/schema.ts';
import { recordAudit, type Actor } from '../audit/audit.repository.ts';
import { announcedAfter } from '../cache/cache-changes.ts';
import type { Citizen } from '../citizens/citizens.repository.ts';
import { passwordProblems } from '../citizens/password-policy.ts';
import { hashSecret, verifySecret } from '../secrets/secret-hash.ts';

export type NewPasswordProblem = 'weak' | 'mismatch';
export type PasswordChangeOutcome = 'changed' | 'wrong_current' | NewPasswordProblem;

export function newPasswordProblem(password: string, repeated: string): NewPasswordProblem | undefined {
  if (passwordProblems(password).length > 0) return 'weak';
  return password === repeated ? undefined : 'mismatch';
}

export function createPasswordsService(
  db: Database,
  citizenChanged: (citizenId: string) => Promise<void> = () => Promise.resolve(),
) {
  async function store(citizenId: string, password: string, actor: Actor, action: string): Promise<void> {
    const passwordHash = await hashSecret(password);
    await announcedAfter(
      () =>
        guardPostgres(() =>
          db.transaction(async (tx) => {
            await tx.update(citizens).set({ passwordHash, updatedAt: new Date() }).where(eq(citizens.id, citizenId));
            await recordAudit(tx, actor, { action, targetType: 'citizen', targetId: citizenId });
          }),
        ),
      () => citizenChanged(citizenId),
    );
  }

  return {
    /** The signed-in citizen changes their password; the current one must be right. */
    async change(
      citizen: Citizen,
      input: { current: string; password: string; repeated: string },
      ip: string,
    ): Promise<PasswordChangeOutcome> {
      if (!(await verifySecret(citizen.passwordHash, input.current))) return 'wrong_current';
      const problem = newPasswordProblem(input.password, input.repeated);
      if (problem) return problem;
      await store(citizen.id, input.password, { type: 'citizen', id: citizen.id, ip }, 'account.password_changed');
      return 'changed';
    },

    /** After recovery proved possession of the registered phone or email. */
    async reset(citizenId: string, input: { password: string; repeated: string }, ip: string) {
      const problem = newPasswordProblem(input.password, input.repeated);
      if (problem) return problem;
      await store(citizenId, input.password, { type: 'citizen', id: citizenId, ip }, 'account.password_reset');
      return 'changed' as const;
    },
  };
}

export type PasswordsService = ReturnType<typeof createPasswordsService>;
