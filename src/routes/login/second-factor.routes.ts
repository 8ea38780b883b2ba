// The second-factor step: the page listing the citizen's ways, and one handler per way. A wrong
// code re-renders the page with the error; a right one goes through loginSteps.proved().
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { maskContact } from '../../modules/factors/one-time-codes.ts';
import type { Passkeys } from '../../modules/factors/passkeys.service.ts';
import type { SecondFactors } from '../../modules/factors/second-factors.service.ts';
import type { Notifier } from '../../modules/notifier/notifier.ts';
import { MESSAGES } from '../../views/i18n.ts';
import { waitMessage } from '../../views/interaction-pages.ts';
import { secondFactorPage } from '../../views/second-factor-page.ts';
import type { RequirementOf } from './assurance-requirement.ts';
import type { LoginSteps } from './login-steps.ts';
import { registerOneTimeCodeRoutes } from './one-time-code.routes.ts';
import type { SecondFactorGuard } from './second-factor-guard.ts';
import { mayAddFactor, type PendingLogins } from './pending-login.ts';
import { htmlReply, uidParams, type StepContext, type StepLoader } from './step-context.ts';

export interface SecondFactorDeps {
  readonly loadStep: StepLoader;
  readonly requirementOf: RequirementOf;
  readonly pending: PendingLogins;
  readonly factors: SecondFactors;
  readonly passkeys: Passkeys;
  readonly notifier: Notifier;
  readonly steps: LoginSteps;
  readonly guard: SecondFactorGuard;
}

export interface PageState {
  readonly error?: string | undefined;
  readonly sentTo?: string | undefined;
}
export type RenderStep = (reply: FastifyReply, step: StepContext, state?: PageState) => Promise<FastifyReply>;
/** 'right', or the message to show and whether the answer was counted (checked, and wrong). */
export type GuardedCheck = (
  request: FastifyRequest,
  reply: FastifyReply,
  step: StepContext,
  method: 'otp' | 'sms' | 'recovery',
  check: () => Promise<boolean> | boolean,
) => Promise<'right' | { readonly error: string; readonly counted: boolean }>;

const body = (field: string, maxLength: number) =>
  ({ type: 'object', properties: { [field]: { type: 'string', maxLength } }, required: [field] }) as const;
type CodeRequest = FastifyRequest<{ Params: { uid: string }; Body: { code: string } }>;
type PasskeyRequest = FastifyRequest<{ Params: { uid: string }; Body: { response: string } }>;

/** A WebAuthn response as the browser script posts it; undefined when it is not JSON. */
export function parseCeremony<T>(raw: string): T | undefined {
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as T) : undefined;
  } catch {
    return undefined;
  }
}

export function registerSecondFactorRoutes(app: FastifyInstance, deps: SecondFactorDeps): void {
  const render: RenderStep = async (reply, step, state = {}) => {
    const requirement = await deps.requirementOf(step.details, step.pending, step.citizen);
    const { factors, hasFactor, target } = requirement;
    const proved = step.pending.amr.includes('mfa');
    const mayEnrol = mayAddFactor(step.pending, hasFactor); // a first factor, or one more after proving one
    let passkeyOptions: string | undefined;
    if (factors.passkeys > 0) {
      const options = await deps.passkeys.authenticationOptions(step.citizen.id);
      step.pending.challenge = options.challenge;
      passkeyOptions = JSON.stringify(options);
      await deps.pending.save(step.uid, step.pending);
    }
    // Codes cannot reach a passkey-only request, except as the proof that allows setting one up.
    const codes = target !== 'phr' || (!proved && factors.passkeys === 0);
    const contacts = (['sms', 'email'] as const).flatMap((channel) => {
      const contact = channel === 'sms' ? factors.phone : factors.email;
      return contact ? [{ channel, masked: maskContact(contact) }] : [];
    });
    const page = secondFactorPage({
      language: step.language,
      path: step.path,
      portalName: requirement.portalName,
      reason: requirement.reason,
      passkeyOptions,
      totp: codes && factors.totp,
      contacts: codes ? contacts : [],
      recovery: codes && factors.recoveryCodes > 0,
      sentTo: state.sentTo,
      setup: { totp: mayEnrol && !factors.totp && target !== 'phr', passkey: mayEnrol && factors.passkeys === 0 },
      firstThenPasskey: target === 'phr' && factors.passkeys === 0 && !mayEnrol,
      error: state.error,
    });
    return htmlReply(reply).send(page);
  };
  const wrong = (step: StepContext) => MESSAGES[step.language.locale].sfWrongCode;

  // Every guessable answer goes through here (second-factor-guard.ts): refused with 429 and
  // Retry-After while a wait runs, before it is checked; counted and audited when wrong.
  const guarded: GuardedCheck = async (request, reply, step, method, check) => {
    const locale = step.language.locale;
    const verdict = await deps.guard.check(request, step.citizen.id, check);
    if (verdict.outcome === 'right') return 'right';
    if (verdict.outcome === 'refused') {
      void reply.status(429).header('retry-after', String(verdict.waitSeconds));
      return { error: waitMessage(locale, verdict.waitSeconds), counted: false };
    }
    await deps.steps.secondFactorFailed(request, step, method, verdict.waitSeconds);
    return { error: verdict.waitSeconds > 0 ? waitMessage(locale, verdict.waitSeconds) : wrong(step), counted: true };
  };

  app.get('/interaction/:uid/second-factor', { schema: { params: uidParams } }, async (request, reply) => {
    const step = await deps.loadStep(request, reply);
    return step ? render(reply, step) : reply;
  });

  const codeSchema = { schema: { params: uidParams, body: body('code', 32) } };
  app.post('/interaction/:uid/second-factor/totp', codeSchema, async (request: CodeRequest, reply) => {
    const step = await deps.loadStep(request, reply);
    if (!step) return reply;
    const verdict = await guarded(request, reply, step, 'otp', () =>
      deps.factors.verifyTotp(step.citizen.id, request.body.code),
    );
    if (verdict === 'right') return deps.steps.proved(request, reply, step, 'otp');
    return render(reply, step, { error: verdict.error });
  });

  app.post('/interaction/:uid/second-factor/recovery', codeSchema, async (request: CodeRequest, reply) => {
    const step = await deps.loadStep(request, reply);
    if (!step) return reply;
    const actor = { type: 'citizen' as const, id: step.citizen.id, ip: request.ip };
    const verdict = await guarded(request, reply, step, 'recovery', () =>
      deps.factors.useRecoveryCode(step.citizen.id, request.body.code, actor),
    );
    if (verdict === 'right') return deps.steps.proved(request, reply, step, 'otp');
    return render(reply, step, { error: verdict.error });
  });

  const passkeySchema = { schema: { params: uidParams, body: body('response', 16_384) } };
  app.post('/interaction/:uid/second-factor/passkey', passkeySchema, async (request: PasskeyRequest, reply) => {
    const step = await deps.loadStep(request, reply);
    if (!step) return reply;
    const challenge = step.pending.challenge;
    const response = parseCeremony<Parameters<Passkeys['authenticate']>[1]>(request.body.response);
    step.pending.challenge = undefined; // a challenge answers one ceremony (WebAuthn §13.4.3)
    if (challenge && response && (await deps.passkeys.authenticate(step.citizen.id, response, challenge))) {
      return deps.steps.proved(request, reply, step, 'hwk');
    }
    await deps.pending.save(step.uid, step.pending);
    return render(reply, step, { error: MESSAGES[step.language.locale].sfPasskeyFailed });
  });

  registerOneTimeCodeRoutes(app, { ...deps, render, guarded });
}
