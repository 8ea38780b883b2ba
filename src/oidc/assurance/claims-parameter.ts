// The claims parameter (OIDC Core §5.5) is enabled so portals can ask for acr as an essential
// claim (§5.5.1.1). It must not become a side door around scopes: a portal registered without
// `personal_id` could otherwise ask for that claim by name. So it may name only the
// authentication claims, which every ID token carries anyway.
import { errors, type ClaimsParameter, type KoaContextWithOIDC } from 'oidc-provider';

const ALLOWED = new Set(['acr', 'amr', 'auth_time']);

export function assertAssuranceClaimsOnly(_ctx: KoaContextWithOIDC, claims: ClaimsParameter): void {
  for (const container of ['id_token', 'userinfo'] as const) {
    const requested = claims[container];
    if (requested === undefined || requested === null) continue;
    for (const [name, value] of Object.entries(requested as Record<string, unknown>)) {
      if (!ALLOWED.has(name)) {
        throw new errors.InvalidRequest(
          `claims.${container} may only name acr, amr or auth_time; other claims follow the scopes`,
        );
      }
      if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
        throw new errors.InvalidRequest(`claims.${container}.${name} must be null or an object`);
      }
    }
  }
}
