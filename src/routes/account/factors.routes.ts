// The account page's second factors (issue 7): the list, removing an authenticator app or a
// passkey, and new recovery codes. The list needs only the account page's session; every
// change needs a recent sign-in (recent-sign-in.ts) and opens on a confirmation page, whose
// form is the only way to post the change.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FactorManagement, FactorInventory } from '../../modules/factors/factor-management.service.ts';
import { hasSecondFactor } from '../../modules/factors/factor-management.service.ts';
import type { SecondFactors } from '../../modules/factors/second-factors.service.ts';
import { requestLanguage } from '../../plugins/language.ts';
import { passkeyLabel, accountFactorsPage } from '../../views/account-factors-page.ts';
import { regenerateCodesPage, removeFactorPage } from '../../views/account-factor-pages.ts';
import { MESSAGES } from '../../views/i18n.ts';
import type { SignedInGuard } from './account-login.ts';
import {
  actorOf,
  DONE_NOTICES,
  doneUrl,
  htmlPage,
  recoveryCodesShown,
  type Done,
  type FactorChanges,
} from './factor-changes.ts';
import type { RecentSignIn } from './recent-sign-in.ts';

const passkeyParams = {
  type: 'object',
  // A WebAuthn credential id, base64url (at most 1023 bytes: WebAuthn §5.8.1 Credential ID).
  properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,1400}$' } },
  required: ['id'],
} as const;
type PasskeyRequest = FastifyRequest<{ Params: { id: string } }>;

/** What the citizen would have left without this factor: the warnings its removal page shows. */
function removalWarnings(inventory: FactorInventory, without: Partial<FactorInventory>, lastPasskey: boolean) {
  const after = { ...inventory, ...without };
  return [
    ...(hasSecondFactor(after) ? [] : (['mfWarnLastFactor'] as const)),
    ...(lastPasskey ? (['mfWarnLastPasskey'] as const) : []),
  ];
}

export function registerAccountFactors(
  app: FastifyInstance,
  deps: {
    signedIn: SignedInGuard;
    recentSignIn: RecentSignIn;
    management: FactorManagement;
    factors: SecondFactors;
    changes: FactorChanges;
    codesDelivered: boolean;
    recentSeconds: number;
  },
): void {
  const { recentSignIn, management, changes } = deps;

  app.get<{ Querystring: { done?: string } }>('/account/factors', async (request, reply) => {
    const current = await deps.signedIn(request, reply);
    if (!current) return reply;
    const language = requestLanguage(request);
    const done = request.query.done;
    const notice = done && done in DONE_NOTICES ? MESSAGES[language.locale][DONE_NOTICES[done as Done]] : undefined;
    const page = accountFactorsPage({
      language,
      inventory: await management.inventory(current.citizen),
      codesDelivered: deps.codesDelivered,
      recentMinutes: Math.ceil(deps.recentSeconds / 60),
      notice,
    });
    return htmlPage(reply).send(page);
  });

  app.get('/account/factors/totp/remove', async (request, reply) => {
    const recent = await recentSignIn(request, reply);
    if (!recent) return reply;
    if (!recent.inventory.totp) return reply.redirect('/account/factors', 303);
    const t = MESSAGES[requestLanguage(request).locale];
    const warnings = removalWarnings(recent.inventory, { totp: undefined }, false).map((key) => t[key]);
    const page = removeFactorPage({
      language: requestLanguage(request),
      title: t.mfRemoveTotpTitle,
      name: t.mfAppName,
      action: '/account/factors/totp/remove',
      warnings,
    });
    return htmlPage(reply).send(page);
  });

  app.post('/account/factors/totp/remove', async (request, reply) => {
    const recent = await recentSignIn(request, reply, '/account/factors/totp/remove');
    if (!recent) return reply;
    if (!(await management.removeTotp(recent.citizen.id, actorOf(request, recent.citizen.id)))) {
      return reply.redirect('/account/factors', 303);
    }
    await changes.tell(request, recent.citizen.id, recent.inventory, 'factorRemovedMessage');
    return reply.redirect(doneUrl('removed'), 303);
  });

  const schema = { schema: { params: passkeyParams } };
  app.get('/account/factors/passkeys/:id/remove', schema, async (request: PasskeyRequest, reply) => {
    const recent = await recentSignIn(request, reply);
    if (!recent) return reply;
    const { passkeys } = recent.inventory;
    const index = passkeys.findIndex((passkey) => passkey.id === request.params.id);
    if (index < 0) return reply.redirect('/account/factors', 303);
    const t = MESSAGES[requestLanguage(request).locale];
    const others = passkeys.filter((passkey) => passkey.id !== request.params.id);
    const warnings = removalWarnings(recent.inventory, { passkeys: others }, others.length === 0);
    const page = removeFactorPage({
      language: requestLanguage(request),
      title: t.mfRemovePasskeyTitle,
      name: passkeyLabel(t, index),
      action: `/account/factors/passkeys/${encodeURIComponent(request.params.id)}/remove`,
      warnings: warnings.map((key) => t[key]),
      hint: t.mfRemovePasskeyHint,
    });
    return htmlPage(reply).send(page);
  });

  app.post('/account/factors/passkeys/:id/remove', schema, async (request: PasskeyRequest, reply) => {
    const retry = `/account/factors/passkeys/${encodeURIComponent(request.params.id)}/remove`;
    const recent = await recentSignIn(request, reply, retry);
    if (!recent) return reply;
    const actor = actorOf(request, recent.citizen.id);
    if (!(await management.removePasskey(recent.citizen.id, request.params.id, actor))) {
      return reply.redirect('/account/factors', 303);
    }
    await changes.tell(request, recent.citizen.id, recent.inventory, 'factorRemovedMessage');
    return reply.redirect(doneUrl('removed'), 303);
  });

  app.get('/account/factors/recovery-codes', async (request, reply) => {
    const recent = await recentSignIn(request, reply);
    if (!recent) return reply;
    const page = regenerateCodesPage({ language: requestLanguage(request), remaining: recent.inventory.recoveryCodes });
    return htmlPage(reply).send(page);
  });

  app.post('/account/factors/recovery-codes', async (request, reply) => {
    const recent = await recentSignIn(request, reply, '/account/factors/recovery-codes');
    if (!recent) return reply;
    const citizenId = recent.citizen.id;
    const codes = await deps.factors.issueRecoveryCodes(citizenId, actorOf(request, citizenId));
    await changes.audit(request, citizenId, 'account.recovery_codes_regenerated', { count: codes.length });
    await changes.tell(request, citizenId, recent.inventory, 'recoveryCodesRenewedMessage');
    return htmlPage(reply).send(recoveryCodesShown(request, codes, 'codes'));
  });
}
