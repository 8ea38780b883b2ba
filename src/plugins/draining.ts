// The drain before a graceful close (src/server.ts turns it on at SIGTERM). Closing a server
// closes its idle keep-alive connections at once, and a portal or balancer that sends on one of
// them at that moment gets a reset: no server can answer a request it never read. So, for
// SHUTDOWN_DRAIN_MS first, readiness fails (balancers stop routing new connections here) and
// every answer says `Connection: close` (each keep-alive client retires its connection after
// that response), while requests are still served: when the close comes, a client that kept
// sending holds no idle connection to this process any more.
import type { FastifyInstance } from 'fastify';

export interface Drain {
  /** True from the shutdown signal on; read by readiness (routes/health.ts). */
  readonly active: boolean;
  start(): void;
}

/** The drain switch of this app, and the hook that tells each connection to close while it is on. */
export function registerDraining(app: FastifyInstance): Drain {
  let active = false;
  // On the raw response, like the security headers: oidc-provider answers through it directly,
  // never through fastify's reply. A request already under way when the drain starts keeps its
  // connection; the next request on that connection is the one told to close.
  app.addHook('onRequest', (_request, reply, done) => {
    if (active) reply.raw.setHeader('connection', 'close');
    done();
  });
  return {
    get active() {
      return active;
    },
    start() {
      active = true;
    },
  };
}
