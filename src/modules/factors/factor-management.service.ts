// What the account page shows and changes of a citizen's second factors (issue 7): the
// inventory with its dates, and removing an authenticator app or a passkey. A removal commits
// with its audit row, and is effective at once: every sign-in reads these tables afresh.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { passkeys, totpFactors } from '../../db/schema.ts';
import { recordAudit, type Actor } from '../audit/audit.repository.ts';
import type { Citizen } from '../citizens/citizens.repository.ts';
import type { FactorsRepository } from './factors.repository.ts';

export interface PasskeyEntry {
  readonly id: string;
  readonly addedAt: Date;
  readonly lastUsedAt: Date | undefined;
  /** Synced by the device's platform (a cloud keychain), or bound to one device. */
  readonly synced: boolean;
  /** A roaming security key (USB, NFC, Bluetooth) rather than the device itself. */
  readonly securityKey: boolean;
}

export interface FactorInventory {
  readonly totp: { readonly addedAt: Date } | undefined;
  readonly passkeys: readonly PasskeyEntry[];
  readonly recoveryCodes: number;
  /** Verified contacts a one-time code can reach (none when no gateway delivers). */
  readonly phone: string | undefined;
  readonly email: string | undefined;
}

/** The same test as the sign-in's (routes/login/assurance-requirement.ts): any way to prove a second factor. */
export function hasSecondFactor(inventory: FactorInventory): boolean {
  const { totp, passkeys: keys, recoveryCodes, phone, email } = inventory;
  return totp !== undefined || keys.length > 0 || recoveryCodes > 0 || Boolean(phone ?? email);
}

const ROAMING = new Set(['usb', 'nfc', 'ble']);

export function createFactorManagement(deps: { db: Database; repository: FactorsRepository; delivers: boolean }) {
  const { db, repository } = deps;
  const removal = (action: (tx: Database) => Promise<number>, actor: Actor, citizenId: string, factor: string) =>
    guardPostgres(() =>
      db.transaction(async (tx) => {
        if ((await action(tx)) === 0) return false;
        await recordAudit(tx, actor, {
          action: 'account.factor_removed',
          targetType: 'citizen',
          targetId: citizenId,
          details: { factor },
        });
        return true;
      }),
    );

  return {
    async inventory(citizen: Citizen): Promise<FactorInventory> {
      const [totp, keys, codes] = await Promise.all([
        repository.findTotp(citizen.id),
        repository.passkeysOf(citizen.id),
        repository.unusedRecoveryCodes(citizen.id),
      ]);
      const reachable = (value: string | null, verified: boolean) =>
        deps.delivers && value && verified ? value : undefined;
      return {
        totp: totp ? { addedAt: totp.createdAt } : undefined,
        passkeys: keys
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
          .map((row) => ({
            id: row.id,
            addedAt: row.createdAt,
            lastUsedAt: row.lastUsedAt ?? undefined,
            synced: row.backedUp,
            securityKey: (row.transports ?? []).some((transport) => ROAMING.has(transport)),
          })),
        recoveryCodes: codes.length,
        phone: reachable(citizen.phone, citizen.phoneVerified),
        email: reachable(citizen.email, citizen.emailVerified),
      };
    },

    /** False when the citizen had no authenticator app (already removed, e.g. in another tab). */
    removeTotp(citizenId: string, actor: Actor): Promise<boolean> {
      const remove = async (tx: Database) =>
        (await tx.delete(totpFactors).where(eq(totpFactors.citizenId, citizenId)).returning()).length;
      return removal(remove, actor, citizenId, 'totp');
    },

    /** Only this citizen's passkey: an id of someone else's removes nothing. */
    removePasskey(citizenId: string, passkeyId: string, actor: Actor): Promise<boolean> {
      const remove = async (tx: Database) =>
        (
          await tx
            .delete(passkeys)
            .where(and(eq(passkeys.id, passkeyId), eq(passkeys.citizenId, citizenId)))
            .returning({ id: passkeys.id })
        ).length;
      return removal(remove, actor, citizenId, 'passkey');
    },
  };
}

export type FactorManagement = ReturnType<typeof createFactorManagement>;
