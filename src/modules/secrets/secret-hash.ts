// argon2id for every stored secret (passwords, client secrets), with the OWASP minimum
// parameters (m=19 MiB, t=2, p=1), computed on the bounded hashing pool (hash-pool.ts).
// @see https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
import type { Argon2Parameters } from './argon2-phc.ts';
import { runHashTask } from './hash-pool.ts';

export const ARGON2_OPTIONS: Argon2Parameters = { algorithm: 'argon2id', memory: 19456, passes: 2, parallelism: 1 };

export function hashSecret(secret: string): Promise<string> {
  return runHashTask<string>({ op: 'hash', secret, parameters: ARGON2_OPTIONS });
}

/**
 * A malformed stored hash is a failed verification, never a crash; a full pool rejects with
 * OverloadedError (answered 503 + Retry-After), which is not a wrong password.
 */
export function verifySecret(hash: string, secret: string): Promise<boolean> {
  return runHashTask<boolean>({ op: 'verify', hash, secret });
}

let dummyHash: Promise<string> | undefined;

async function dummy(): Promise<string> {
  dummyHash ??= hashSecret('chiakhoa-timing-equaliser');
  try {
    return await dummyHash;
  } catch (error) {
    dummyHash = undefined; // a shed attempt (pool full) must not be remembered for good
    throw error;
  }
}

/**
 * Spends the same time as a real verification when there is nothing to verify against (an
 * unknown number), so response timing does not reveal whether an account exists.
 */
export async function verifyAgainstDummy(secret: string): Promise<false> {
  await verifySecret(await dummy(), secret);
  return false;
}
