// /admin/audit: read the audit trail, newest first.
import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../modules/audit/audit.repository.ts';
import { requireScope } from '../../plugins/admin-auth.ts';
import { errorResponses, security } from './schemas.ts';

export function registerAuditRoutes(app: FastifyInstance, audit: AuditRepository): void {
  app.get<{ Querystring: { targetType?: string; targetId?: string; limit?: number } }>(
    '/admin/audit',
    {
      preHandler: requireScope('admin:audit'),
      schema: {
        tags: ['audit'],
        security,
        response: errorResponses,
        querystring: {
          type: 'object',
          properties: {
            targetType: { type: 'string', maxLength: 50 },
            targetId: { type: 'string', maxLength: 200 },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => ({ events: await audit.list({ ...request.query, limit: request.query.limit ?? 100 }) }),
  );
}
