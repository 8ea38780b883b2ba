// One-time codes by SMS or email: "send" creates a code, keeps only its hash in the pending
// login and hands the message to the notifier; "code" checks what the citizen typed. Limits
// (one-time-codes.ts) end in a message that asks them to start again.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  hashOneTimeCode,
  maskContact,
  matchesOneTimeCode,
  newOneTimeCode,
  ONE_TIME_CODE_MAX_ATTEMPTS,
  ONE_TIME_CODE_MAX_SENDS,
  ONE_TIME_CODE_TTL_SECONDS,
} from '../../modules/factors/one-time-codes.ts';
import type { Channel } from '../../modules/notifier/notifier.ts';
import { MESSAGES } from '../../views/i18n.ts';
import type { GuardedCheck, RenderStep, SecondFactorDeps } from './second-factor.routes.ts';
import { uidParams } from './step-context.ts';

type SendRequest = FastifyRequest<{ Params: { uid: string }; Body: { channel: Channel } }>;
type CodeRequest = FastifyRequest<{ Params: { uid: string }; Body: { code: string } }>;

const sendBody = {
  type: 'object',
  properties: { channel: { type: 'string', enum: ['sms', 'email'] } },
  required: ['channel'],
} as const;
const codeBody = {
  type: 'object',
  properties: { code: { type: 'string', maxLength: 32 } },
  required: ['code'],
} as const;

export function registerOneTimeCodeRoutes(
  app: FastifyInstance,
  deps: SecondFactorDeps & { render: RenderStep; guarded: GuardedCheck },
): void {
  const { render } = deps;
  const now = () => Math.floor(Date.now() / 1000);

  app.post(
    '/interaction/:uid/second-factor/send',
    { schema: { params: uidParams, body: sendBody } },
    async (request: SendRequest, reply) => {
      const step = await deps.loadStep(request, reply);
      if (!step) return reply;
      const t = MESSAGES[step.language.locale];
      const { factors } = await deps.requirementOf(step.details, step.pending, step.citizen);
      const to = request.body.channel === 'sms' ? factors.phone : factors.email;
      if (!to || !deps.notifier.delivers) return render(reply, step, { error: t.sfWrongCode });
      if (step.pending.codesSent >= ONE_TIME_CODE_MAX_SENDS) return render(reply, step, { error: t.sfTooMany });
      const code = newOneTimeCode();
      step.pending.codesSent += 1;
      step.pending.oneTimeCode = {
        channel: request.body.channel,
        hash: hashOneTimeCode(step.uid, code),
        expiresAt: now() + ONE_TIME_CODE_TTL_SECONDS,
        attempts: 0,
      };
      await deps.pending.save(step.uid, step.pending);
      await deps.notifier.send({
        channel: request.body.channel,
        to,
        citizenId: step.citizen.id,
        kind: 'one_time_code',
        text: t.otpMessage.replace('{code}', code),
        code,
      });
      return render(reply, step, { sentTo: maskContact(to) });
    },
  );

  app.post(
    '/interaction/:uid/second-factor/code',
    { schema: { params: uidParams, body: codeBody } },
    async (request: CodeRequest, reply) => {
      const step = await deps.loadStep(request, reply);
      if (!step) return reply;
      const t = MESSAGES[step.language.locale];
      const sent = step.pending.oneTimeCode;
      if (!sent || sent.expiresAt < now()) return render(reply, step, { error: t.sfWrongCode });
      if (sent.attempts >= ONE_TIME_CODE_MAX_ATTEMPTS) return render(reply, step, { error: t.sfTooMany });
      // RFC 8176: 'sms' for a code to the registered phone; an emailed code is a one-time password.
      const method = sent.channel === 'sms' ? 'sms' : 'otp';
      // Checked under the citizen's claim (second-factor-guard.ts), against the pending login as
      // it is now: answers sent in parallel each see the tries the others used.
      const verdict = await deps.guarded(request, reply, step, method, async () => {
        const fresh = await deps.pending.load(step.uid);
        const current = fresh?.oneTimeCode;
        if (!fresh || !current || current.hash !== sent.hash) return false;
        Object.assign(step.pending, fresh);
        if (current.attempts >= ONE_TIME_CODE_MAX_ATTEMPTS) return false;
        if (matchesOneTimeCode(step.uid, current.hash, request.body.code)) return true;
        // Only an answer that was checked uses up one of the code's tries.
        current.attempts += 1;
        await deps.pending.save(step.uid, step.pending);
        return false;
      });
      if (verdict === 'right') {
        step.pending.oneTimeCode = undefined; // used once
        return deps.steps.proved(request, reply, step, method);
      }
      const sentTo = maskContact((sent.channel === 'sms' ? step.citizen.phone : step.citizen.email) ?? '');
      return render(reply, step, { error: verdict.error, sentTo });
    },
  );
}
