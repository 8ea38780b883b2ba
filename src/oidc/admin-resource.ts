// The admin API is a resource server of chiakhoa's own (RFC 8707 resource indicators): admin
// clients obtain JWT access tokens by client_credentials, audience ADMIN_AUDIENCE, signed with
// chiakhoa's keys, and the admin plugin verifies them with issuer and audience pinned.
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';

export const ADMIN_AUDIENCE = 'urn:chiakhoa:admin-api';
export const ADMIN_SCOPES = ['admin:organizations', 'admin:clients', 'admin:citizens', 'admin:audit'] as const;
export type AdminScope = (typeof ADMIN_SCOPES)[number];
export const ADMIN_TOKEN_TTL = 600;

function clientScopes(ctx: KoaContextWithOIDC): string[] {
  const scope = ctx.oidc.client?.scope;
  return typeof scope === 'string' ? scope.split(' ') : [];
}

const isAdminClient = (ctx: KoaContextWithOIDC) => clientScopes(ctx).some((scope) => scope.startsWith('admin:'));

type ResourceIndicators = NonNullable<NonNullable<Configuration['features']>['resourceIndicators']>;

export const adminResourceIndicators: ResourceIndicators = {
  enabled: true,
  // Admin clients need not name the resource; everyone else gets the default (userinfo) token.
  defaultResource: (ctx) => (isAdminClient(ctx) ? ADMIN_AUDIENCE : undefined),
  useGrantedResource: () => true,
  getResourceServerInfo: (ctx, resourceIndicator) => {
    if (resourceIndicator !== ADMIN_AUDIENCE || !isAdminClient(ctx)) {
      throw new errors.InvalidTarget('this client may not obtain tokens for that resource');
    }
    return {
      scope: ADMIN_SCOPES.join(' '),
      audience: ADMIN_AUDIENCE,
      accessTokenTTL: ADMIN_TOKEN_TTL,
      accessTokenFormat: 'jwt',
      jwt: { sign: { alg: 'ES256' } },
    };
  },
};
