// The language switch on fastify's pages: a `?lang=` on any request is remembered in the
// `lang` cookie (the provider's pages read it too: src/oidc/page-language.ts), and every page
// asks requestLanguage() which language to speak.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isLocale } from '../views/i18n.ts';
import { languageCookie, pageLanguage, type PageLanguage } from '../views/locale.ts';

export function registerLanguageChoice(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const { lang } = (request.query ?? {}) as { lang?: unknown };
    if (isLocale(lang)) void reply.header('set-cookie', languageCookie(lang, request.protocol === 'https'));
  });
}

/**
 * `uiLocales`: the portal's, where the request belongs to an authorization. `replayableUrl`:
 * where the switch leads; by default this URL when it is a GET (fetching it again with another
 * `lang` shows the same page), no switch otherwise.
 */
export function requestLanguage(
  request: FastifyRequest,
  context: { uiLocales?: unknown; replayableUrl?: string } = {},
): PageLanguage {
  return pageLanguage({
    query: (request.query as { lang?: unknown } | undefined)?.lang,
    cookieHeader: request.headers.cookie,
    uiLocales: context.uiLocales,
    acceptLanguage: request.headers['accept-language'],
    replayableUrl: context.replayableUrl ?? (request.method === 'GET' ? request.url : undefined),
  });
}
