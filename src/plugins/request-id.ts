// Every response carries X-Request-Id (the id in every log line of that request), also those
// oidc-provider writes on the raw response, so a portal's report can be found in our logs.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type Provider from 'oidc-provider';

async function requestIdPlugin(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    reply.raw.setHeader('x-request-id', request.id);
  });
}

export default fp(requestIdPlugin, { name: 'chiakhoa-request-id', fastify: '5.x' });

/** oidc-provider renders its own JSON errors: they get the request id too. */
export function addRequestIdToProviderErrors(provider: Provider): void {
  provider.use(async (ctx, next) => {
    await next();
    const body: unknown = ctx.body;
    if (ctx.status >= 400 && body && typeof body === 'object' && 'error' in body && !Buffer.isBuffer(body)) {
      ctx.body = { ...body, request_id: ctx.res.getHeader('x-request-id') };
    }
  });
}
