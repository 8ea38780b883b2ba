// What operating the service needs around every request, registered before the protocol
// routes so its hooks see every request: request ids, metrics, overload shedding, and the
// pre-serialised discovery and JWKS documents.
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import type { Config } from '../config.ts';
import type { Infrastructure } from '../infrastructure.ts';
import loadShedding from './load-shedding.ts';
import metrics from './metrics.ts';
import { protectRefreshRotation } from './refresh-rotation.ts';
import requestId, { addRequestIdToProviderErrors } from './request-id.ts';
import wellKnown from './well-known.ts';

export async function registerOperations(
  server: FastifyInstance,
  deps: { config: Config; provider: Provider; infrastructure: Infrastructure },
): Promise<void> {
  const { config, provider, infrastructure } = deps;
  await server.register(requestId);
  addRequestIdToProviderErrors(provider);
  protectRefreshRotation(provider, infrastructure.store);
  // Metrics before shedding, so shed requests are counted too (as 503s).
  await server.register(metrics, {
    provider,
    issuerPath: config.issuerPath,
    token: config.metricsToken,
    stores: { postgres: () => infrastructure.database.ping(), redis: () => infrastructure.store.ping() },
  });
  await server.register(loadShedding, { maxInFlight: config.limits.maxInFlight });
  // After shedding: a copy is cheap, but a flood of them still counts against the limit.
  await server.register(wellKnown, { issuerPath: config.issuerPath });
}
