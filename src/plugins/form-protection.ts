// CSRF protection for every form (@fastify/csrf-protection, secret in a signed, HttpOnly,
// SameSite=Strict cookie). Every state-changing request to a fastify route must carry a valid
// `_csrf` field, except the provider's endpoints (their own xsrf and client authentication)
// and the admin API (bearer tokens, which a browser never attaches on its own). The token is
// added to every POST form of every HTML page as it is sent, so a page added later cannot
// forget it.
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../errors.ts';
import { escapeHtml } from '../views/html.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const POST_FORM = /<form\b[^>]*\bmethod="post"[^>]*>/i;
const OFF_SITE_ACTION = /\baction="(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

export interface FormProtectionOptions {
  readonly cookieKeys: readonly string[];
  readonly secure: boolean;
  readonly issuerPath: string;
}

function isHtml(reply: FastifyReply): boolean {
  return String(reply.getHeader('content-type') ?? '').startsWith('text/html');
}

export async function registerFormProtection(app: FastifyInstance, options: FormProtectionOptions): Promise<void> {
  await app.register(cookie, { secret: [...options.cookieKeys] });
  await app.register(csrf, {
    // __Host-: only over https, only set by this host for path / (RFC 6265bis §4.1.3.2).
    cookieKey: options.secure ? '__Host-csrf' : 'csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: options.secure, signed: true },
    // The form field only: a token in a query string would end up in logs and Referer.
    getToken: (request) => (request.body as { _csrf?: string } | undefined)?._csrf,
  });
  const exempt = (url: string) => url.startsWith(`${options.issuerPath}/`) || url.startsWith('/admin/');

  // preValidation: after the body is parsed, before a schema could strip the unknown `_csrf`.
  app.addHook('preValidation', (request, reply, done) => {
    if (SAFE_METHODS.has(request.method) || exempt(request.url)) return done();
    app.csrfProtection(request, reply, (error?: Error) => done(error));
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    if (typeof payload !== 'string' || !isHtml(reply) || !POST_FORM.test(payload)) return payload;
    const field = `<input type="hidden" name="_csrf" value="${escapeHtml(reply.generateCsrf())}" />`;
    // Only forms posting back here: a token must never travel to another origin.
    return payload.replace(new RegExp(POST_FORM, 'gi'), (tag) => (OFF_SITE_ACTION.test(tag) ? tag : `${tag}${field}`));
  });
}

/** The plugin answers a missing or wrong token with FST_CSRF_*: the error handler maps it here. */
export function csrfFailure(error: Error): AppError | undefined {
  const { code } = error as { code?: unknown };
  return typeof code === 'string' && code.startsWith('FST_CSRF_')
    ? new AppError('forbidden', 'the form did not come from this site or has expired: go back and try again')
    : undefined;
}
