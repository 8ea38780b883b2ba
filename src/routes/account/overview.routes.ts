// The account page and its actions: withdraw a portal's access, sign out everywhere, download
// my data, sign out. Each action is audited with the citizen as the actor.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import type { AccountOverviewService } from '../../modules/account/account-overview.ts';
import type { MyDataExport } from '../../modules/account/my-data.ts';
import { recordAudit, type AuditEvent } from '../../modules/audit/audit.repository.ts';
import type { AccountTermination } from '../../oidc/account-termination.ts';
import type { PortalRevocation } from '../../oidc/portal-revocation.ts';
import { requestLanguage } from '../../plugins/language.ts';
import { accountMessagePage } from '../../views/account-messages.ts';
import { accountPage } from '../../views/account-page.ts';
import { MESSAGES } from '../../views/i18n.ts';
import type { AccountSessions } from './account-session.ts';
import type { SignedInGuard } from './account-login.ts';

const clientParams = {
  type: 'object',
  properties: { clientId: { type: 'string', minLength: 1, maxLength: 128 } },
  required: ['clientId'],
} as const;

export function registerAccountOverview(
  app: FastifyInstance,
  deps: {
    signedIn: SignedInGuard;
    sessions: AccountSessions;
    db: Database;
    overview: AccountOverviewService;
    myData: MyDataExport;
    revocation: PortalRevocation;
    termination: AccountTermination;
    selfClient: () => Promise<client.Configuration>;
  },
): void {
  const { signedIn } = deps;
  const page = (reply: FastifyReply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
  const audit = (request: FastifyRequest, citizenId: string, event: Omit<AuditEvent, 'actorType' | 'actorId' | 'ip'>) =>
    guardPostgres(() => recordAudit(deps.db, { type: 'citizen', id: citizenId, ip: request.ip }, event));

  app.get<{ Querystring: { withdrawn?: string } }>('/account', async (request, reply) => {
    const current = await signedIn(request, reply);
    if (!current) return reply;
    const language = requestLanguage(request);
    const overview = await deps.overview.of(current.citizen);
    const notice = request.query.withdrawn === '1' ? MESSAGES[language.locale].revoked : undefined;
    return page(reply).send(accountPage({ language, overview, notice }));
  });

  app.post<{ Params: { clientId: string } }>(
    '/account/portals/:clientId/revoke',
    { schema: { params: clientParams } },
    async (request, reply) => {
      const current = await signedIn(request, reply);
      if (!current) return reply;
      const { clientId } = request.params;
      const grants = await deps.revocation.endPortalAccess(current.citizen.id, clientId);
      await audit(request, current.citizen.id, {
        action: 'account.portal_access_withdrawn',
        targetType: 'citizen',
        targetId: current.citizen.id,
        clientId,
        details: { grants },
      });
      return reply.redirect('/account?withdrawn=1', 303);
    },
  );

  app.post('/account/sign-out-everywhere', async (request, reply) => {
    const current = await signedIn(request, reply);
    if (!current) return reply;
    const ended = await deps.termination.endCitizenAccess(current.citizen.id);
    await audit(request, current.citizen.id, {
      action: 'account.signed_out_everywhere',
      targetType: 'citizen',
      targetId: current.citizen.id,
      details: ended,
    });
    await deps.sessions.end(request, reply);
    return page(reply).send(accountMessagePage(requestLanguage(request), 'signedOutEverywhere'));
  });

  app.get('/account/data.json', async (request, reply) => {
    const current = await signedIn(request, reply);
    if (!current) return reply;
    const data = await deps.myData.of(current.citizen);
    await audit(request, current.citizen.id, {
      action: 'account.data_exported',
      targetType: 'citizen',
      targetId: current.citizen.id,
    });
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', 'attachment; filename="chiakhoa-data.json"')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });

  // Ends the account page's session, then chiakhoa's own through RP-initiated logout, which
  // asks the citizen to confirm and tells the portals (OIDC RP-Initiated Logout 1.0).
  app.post('/account/logout', async (request, reply) => {
    const current = await deps.sessions.current(request);
    await deps.sessions.end(request, reply);
    if (!current) return reply.redirect('/account', 303);
    const url = client.buildEndSessionUrl(await deps.selfClient(), { id_token_hint: current.session.idToken });
    return reply.redirect(url.href, 303);
  });
}
