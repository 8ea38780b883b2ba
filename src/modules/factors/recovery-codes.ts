// Recovery codes: ten single-use codes shown once, for the day the phone with the
// authenticator app is lost. 50 random bits each (ten base32 characters), stored as argon2id
// hashes like passwords, because they are as good as a second factor.
import { randomBytes } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
// The RFC 4648 base32 alphabet: no 0, 1 or 8 to mistake for O, I or B.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function newRecoveryCode(): string {
  const chars = [...randomBytes(10)].map((byte) => ALPHABET[byte & 31]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** What a citizen types, reduced to what was issued: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(input: string): string | undefined {
  const chars = input.toUpperCase().replace(/[\s-]+/g, '');
  if (!/^[A-Z2-7]{10}$/.test(chars)) return undefined;
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
