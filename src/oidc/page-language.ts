// The language of the pages oidc-provider renders itself (logout question, signed out,
// errors), chosen as on fastify's pages (src/views/locale.ts), and the switch remembered.
import type { KoaContextWithOIDC } from 'oidc-provider';
import { isLocale } from '../views/i18n.ts';
import { languageCookie, pageLanguage, type PageLanguage } from '../views/locale.ts';

/** Resolves the page's language; when the citizen used the switch, remembers it in the cookie. */
export function providerPageLanguage(ctx: KoaContextWithOIDC): PageLanguage {
  const { lang } = ctx.query;
  // Appended, not set: oidc-provider may already have queued its own session cookies.
  if (isLocale(lang)) ctx.append('Set-Cookie', languageCookie(lang, ctx.secure));
  const params = ctx.oidc?.params as { ui_locales?: unknown } | undefined;
  return pageLanguage({
    query: lang,
    cookieHeader: ctx.get('cookie'),
    uiLocales: params?.ui_locales,
    acceptLanguage: ctx.get('accept-language'),
    // Mounted under /oidc: the request's original URL keeps that prefix. Only a GET shows the
    // same page again when fetched with another `lang` (a POST's form would be lost).
    replayableUrl: ctx.method === 'GET' ? (ctx.req as { originalUrl?: string }).originalUrl : undefined,
  });
}
