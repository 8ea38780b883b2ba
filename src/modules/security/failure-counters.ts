// Counters of failed sign-ins, each with its own lifetime, and "holds" (an active wait) that
// only ever grow. Two implementations: Redis (src/redis/failure-counters.ts, shared by every
// process) and this in-process one for the embedded single-process default.
import { randomUUID } from 'node:crypto';

export interface FailureCounters {
  /** Adds one failure and returns the count; the count is forgotten windowSeconds after the last failure. */
  addFailure(key: string, windowSeconds: number): Promise<number>;
  /** Makes the key wait at least `ms` from now (an active longer wait is kept). */
  hold(key: string, ms: number): Promise<void>;
  /** Milliseconds left on the key's wait, 0 when none. */
  remainingHoldMs(key: string): Promise<number>;
  /** Forgets the key's failures and wait. */
  clear(key: string): Promise<void>;
  /**
   * Takes the key for one attempt at a time: a token, or undefined while another attempt has it.
   * Counting only after an answer is checked would let parallel answers all pass the wait's
   * check at once. Released by release() with its token (a claim that outlived `ms` and was
   * taken by another attempt is not released by the first), or after `ms` should the holder die.
   */
  claim(key: string, ms: number): Promise<string | undefined>;
  release(key: string, token: string): Promise<void>;
}

export function createMemoryFailureCounters(now: () => number = Date.now): FailureCounters {
  const counts = new Map<string, { count: number; expiresAt: number }>();
  const holds = new Map<string, number>();
  const claims = new Map<string, { token: string; until: number }>();
  // A bounded process: sweep what has expired so an attack cannot grow the maps forever.
  const sweeper = setInterval(() => {
    const at = now();
    for (const [key, entry] of counts) if (entry.expiresAt <= at) counts.delete(key);
    for (const [key, until] of holds) if (until <= at) holds.delete(key);
    for (const [key, claim] of claims) if (claim.until <= at) claims.delete(key);
  }, 60_000);
  sweeper.unref();

  return {
    async addFailure(key, windowSeconds) {
      const at = now();
      const current = counts.get(key);
      const count = current && current.expiresAt > at ? current.count + 1 : 1;
      counts.set(key, { count, expiresAt: at + windowSeconds * 1000 });
      return count;
    },
    async hold(key, ms) {
      holds.set(key, Math.max(holds.get(key) ?? 0, now() + ms));
    },
    async remainingHoldMs(key) {
      return Math.max(0, (holds.get(key) ?? 0) - now());
    },
    async clear(key) {
      counts.delete(key);
      holds.delete(key);
    },
    async claim(key, ms) {
      const at = now();
      if ((claims.get(key)?.until ?? 0) > at) return undefined;
      const token = randomUUID();
      claims.set(key, { token, until: at + ms });
      return token;
    },
    async release(key, token) {
      if (claims.get(key)?.token === token) claims.delete(key);
    },
  };
}
