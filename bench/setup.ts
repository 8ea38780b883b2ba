// What both servers under test share: signing keys, the two bench portals (one with a secret,
// one with private_key_jwt), cookie keys, and the citizens the sign-in load uses.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import { generateJwks, type PrivateJwks } from '../src/oidc/keys.ts';

export const REDIRECT_URI = 'http://127.0.0.1:9/callback';
export const BENCH_PASSWORD = 'ChiaKhoa@2026';

const common = {
  redirect_uris: [REDIRECT_URI],
  response_types: ['code'],
  grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
  scope: 'openid profile offline_access',
};

export const BENCH_CLIENTS = {
  secret: { ...common, client_id: 'bench-secret', token_endpoint_auth_method: 'client_secret_basic' },
  privateKeyJwt: { ...common, client_id: 'bench-jwt', token_endpoint_auth_method: 'private_key_jwt' },
} as const;

export interface BenchSetup {
  readonly clientSecret: string;
  readonly clientPrivateJwk: JWK;
  readonly clientPublicJwk: JWK;
  readonly signingJwks: PrivateJwks;
  readonly cookieKey: string;
  readonly pairwiseSalt: string;
}

export async function createBenchSetup(): Promise<BenchSetup> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = 'bench-portal-key';
  return {
    clientSecret: randomBytes(32).toString('base64url'),
    clientPrivateJwk: { ...(privateKey.export({ format: 'jwk' }) as JWK), kid, alg: 'ES256' },
    clientPublicJwk: { ...(publicKey.export({ format: 'jwk' }) as JWK), kid, alg: 'ES256', use: 'sig' },
    signingJwks: await generateJwks(),
    cookieKey: randomBytes(32).toString('base64url'),
    pairwiseSalt: randomBytes(32).toString('base64url'),
  };
}
