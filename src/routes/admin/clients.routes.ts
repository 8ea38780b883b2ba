// /admin/clients: portals owned by organizations (create, read, update, disable, enable,
// rotate a secret) and initial access tokens for Dynamic Client Registration. A generated
// secret or token appears once, in the response that created it.
import type { FastifyInstance } from 'fastify';
import type {
  DynamicRegistrations,
  InitialAccessTokenMinter,
} from '../../modules/clients/dynamic-registration.service.ts';
import type { PortalChanges, PortalInput } from '../../modules/clients/portal-input.ts';
import type { PortalsService } from '../../modules/clients/portals.service.ts';
import { actorOf, requireScope } from '../../plugins/admin-auth.ts';
import { clientIdParams, portalChangeProperties, portalProperties, reasonBody } from './clients.schemas.ts';
import { errorResponses, security } from './schemas.ts';

export interface ClientRoutesDeps {
  portals: PortalsService;
  registrations: DynamicRegistrations;
  mintInitialAccessToken: InitialAccessTokenMinter;
}

const tags = ['clients'];
type ById = { Params: { clientId: string } };

export function registerClientRoutes(app: FastifyInstance, deps: ClientRoutesDeps): void {
  const guard = { preHandler: requireScope('admin:clients') };
  const { portals } = deps;

  app.post<{ Body: PortalInput & { organizationId: string } }>(
    '/admin/clients',
    {
      ...guard,
      schema: {
        tags,
        security,
        summary: 'Registers a portal owned by an active organization; a generated clientSecret is shown once',
        body: {
          type: 'object',
          properties: { organizationId: { type: 'string', maxLength: 36 }, ...portalProperties },
          required: ['organizationId', 'name', 'redirectUris', 'scopes', 'tokenEndpointAuthMethod'],
          additionalProperties: false,
        },
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const { portal, clientSecret } = await portals.create(request.body, actorOf(request));
      return reply.status(201).send({ ...portal, ...(clientSecret ? { clientSecret } : {}) });
    },
  );

  app.get<{ Querystring: { organizationId?: string } }>(
    '/admin/clients',
    {
      ...guard,
      schema: {
        tags,
        security,
        summary: 'Lists portals, newest first (at most 500), optionally of one organization',
        querystring: { type: 'object', properties: { organizationId: { type: 'string', format: 'uuid' } } },
        response: errorResponses,
      },
    },
    async (request) => ({ portals: await portals.list(request.query.organizationId) }),
  );

  app.get<ById>(
    '/admin/clients/:clientId',
    { ...guard, schema: { tags, security, params: clientIdParams, response: errorResponses } },
    async (request) => portals.get(request.params.clientId),
  );

  app.patch<ById & { Body: PortalChanges }>(
    '/admin/clients/:clientId',
    {
      ...guard,
      schema: {
        tags,
        security,
        summary: 'Changes settings; every rule is checked again on the result (null clears an optional one)',
        params: clientIdParams,
        body: { type: 'object', properties: portalChangeProperties, additionalProperties: false },
        response: errorResponses,
      },
    },
    async (request) => {
      const { portal, clientSecret } = await portals.update(request.params.clientId, request.body, actorOf(request));
      return { ...portal, ...(clientSecret ? { clientSecret } : {}) };
    },
  );

  for (const action of ['disable', 'enable'] as const) {
    app.post<ById & { Body: { reason: string } }>(
      `/admin/clients/:clientId/${action}`,
      {
        ...guard,
        schema: {
          tags,
          security,
          summary:
            action === 'disable'
              ? 'Disables a portal: no new login, code redemption or refresh from its next request'
              : 'Enables a disabled portal again',
          params: clientIdParams,
          body: reasonBody,
          response: errorResponses,
        },
      },
      async (request) =>
        portals.setEnabled(request.params.clientId, action === 'enable', request.body.reason, actorOf(request)),
    );
  }

  app.post<ById & { Body: { overlapSeconds?: number } }>(
    '/admin/clients/:clientId/secret',
    {
      ...guard,
      schema: {
        tags,
        security,
        summary: 'Rotates a client_secret_basic secret; the old one stays valid for overlapSeconds (default 1 day)',
        params: clientIdParams,
        body: {
          type: 'object',
          properties: { overlapSeconds: { type: 'integer' } },
          additionalProperties: false,
        },
        response: errorResponses,
      },
    },
    async (request) =>
      portals.rotateSecret(request.params.clientId, request.body?.overlapSeconds ?? 86400, actorOf(request)),
  );

  app.post<{ Body: { organizationId: string; clientName: string; expiresInSeconds?: number } }>(
    '/admin/registration-tokens',
    {
      ...guard,
      schema: {
        tags,
        security,
        summary: 'Issues an initial access token (RFC 7591) for one organization and one approved portal name',
        body: {
          type: 'object',
          properties: {
            organizationId: { type: 'string', maxLength: 36 },
            clientName: { type: 'string', maxLength: 300 },
            expiresInSeconds: { type: 'integer' },
          },
          required: ['organizationId', 'clientName'],
          additionalProperties: false,
        },
        response: errorResponses,
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await deps.registrations.issue(request.body, actorOf(request), deps.mintInitialAccessToken)),
  );
}
