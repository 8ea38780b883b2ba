// Growing waits against password guessing (README "Security"): per account, keyed by a
// keyed hash of the canonical identification number, and per client IP. After `free`
// failures, each further failure makes the key wait base·2^k seconds, capped. The check runs
// before any password hash is computed, a correct password does not bypass an active wait,
// and nothing is ever locked for good: waits expire, counts are forgotten `window` after the
// last failure. Unknown numbers are counted like known ones, so waits reveal nothing.
import type { FailureCounters } from './failure-counters.ts';

export interface WaitPolicy {
  /** Failures allowed before the first wait. */
  readonly free: number;
  readonly baseSeconds: number;
  readonly capSeconds: number;
  /** A count is forgotten this long after its last failure. */
  readonly windowSeconds: number;
}

export interface ThrottlePolicy {
  readonly account: WaitPolicy;
  readonly ip: WaitPolicy;
}

/** Where a sign-in comes from: the account key is absent for a malformed number (it can never succeed). */
export interface AttemptKeys {
  readonly account: string | undefined;
  readonly ip: string;
}

/** Seconds to wait after the count-th failure: 0 within the free allowance, then doubling to the cap. */
export function waitAfter(count: number, policy: WaitPolicy): number {
  if (count <= policy.free) return 0;
  const doublings = Math.min(count - policy.free - 1, 30);
  return Math.min(policy.capSeconds, policy.baseSeconds * 2 ** doublings);
}

export function createLoginThrottle(counters: FailureCounters, policy: ThrottlePolicy) {
  const dimensions = (keys: AttemptKeys) =>
    [
      keys.account === undefined ? undefined : { key: `acct:${keys.account}`, policy: policy.account },
      { key: `ip:${keys.ip}`, policy: policy.ip },
    ].filter((dimension) => dimension !== undefined);

  return {
    /** Seconds the attempt must still wait (0: go ahead). Throws when the store is down. */
    async secondsToWait(keys: AttemptKeys): Promise<number> {
      const remaining = await Promise.all(dimensions(keys).map(({ key }) => counters.remainingHoldMs(key)));
      return Math.ceil(Math.max(0, ...remaining) / 1000);
    },

    /** Counts a failure on each dimension; returns the wait it starts (0: none). */
    async recordFailure(keys: AttemptKeys): Promise<number> {
      const waits = await Promise.all(
        dimensions(keys).map(async ({ key, policy: dimension }) => {
          const count = await counters.addFailure(key, dimension.windowSeconds);
          const wait = waitAfter(count, dimension);
          if (wait > 0) await counters.hold(key, wait * 1000);
          return wait;
        }),
      );
      return Math.max(0, ...waits);
    },

    /** A correct password: the account's count starts again (the IP's does not). */
    async recordSuccess(keys: AttemptKeys): Promise<void> {
      if (keys.account !== undefined) await counters.clear(`acct:${keys.account}`);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
