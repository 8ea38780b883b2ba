// TOTP secrets at rest: AES-256-GCM (node:crypto) under FACTOR_ENCRYPTION_KEY, with the
// citizen's id as additional authenticated data, so a ciphertext copied onto another citizen's
// row does not decrypt. Stored as "v1." + base64url(iv | tag | ciphertext); the version names
// the format so a future key rotation can tell old rows apart.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12; // NIST SP 800-38D §8.2: 96-bit random IVs
const TAG_BYTES = 16;

export interface FactorSecrets {
  seal(citizenId: string, plaintext: string): string;
  open(citizenId: string, sealed: string): string;
}

export function createFactorSecrets(base64urlKey: string): FactorSecrets {
  const key = Buffer.from(base64urlKey, 'base64url');
  if (key.length !== 32) throw new Error('the factor encryption key must be 32 bytes');
  return {
    seal(citizenId, plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(citizenId));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `v1.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
    },
    open(citizenId, sealed) {
      if (!sealed.startsWith('v1.')) throw new Error('unknown factor secret format');
      const raw = Buffer.from(sealed.slice(3), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES })
        .setAAD(Buffer.from(citizenId))
        .setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}
