// Setting up a second factor inside a sign-in: allowed once the citizen has proved a second
// factor in it, or when they have none at all (their first; README "Assurance levels"). A
// first factor also brings the recovery codes, shown once before the sign-in goes on.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FactorSecrets } from '../../modules/factors/factor-secrets.ts';
import type { Passkeys } from '../../modules/factors/passkeys.service.ts';
import type { SecondFactors } from '../../modules/factors/second-factors.service.ts';
import { tellContacts } from '../../modules/notifier/contact-notice.ts';
import type { Notifier } from '../../modules/notifier/notifier.ts';
import { newTotpSecret } from '../../modules/factors/totp.ts';
import { MESSAGES } from '../../views/i18n.ts';
import { html } from '../../views/html.ts';
import { totpQrSvg } from '../../views/totp-qr.ts';
import { abortForm, passkeySetupPage, recoveryCodesPage, totpSetupPage } from '../../views/factor-setup-pages.ts';
import type { RequirementOf } from './assurance-requirement.ts';
import type { LoginSteps } from './login-steps.ts';
import { mayAddFactor, type PendingLogins } from './pending-login.ts';
import { parseCeremony } from './second-factor.routes.ts';
import { htmlReply, uidParams, type StepContext, type StepLoader } from './step-context.ts';

export interface FactorSetupDeps {
  readonly loadStep: StepLoader;
  readonly requirementOf: RequirementOf;
  readonly pending: PendingLogins;
  readonly factors: SecondFactors;
  readonly passkeys: Passkeys;
  readonly secrets: FactorSecrets;
  readonly steps: LoginSteps;
  readonly notifier: Notifier;
}

type Setup = FastifyRequest<{ Params: { uid: string }; Body: { code?: string; response?: string } }>;
const setupBody = {
  type: 'object',
  properties: { code: { type: 'string', maxLength: 32 }, response: { type: 'string', maxLength: 16_384 } },
} as const;

export function registerFactorSetupRoutes(app: FastifyInstance, deps: FactorSetupDeps): void {
  /** The step, when this citizen may set up a factor now; otherwise back to the second-factor page. */
  async function setupStep(request: FastifyRequest, reply: FastifyReply) {
    const step = await deps.loadStep(request, reply);
    if (!step) return undefined;
    const { hasFactor } = await deps.requirementOf(step.details, step.pending, step.citizen);
    if (mayAddFactor(step.pending, hasFactor)) return step;
    void reply.redirect(`${step.path}/second-factor`, 303);
    return undefined;
  }
  const actorOf = (request: FastifyRequest, step: StepContext) => ({
    type: 'citizen' as const,
    id: step.citizen.id,
    ip: request.ip,
  });

  async function totpPage(reply: FastifyReply, step: StepContext, error?: string) {
    let sealed = step.pending.totpSetup;
    if (!sealed) {
      sealed = deps.secrets.seal(step.citizen.id, newTotpSecret());
      step.pending.totpSetup = sealed;
      await deps.pending.save(step.uid, step.pending);
    }
    const secret = deps.secrets.open(step.citizen.id, sealed);
    const qrSvg = await totpQrSvg(secret, step.citizen.fullName);
    const t = MESSAGES[step.language.locale];
    const action = `${step.path}/totp-setup`;
    const back = abortForm(t, step.path);
    return htmlReply(reply).send(totpSetupPage({ language: step.language, action, back, qrSvg, secret, error }));
  }

  async function passkeyPage(reply: FastifyReply, step: StepContext, error?: string) {
    const options = await deps.passkeys.registrationOptions(step.citizen);
    step.pending.challenge = options.challenge;
    await deps.pending.save(step.uid, step.pending);
    const page = passkeySetupPage({
      language: step.language,
      action: `${step.path}/passkey-setup`,
      back: abortForm(MESSAGES[step.language.locale], step.path),
      creationOptions: JSON.stringify(options),
      error,
    });
    return htmlReply(reply).send(page);
  }

  /** After a new factor: a notice to the verified contacts, the recovery codes once, then on. */
  async function afterSetup(request: FastifyRequest, reply: FastifyReply, step: StepContext) {
    const { factors } = await deps.requirementOf(step.details, step.pending, step.citizen);
    // The citizen hears of every new factor where they can be reached.
    const text = MESSAGES[step.language.locale].factorAddedMessage;
    await tellContacts(deps.notifier, factors, { citizenId: step.citizen.id, text }, (error) =>
      request.log.warn({ err: error }, 'notice not sent'),
    );
    if (factors.recoveryCodes > 0) return deps.steps.advance(request, reply, step.details, step.pending, step.citizen);
    const codes = await deps.factors.issueRecoveryCodes(step.citizen.id, actorOf(request, step));
    const next = html`<form method="post" action="${step.path}/continue">
      <button type="submit" class="primary">${MESSAGES[step.language.locale].rcContinue}</button>
    </form>`;
    return htmlReply(reply).send(recoveryCodesPage({ language: step.language, codes, next }));
  }

  const schema = { params: uidParams };
  app.get('/interaction/:uid/totp-setup', { schema }, async (request, reply) => {
    const step = await setupStep(request, reply);
    return step ? totpPage(reply, step) : reply;
  });
  app.post(
    '/interaction/:uid/totp-setup',
    { schema: { ...schema, body: setupBody } },
    async (request: Setup, reply) => {
      const step = await setupStep(request, reply);
      if (!step) return reply;
      const secret = step.pending.totpSetup && deps.secrets.open(step.citizen.id, step.pending.totpSetup);
      const code = request.body.code ?? '';
      if (!secret || !(await deps.factors.enrolTotp(step.citizen, secret, code, actorOf(request, step)))) {
        return totpPage(reply, step, MESSAGES[step.language.locale].sfWrongCode);
      }
      step.pending.totpSetup = undefined;
      // The code that confirmed the app is itself a second factor of this sign-in.
      await deps.steps.recordProof(request, step, 'otp');
      return afterSetup(request, reply, step);
    },
  );

  app.get('/interaction/:uid/passkey-setup', { schema }, async (request, reply) => {
    const step = await setupStep(request, reply);
    return step ? passkeyPage(reply, step) : reply;
  });
  app.post(
    '/interaction/:uid/passkey-setup',
    { schema: { ...schema, body: setupBody } },
    async (request: Setup, reply) => {
      const step = await setupStep(request, reply);
      if (!step) return reply;
      const challenge = step.pending.challenge;
      step.pending.challenge = undefined;
      await deps.pending.save(step.uid, step.pending);
      const response = parseCeremony<Parameters<Passkeys['register']>[1]>(request.body.response ?? '');
      const registered =
        challenge &&
        response &&
        (await deps.passkeys.register(step.citizen, response, challenge, actorOf(request, step)));
      if (!registered) return passkeyPage(reply, step, MESSAGES[step.language.locale].pkFailed);
      // Creating it proves the device, not yet a sign-in with it: the next page asks to use it.
      return afterSetup(request, reply, step);
    },
  );
}
