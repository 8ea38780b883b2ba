// The admin API: an encapsulated fastify scope with its own auth, its OpenAPI document at
// /admin/openapi.json and a readable reference page at /admin/docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { JWK } from 'jose';
import type { AuditRepository } from '../../modules/audit/audit.repository.ts';
import { ADMIN_AUDIENCE, ADMIN_SCOPES } from '../../oidc/admin-resource.ts';
import { registerAdminAuth } from '../../plugins/admin-auth.ts';
import { registerAuditRoutes } from './audit.routes.ts';
import { registerCitizenRoutes, type CitizenRoutesDeps } from './citizens.routes.ts';
import { registerClientRoutes, type ClientRoutesDeps } from './clients.routes.ts';
import { registerOrganizationRoutes, type OrganizationRoutesDeps } from './organizations.routes.ts';

export interface AdminDeps {
  issuer: string;
  jwks: { keys: JWK[] };
  audit: AuditRepository;
  citizens: CitizenRoutesDeps;
  clients: ClientRoutesDeps;
  organizations: OrganizationRoutesDeps;
}

export async function registerAdminApi(app: FastifyInstance, deps: AdminDeps): Promise<void> {
  await app.register(async (admin) => {
    await admin.register(swagger, {
      openapi: {
        info: {
          title: 'chiakhoa admin API',
          version: '1',
          description: `Bearer tokens: client_credentials from ${deps.issuer}/token with resource ${ADMIN_AUDIENCE}, scopes ${ADMIN_SCOPES.join(', ')}.`,
        },
        components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      },
    });
    await admin.register(swaggerUi, { routePrefix: '/admin/docs' });
    await registerAdminAuth(admin, { issuer: deps.issuer, jwks: deps.jwks });
    admin.get('/admin/openapi.json', { schema: { hide: true } }, () => admin.swagger());
    registerOrganizationRoutes(admin, deps.organizations);
    registerCitizenRoutes(admin, deps.citizens);
    registerClientRoutes(admin, deps.clients);
    registerAuditRoutes(admin, deps.audit);
  });
}
