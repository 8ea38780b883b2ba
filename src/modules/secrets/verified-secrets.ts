// Client secrets are 256-bit random values chiakhoa generated: argon2 protects their stored
// hashes against an offline attack on a leaked table, but running argon2 on every token
// request would make it the token endpoint's bottleneck (~40 verifications/s per core). So a
// successful verification is remembered for a few minutes, as an HMAC under a per-process
// random key: memory holds nothing that reveals the secret, a rotated secret (new hash) misses,
// and failures are never remembered, so guessing still costs one argon2 run per attempt.
// Identical verifications that arrive together (a portal's burst of token requests before the
// first has been verified) share one argon2 run instead of filling the bounded hash queue.
// Passwords never come through here: citizens' passwords are low-entropy.
import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { verifySecret } from './secret-hash.ts';

const TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;
// A KeyObject, prepared once: a raw Buffer key is re-imported on every HMAC.
const key = createSecretKey(randomBytes(32));
const remembered = new Map<string, number>();
const inFlight = new Map<string, Promise<boolean>>();

export async function verifyClientSecret(hash: string, secret: string): Promise<boolean> {
  const id = createHmac('sha256', key).update(hash).update('\u0000').update(secret).digest('base64url');
  const until = remembered.get(id);
  if (until !== undefined && until > Date.now()) return true;
  const pending = inFlight.get(id);
  if (pending) return pending;
  const verification = verifyAndRemember(id, hash, secret).finally(() => inFlight.delete(id));
  inFlight.set(id, verification);
  return verification;
}

async function verifyAndRemember(id: string, hash: string, secret: string): Promise<boolean> {
  const valid = await verifySecret(hash, secret);
  if (valid) {
    // Oldest first: a Map iterates in insertion order.
    if (remembered.size >= MAX_ENTRIES) remembered.delete(remembered.keys().next().value!);
    remembered.delete(id);
    remembered.set(id, Date.now() + TTL_MS);
  } else {
    remembered.delete(id);
  }
  return valid;
}
