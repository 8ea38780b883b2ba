// Adding an authenticator app or a passkey from the account page (issue 7), with the sign-in's
// own pages and rules (second-factors.service.ts, passkeys.service.ts): the app confirmed by a
// code it shows, the passkey by a WebAuthn ceremony bound to chiakhoa's origin. What is being
// set up (the sealed app secret, the challenge) waits in the state store, per citizen, briefly.
// A first factor brings the recovery codes, shown once, as during a sign-in.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FactorSecrets } from '../../modules/factors/factor-secrets.ts';
import type { Passkeys } from '../../modules/factors/passkeys.service.ts';
import type { SecondFactors } from '../../modules/factors/second-factors.service.ts';
import { newTotpSecret } from '../../modules/factors/totp.ts';
import type { StateStore } from '../../oidc/adapters/state-store.ts';
import { requestLanguage } from '../../plugins/language.ts';
import { passkeySetupPage, totpSetupPage } from '../../views/factor-setup-pages.ts';
import { html } from '../../views/html.ts';
import { MESSAGES } from '../../views/i18n.ts';
import { totpQrSvg } from '../../views/totp-qr.ts';
import { parseCeremony } from '../login/second-factor.routes.ts';
import { actorOf, doneUrl, htmlPage, recoveryCodesShown, type FactorChanges } from './factor-changes.ts';
import type { RecentContext, RecentSignIn } from './recent-sign-in.ts';

const SETUP_TTL_SECONDS = 10 * 60;
const totpKey = (citizenId: string) => `account:totp-setup:${citizenId}`;
const challengeKey = (citizenId: string) => `account:passkey-challenge:${citizenId}`;

const body = {
  type: 'object',
  properties: { code: { type: 'string', maxLength: 32 }, response: { type: 'string', maxLength: 16_384 } },
} as const;
type SetupRequest = FastifyRequest<{ Body: { code?: string; response?: string } }>;

export function registerFactorEnrolment(
  app: FastifyInstance,
  deps: {
    recentSignIn: RecentSignIn;
    store: StateStore;
    secrets: FactorSecrets;
    factors: SecondFactors;
    passkeys: Passkeys;
    changes: FactorChanges;
  },
): void {
  const { recentSignIn, store, secrets } = deps;
  const back = (request: FastifyRequest) =>
    html`<a class="button secondary" href="/account/factors">${MESSAGES[requestLanguage(request).locale].mfBack}</a>`;

  async function totpPage(request: FastifyRequest, reply: FastifyReply, recent: RecentContext, error?: string) {
    const { citizen } = recent;
    let sealed = await store.getPointer(totpKey(citizen.id));
    if (!sealed) {
      sealed = secrets.seal(citizen.id, newTotpSecret());
      await store.putPointer(totpKey(citizen.id), sealed, SETUP_TTL_SECONDS);
    }
    const secret = secrets.open(citizen.id, sealed);
    const language = requestLanguage(request, { replayableUrl: '/account/factors/totp' });
    const qrSvg = await totpQrSvg(secret, citizen.fullName);
    const page = totpSetupPage({
      language,
      action: '/account/factors/totp',
      back: back(request),
      qrSvg,
      secret,
      error,
    });
    return htmlPage(reply)
      .status(error ? 400 : 200)
      .send(page);
  }

  async function passkeyPage(request: FastifyRequest, reply: FastifyReply, recent: RecentContext, error?: string) {
    const options = await deps.passkeys.registrationOptions(recent.citizen);
    await store.putPointer(challengeKey(recent.citizen.id), options.challenge, SETUP_TTL_SECONDS);
    const page = passkeySetupPage({
      language: requestLanguage(request, { replayableUrl: '/account/factors/passkey' }),
      action: '/account/factors/passkey',
      back: back(request),
      creationOptions: JSON.stringify(options),
      error,
    });
    return htmlPage(reply)
      .status(error ? 400 : 200)
      .send(page);
  }

  /** Audited and told; the recovery codes when this is the citizen's first set. */
  async function added(request: FastifyRequest, reply: FastifyReply, recent: RecentContext, factor: string) {
    const { citizen, inventory } = recent;
    await deps.changes.audit(request, citizen.id, 'account.factor_added', { factor });
    await deps.changes.tell(request, citizen.id, inventory, 'factorAddedMessage');
    if (inventory.recoveryCodes > 0) return reply.redirect(doneUrl('added'), 303);
    const codes = await deps.factors.issueRecoveryCodes(citizen.id, actorOf(request, citizen.id));
    return htmlPage(reply).send(recoveryCodesShown(request, codes, 'added'));
  }

  // One authenticator app per citizen (totp_factors): a second would silently replace the
  // first, so the page is offered only to a citizen without one.
  app.get('/account/factors/totp', async (request, reply) => {
    const recent = await recentSignIn(request, reply);
    if (!recent) return reply;
    if (recent.inventory.totp) return reply.redirect('/account/factors', 303);
    return totpPage(request, reply, recent);
  });

  app.post('/account/factors/totp', { schema: { body } }, async (request: SetupRequest, reply) => {
    const recent = await recentSignIn(request, reply, '/account/factors/totp');
    if (!recent) return reply;
    if (recent.inventory.totp) return reply.redirect('/account/factors', 303);
    const { citizen } = recent;
    const sealed = await store.getPointer(totpKey(citizen.id));
    const secret = sealed && secrets.open(citizen.id, sealed);
    const actor = actorOf(request, citizen.id);
    if (!secret || !(await deps.factors.enrolTotp(citizen, secret, request.body.code ?? '', actor))) {
      return totpPage(request, reply, recent, MESSAGES[requestLanguage(request).locale].sfWrongCode);
    }
    await store.deleteKeys([totpKey(citizen.id)]);
    return added(request, reply, recent, 'totp');
  });

  app.get('/account/factors/passkey', async (request, reply) => {
    const recent = await recentSignIn(request, reply);
    return recent ? passkeyPage(request, reply, recent) : reply;
  });

  app.post('/account/factors/passkey', { schema: { body } }, async (request: SetupRequest, reply) => {
    const recent = await recentSignIn(request, reply, '/account/factors/passkey');
    if (!recent) return reply;
    const { citizen } = recent;
    // A challenge answers one ceremony (WebAuthn §13.4.3).
    const challenge = await store.getPointer(challengeKey(citizen.id));
    await store.deleteKeys([challengeKey(citizen.id)]);
    const response = parseCeremony<Parameters<Passkeys['register']>[1]>(request.body.response ?? '');
    const registered =
      challenge &&
      response &&
      (await deps.passkeys.register(citizen, response, challenge, actorOf(request, citizen.id)));
    if (!registered) return passkeyPage(request, reply, recent, MESSAGES[requestLanguage(request).locale].pkFailed);
    return added(request, reply, recent, 'passkey');
  });
}
