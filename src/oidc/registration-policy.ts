// The one registration policy every initial access token carries (and every registration
// access token inherits): the request becomes PortalSettings and passes the same rules as the
// admin API, then the properties are replaced by the canonical metadata. RFC 7591 §3.2.1 lets
// the server replace requested values; the response shows what was registered.
import type { KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';
import { AppError } from '../errors.ts';
import type { DynamicRegistrations } from '../modules/clients/dynamic-registration.service.ts';
import {
  needsSecret,
  portalMetadata,
  PRIVILEGED_SCOPES,
  validatePortalSettings,
  type PortalAuthMethod,
  type PortalSettings,
} from '../modules/clients/portal-settings.ts';

export const PORTAL_POLICY = 'chiakhoa-portal';
type Properties = Record<string, unknown>;
/** The registered portal as oidc-provider loaded it (extra metadata keep snake_case). */
interface CurrentClient {
  clientId: string;
  clientName?: string;
  scope?: string;
  sector?: string;
  subject_mode?: string;
  organization_id?: string;
  min_account_level?: number;
}

const invalid = (description: string) => new errors.InvalidClientMetadata(description);
const list = (value: unknown) => (Array.isArray(value) ? (value as string[]) : []);

function assertCodeFlowOnly(properties: Properties): void {
  const grants = list(properties.grant_types);
  if (grants.some((grant) => grant !== 'authorization_code' && grant !== 'refresh_token')) {
    throw invalid('portals use the authorization code flow: grant_types may hold authorization_code and refresh_token');
  }
  const responses = list(properties.response_types);
  if (responses.some((type) => type !== 'code')) throw invalid('response_types must be ["code"]');
}

function settingsFrom(properties: Properties, approvedName: string, current?: CurrentClient): PortalSettings {
  assertCodeFlowOnly(properties);
  if (properties.client_name !== undefined && properties.client_name !== approvedName) {
    throw invalid(`client_name must be "${approvedName}", the name an administrator approved`);
  }
  const redirectUris = list(properties.redirect_uris);
  const subjectType = properties.subject_type === 'pairwise' ? 'pairwise' : 'public';
  const firstHost = URL.parse(String(redirectUris[0]))?.hostname;
  const scope = typeof properties.scope === 'string' ? properties.scope : (current?.scope ?? 'openid');
  return {
    name: approvedName,
    redirectUris,
    postLogoutRedirectUris: list(properties.post_logout_redirect_uris),
    backchannelLogoutUri: properties.backchannel_logout_uri as string | undefined,
    scopes: scope.split(' ').filter(Boolean),
    subjectType,
    // OIDC Core §8.1: the sector of a dynamically registered portal is its redirect host; a
    // named sector shared across portals is an administrator's decision.
    sector: subjectType === 'pairwise' ? (current?.sector ?? firstHost) : undefined,
    minAccountLevel: (properties.min_account_level ?? current?.min_account_level ?? 1) as 1 | 2,
    // RFC 7591 §2: client_secret_basic when the request names no method.
    tokenEndpointAuthMethod: (properties.token_endpoint_auth_method ?? 'client_secret_basic') as PortalAuthMethod,
    jwks: properties.jwks as { keys: unknown[] } | undefined,
    jwksUri: properties.jwks_uri as string | undefined,
    idTokenSignedResponseAlg: (properties.id_token_signed_response_alg ?? 'ES256') as 'ES256' | 'RS256',
  };
}

function toProviderError(error: unknown): never {
  if (error instanceof AppError && error.code === 'invalid_redirect_uri')
    throw new errors.InvalidRedirectUri(error.message);
  if (error instanceof AppError) throw invalid(error.message);
  throw error;
}

async function approval(ctx: KoaContextWithOIDC, registrations: DynamicRegistrations, current?: CurrentClient) {
  const token = ctx.oidc.entities.InitialAccessToken;
  if (token) {
    const binding = await registrations.binding(String(token.jti));
    if (!binding) throw new errors.InvalidToken('this initial access token was not issued through the admin API');
    return { organizationId: binding.organizationId, name: binding.clientName };
  }
  if (!current?.organization_id) throw new errors.InvalidToken('no registration approval for this client');
  return { organizationId: current.organization_id, name: String(current.clientName) };
}

export function portalRegistrationPolicy(registrations: DynamicRegistrations) {
  return async (ctx: KoaContextWithOIDC, properties: Properties): Promise<void> => {
    const current = ctx.oidc.entities.Client as unknown as CurrentClient | undefined;
    const approved = await approval(ctx, registrations, current);
    if (!(await registrations.ownerIsActive(approved.organizationId))) {
      throw invalid('the organization that owns this portal is not active');
    }
    const settings = settingsFrom(properties, approved.name, current);
    const kept = PRIVILEGED_SCOPES.filter((scope) => current?.scope?.split(' ').includes(scope));
    try {
      validatePortalSettings(settings, kept);
    } catch (error) {
      toProviderError(error);
    }
    const { client_id: clientId, client_id_issued_at: issuedAt, client_secret: secret } = properties;
    for (const key of Object.keys(properties)) delete properties[key];
    Object.assign(properties, portalMetadata(settings, String(clientId)), {
      organization_id: approved.organizationId,
      ...(issuedAt === undefined ? {} : { client_id_issued_at: issuedAt }),
      ...(needsSecret(settings) && secret ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
    });
  };
}
