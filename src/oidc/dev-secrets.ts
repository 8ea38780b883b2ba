// Cookie keys, the pairwise salt and the key that encrypts second-factor secrets. Production takes them from the environment (config.ts
// refuses to start without them); development generates them once into a file under keys/.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { writePrivateJson } from './keys.ts';

export interface ProviderSecrets {
  readonly cookieKeys: string[];
  readonly pairwiseSalt: string;
  /** 32 bytes, base64url: AES-256-GCM key of TOTP secrets (modules/factors/factor-secrets.ts). */
  readonly factorEncryptionKey: string;
}

export function loadProviderSecrets(config: Config, log: Logger): ProviderSecrets {
  if (config.cookieKeys && config.pairwiseSalt && config.factorEncryptionKey) {
    return {
      cookieKeys: [...config.cookieKeys],
      pairwiseSalt: config.pairwiseSalt,
      factorEncryptionKey: config.factorEncryptionKey,
    };
  }
  let stored: Partial<ProviderSecrets> = {};
  if (existsSync(config.devSecretsFile)) {
    stored = JSON.parse(readFileSync(config.devSecretsFile, 'utf8')) as Partial<ProviderSecrets>;
  }
  const secrets: ProviderSecrets = {
    cookieKeys: config.cookieKeys
      ? [...config.cookieKeys]
      : (stored.cookieKeys ?? [randomBytes(32).toString('base64url')]),
    pairwiseSalt: config.pairwiseSalt ?? stored.pairwiseSalt ?? randomBytes(32).toString('base64url'),
    factorEncryptionKey:
      config.factorEncryptionKey ?? stored.factorEncryptionKey ?? randomBytes(32).toString('base64url'),
  };
  if (!stored.cookieKeys || !stored.pairwiseSalt || !stored.factorEncryptionKey) {
    // Same writer as the keys: a 0600 JSON file next to them.
    writePrivateJson(config.devSecretsFile, secrets);
    log.warn(
      { file: config.devSecretsFile },
      'DEVELOPMENT: generated cookie keys, pairwise salt and factor encryption key',
    );
  }
  return secrets;
}
