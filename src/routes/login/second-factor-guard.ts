// Guessing a second factor (an authenticator-app code, a recovery code, a one-time code) is
// throttled like guessing a password, on counters of its own: per citizen and per client
// address, growing waits after repeated wrong answers, checked before the answer is. A correct
// password does not reset them: whoever holds the password must not win fresh guesses by
// signing in again. Only a proved second factor resets the citizen's count. Passkeys are not
// guessable (a signature over a fresh challenge) and are not counted.
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { LoginThrottle } from '../../modules/security/login-throttle.ts';

export interface SecondFactorGuard {
  /** Seconds before this citizen's answer from this address may be checked (0: go ahead). */
  waitSeconds(request: FastifyRequest, citizenId: string): Promise<number>;
  /** A wrong answer: counts it, returns the wait it starts (0: none). */
  failed(request: FastifyRequest, citizenId: string): Promise<number>;
  /** A proved factor: the citizen's count starts again (the address's does not). */
  succeeded(request: FastifyRequest, citizenId: string): Promise<void>;
}

/** `throttle` must count on keys of its own, apart from the password's. */
export function createSecondFactorGuard(throttle: LoginThrottle): SecondFactorGuard {
  // Only behind TRUST_PROXY is request.ip read from X-Forwarded-For; IPv6 counts per /64.
  const keys = (request: FastifyRequest, citizenId: string) => ({
    account: citizenId,
    ip: normalizeIP(request.ip, 64),
  });
  return {
    waitSeconds: (request, citizenId) => throttle.secondsToWait(keys(request, citizenId)),
    failed: (request, citizenId) => throttle.recordFailure(keys(request, citizenId)),
    succeeded: (request, citizenId) => throttle.recordSuccess(keys(request, citizenId)),
  };
}
