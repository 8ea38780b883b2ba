// What an organization registers for a portal, the rules it must pass, and the oidc-provider
// metadata it becomes. The admin API, the CLI, the seeds and Dynamic Client Registration all
// go through validatePortalSettings, so a rule holds whichever way a portal arrives.
import { AppError } from '../../errors.ts';
import { assertRedirectUris, assertUri, assertUriList } from './portal-uris.ts';

export type PortalAuthMethod = 'private_key_jwt' | 'client_secret_basic' | 'none';
export const PORTAL_AUTH_METHODS: readonly PortalAuthMethod[] = ['private_key_jwt', 'client_secret_basic', 'none'];
export type SubjectType = 'public' | 'pairwise';
export type AccountLevel = 1 | 2;

export interface PortalSettings {
  /** The name citizens see on every page (anti-phishing). */
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | undefined;
  scopes: string[];
  subjectType: SubjectType;
  /** Pairwise portals of one sector see the same `sub` (OIDC Core §8.1). */
  sector: string | undefined;
  /** Stored as extra client metadata `min_account_level`; enforced at sign-in. */
  minAccountLevel: AccountLevel;
  tokenEndpointAuthMethod: PortalAuthMethod;
  jwks: { keys: unknown[] } | undefined;
  jwksUri: string | undefined;
  idTokenSignedResponseAlg: 'ES256' | 'RS256';
}

/** Scopes only an administrator grants: they release the ID number or act for organizations. */
export const PRIVILEGED_SCOPES = ['personal_id', 'organization'] as const;
const SECTOR = /^[a-z0-9.-]{2,64}$/;

const invalid = (description: string) => new AppError('invalid_client_metadata', description);

function assertName(name: string): void {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (!name.trim() || name.length > 200 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw invalid('name is required (at most 200 characters): citizens see it on every page');
  }
}

function assertScopes(scopes: readonly string[], mayHavePrivileged: readonly string[] | 'all'): void {
  if (!scopes.includes('openid')) throw invalid('scopes must include openid');
  const admin = scopes.find((scope) => scope.startsWith('admin:'));
  if (admin) throw invalid(`${admin} is an admin API scope, not a portal scope`);
  for (const scope of PRIVILEGED_SCOPES) {
    if (scopes.includes(scope) && mayHavePrivileged !== 'all' && !mayHavePrivileged.includes(scope)) {
      throw invalid(`the ${scope} scope is granted to a portal by an administrator (admin API), not by registration`);
    }
  }
}

function assertSubject(settings: PortalSettings): void {
  if (settings.subjectType === 'pairwise' && (!settings.sector || !SECTOR.test(settings.sector))) {
    throw invalid('a pairwise portal needs a sector: 2-64 lowercase letters, digits, dots or dashes');
  }
  if (settings.subjectType === 'public' && settings.sector !== undefined) {
    throw invalid('a sector applies only to a pairwise portal (subjectType pairwise)');
  }
}

function assertClientAuth(settings: PortalSettings): void {
  const { tokenEndpointAuthMethod: method, jwks, jwksUri } = settings;
  if (!PORTAL_AUTH_METHODS.includes(method)) {
    throw invalid(`token endpoint auth method must be one of ${PORTAL_AUTH_METHODS.join(', ')}`);
  }
  if (jwks && jwksUri) throw invalid('register jwks or jwks_uri, not both');
  if (method === 'private_key_jwt' && !jwks && !jwksUri) {
    throw invalid('private_key_jwt needs the portal public keys: jwks or jwks_uri (recommended)');
  }
  if (jwksUri) assertUri(jwksUri, 'jwks_uri');
  if (jwks && (!Array.isArray(jwks.keys) || jwks.keys.length === 0)) throw invalid('jwks must hold at least one key');
}

/**
 * Every registration rule. `privileged` names the privileged scopes this caller may keep:
 * 'all' for an administrator, the portal's current ones for a dynamic registration.
 */
export function validatePortalSettings(settings: PortalSettings, privileged: readonly string[] | 'all'): void {
  assertName(settings.name);
  assertRedirectUris(settings.redirectUris);
  assertUriList(settings.postLogoutRedirectUris, 'post-logout redirect URI', 'invalid_redirect_uri');
  if (settings.backchannelLogoutUri !== undefined) assertUri(settings.backchannelLogoutUri, 'back-channel logout URI');
  assertScopes(settings.scopes, privileged);
  assertSubject(settings);
  if (settings.minAccountLevel !== 1 && settings.minAccountLevel !== 2)
    throw invalid('minimum account level is 1 or 2');
  if (!['ES256', 'RS256'].includes(settings.idTokenSignedResponseAlg)) throw invalid('ID tokens are ES256 or RS256');
  assertClientAuth(settings);
}

export const needsSecret = (settings: Pick<PortalSettings, 'tokenEndpointAuthMethod'>) =>
  settings.tokenEndpointAuthMethod === 'client_secret_basic';

/** The oidc-provider metadata stored in clients.metadata (never a secret). */
export function portalMetadata(settings: PortalSettings, clientId: string): Record<string, unknown> {
  return {
    client_id: clientId,
    client_name: settings.name.trim(),
    redirect_uris: settings.redirectUris,
    post_logout_redirect_uris: settings.postLogoutRedirectUris,
    ...(settings.backchannelLogoutUri
      ? { backchannel_logout_uri: settings.backchannelLogoutUri, backchannel_logout_session_required: true }
      : {}),
    grant_types: settings.scopes.includes('offline_access')
      ? ['authorization_code', 'refresh_token']
      : ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: settings.tokenEndpointAuthMethod,
    // RFC 8252: a public client (no authentication) is a native app.
    application_type: settings.tokenEndpointAuthMethod === 'none' ? 'native' : 'web',
    ...(settings.jwks ? { jwks: settings.jwks } : {}),
    ...(settings.jwksUri ? { jwks_uri: settings.jwksUri } : {}),
    subject_type: settings.subjectType,
    ...(settings.sector ? { sector: settings.sector } : {}),
    min_account_level: settings.minAccountLevel,
    id_token_signed_response_alg: settings.idTokenSignedResponseAlg,
    scope: settings.scopes.join(' '),
  };
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
const optionalString = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/** The inverse of portalMetadata, for reading, updating and views. */
export function settingsFromMetadata(metadata: Record<string, unknown>): PortalSettings {
  const jwks = metadata.jwks as { keys: unknown[] } | undefined;
  return {
    name: typeof metadata.client_name === 'string' ? metadata.client_name : '',
    redirectUris: strings(metadata.redirect_uris),
    postLogoutRedirectUris: strings(metadata.post_logout_redirect_uris),
    backchannelLogoutUri: optionalString(metadata.backchannel_logout_uri),
    scopes: typeof metadata.scope === 'string' ? metadata.scope.split(' ').filter(Boolean) : ['openid'],
    subjectType: metadata.subject_type === 'pairwise' ? 'pairwise' : 'public',
    sector: optionalString(metadata.sector),
    minAccountLevel: metadata.min_account_level === 2 ? 2 : 1,
    tokenEndpointAuthMethod: (metadata.token_endpoint_auth_method as PortalAuthMethod | undefined) ?? 'private_key_jwt',
    jwks: jwks && typeof jwks === 'object' ? jwks : undefined,
    jwksUri: optionalString(metadata.jwks_uri),
    idTokenSignedResponseAlg: metadata.id_token_signed_response_alg === 'RS256' ? 'RS256' : 'ES256',
  };
}

/** Interactive portals have response types; admin clients and agency systems have none. */
export const isPortalMetadata = (metadata: Record<string, unknown>) =>
  Array.isArray(metadata.response_types) && metadata.response_types.length > 0;
