// A bounded label for a request's endpoint: fastify's route pattern, or one of oidc-provider's
// fixed routes under the issuer path. Anything else folds into one value, so a scanner probing
// random paths cannot blow up the metrics' cardinality.
import type { FastifyRequest } from 'fastify';

const OIDC_ROUTES = new Set([
  '/.well-known/openid-configuration',
  '/jwks',
  '/auth',
  '/token',
  '/token/introspection',
  '/token/revocation',
  '/me',
  '/request',
  '/session/end',
  '/session/end/confirm',
  '/session/end/success',
  '/backchannel',
]);

export function endpointLabel(request: FastifyRequest, issuerPath: string): string {
  const route = request.routeOptions.url;
  if (route) return route;
  const path = request.url.split('?')[0] ?? '';
  if (!path.startsWith(`${issuerPath}/`)) return 'unmatched';
  const rest = path.slice(issuerPath.length);
  if (OIDC_ROUTES.has(rest)) return `${issuerPath}${rest}`;
  if (rest.startsWith('/auth/')) return `${issuerPath}/auth/:uid`;
  return `${issuerPath}/*`;
}
