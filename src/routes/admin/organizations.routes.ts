// /admin/organizations: registration (apply, consent, verify), status, mandates, bulk import.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import type { MandatesService, GrantMandateInput } from '../../modules/organizations/mandates.service.ts';
import type { ApplyInput, OrganizationsService } from '../../modules/organizations/organizations.service.ts';
import type { createVerifiedImportService } from '../../modules/organizations/verified-import.service.ts';
import { actorOf, requireScope } from '../../plugins/admin-auth.ts';
import { errorResponses, idParams, organizationDetailsProperties, representativeSchema, security } from './schemas.ts';

export interface OrganizationRoutesDeps {
  organizations: OrganizationsService;
  mandates: MandatesService;
  verifiedImport: ReturnType<typeof createVerifiedImportService>;
}

const tags = ['organizations'];
const personalIdBody = {
  type: 'object',
  properties: { personalId: { type: 'string', maxLength: 24 } },
  required: ['personalId'],
  additionalProperties: false,
} as const;

export function registerOrganizationRoutes(app: FastifyInstance, deps: OrganizationRoutesDeps): void {
  const guard = { preHandler: requireScope('admin:organizations') };

  app.post<{ Body: ApplyInput }>(
    '/admin/organizations',
    {
      ...guard,
      schema: {
        tags,
        security,
        summary: 'A level-2 legal representative applies to register an organization',
        body: {
          type: 'object',
          properties: {
            ...organizationDetailsProperties,
            applicantPersonalId: { type: 'string', maxLength: 24 },
            legalRepresentatives: { type: 'array', minItems: 1, maxItems: 20, items: representativeSchema },
          },
          required: ['code', 'nameVi', 'applicantPersonalId', 'legalRepresentatives'],
          additionalProperties: false,
        },
        response: { ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await deps.organizations.apply(request.body, actorOf(request))),
  );

  app.get<{ Params: { id: string } }>(
    '/admin/organizations/:id',
    { ...guard, schema: { tags, security, params: idParams, response: errorResponses } },
    async (request) => {
      const found = await deps.organizations.get(request.params.id);
      if (!found) throw new AppError('not_found', 'no organization with this id');
      return found;
    },
  );

  app.post<{ Params: { id: string }; Body: { personalId: string } }>(
    '/admin/organizations/:id/consents',
    {
      ...guard,
      schema: {
        tags,
        security,
        summary: 'Another legal representative consents to the application',
        params: idParams,
        body: personalIdBody,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      await deps.organizations.consent(request.params.id, request.body.personalId, actorOf(request));
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: string } }>(
    '/admin/organizations/:id/verification',
    {
      ...guard,
      schema: {
        tags,
        security,
        summary: 'An authorised agency verifies the application; the organization becomes active',
        params: idParams,
        response: errorResponses,
      },
    },
    async (request) => deps.organizations.verify(request.params.id, actorOf(request)),
  );

  app.post<{ Params: { id: string }; Body: { status: 'active' | 'suspended' | 'dissolved'; reason: string } }>(
    '/admin/organizations/:id/status',
    {
      ...guard,
      schema: {
        tags,
        security,
        params: idParams,
        response: errorResponses,
        body: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['active', 'suspended', 'dissolved'] },
            reason: { type: 'string', minLength: 1, maxLength: 1000 },
          },
          required: ['status', 'reason'],
          additionalProperties: false,
        },
      },
    },
    async (request) =>
      deps.organizations.changeStatus(request.params.id, request.body.status, request.body.reason, actorOf(request)),
  );

  app.post<{ Params: { id: string }; Body: GrantMandateInput }>(
    '/admin/organizations/:id/mandates',
    {
      ...guard,
      schema: {
        tags,
        security,
        summary: 'A legal representative authorises a person to act for the organization',
        params: idParams,
        response: errorResponses,
        body: {
          type: 'object',
          properties: {
            grantorPersonalId: { type: 'string', maxLength: 24 },
            personalId: { type: 'string', maxLength: 24 },
            role: { type: 'string', minLength: 1, maxLength: 200 },
            clientIds: { type: ['array', 'null'], items: { type: 'string', maxLength: 200 }, maxItems: 100 },
            validFrom: { type: 'string', format: 'date-time' },
            validUntil: { type: 'string', format: 'date-time' },
          },
          required: ['grantorPersonalId', 'personalId', 'role', 'clientIds'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await deps.mandates.grant(request.params.id, request.body, actorOf(request))),
  );

  app.post<{ Params: { id: string; mandateId: string }; Body: { reason: string } }>(
    '/admin/organizations/:id/mandates/:mandateId/revocation',
    {
      ...guard,
      schema: {
        tags,
        security,
        response: errorResponses,
        params: {
          type: 'object',
          properties: { id: { type: 'string', format: 'uuid' }, mandateId: { type: 'string', format: 'uuid' } },
          required: ['id', 'mandateId'],
        },
        body: {
          type: 'object',
          properties: { reason: { type: 'string', minLength: 1, maxLength: 1000 } },
          required: ['reason'],
          additionalProperties: false,
        },
      },
    },
    async (request) =>
      deps.mandates.revoke(request.params.id, request.params.mandateId, request.body.reason, actorOf(request)),
  );

  app.post<{ Body: unknown[] }>(
    '/admin/organizations/import',
    {
      ...guard,
      schema: {
        tags,
        security,
        summary: 'Imports organizations already verified against the business registry',
        body: { type: 'array', maxItems: 10000, items: { type: 'object' } },
        response: errorResponses,
      },
    },
    async (request) => deps.verifiedImport.importRecords(request.body, actorOf(request)),
  );
}
