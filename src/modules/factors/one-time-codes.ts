// One-time codes sent to the registered phone or email: six digits, five minutes, five tries,
// three sends per sign-in (NIST SP 800-63B §5.1.3: an out-of-band secret is short-lived and
// rate-limited). Only a hash bound to the sign-in is kept, in the pending login record.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

export const ONE_TIME_CODE_TTL_SECONDS = 300;
export const ONE_TIME_CODE_MAX_ATTEMPTS = 5;
export const ONE_TIME_CODE_MAX_SENDS = 3;

export function newOneTimeCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function hashOneTimeCode(bindTo: string, code: string): string {
  return createHash('sha256').update(`${bindTo}:${code}`).digest('base64url');
}

export function matchesOneTimeCode(bindTo: string, hash: string, input: string): boolean {
  const code = input.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(code)) return false;
  return timingSafeEqual(Buffer.from(hashOneTimeCode(bindTo, code)), Buffer.from(hash));
}

/** "•••• •••5678" / "t•••@example.vn": enough for the citizen to recognise, no more. */
export function maskContact(contact: string): string {
  const at = contact.indexOf('@');
  if (at > 0) return `${contact[0]}•••${contact.slice(at)}`;
  return `•••${contact.slice(-4)}`;
}
