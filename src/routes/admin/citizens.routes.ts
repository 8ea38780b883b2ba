// /admin/citizens: enrolment (one, or a population-registry export as CSV or JSON Lines),
// account level, locks and unlocks. Password hashes never leave the service.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import type { Citizen, CitizensRepository } from '../../modules/citizens/citizens.repository.ts';
import {
  LOCK_GROUNDS,
  type CitizensAdminService,
  type LockGround,
} from '../../modules/citizens/citizens-admin.service.ts';
import type { EnrolCitizenInput } from '../../modules/citizens/citizens.service.ts';
import { tryCanonicalPersonalId } from '../../modules/citizens/personal-id.ts';
import { parseCsv, parseJsonLines } from '../../modules/citizens/population-export.ts';
import { actorOf, requireScope } from '../../plugins/admin-auth.ts';
import { errorResponses, idParams, security } from './schemas.ts';

export interface CitizenRoutesDeps {
  repository: CitizensRepository;
  admin: CitizensAdminService;
}

const tags = ['citizens'];

function view(citizen: Citizen) {
  const { passwordHash: _hidden, ...rest } = citizen;
  return rest;
}

export function registerCitizenRoutes(app: FastifyInstance, deps: CitizenRoutesDeps): void {
  const guard = { preHandler: requireScope('admin:citizens') };
  // Registry exports arrive as text; the admin scope raises the body limit for them alone.
  for (const type of ['text/csv', 'application/x-ndjson', 'application/jsonl']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
  }

  app.post<{ Body: EnrolCitizenInput }>(
    '/admin/citizens',
    {
      ...guard,
      schema: {
        tags,
        security,
        summary: 'Enrols one citizen',
        response: errorResponses,
        body: {
          type: 'object',
          properties: {
            personalId: { type: 'string', maxLength: 24 },
            fullName: { type: 'string', maxLength: 300 },
            familyName: { type: 'string', maxLength: 100 },
            givenName: { type: 'string', maxLength: 100 },
            birthDate: { type: 'string', maxLength: 10 },
            sex: { type: 'string', enum: ['male', 'female'] },
            phone: { type: 'string', maxLength: 20 },
            email: { type: 'string', maxLength: 254 },
            accountLevel: { type: 'integer', enum: [1, 2] },
            password: { type: 'string', maxLength: 64 },
          },
          required: ['personalId', 'fullName', 'birthDate', 'sex', 'password'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const citizen = await deps.admin.enrol(request.body, actorOf(request));
      return reply.status(201).send(view(citizen));
    },
  );

  app.post(
    '/admin/citizens/import',
    {
      bodyLimit: 20 * 1024 * 1024,
      ...guard,
      schema: {
        tags,
        security,
        summary: 'Imports a population-registry export (text/csv or application/x-ndjson)',
        response: errorResponses,
      },
    },
    async (request) => {
      const type = request.headers['content-type'] ?? '';
      if (typeof request.body !== 'string')
        throw new AppError('invalid_request', 'send the export as text/csv or application/x-ndjson');
      const rows = type.startsWith('text/csv') ? parseCsv(request.body) : parseJsonLines(request.body);
      return deps.admin.importRows(rows, actorOf(request));
    },
  );

  app.get<{ Querystring: { personalId: string } }>(
    '/admin/citizens',
    {
      ...guard,
      schema: {
        tags,
        security,
        summary: 'Finds a citizen by personal identification number',
        querystring: {
          type: 'object',
          properties: { personalId: { type: 'string', maxLength: 24 } },
          required: ['personalId'],
        },
        response: errorResponses,
      },
    },
    async (request) => {
      const personalId = tryCanonicalPersonalId(request.query.personalId);
      const citizen = personalId ? await deps.repository.findByPersonalId(personalId) : undefined;
      if (!citizen) throw new AppError('not_found', 'no citizen with this personal identification number');
      return view(citizen);
    },
  );

  app.post<{ Params: { id: string }; Body: { accountLevel: 1 | 2 } }>(
    '/admin/citizens/:id/level',
    {
      ...guard,
      schema: {
        tags,
        security,
        params: idParams,
        response: errorResponses,
        body: {
          type: 'object',
          properties: { accountLevel: { type: 'integer', enum: [1, 2] } },
          required: ['accountLevel'],
          additionalProperties: false,
        },
      },
    },
    async (request) =>
      view(await deps.admin.changeLevel(request.params.id, request.body.accountLevel, actorOf(request))),
  );

  app.post<{ Params: { id: string }; Body: { ground: LockGround; requestedBy: string } }>(
    '/admin/citizens/:id/lock',
    {
      ...guard,
      schema: {
        tags,
        security,
        summary: 'Locks an account: ends its sessions, revokes its grants, tells its portals by back-channel logout',
        params: idParams,
        response: errorResponses,
        body: {
          type: 'object',
          properties: {
            ground: { type: 'string', enum: Object.keys(LOCK_GROUNDS) },
            requestedBy: { type: 'string', minLength: 1, maxLength: 300 },
          },
          required: ['ground', 'requestedBy'],
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { citizen, ended } = await deps.admin.lock(
        request.params.id,
        request.body.ground,
        request.body.requestedBy,
        actorOf(request),
      );
      return { citizen: view(citizen), ended };
    },
  );

  app.post<{ Params: { id: string }; Body: { reason: string; requestedBy: string } }>(
    '/admin/citizens/:id/unlock',
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
            reason: { type: 'string', minLength: 1, maxLength: 1000 },
            requestedBy: { type: 'string', minLength: 1, maxLength: 300 },
          },
          required: ['reason', 'requestedBy'],
          additionalProperties: false,
        },
      },
    },
    async (request) =>
      view(await deps.admin.unlock(request.params.id, request.body.reason, request.body.requestedBy, actorOf(request))),
  );
}
