// The defences around every request (README "Security"), registered before the provider's
// mount so they see its requests too: CSRF protection of forms, request rate limits; plus
// the audit of the provider's security events and what the login route needs against
// password guessing (growing waits, audit rows). Security headers come first of all (app.ts).
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import type { Config } from '../config.ts';
import type { Infrastructure } from '../infrastructure.ts';
import { createSecurityAudit } from '../modules/audit/security-events.ts';
import { createMemoryFailureCounters } from '../modules/security/failure-counters.ts';
import { createLoginThrottle } from '../modules/security/login-throttle.ts';
import { personalIdDigest } from '../modules/security/personal-id-digest.ts';
import { auditProviderEvents } from '../oidc/audit-events.ts';
import { createRedisFailureCounters } from '../redis/failure-counters.ts';
import { createSecondFactorGuard, type SecondFactorGuard } from '../routes/login/second-factor-guard.ts';
import { createSignInSecurity, type SignInSecurity } from '../routes/sign-in-security.ts';
import { registerFormProtection } from './form-protection.ts';
import { registerRateLimits } from './rate-limits.ts';

const HOUR = 3600;

export async function registerDefences(
  server: FastifyInstance,
  deps: {
    config: Config;
    provider: Provider;
    infrastructure: Infrastructure;
    cookieKeys: readonly string[];
    /** Keys the personal-number digests of throttle keys and audit rows. */
    digestSecret: string;
  },
): Promise<SignInSecurity & { readonly secondFactor: SecondFactorGuard }> {
  const { config, provider, infrastructure } = deps;
  await registerFormProtection(server, {
    cookieKeys: deps.cookieKeys,
    secure: config.issuer.startsWith('https://'),
    issuerPath: config.issuerPath,
  });
  await registerRateLimits(server, {
    limits: config.abuse,
    redis: infrastructure.redis,
    keyPrefix: config.redisKeyPrefix,
    issuerPath: config.issuerPath,
  });

  const digest = personalIdDigest(deps.digestSecret);
  const audit = createSecurityAudit(infrastructure.database.db, digest);
  auditProviderEvents(provider, audit, server.log);
  // onClose hooks run last-registered first: this one, before the database closes.
  server.addHook('onClose', () => audit.drain());
  const { abuse } = config;
  const wait = { baseSeconds: abuse.waitBaseSeconds, capSeconds: abuse.waitMaxSeconds };
  const counters = infrastructure.redis
    ? createRedisFailureCounters(infrastructure.redis, `${config.redisKeyPrefix}throttle:`)
    : createMemoryFailureCounters();
  const throttle = createLoginThrottle(counters, {
    // A number's failures are remembered for a day after the last one, an address's for an hour.
    account: { ...wait, free: abuse.accountFailuresBeforeWait, windowSeconds: 24 * HOUR },
    ip: { ...wait, free: abuse.ipFailuresBeforeWait, windowSeconds: HOUR },
  });
  // Second factors: counts of their own, which a correct password does not reset.
  const secondFactorCounters = infrastructure.redis
    ? createRedisFailureCounters(infrastructure.redis, `${config.redisKeyPrefix}throttle:mfa:`)
    : createMemoryFailureCounters();
  const secondFactor = createSecondFactorGuard(secondFactorCounters, {
    account: { ...wait, free: abuse.accountFailuresBeforeWait, windowSeconds: 24 * HOUR },
    ip: { ...wait, free: abuse.ipFailuresBeforeWait, windowSeconds: HOUR },
  });
  return { ...createSignInSecurity({ throttle, audit, digest }), secondFactor };
}
