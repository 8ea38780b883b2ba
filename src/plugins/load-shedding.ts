// Overload protection: past maxInFlight requests at once, a new one is answered 503 +
// Retry-After at once instead of queueing behind the others. Latency then stays bounded
// (in-flight ÷ throughput) and the work admitted still completes, so throughput holds at
// the peak instead of collapsing. Probes and scrapes are never shed: they must see the load.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { OverloadedError } from '../errors.ts';

export interface LoadSheddingOptions {
  readonly maxInFlight: number;
}

const EXEMPT = /^\/(health\/|metrics$)/;

async function loadSheddingPlugin(app: FastifyInstance, options: LoadSheddingOptions): Promise<void> {
  let inFlight = 0;
  app.addHook('onRequest', async (request, reply) => {
    if (EXEMPT.test(request.url)) return;
    inFlight += 1;
    reply.raw.once('close', () => {
      inFlight -= 1;
    });
    // The error handler answers it: 503, Retry-After, the request id, HTML for pages.
    if (inFlight > options.maxInFlight) throw new OverloadedError('the service');
  });
}

export default fp(loadSheddingPlugin, { name: 'chiakhoa-load-shedding', fastify: '5.x' });
