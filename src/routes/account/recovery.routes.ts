// /account/recover: number and channel -> a code by the notifier -> the code -> a new password,
// which ends every session and portal token of the account. The challenge id travels in a
// signed, HttpOnly cookie scoped to these pages; every step is rate-limited and audited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PasswordsService } from '../../modules/account/passwords.service.ts';
import { RECOVERY_TTL_SECONDS, type RecoveryService } from '../../modules/account/recovery.service.ts';
import type { AccountTermination } from '../../oidc/account-termination.ts';
import { requestLanguage } from '../../plugins/language.ts';
import { accountMessagePage } from '../../views/account-messages.ts';
import { MESSAGES } from '../../views/i18n.ts';
import { resetPasswordPage } from '../../views/password-pages.ts';
import { recoverPage, recoveryCodePage } from '../../views/recovery-pages.ts';
import type { AccountSessions } from './account-session.ts';

const CHALLENGE_COOKIE = 'account_recovery';
const COOKIE_PATH = '/account/recover';

const startBody = {
  type: 'object',
  properties: {
    personal_id: { type: 'string', maxLength: 64 },
    channel: { type: 'string', enum: ['sms', 'email'] },
  },
  required: ['personal_id', 'channel'],
} as const;
const codeBody = {
  type: 'object',
  properties: { code: { type: 'string', maxLength: 32 } },
  required: ['code'],
} as const;
const passwordBody = {
  type: 'object',
  properties: { new_password: { type: 'string', maxLength: 256 }, repeat_password: { type: 'string', maxLength: 256 } },
  required: ['new_password', 'repeat_password'],
} as const;

export function registerRecovery(
  app: FastifyInstance,
  deps: {
    recovery: RecoveryService;
    passwords: PasswordsService;
    termination: AccountTermination;
    sessions: AccountSessions;
  },
): void {
  const { recovery, sessions } = deps;
  const page = (reply: FastifyReply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
  const language = (request: FastifyRequest, path: string) => requestLanguage(request, { replayableUrl: path });
  const challengeOf = (request: FastifyRequest) => sessions.cookieValue(request, CHALLENGE_COOKIE);
  const forget = (reply: FastifyReply) => reply.clearCookie(CHALLENGE_COOKIE, { path: COOKIE_PATH });

  app.get('/account/recover', async (request, reply) =>
    page(reply).send(recoverPage({ language: requestLanguage(request), unavailable: !recovery.available })),
  );

  app.post<{ Body: { personal_id: string; channel: 'sms' | 'email' } }>(
    '/account/recover',
    { schema: { body: startBody } },
    async (request, reply) => {
      const lang = language(request, '/account/recover');
      if (!recovery.available) return page(reply).send(recoverPage({ language: lang, unavailable: true }));
      const text = MESSAGES[lang.locale].recoverMessage;
      const started = await recovery.start({
        personalId: request.body.personal_id,
        channel: request.body.channel,
        ip: request.ip,
        text: (code) => text.replace('{code}', code),
      });
      if ('waitSeconds' in started) {
        void reply.header('retry-after', String(started.waitSeconds));
        return page(reply)
          .status(429)
          .send(recoverPage({ language: lang, tooMany: true }));
      }
      void reply.setCookie(CHALLENGE_COOKIE, started.challengeId, {
        ...sessions.cookieOptions,
        path: COOKIE_PATH,
        maxAge: RECOVERY_TTL_SECONDS,
      });
      return reply.redirect('/account/recover/code', 303);
    },
  );

  app.get('/account/recover/code', async (request, reply) => {
    const challengeId = challengeOf(request);
    if (!challengeId || !(await recovery.exists(challengeId))) return reply.redirect('/account/recover', 303);
    return page(reply).send(recoveryCodePage({ language: requestLanguage(request) }));
  });

  app.post<{ Body: { code: string } }>(
    '/account/recover/code',
    { schema: { body: codeBody } },
    async (request, reply) => {
      const challengeId = challengeOf(request);
      const outcome = challengeId ? await recovery.verifyCode(challengeId, request.body.code) : 'exhausted';
      const lang = language(request, '/account/recover/code');
      if (outcome === 'verified') return reply.redirect('/account/recover/password', 303);
      if (outcome === 'wrong') {
        return page(reply)
          .status(400)
          .send(recoveryCodePage({ language: lang, wrong: true }));
      }
      forget(reply);
      const startAgain = recoverPage({ language: language(request, '/account/recover'), tooMany: true });
      return page(reply).status(429).send(startAgain);
    },
  );

  app.get('/account/recover/password', async (request, reply) => {
    const challengeId = challengeOf(request);
    if (!challengeId || !(await recovery.verifiedCitizen(challengeId))) return reply.redirect('/account/recover', 303);
    return page(reply).send(resetPasswordPage({ language: requestLanguage(request) }));
  });

  app.post<{ Body: { new_password: string; repeat_password: string } }>(
    '/account/recover/password',
    { schema: { body: passwordBody } },
    async (request, reply) => {
      const challengeId = challengeOf(request);
      const citizenId = challengeId ? await recovery.verifiedCitizen(challengeId) : undefined;
      if (!challengeId || !citizenId) return reply.redirect('/account/recover', 303);
      const input = { password: request.body.new_password, repeated: request.body.repeat_password };
      const outcome = await deps.passwords.reset(citizenId, input, request.ip);
      const lang = language(request, '/account/recover/password');
      if (outcome !== 'changed') {
        return page(reply)
          .status(400)
          .send(resetPasswordPage({ language: lang, error: outcome }));
      }
      await recovery.finish(challengeId);
      forget(reply);
      await deps.termination.endCitizenAccess(citizenId);
      return page(reply).send(accountMessagePage(lang, 'resetDone'));
    },
  );
}
