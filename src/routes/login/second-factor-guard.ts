// Guessing a second factor (an authenticator-app code, a recovery code, a one-time code) is
// throttled like guessing a password, on counters of its own: per citizen and per client
// address, growing waits after repeated wrong answers, checked before the answer is. A correct
// password does not reset them: whoever holds the password must not win fresh guesses by
// signing in again. Only a proved second factor resets the citizen's count. Passkeys are not
// guessable (a signature over a fresh challenge) and are not counted.
//
// One answer per citizen at a time: the wait is checked before an answer and counted after it,
// so answers sent in parallel would all pass the check at once. A second answer arriving while
// one is being checked is refused (429), uncounted.
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { FailureCounters } from '../../modules/security/failure-counters.ts';
import { createLoginThrottle, type ThrottlePolicy } from '../../modules/security/login-throttle.ts';

export type GuardVerdict =
  | { readonly outcome: 'right' }
  /** Wrong, and counted: the wait it started (0: none). */
  | { readonly outcome: 'wrong'; readonly waitSeconds: number }
  /** Not checked at all (a wait runs, or another answer is being checked): not counted. */
  | { readonly outcome: 'refused'; readonly waitSeconds: number };

export interface SecondFactorGuard {
  /** Checks one answer of this citizen's from this address behind the waits. */
  check(request: FastifyRequest, citizenId: string, answer: () => Promise<boolean> | boolean): Promise<GuardVerdict>;
}

/** A claim outlives no answer check: argon2 verifications of recovery codes take well under this. */
const CLAIM_MS = 10_000;

/** `counters` must be apart from the password's (a key prefix of their own). */
export function createSecondFactorGuard(counters: FailureCounters, policy: ThrottlePolicy): SecondFactorGuard {
  const throttle = createLoginThrottle(counters, policy);
  return {
    async check(request, citizenId, answer) {
      // Only behind TRUST_PROXY is request.ip read from X-Forwarded-For; IPv6 counts per /64.
      const keys = { account: citizenId, ip: normalizeIP(request.ip, 64) };
      const claim = `answer:${citizenId}`;
      const token = await counters.claim(claim, CLAIM_MS);
      if (!token) return { outcome: 'refused', waitSeconds: 1 };
      try {
        const wait = await throttle.secondsToWait(keys);
        if (wait > 0) return { outcome: 'refused', waitSeconds: wait };
        if (await answer()) {
          await throttle.recordSuccess(keys);
          return { outcome: 'right' };
        }
        return { outcome: 'wrong', waitSeconds: await throttle.recordFailure(keys) };
      } finally {
        // A release that fails must not hide the verdict (a recovery code may be spent already):
        // the claim expires on its own.
        await counters.release(claim, token).catch(() => undefined);
      }
    },
  };
}
