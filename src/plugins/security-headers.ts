// Security headers on every response, oidc-provider's included: helmet sets them on the raw
// response in an onRequest hook, before the middie mount hands the request to the provider,
// and the provider adds the hash of any inline script it writes (form_post) to script-src.
// CSP: nothing but our own stylesheet, images and script files; no inline script or style;
// no framing (frame-ancestors 'none' and X-Frame-Options: DENY). form-action is left out on
// purpose: Chromium applies it to every redirect after a form post, and a sign-in ends with a
// redirect from our form to the portal's redirect_uri, another origin per portal (README "Security").
//
// helmet itself, not @fastify/helmet: the plugin (13.x) calls helmet(options) on every request,
// re-parsing the policy each time, which cost about an eighth of the CPU of a JWKS request in
// the benchmark's profile. The middleware built once below sets the same headers.
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

export function securityHeaders(options: { production: boolean }) {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    // HSTS only where the service is https by construction (production refuses an http issuer).
    strictTransportSecurity: options.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    frameguard: { action: 'deny' },
    // Codes and states travel in URLs of these pages: never let them leak through Referer.
    referrerPolicy: { policy: 'no-referrer' },
  });
}

export function registerSecurityHeaders(app: FastifyInstance, options: { production: boolean }): void {
  const applyHeaders = securityHeaders(options);
  app.addHook('onRequest', (request, reply, done) => {
    applyHeaders(request.raw, reply.raw, (error) => done(error instanceof Error ? error : undefined));
  });
}
