// The camelCase shapes the admin API and the CLI speak, mapped onto PortalSettings, and the
// view of a portal they answer with (never a secret or its hash).
import type { ClientRow } from './clients.repository.ts';
import {
  settingsFromMetadata,
  type AccountLevel,
  type PortalAuthMethod,
  type PortalSettings,
  type SubjectType,
} from './portal-settings.ts';

export interface PortalInput {
  clientId?: string | undefined;
  /** The organization that owns the portal. */
  organizationId?: string | undefined;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[] | undefined;
  backchannelLogoutUri?: string | undefined;
  scopes: string[];
  /** Defaults to pairwise when a sector is given, else public. */
  subjectType?: SubjectType | undefined;
  sector?: string | undefined;
  minAccountLevel?: AccountLevel | undefined;
  tokenEndpointAuthMethod: PortalAuthMethod;
  jwks?: { keys: unknown[] } | undefined;
  jwksUri?: string | undefined;
  idTokenSignedResponseAlg?: 'ES256' | 'RS256' | undefined;
}

/** A partial update; null clears an optional setting. */
export type PortalChanges = {
  [K in Exclude<keyof PortalInput, 'clientId' | 'organizationId'>]?: PortalInput[K] | null;
};

export function settingsFromInput(input: PortalInput): PortalSettings {
  return {
    name: input.name,
    redirectUris: input.redirectUris,
    postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
    backchannelLogoutUri: input.backchannelLogoutUri,
    scopes: input.scopes,
    subjectType: input.subjectType ?? (input.sector ? 'pairwise' : 'public'),
    sector: input.sector,
    minAccountLevel: input.minAccountLevel ?? 1,
    tokenEndpointAuthMethod: input.tokenEndpointAuthMethod,
    jwks: input.jwks,
    jwksUri: input.jwksUri,
    idTokenSignedResponseAlg: input.idTokenSignedResponseAlg ?? 'ES256',
  };
}

export function applyChanges(current: PortalSettings, changes: PortalChanges): PortalSettings {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value !== undefined) next[key] = value === null ? undefined : value;
  }
  const merged = next as unknown as PortalSettings;
  if (changes.postLogoutRedirectUris === null) merged.postLogoutRedirectUris = [];
  // Leaving pairwise leaves its sector behind; switching key source drops the other one.
  if (changes.subjectType === 'public' && changes.sector === undefined) merged.sector = undefined;
  if (changes.jwksUri && changes.jwks === undefined) merged.jwks = undefined;
  if (changes.jwks && changes.jwksUri === undefined) merged.jwksUri = undefined;
  return merged;
}

export function portalView(row: ClientRow, previousSecretValidUntil?: Date) {
  const settings = settingsFromMetadata(row.metadata);
  return {
    clientId: row.clientId,
    organizationId: row.organizationId,
    enabled: row.enabled,
    ...settings,
    backchannelLogoutUri: settings.backchannelLogoutUri ?? null,
    sector: settings.sector ?? null,
    jwks: settings.jwks ?? null,
    jwksUri: settings.jwksUri ?? null,
    hasSecret: row.secretHash !== null,
    previousSecretValidUntil: previousSecretValidUntil?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type PortalView = ReturnType<typeof portalView>;
