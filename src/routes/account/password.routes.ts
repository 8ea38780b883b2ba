// Changing the password from the account page. A new password ends every session and every
// portal's tokens (as a lock does), so whoever knew the old one loses what it opened; the
// citizen signs in again with the new one.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { PasswordsService } from '../../modules/account/passwords.service.ts';
import type { AccountTermination } from '../../oidc/account-termination.ts';
import { requestLanguage } from '../../plugins/language.ts';
import { accountMessagePage } from '../../views/account-messages.ts';
import { changePasswordPage } from '../../views/password-pages.ts';
import type { SignedInGuard } from './account-login.ts';
import type { AccountSessions } from './account-session.ts';

const body = {
  type: 'object',
  properties: {
    current_password: { type: 'string', maxLength: 256 },
    new_password: { type: 'string', maxLength: 256 },
    repeat_password: { type: 'string', maxLength: 256 },
  },
  required: ['current_password', 'new_password', 'repeat_password'],
} as const;

type Body = { current_password: string; new_password: string; repeat_password: string };

export function registerPasswordChange(
  app: FastifyInstance,
  deps: {
    signedIn: SignedInGuard;
    sessions: AccountSessions;
    passwords: PasswordsService;
    termination: AccountTermination;
  },
): void {
  const page = (reply: FastifyReply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');

  app.get('/account/password', async (request, reply) => {
    const current = await deps.signedIn(request, reply);
    if (!current) return reply;
    return page(reply).send(changePasswordPage({ language: requestLanguage(request) }));
  });

  app.post<{ Body: Body }>('/account/password', { schema: { body } }, async (request, reply) => {
    const current = await deps.signedIn(request, reply);
    if (!current) return reply;
    const outcome = await deps.passwords.change(
      current.citizen,
      {
        current: request.body.current_password,
        password: request.body.new_password,
        repeated: request.body.repeat_password,
      },
      request.ip,
    );
    const language = requestLanguage(request, { replayableUrl: '/account/password' });
    if (outcome !== 'changed') {
      const form = changePasswordPage({ language, error: outcome });
      return page(reply).status(400).send(form);
    }
    await deps.termination.endCitizenAccess(current.citizen.id);
    await deps.sessions.end(request, reply);
    return page(reply).send(accountMessagePage(language, 'passwordChanged'));
  });
}
