// The organization step of a login (issue 3): the password is checked by the login route,
// which parks the authenticated citizen here (in the state store, bound to the interaction)
// instead of finishing; the citizen then picks an organization and the login finishes with an
// organization account id. Nothing of the choice is trusted from the form but its id, which
// must be one of the options computed again on submit.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { Citizen } from '../modules/citizens/citizens.repository.ts';
import type { CitizensService } from '../modules/citizens/citizens.service.ts';
import type { ActingService } from '../modules/organizations/acting.service.ts';
import { organizationAccountId } from '../oidc/account-id.ts';
import type { StateStore } from '../oidc/adapters/state-store.ts';
import { TTL } from '../oidc/provider-config.ts';
import { requestLanguage } from '../plugins/language.ts';
import { expiredPage } from '../views/message-pages.ts';
import { organizationChoicePage } from '../views/organization-choice-page.ts';

interface PendingLogin {
  citizenId: string;
  acr: string;
  amr: string[];
  /** A step-up keeps the session's sign-in time (auth_time). */
  ts?: number | undefined;
}

const pendingKey = (uid: string) => `interaction:pending-organization-login:${uid}`;
const params = {
  type: 'object',
  properties: { uid: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } },
  required: ['uid'],
} as const;

export interface OrganizationChoice {
  /** Called by the login route after a correct password on an organization request. */
  begin(
    reply: FastifyReply,
    uid: string,
    citizen: Citizen,
    login: { acr: string; amr: string[]; ts?: number | undefined },
  ): Promise<FastifyReply>;
}

export function registerOrganizationChoice(
  app: FastifyInstance,
  deps: { provider: Provider; store: StateStore; citizens: CitizensService; acting: ActingService },
): OrganizationChoice {
  async function context(request: FastifyRequest, reply: FastifyReply) {
    let details: Awaited<ReturnType<Provider['interactionDetails']>>;
    try {
      details = await deps.provider.interactionDetails(request.raw, reply.raw);
    } catch (error) {
      if (!(error instanceof errors.SessionNotFound)) throw error;
      details = undefined as never;
    }
    const raw = details ? await deps.store.getPointer(pendingKey(details.uid)) : undefined;
    const pending = raw ? (JSON.parse(raw) as PendingLogin) : undefined;
    const citizen = pending ? await deps.citizens.findById(pending.citizenId) : undefined;
    if (!details || !pending || citizen?.status !== 'active') {
      void reply
        .status(400)
        .type('text/html; charset=utf-8')
        .send(expiredPage(requestLanguage(request)));
      return undefined;
    }
    const clientId = String(details.params.client_id);
    return { details, pending, clientId, options: await deps.acting.optionsFor(citizen, clientId) };
  }

  app.get<{ Params: { uid: string } }>(
    '/interaction/:uid/organization',
    { schema: { params } },
    async (request, reply) => {
      const found = await context(request, reply);
      if (!found) return reply;
      const client = await deps.provider.Client.find(found.clientId);
      const page = organizationChoicePage({
        language: requestLanguage(request, { uiLocales: found.details.params.ui_locales }),
        path: `/interaction/${found.details.uid}`,
        portalName: client?.clientName ?? found.clientId,
        choices: found.options.map(({ organization, representation }) => ({
          representationId: representation.id,
          name: organization.nameVi,
          code: organization.code,
          basis: representation.kind,
          role: representation.role,
        })),
      });
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
    },
  );

  app.post<{ Params: { uid: string }; Body: { representation_id?: string } }>(
    '/interaction/:uid/organization',
    {
      schema: {
        params,
        body: { type: 'object', properties: { representation_id: { type: 'string', maxLength: 64 } } },
      },
    },
    async (request, reply) => {
      const found = await context(request, reply);
      if (!found) return reply;
      const chosen = found.options.find(({ representation }) => representation.id === request.body.representation_id);
      if (!chosen) return reply.redirect(`/interaction/${found.details.uid}/organization`, 303);
      await deps.store.deleteKeys([pendingKey(found.details.uid)]);
      const accountId = organizationAccountId(chosen.organization.id, chosen.representation.id, chosen.citizen.id);
      request.log.info(
        { client: found.clientId, organization: chosen.organization.id },
        'citizen acts for an organization',
      );
      const redirectTo = await deps.provider.interactionResult(
        request.raw,
        reply.raw,
        {
          login: {
            accountId,
            acr: found.pending.acr,
            amr: found.pending.amr,
            ...(found.pending.ts ? { ts: found.pending.ts } : {}),
            remember: false,
          },
        },
        { mergeWithLastSubmission: false },
      );
      return reply.redirect(redirectTo, 303);
    },
  );

  return {
    async begin(reply, uid, citizen, login) {
      const pending: PendingLogin = { citizenId: citizen.id, ...login };
      await deps.store.putPointer(pendingKey(uid), JSON.stringify(pending), TTL.Interaction);
      return reply.redirect(`/interaction/${uid}/organization`, 303);
    },
  };
}
