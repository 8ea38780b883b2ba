// The only way into the admin API: a JWT access token that chiakhoa itself issued to a
// registered admin client (client_credentials, see oidc/admin-resource.ts), verified by
// @fastify/jwt against chiakhoa's own public keys, with issuer, audience and algorithms pinned,
// and carrying the scope of the area it calls. No other way in, no development bypass.
import { createPublicKey } from 'node:crypto';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JWK } from 'jose';
import { AppError } from '../errors.ts';
import type { Actor } from '../modules/audit/audit.repository.ts';
import { ADMIN_AUDIENCE, type AdminScope } from '../oidc/admin-resource.ts';

export interface AdminTokenClaims {
  readonly client_id: string;
  readonly scope?: string;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    user: AdminTokenClaims;
  }
}

function publicKeysByKid(jwks: { keys: JWK[] }): Map<string, string> {
  const keys = new Map<string, string>();
  for (const jwk of jwks.keys) {
    if (!jwk.kid) continue;
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
    keys.set(
      jwk.kid,
      createPublicKey({ key: publicJwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString(),
    );
  }
  return keys;
}

export async function registerAdminAuth(app: FastifyInstance, options: { issuer: string; jwks: { keys: JWK[] } }) {
  const keys = publicKeysByKid(options.jwks);
  await app.register(fastifyJwt, {
    secret: async (_request: FastifyRequest, token: { header?: { kid?: string }; kid?: string }) => {
      const kid = token.header?.kid ?? token.kid;
      const key = kid ? keys.get(kid) : undefined;
      if (!key) throw new AppError('invalid_token', 'the token is not signed by a current chiakhoa key');
      return key;
    },
    // The header (and its kid) is only passed to the key lookup when decoding is complete.
    decode: { complete: true },
    verify: { allowedIss: options.issuer, allowedAud: ADMIN_AUDIENCE, algorithms: ['ES256', 'RS256', 'PS256'] },
  });
}

/** A preHandler: 401 without a valid admin token, 403 without the area's scope. */
export function requireScope(scope: AdminScope) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      await request.jwtVerify();
    } catch {
      void reply.header('www-authenticate', `Bearer realm="admin", error="invalid_token"`);
      throw new AppError('invalid_token', 'a valid admin access token is required (Authorization: Bearer)');
    }
    const scopes = (request.user.scope ?? '').split(' ');
    if (!scopes.includes(scope)) {
      void reply.header('www-authenticate', `Bearer realm="admin", error="insufficient_scope", scope="${scope}"`);
      throw new AppError('insufficient_scope', `this token lacks the ${scope} scope`);
    }
  };
}

export function actorOf(request: FastifyRequest): Actor {
  return { type: 'admin_client', id: request.user.client_id, ip: request.ip };
}
