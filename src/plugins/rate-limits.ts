// Request rate limits (@fastify/rate-limit, counters in Redis shared by every process, or in
// memory for the embedded default): per client IP and per minute on the login form, the
// token endpoints and the admin API; beyond it 429 too_many_requests with Retry-After. One
// onRequest hook, registered before the middie mount, so it also sees the provider's
// /token, which no fastify route owns. When Redis is down the request fails closed (503).
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AbuseLimits } from '../config.ts';
import { AppError, StoreUnavailableError } from '../errors.ts';
import type { RedisClient } from '../redis/connection.ts';

export interface RateLimitOptions {
  readonly limits: AbuseLimits;
  readonly redis: RedisClient | undefined;
  readonly keyPrefix: string;
  readonly issuerPath: string;
}

type Area = { name: string; max: number; matches: (method: string, path: string) => boolean };

function areas({ limits, issuerPath }: RateLimitOptions): Area[] {
  return [
    {
      name: 'login',
      max: limits.loginPerMinute,
      matches: (m, p) => m === 'POST' && /^\/interaction\/[^/]+\/login$/.test(p),
    },
    // Second-factor answers and code sends: guessable, and each send is a message to a phone.
    {
      name: 'second-factor',
      max: limits.loginPerMinute,
      matches: (m, p) => m === 'POST' && /^\/interaction\/[^/]+\/second-factor\/.+$/.test(p),
    },
    // The account area's password forms and recovery codes: guessable like the login form.
    {
      name: 'account',
      max: limits.loginPerMinute,
      matches: (m, p) => m === 'POST' && (p === '/account/password' || p.startsWith('/account/recover')),
    },
    // /token, /token/introspection, /token/revocation: client authentication is guessable.
    { name: 'token', max: limits.tokenPerMinute, matches: (_m, p) => p.startsWith(`${issuerPath}/token`) },
    { name: 'admin', max: limits.adminPerMinute, matches: (_m, p) => p.startsWith('/admin/') },
  ];
}

export async function registerRateLimits(app: FastifyInstance, options: RateLimitOptions): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    ...(options.redis ? { redis: options.redis, nameSpace: `${options.keyPrefix}rate:` } : {}),
    errorResponseBuilder: (_request, context) =>
      new AppError('too_many_requests', `too many requests from this address: retry in ${context.after}`),
  });
  const limiters = areas(options).map((area) => ({
    ...area,
    check: app.rateLimit({
      max: area.max,
      timeWindow: 60_000,
      // IPv6 clients are counted per /64, the block one subscriber gets.
      keyGenerator: (request: FastifyRequest) => `${area.name}:${normalizeIP(request.ip, 64)}`,
    }),
  }));

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const limiter = limiters.find((candidate) => candidate.matches(request.method, path));
    if (!limiter) return;
    try {
      await limiter.check.call(app, request, reply);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new StoreUnavailableError('redis', { cause: error });
    }
  });
}
