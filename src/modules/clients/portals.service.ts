// Portal registration as the admin API and the operators' CLI do it: every rule checked
// before anything is written, each change committed in one transaction with its audit row.
// Secrets are generated here, returned once, and stored only as argon2id hashes.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.repository.ts';
import type { ClientRow } from './clients.repository.ts';
import { generateClientSecret, hashClientSecret } from './client-secrets.ts';
import { applyChanges, portalView, settingsFromInput, type PortalChanges, type PortalInput } from './portal-input.ts';
import {
  isPortalMetadata,
  needsSecret,
  portalMetadata,
  settingsFromMetadata,
  validatePortalSettings,
  type PortalSettings,
} from './portal-settings.ts';
import { announcedAfter } from '../cache/cache-changes.ts';
import type { ClientChanges } from './client-changes.ts';
import { assertActiveOwner } from './portal-owner.ts';
import * as repo from './portals.repository.ts';

/** Checks a row exactly as oidc-provider will load it (its own metadata rules). */
export type ProviderValidator = (
  row: Pick<ClientRow, 'clientId' | 'name' | 'metadata' | 'secretHash' | 'organizationId'>,
) => Promise<void>;

export const MAX_SECRET_OVERLAP_SECONDS = 30 * 86400;

export function createPortalsService(db: Database, validateForProvider: ProviderValidator, changes: ClientChanges) {
  /** One portal's change in one transaction; once committed, every process's cache drops it. */
  const changing = <T>(clientId: string, work: (tx: Database) => Promise<T>) =>
    announcedAfter(
      () => guardPostgres(() => db.transaction((tx) => work(tx))),
      () => changes.announce(clientId),
    );

  async function checked(clientId: string, settings: PortalSettings, secretHash: string | null, owner: string | null) {
    validatePortalSettings(settings, 'all');
    const metadata = portalMetadata(settings, clientId);
    try {
      await validateForProvider({ clientId, name: settings.name.trim(), metadata, secretHash, organizationId: owner });
    } catch (error) {
      const description = (error as { error_description?: string }).error_description ?? 'invalid client metadata';
      throw new AppError('invalid_client_metadata', description, { cause: error });
    }
    return metadata;
  }

  async function mustFindPortal(tx: Database, clientId: string, forUpdate = false) {
    const row = await repo.findClient(tx, clientId, { forUpdate });
    if (!row || !isPortalMetadata(row.metadata)) throw new AppError('not_found', 'no portal with this client_id');
    return row;
  }

  return {
    async create(input: PortalInput, actor: Actor) {
      const clientId = input.clientId ?? randomUUID();
      const settings = settingsFromInput(input);
      const clientSecret = needsSecret(settings) ? generateClientSecret() : undefined;
      const secretHash = clientSecret ? await hashClientSecret(clientSecret) : null;
      const metadata = await checked(clientId, settings, secretHash, input.organizationId ?? null);
      const row = await changing(clientId, async (tx) => {
        if (input.organizationId) await assertActiveOwner(tx, input.organizationId);
        if (await repo.findClient(tx, clientId)) throw new AppError('conflict', 'a client with this client_id exists');
        const created = await repo.insertClient(tx, {
          clientId,
          name: settings.name.trim(),
          metadata,
          secretHash,
          enabled: true,
          organizationId: input.organizationId ?? null,
        });
        await recordAudit(tx, actor, {
          action: 'portal.registered',
          targetType: 'client',
          targetId: clientId,
          clientId,
        });
        return created;
      });
      return { portal: portalView(row), clientSecret };
    },

    async get(clientId: string) {
      const row = await guardPostgres(() => mustFindPortal(db, clientId));
      return portalView(row, await guardPostgres(() => repo.latestPreviousSecretExpiry(db, clientId)));
    },

    async list(organizationId: string | undefined) {
      const rows = await guardPostgres(() => repo.listClients(db, organizationId));
      return rows.filter((row) => isPortalMetadata(row.metadata)).map((row) => portalView(row));
    },

    /** Re-checks every rule on the merged settings; a new secret only when one becomes needed. */
    async update(clientId: string, changes: PortalChanges, actor: Actor) {
      return changing(clientId, async (tx) => {
        const current = await mustFindPortal(tx, clientId, true);
        const settings = applyChanges(settingsFromMetadata(current.metadata), changes);
        const clientSecret = needsSecret(settings) && !current.secretHash ? generateClientSecret() : undefined;
        let secretHash = needsSecret(settings) ? current.secretHash : null;
        if (clientSecret) secretHash = await hashClientSecret(clientSecret);
        const metadata = await checked(clientId, settings, secretHash, current.organizationId);
        if (!secretHash) await repo.expirePreviousSecrets(tx, clientId);
        const row = await repo.updateClient(tx, clientId, { name: settings.name.trim(), metadata, secretHash });
        const changed = Object.keys(changes).filter((key) => changes[key as keyof PortalChanges] !== undefined);
        await recordAudit(tx, actor, {
          action: 'portal.updated',
          targetType: 'client',
          targetId: clientId,
          clientId,
          details: { changed },
        });
        return { portal: portalView(row), clientSecret };
      });
    },

    /** A disabled portal can start no login, redeem no code and refresh no token. */
    async setEnabled(clientId: string, enabled: boolean, reason: string, actor: Actor) {
      return changing(clientId, async (tx) => {
        await mustFindPortal(tx, clientId, true);
        const row = await repo.updateClient(tx, clientId, { enabled });
        await recordAudit(tx, actor, {
          action: enabled ? 'portal.enabled' : 'portal.disabled',
          targetType: 'client',
          targetId: clientId,
          clientId,
          details: { reason },
        });
        return portalView(row);
      });
    },

    /**
     * A new secret, shown once; the old one keeps working for overlapSeconds so the portal can
     * roll it out without downtime (0 ends it at once, for a leaked secret).
     */
    async rotateSecret(clientId: string, overlapSeconds: number, actor: Actor) {
      if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > MAX_SECRET_OVERLAP_SECONDS) {
        throw new AppError('invalid_request', `overlapSeconds must be between 0 and ${MAX_SECRET_OVERLAP_SECONDS}`);
      }
      const clientSecret = generateClientSecret();
      const secretHash = await hashClientSecret(clientSecret);
      return changing(clientId, async (tx) => {
        const current = await mustFindPortal(tx, clientId, true);
        if (!current.secretHash) {
          throw new AppError('invalid_request', 'this portal authenticates without a secret (private_key_jwt or none)');
        }
        if (overlapSeconds === 0) await repo.expirePreviousSecrets(tx, clientId);
        const validUntil = new Date(Date.now() + overlapSeconds * 1000);
        if (overlapSeconds > 0) await repo.keepPreviousSecret(tx, clientId, current.secretHash, validUntil);
        await repo.updateClient(tx, clientId, { secretHash });
        await recordAudit(tx, actor, {
          action: 'portal.secret_rotated',
          targetType: 'client',
          targetId: clientId,
          clientId,
          details: { overlapSeconds },
        });
        return {
          clientId,
          clientSecret,
          previousSecretValidUntil: overlapSeconds > 0 ? validUntil.toISOString() : null,
        };
      });
    },
  };
}

export type PortalsService = ReturnType<typeof createPortalsService>;
