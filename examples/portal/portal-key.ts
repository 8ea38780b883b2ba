// The portal's own signing key for private_key_jwt (RFC 7523). chiakhoa never sees the
// private half: it reads the public half from the portal's JWKS at /jwks.json (jwks_uri).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

export interface PortalKey {
  readonly privateKey: CryptoKey;
  readonly kid: string;
  /** What /jwks.json publishes. */
  readonly publicJwks: { keys: JWK[] };
}

async function fromPrivateJwk(jwk: JWK): Promise<PortalKey> {
  const { d: _private, ...publicJwk } = jwk;
  return {
    privateKey: (await importJWK(jwk, 'ES256')) as CryptoKey,
    kid: jwk.kid!,
    publicJwks: { keys: [publicJwk] },
  };
}

export async function generatePortalKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'ES256', use: 'sig' };
}

/** Kept in a file so a restarted portal keeps the key chiakhoa already fetched. */
export async function loadPortalKey(file?: string): Promise<PortalKey> {
  if (!file) return fromPrivateJwk(await generatePortalKey());
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(await generatePortalKey()), { mode: 0o600 });
  }
  return fromPrivateJwk(JSON.parse(readFileSync(file, 'utf8')) as JWK);
}
