// Client secrets: 256 random bits chiakhoa generates (never chosen by a portal), returned
// once, stored only as an argon2id hash. oidc-provider compares against that hash through
// the compareClientSecret override in oidc/provider.ts.
import { randomBytes } from 'node:crypto';
import { hashSecret } from '../secrets/secret-hash.ts';

export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

export const hashClientSecret = (secret: string): Promise<string> => hashSecret(secret);

/** What argon2 PHC strings start with: a value that is already a hash, not a secret. */
export const isSecretHash = (value: string): boolean => value.startsWith('$argon2');
