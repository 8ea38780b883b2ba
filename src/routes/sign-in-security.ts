// What stands around the interaction routes' decisions: the growing wait (checked before any
// password hash is computed), the failure and success counts, and the audit rows of sign-in,
// consent and refusal, written before the interaction finishes, so a decision whose audit
// row cannot be written fails instead of taking effect.
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { coarseDevice } from '../modules/account/approximate-origin.ts';
import type { SecurityAudit } from '../modules/audit/security-events.ts';
import type { Citizen } from '../modules/citizens/citizens.repository.ts';
import { tryCanonicalPersonalId } from '../modules/citizens/personal-id.ts';
import type { LoginThrottle } from '../modules/security/login-throttle.ts';
import type { PersonalIdDigest } from '../modules/security/personal-id-digest.ts';

export interface LoginAttempt {
  /** Seconds before this attempt may be checked; > 0 means refuse it without hashing. */
  readonly waitSeconds: number;
  /** A wrong number or password: counts it, audits it, returns the wait it starts. */
  failed(): Promise<number>;
  /** A correct password: resets the number's count and audits the sign-in. */
  succeeded(citizen: Citizen, login: { acr: string; amr: string[] }): Promise<void>;
}

export interface SignInSecurity {
  beginLogin(request: FastifyRequest, personalIdInput: string, clientId: string | undefined): Promise<LoginAttempt>;
  consentGiven(
    request: FastifyRequest,
    clientId: string,
    accountId: string,
    grantId: string,
    granted: { scopes: string[]; claims: string[] },
  ): Promise<void>;
  declined(request: FastifyRequest, clientId: string, accountId: string | undefined): Promise<void>;
}

export function createSignInSecurity(deps: {
  throttle: LoginThrottle;
  audit: SecurityAudit;
  digest: PersonalIdDigest;
}): SignInSecurity {
  return {
    consentGiven: (request, clientId, accountId, grantId, granted) =>
      deps.audit.consentGiven({ ip: request.ip, clientId }, accountId, grantId, granted),
    declined: (request, clientId, accountId) => deps.audit.declined({ ip: request.ip, clientId }, accountId),
    async beginLogin(request, personalIdInput, clientId) {
      const personalId = tryCanonicalPersonalId(personalIdInput);
      // Only behind TRUST_PROXY is request.ip read from X-Forwarded-For; IPv6 counts per /64.
      const keys = { account: personalId && deps.digest(personalId), ip: normalizeIP(request.ip, 64) };
      const origin = { ip: request.ip, clientId, device: coarseDevice(request.headers['user-agent']) };
      const waitSeconds = await deps.throttle.secondsToWait(keys);
      return {
        waitSeconds,
        async failed() {
          const wait = await deps.throttle.recordFailure(keys);
          await deps.audit.signInFailed(origin, personalId, wait);
          return wait;
        },
        async succeeded(citizen, login) {
          await deps.throttle.recordSuccess(keys);
          await deps.audit.signedIn(origin, citizen, login);
        },
      };
    },
  };
}
