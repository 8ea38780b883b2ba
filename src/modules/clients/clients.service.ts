// Idempotent registration for seeds, tests and machine clients (admin clients, agency
// systems). Portals pass the same rules as the admin API (portal-settings.ts). Secrets are
// generated here, returned once, and stored only as an argon2id hash; oidc-provider's own
// metadata validation is injected (ProviderValidator) so this module stays free of the library.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors.ts';
import type { ClientRow, ClientsRepository } from './clients.repository.ts';
import { generateClientSecret, hashClientSecret } from './client-secrets.ts';
import { settingsFromInput, type PortalInput } from './portal-input.ts';
import { portalMetadata, validatePortalSettings, type PortalAuthMethod } from './portal-settings.ts';
import type { ProviderValidator } from './portals.service.ts';

export type TokenEndpointAuthMethod = PortalAuthMethod;
export { isAllowedRedirectUri } from './portal-uris.ts';

/** Seeds, tests and the portal:register CLI; the same rules as the admin API. */
export interface RegisterPortalInput extends PortalInput {
  /** For seeds: a fixed secret instead of a generated one. */
  clientSecret?: string | undefined;
}

export interface RegisteredPortal {
  readonly client: ClientRow;
  /** Present once, at registration, for client_secret_basic portals. */
  readonly clientSecret: string | undefined;
}

/** A system, not a portal: client_credentials only (admin clients, agency systems). */
export interface RegisterMachineInput {
  clientId?: string | undefined;
  name: string;
  tokenEndpointAuthMethod: Exclude<TokenEndpointAuthMethod, 'none'>;
  jwks?: { keys: unknown[] } | undefined;
  jwksUri?: string | undefined;
  /** e.g. admin:organizations; empty for an agency system that only proves who it is. */
  scopes: string[];
  organizationId?: string | undefined;
  clientSecret?: string | undefined;
}

function buildMachineMetadata(input: RegisterMachineInput, clientId: string): Record<string, unknown> {
  if (!input.name.trim()) throw new AppError('invalid_request', 'name is required');
  if (input.tokenEndpointAuthMethod === 'private_key_jwt' && !input.jwks && !input.jwksUri) {
    throw new AppError('invalid_request', 'private_key_jwt needs jwks or jwksUri');
  }
  return {
    client_id: clientId,
    client_name: input.name.trim(),
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: input.tokenEndpointAuthMethod,
    ...(input.jwks ? { jwks: input.jwks } : {}),
    ...(input.jwksUri ? { jwks_uri: input.jwksUri } : {}),
    ...(input.scopes.length ? { scope: input.scopes.join(' ') } : {}),
  };
}

export function createClientsService(repository: ClientsRepository, validateForProvider: ProviderValidator) {
  async function save(
    clientId: string,
    name: string,
    metadata: Record<string, unknown>,
    options: { method: string; secret: string | undefined; organizationId?: string | undefined },
  ): Promise<RegisteredPortal> {
    const clientSecret =
      options.method === 'client_secret_basic' ? (options.secret ?? generateClientSecret()) : undefined;
    // Validate exactly what the provider will load (the secret slot holds the hash).
    const secretHash = clientSecret ? await hashClientSecret(clientSecret) : null;
    const organizationId = options.organizationId ?? null;
    try {
      await validateForProvider({ clientId, name: name.trim(), metadata, secretHash, organizationId });
    } catch (error) {
      const description = (error as { error_description?: string }).error_description ?? 'invalid client metadata';
      throw new AppError('invalid_client_metadata', description, { cause: error });
    }
    const client = await repository.upsert({
      clientId,
      name: name.trim(),
      metadata,
      secretHash,
      enabled: true,
      organizationId,
    });
    return { client, clientSecret };
  }

  return {
    register(input: RegisterPortalInput): Promise<RegisteredPortal> {
      const clientId = input.clientId ?? randomUUID();
      const settings = settingsFromInput(input);
      validatePortalSettings(settings, 'all');
      return save(clientId, input.name, portalMetadata(settings, clientId), {
        method: input.tokenEndpointAuthMethod,
        secret: input.clientSecret,
        organizationId: input.organizationId,
      });
    },
    registerMachine(input: RegisterMachineInput): Promise<RegisteredPortal> {
      const clientId = input.clientId ?? randomUUID();
      return save(clientId, input.name, buildMachineMetadata(input, clientId), {
        method: input.tokenEndpointAuthMethod,
        secret: input.clientSecret,
        organizationId: input.organizationId,
      });
    },
  };
}

export type ClientsService = ReturnType<typeof createClientsService>;
