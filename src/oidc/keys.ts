// chiakhoa's signing keys: a private JWKS (ES256 first, RS256 for portals that need it),
// kid = RFC 7638 thumbprint. From KEYS_JWKS (env) or KEYS_FILE; development generates the
// file when missing, production refuses to start without keys. Rotation: key-rotation.ts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { ConfigError, type Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { providerJwks, type KeysDocument, type RotatingKey } from './key-rotation.ts';

export interface PrivateJwks {
  keys: JWK[];
}

export async function generateSigningKey(alg: 'ES256' | 'RS256'): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'RS256' ? { modulusLength: 2048 } : {}),
  });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, alg, use: 'sig', kid: await calculateJwkThumbprint(jwk) };
}

export async function generateJwks(): Promise<PrivateJwks> {
  return { keys: [await generateSigningKey('ES256'), await generateSigningKey('RS256')] };
}

/** The keys file or KEYS_JWKS: a private JWKS, each key optionally with its rotation state. */
export function parseKeysDocument(text: string, source: string): KeysDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(`${source} is not JSON`);
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0)
    throw new ConfigError(`${source} must be a JWKS with at least one key`);
  for (const key of keys as JWK[]) {
    if (!key.d || !key.kid || !key.alg) throw new ConfigError(`${source}: every key needs d (private), kid and alg`);
  }
  return { keys: keys as RotatingKey[] };
}

export function parseJwks(text: string, source: string): PrivateJwks {
  return providerJwks(parseKeysDocument(text, source));
}

/** Writes private material readable by the owner only. */
export function writePrivateJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
}

export async function loadSigningKeys(config: Config, log: Logger): Promise<PrivateJwks> {
  if (config.keysJwks) return parseJwks(config.keysJwks, 'KEYS_JWKS');
  if (existsSync(config.keysFile)) return parseJwks(readFileSync(config.keysFile, 'utf8'), config.keysFile);
  if (config.env === 'production') throw new ConfigError(`no signing keys: ${config.keysFile} does not exist`);
  const jwks = await generateJwks();
  writePrivateJson(config.keysFile, jwks);
  log.warn({ file: config.keysFile }, 'DEVELOPMENT: generated new signing keys (never used in production)');
  return jwks;
}
