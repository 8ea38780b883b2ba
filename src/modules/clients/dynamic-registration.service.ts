// Dynamic Client Registration (RFC 7591/7592) on the registry's side: initial access tokens
// an administrator issues for one organization and one approved portal name, and the writes
// oidc-provider's registration endpoints make through the Client adapter, which land in the
// clients table like any other portal (any secret hashed, never stored in the clear).
import { tokenDigest } from '../secrets/token-digest.ts';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.repository.ts';
import { announcedAfter } from '../cache/cache-changes.ts';
import type { ClientChanges } from './client-changes.ts';
import { hashClientSecret, isSecretHash } from './client-secrets.ts';
import { needsSecret, portalMetadata, settingsFromMetadata } from './portal-settings.ts';
import { assertActiveOwner } from './portal-owner.ts';
import * as repo from './portals.repository.ts';

export const MAX_INITIAL_ACCESS_TOKEN_SECONDS = 30 * 86400;
const REGISTRATION_ACTOR: Actor = { type: 'system', id: 'dynamic-registration' };
const tokenHash = tokenDigest;

export interface IssueInitialAccessTokenInput {
  organizationId: string;
  /** The name citizens will see; registrations with this token must use exactly it. */
  clientName: string;
  expiresInSeconds?: number | undefined;
}

/** Mints the token itself (oidc-provider's InitialAccessToken model); returns its value. */
export type InitialAccessTokenMinter = (expiresInSeconds: number) => Promise<string>;

export function createDynamicRegistrations(db: Database, changes: ClientChanges) {
  const transaction = <T>(work: (tx: Database) => Promise<T>) => guardPostgres(() => db.transaction((tx) => work(tx)));

  return {
    async issue(input: IssueInitialAccessTokenInput, actor: Actor, mint: InitialAccessTokenMinter) {
      const expiresIn = input.expiresInSeconds ?? 86400;
      if (!Number.isInteger(expiresIn) || expiresIn < 60 || expiresIn > MAX_INITIAL_ACCESS_TOKEN_SECONDS) {
        throw new AppError(
          'invalid_request',
          `expiresInSeconds must be between 60 and ${MAX_INITIAL_ACCESS_TOKEN_SECONDS}`,
        );
      }
      const clientName = input.clientName.trim();
      if (!clientName || clientName.length > 200)
        throw new AppError('invalid_client_metadata', 'clientName is required');
      await guardPostgres(() => assertActiveOwner(db, input.organizationId));
      const token = await mint(expiresIn);
      const expiresAt = new Date(Date.now() + expiresIn * 1000);
      await transaction(async (tx) => {
        await repo.insertInitialAccessToken(tx, {
          tokenHash: tokenHash(token),
          organizationId: input.organizationId,
          clientName,
          issuedBy: actor.id,
          expiresAt,
        });
        await recordAudit(tx, actor, {
          action: 'portal.initial_access_token_issued',
          targetType: 'organization',
          targetId: input.organizationId,
          details: { clientName, expiresAt: expiresAt.toISOString() },
        });
      });
      return {
        initialAccessToken: token,
        expiresAt: expiresAt.toISOString(),
        organizationId: input.organizationId,
        clientName,
      };
    },

    /** What the administrator approved for this token, while it is valid. */
    binding: (token: string) => guardPostgres(() => repo.findInitialAccessToken(db, tokenHash(token))),

    ownerIsActive: async (organizationId: string) => {
      const status = await guardPostgres(() => repo.organizationStatus(db, organizationId));
      return status === 'active';
    },

    /** The registration endpoint's write: canonical metadata, the secret as a hash. */
    async save(clientId: string, metadata: Record<string, unknown>): Promise<void> {
      const settings = settingsFromMetadata(metadata);
      const secret = typeof metadata.client_secret === 'string' ? metadata.client_secret : undefined;
      let secretHash: string | null = null;
      if (needsSecret(settings) && secret) secretHash = isSecretHash(secret) ? secret : await hashClientSecret(secret);
      const organizationId = typeof metadata.organization_id === 'string' ? metadata.organization_id : null;
      const row = { name: settings.name.trim(), metadata: portalMetadata(settings, clientId), secretHash };
      const write = () =>
        transaction(async (tx) => {
          const existing = await repo.findClient(tx, clientId, { forUpdate: true });
          if (existing) await repo.updateClient(tx, clientId, row);
          else await repo.insertClient(tx, { clientId, ...row, enabled: true, organizationId });
          if (!secretHash) await repo.expirePreviousSecrets(tx, clientId);
          await recordAudit(tx, REGISTRATION_ACTOR, {
            action: existing ? 'portal.updated' : 'portal.registered',
            targetType: 'client',
            targetId: clientId,
            clientId,
            details: { via: 'dynamic_client_registration' },
          });
        });
      await announcedAfter(write, () => changes.announce(clientId));
    },

    /** RFC 7592 §2.3 delete: the portal is disabled (its client_id is never reused). */
    async disable(clientId: string): Promise<void> {
      const write = () =>
        transaction(async (tx) => {
          if (!(await repo.findClient(tx, clientId, { forUpdate: true }))) return;
          await repo.updateClient(tx, clientId, { enabled: false });
          await recordAudit(tx, REGISTRATION_ACTOR, {
            action: 'portal.disabled',
            targetType: 'client',
            targetId: clientId,
            clientId,
            details: { via: 'dynamic_client_registration' },
          });
        });
      await announcedAfter(write, () => changes.announce(clientId));
    },

    previousSecretHashes: (clientId: string) => guardPostgres(() => repo.previousSecretHashes(db, clientId)),
  };
}

export type DynamicRegistrations = ReturnType<typeof createDynamicRegistrations>;
