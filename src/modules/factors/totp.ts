// RFC 6238 time-based codes (otplib): SHA-1, 6 digits, 30 s, as every authenticator app reads
// them from the otpauth:// URI. One step of drift either way is accepted (RFC 6238 §5.2 and
// §6: phones' clocks drift, and typing takes time); a code whose step is not after the last
// accepted one is refused, so a code is good once (otplib's afterTimeStep).
import { generate, generateSecret, generateURI, verify } from 'otplib';

export const TOTP_PERIOD_SECONDS = 30;
const DRIFT_SECONDS = TOTP_PERIOD_SECONDS; // ±1 step
const ISSUER = 'Chìa khóa';

/** A new 160-bit secret (RFC 4226 §4 recommends 160 bits), base32 for the apps. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** What the QR code carries; the label names the account without its identification number. */
export function totpUri(secret: string, accountLabel: string): string {
  return generateURI({ issuer: ISSUER, label: accountLabel, secret, period: TOTP_PERIOD_SECONDS });
}

/**
 * The time step the code belongs to, or undefined when it is wrong, too far off, or not after
 * `lastUsedStep`.
 */
export async function acceptedTotpStep(
  secret: string,
  code: string,
  lastUsedStep: number | null | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<number | undefined> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const result = await verify({
    secret,
    token,
    epoch: nowSeconds,
    period: TOTP_PERIOD_SECONDS,
    epochTolerance: DRIFT_SECONDS,
    ...(lastUsedStep == null ? {} : { afterTimeStep: lastUsedStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

/** The code an authenticator app shows at `nowSeconds` (tests play the app with it). */
export function totpCodeAt(secret: string, nowSeconds = Math.floor(Date.now() / 1000)): Promise<string> {
  return generate({ secret, epoch: nowSeconds, period: TOTP_PERIOD_SECONDS });
}
