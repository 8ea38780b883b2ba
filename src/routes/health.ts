// Liveness says the process answers; readiness says both stores answer within a second, so
// a load balancer stops sending sign-ins to an instance that cannot complete them, or to one
// that is shutting down (the drain, plugins/draining.ts).
import type { FastifyInstance } from 'fastify';

export interface ReadinessChecks {
  readonly postgres: () => Promise<void>;
  readonly redis: () => Promise<void>;
  /** True once a graceful shutdown has begun. */
  readonly draining: () => boolean;
}

/** Runs a store probe with a 1 s limit (also used by /metrics). */
export async function check(probe: () => Promise<void>): Promise<'ok' | 'unavailable'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), 1000);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'ok';
  } catch {
    return 'unavailable';
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(app: FastifyInstance, checks: ReadinessChecks): void {
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async (_request, reply) => {
    // Stores are not asked: the answer is no whatever they say.
    if (checks.draining()) {
      return reply.status(503).send({ status: 'shutting_down', message: 'this instance is shutting down' });
    }
    const [postgres, redis] = await Promise.all([check(checks.postgres), check(checks.redis)]);
    const ready = postgres === 'ok' && redis === 'ok';
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks: { postgres, redis } });
  });
}
