// Forgotten password: the citizen proves possession of the phone or email registered with the
// account by a one-time code sent there (NIST SP 800-63B §6.1.2.3: recovery by an out-of-band
// secret to a registered address), then sets a new password. Nothing tells whether a number
// has an account: every request gets the same answer, a challenge and the same code page, and
// a challenge for an unknown number simply never verifies. Sends are throttled per number
// (keyed digest) and per IP with the sign-in throttle's growing waits; a challenge allows five
// tries, counted atomically in the same counters; only a hash of the code is kept.
import { randomBytes } from 'node:crypto';
import type { StateStore } from '../../oidc/adapters/state-store.ts';
import type { Citizen } from '../citizens/citizens.repository.ts';
import { maskPersonalId, tryCanonicalPersonalId } from '../citizens/personal-id.ts';
import {
  hashOneTimeCode,
  matchesOneTimeCode,
  newOneTimeCode,
  ONE_TIME_CODE_MAX_ATTEMPTS,
} from '../factors/one-time-codes.ts';
import type { Channel, Notifier } from '../notifier/notifier.ts';
import type { FailureCounters } from '../security/failure-counters.ts';
import { createLoginThrottle, type ThrottlePolicy } from '../security/login-throttle.ts';

export const RECOVERY_TTL_SECONDS = 600;
const key = (challengeId: string) => `account:recovery:${challengeId}`;

/** Three codes per number an hour, then growing waits; an IP (a NAT, an office) gets more. */
export const RECOVERY_SEND_POLICY: ThrottlePolicy = {
  account: { free: 3, baseSeconds: 60, capSeconds: 3600, windowSeconds: 3600 },
  ip: { free: 20, baseSeconds: 60, capSeconds: 3600, windowSeconds: 3600 },
};

interface Challenge {
  readonly citizenId: string | null;
  readonly codeHash: string;
  readonly verified: boolean;
  /** Epoch ms: the challenge's absolute end, kept when it is rewritten. */
  readonly expiresAt: number;
}

export type CodeOutcome = 'verified' | 'wrong' | 'exhausted';

export function createRecoveryService(deps: {
  store: Pick<StateStore, 'putPointer' | 'getPointer' | 'deleteKeys'>;
  findByPersonalId: (personalId: string) => Promise<Citizen | undefined>;
  notifier: Notifier;
  /** The sign-in throttle's counters (Redis when configured); recovery keys are its own. */
  counters: FailureCounters;
  personalIdDigest: (personalId: string) => string;
  onSendError: (error: unknown) => void;
  /** Writes an audit row about the number asked for (by its digest, never the number). */
  audit: (event: {
    action: string;
    ip: string;
    digest: string | undefined;
    details: Record<string, unknown>;
  }) => Promise<void>;
}) {
  const throttle = createLoginThrottle(deps.counters, RECOVERY_SEND_POLICY);

  async function save(challengeId: string, challenge: Challenge): Promise<void> {
    const ttl = Math.ceil((challenge.expiresAt - Date.now()) / 1000);
    if (ttl > 0) await deps.store.putPointer(key(challengeId), JSON.stringify(challenge), ttl);
  }

  async function load(challengeId: string): Promise<Challenge | undefined> {
    if (!/^[\w-]{43}$/.test(challengeId)) return undefined;
    const raw = await deps.store.getPointer(key(challengeId));
    return raw ? (JSON.parse(raw) as Challenge) : undefined;
  }

  return {
    get available(): boolean {
      return deps.notifier.delivers;
    },

    /** A new challenge (the code goes out only to a matching account), or the wait imposed. */
    async start(input: {
      personalId: string;
      channel: Channel;
      ip: string;
      text: (code: string) => string;
    }): Promise<{ challengeId: string } | { waitSeconds: number }> {
      const personalId = tryCanonicalPersonalId(input.personalId);
      const keys = {
        account: personalId && `recovery:${deps.personalIdDigest(personalId)}`,
        ip: `recovery:${input.ip}`,
      };
      const waitSeconds = await throttle.secondsToWait(keys);
      if (waitSeconds > 0) return { waitSeconds };
      await throttle.recordFailure(keys); // every send counts, found or not
      const citizen = personalId ? await deps.findByPersonalId(personalId) : undefined;
      const to = citizen?.status === 'active' ? (input.channel === 'sms' ? citizen.phone : citizen.email) : null;
      const challengeId = randomBytes(32).toString('base64url');
      await deps.audit({
        action: 'account.recovery_requested',
        ip: input.ip,
        digest: personalId && deps.personalIdDigest(personalId),
        details: { channel: input.channel, personal_id: personalId ? maskPersonalId(personalId) : 'malformed' },
      });
      const code = newOneTimeCode();
      await save(challengeId, {
        citizenId: to && citizen ? citizen.id : null,
        codeHash: hashOneTimeCode(challengeId, code),
        verified: false,
        expiresAt: Date.now() + RECOVERY_TTL_SECONDS * 1000,
      });
      if (to && citizen) {
        // Not awaited: a gateway's latency must not tell a matching account from none.
        const notification = { channel: input.channel, to, citizenId: citizen.id, kind: 'one_time_code' as const };
        deps.notifier.send({ ...notification, text: input.text(code), code }).catch(deps.onSendError);
      }
      return { challengeId };
    },

    async exists(challengeId: string): Promise<boolean> {
      return (await load(challengeId)) !== undefined;
    },

    async verifyCode(challengeId: string, code: string): Promise<CodeOutcome> {
      const challenge = await load(challengeId);
      if (!challenge) return 'exhausted';
      // An atomic count, so parallel guesses cannot share one try.
      const attempt = await deps.counters.addFailure(`recovery-code:${challengeId}`, RECOVERY_TTL_SECONDS);
      if (attempt > ONE_TIME_CODE_MAX_ATTEMPTS) {
        await deps.store.deleteKeys([key(challengeId)]);
        return 'exhausted';
      }
      if (challenge.citizenId && matchesOneTimeCode(challengeId, challenge.codeHash, code)) {
        await save(challengeId, { ...challenge, verified: true });
        return 'verified';
      }
      if (attempt < ONE_TIME_CODE_MAX_ATTEMPTS) return 'wrong';
      await deps.store.deleteKeys([key(challengeId)]);
      return 'exhausted';
    },

    /** The citizen whose code was verified on this challenge, if any. */
    async verifiedCitizen(challengeId: string): Promise<string | undefined> {
      const challenge = await load(challengeId);
      return challenge?.verified && challenge.citizenId ? challenge.citizenId : undefined;
    },

    async finish(challengeId: string): Promise<void> {
      await deps.store.deleteKeys([key(challengeId)]);
    },
  };
}

export type RecoveryService = ReturnType<typeof createRecoveryService>;
