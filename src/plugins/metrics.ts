// GET /metrics in Prometheus' text format: request rates and latencies per endpoint, sign-ins
// and token grants by outcome, Redis and Postgres health, the hashing pool's queue, and Node's
// own (event-loop delay, heap, GC). A registry per app, so tests can run several in a process.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type Provider from 'oidc-provider';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { hashPoolStats } from '../modules/secrets/hash-pool.ts';
import { check } from '../routes/health.ts';
import { endpointLabel } from './endpoint-label.ts';

export interface MetricsOptions {
  readonly provider: Provider;
  readonly issuerPath: string;
  readonly stores: Readonly<Record<'postgres' | 'redis', () => Promise<void>>>;
  /** When set, scrapes must send it as a bearer token. */
  readonly token: string | undefined;
}

const GRANT_TYPES = new Set(['authorization_code', 'refresh_token', 'client_credentials']);
const SIGN_IN_OUTCOMES: Record<number, string> = { 303: 'success', 200: 'failure', 400: 'expired', 503: 'unavailable' };

function createMetrics(registry: Registry, stores: MetricsOptions['stores']) {
  const registers = [registry];
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  return {
    requests: new Counter({
      name: 'chiakhoa_http_requests_total',
      help: 'HTTP requests answered, by endpoint and status',
      labelNames: ['method', 'endpoint', 'status'] as const,
      registers,
    }),
    duration: new Histogram({
      name: 'chiakhoa_http_request_duration_seconds',
      help: 'HTTP request latency, by endpoint',
      labelNames: ['method', 'endpoint'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers,
    }),
    signIns: new Counter({
      name: 'chiakhoa_sign_ins_total',
      help: 'Password sign-ins by outcome (success, failure, expired, unavailable, error)',
      labelNames: ['outcome'] as const,
      registers,
    }),
    grants: new Counter({
      name: 'chiakhoa_token_grants_total',
      help: 'Token endpoint grants by grant type and outcome (success or the OAuth error code)',
      labelNames: ['grant_type', 'outcome'] as const,
      registers,
    }),
    storeUp: new Gauge({
      name: 'chiakhoa_store_up',
      help: '1 when the store answered a probe within 1 s at scrape time',
      labelNames: ['store'] as const,
      registers,
      async collect() {
        for (const [store, probe] of Object.entries(stores)) {
          this.set({ store }, (await check(probe)) === 'ok' ? 1 : 0);
        }
      },
    }),
    hashQueue: new Gauge({
      name: 'chiakhoa_password_hash_queue_depth',
      help: 'argon2 tasks waiting for a hashing thread',
      registers,
      collect() {
        this.set(hashPoolStats().queued);
      },
    }),
  };
}

async function metricsPlugin(app: FastifyInstance, options: MetricsOptions): Promise<void> {
  const registry = new Registry();
  const metrics = createMetrics(registry, options.stores);

  app.addHook('onRequest', async (request, reply) => {
    const started = performance.now();
    // Labelled now: middie rewrites the raw url for the provider mounted under the issuer path.
    const endpoint = endpointLabel(request, options.issuerPath);
    // 'close' also fires for requests oidc-provider answers on the raw response (middie).
    reply.raw.once('close', () => {
      const status = reply.raw.statusCode;
      metrics.requests.inc({ method: request.method, endpoint, status });
      metrics.duration.observe({ method: request.method, endpoint }, (performance.now() - started) / 1000);
      if (request.method === 'POST' && endpoint === '/interaction/:uid/login') {
        metrics.signIns.inc({ outcome: SIGN_IN_OUTCOMES[status] ?? 'error' });
      }
    });
  });

  const grantType = (value: unknown) => (typeof value === 'string' && GRANT_TYPES.has(value) ? value : 'other');
  options.provider.on('grant.success', (ctx) => {
    metrics.grants.inc({ grant_type: grantType(ctx.oidc.params?.grant_type), outcome: 'success' });
  });
  options.provider.on('grant.error', (ctx, error: { error?: string }) => {
    metrics.grants.inc({ grant_type: grantType(ctx.oidc.params?.grant_type), outcome: error.error ?? 'error' });
  });

  const expected = options.token ? Buffer.from(`Bearer ${options.token}`) : undefined;
  app.get('/metrics', async (request, reply) => {
    if (expected) {
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return reply.status(401).send({ error: 'unauthorized', error_description: 'a metrics token is required' });
      }
    }
    return reply
      .type(registry.contentType)
      .header('cache-control', 'no-store')
      .send(await registry.metrics());
  });
}

export default fp(metricsPlugin, { name: 'chiakhoa-metrics', fastify: '5.x' });
