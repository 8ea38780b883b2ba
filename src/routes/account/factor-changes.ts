// What every change to a citizen's factors from the account page ends with: an audit row with
// the citizen as the actor, a notice to the verified contacts, and the factors page announcing
// it. Shared by factors.routes.ts and factor-enrolment.routes.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { recordAudit } from '../../modules/audit/audit.repository.ts';
import type { FactorInventory } from '../../modules/factors/factor-management.service.ts';
import { tellContacts } from '../../modules/notifier/contact-notice.ts';
import type { Notifier } from '../../modules/notifier/notifier.ts';
import { requestLanguage } from '../../plugins/language.ts';
import { recoveryCodesPage } from '../../views/factor-setup-pages.ts';
import { html } from '../../views/html.ts';
import { MESSAGES, type Messages } from '../../views/i18n.ts';

/** ?done= on the factors page, and the confirmation each one announces. */
export const DONE_NOTICES = { added: 'mfAdded', removed: 'mfRemoved', codes: 'mfCodesRenewed' } as const;
export type Done = keyof typeof DONE_NOTICES;

type NoticeText = 'factorAddedMessage' | 'factorRemovedMessage' | 'recoveryCodesRenewedMessage';

export const doneUrl = (done: Done) => `/account/factors?done=${done}`;

/** New recovery codes, shown this once (a POST's answer: no language switch that would lose them). */
export function recoveryCodesShown(request: FastifyRequest, codes: readonly string[], done: Done): string {
  const language = requestLanguage(request);
  const next = html`<a class="button secondary" href="${doneUrl(done)}">${MESSAGES[language.locale].rcSaved}</a>`;
  return recoveryCodesPage({ language, codes, next });
}

export function htmlPage(reply: FastifyReply): FastifyReply {
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
}

export function actorOf(request: FastifyRequest, citizenId: string) {
  return { type: 'citizen' as const, id: citizenId, ip: request.ip };
}

export function createFactorChanges(deps: { db: Database; notifier: Notifier }) {
  return {
    /** An account.* audit row, written before the citizen is told the change is done. */
    audit(request: FastifyRequest, citizenId: string, action: string, details?: Record<string, unknown>) {
      return guardPostgres(() =>
        recordAudit(deps.db, actorOf(request, citizenId), {
          action,
          targetType: 'citizen',
          targetId: citizenId,
          ...(details ? { details } : {}),
        }),
      );
    },

    /** The notice in the page's language, to the contacts known before the change. */
    tell(request: FastifyRequest, citizenId: string, contacts: FactorInventory, text: NoticeText) {
      const t: Messages = MESSAGES[requestLanguage(request).locale];
      return tellContacts(deps.notifier, contacts, { citizenId, text: t[text] }, (error) =>
        request.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'notice not sent'),
      );
    },
  };
}

export type FactorChanges = ReturnType<typeof createFactorChanges>;
