// What every step after the password starts from: the interaction (still waiting for its
// login), the pending login bound to it, and the citizen, still active. Anything missing or
// expired answers the friendly "start again" page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { Citizen } from '../../modules/citizens/citizens.repository.ts';
import type { CitizensService } from '../../modules/citizens/citizens.service.ts';
import { requestLanguage } from '../../plugins/language.ts';
import type { PageLanguage } from '../../views/locale.ts';
import { expiredPage } from '../../views/message-pages.ts';
import type { PendingLogin, PendingLogins } from './pending-login.ts';

export type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

export interface StepContext {
  readonly details: Details;
  readonly uid: string;
  /** /interaction/:uid, where every step's form posts to. */
  readonly path: string;
  readonly pending: PendingLogin;
  readonly citizen: Citizen;
  readonly clientId: string;
  readonly language: PageLanguage;
}

export const uidParams = {
  type: 'object',
  properties: { uid: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } },
  required: ['uid'],
} as const;

export function htmlReply(reply: FastifyReply): FastifyReply {
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
}

export function createStepLoader(deps: { provider: Provider; citizens: CitizensService; pending: PendingLogins }) {
  return async function loadStep(request: FastifyRequest, reply: FastifyReply): Promise<StepContext | undefined> {
    let details: Details | undefined;
    try {
      details = await deps.provider.interactionDetails(request.raw, reply.raw);
    } catch (error) {
      if (!(error instanceof errors.SessionNotFound)) throw error;
    }
    const pending = details?.prompt.name === 'login' ? await deps.pending.load(details.uid) : undefined;
    const citizen = pending ? await deps.citizens.findById(pending.citizenId) : undefined;
    if (!details || !pending || citizen?.status !== 'active') {
      void htmlReply(reply)
        .status(400)
        .send(expiredPage(requestLanguage(request)));
      return undefined;
    }
    return {
      details,
      uid: details.uid,
      path: `/interaction/${details.uid}`,
      pending,
      citizen,
      clientId: String(details.params.client_id),
      language: requestLanguage(request, { uiLocales: details.params.ui_locales }),
    };
  };
}

export type StepLoader = ReturnType<typeof createStepLoader>;
