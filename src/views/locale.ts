// Which language a page speaks, for fastify routes and oidc-provider's pages alike. The
// citizen's own choice (the visible switch, `?lang=`) wins and is remembered in a `lang`
// cookie, so every later page of the sign-in (consent, logout, errors) keeps it; without a
// choice, the portal's ui_locales, then the browser's Accept-Language, then Vietnamese.
import { isLocale, otherLocale, pickLocale, type Locale } from './i18n.ts';

export const LANG_COOKIE = 'lang';

/** The language of one page, and where its switch points (absent where a GET cannot replay it). */
export interface PageLanguage {
  readonly locale: Locale;
  readonly switchHref?: string | undefined;
}

export interface LanguageSources {
  /** The `lang` query parameter: the switch the citizen just used. */
  readonly query?: unknown;
  /** The raw Cookie header. */
  readonly cookieHeader?: string | undefined;
  /** The portal's ui_locales (space-separated). */
  readonly uiLocales?: unknown;
  readonly acceptLanguage?: string | undefined;
  /** The URL of this page, when a GET of it with another `lang` shows the same page. */
  readonly replayableUrl?: string | undefined;
}

export function cookieLocale(cookieHeader: string | undefined): Locale | undefined {
  for (const pair of cookieHeader?.split(';') ?? []) {
    const [name, value] = pair.split('=').map((part) => part.trim());
    if (name === LANG_COOKIE && isLocale(value)) return value;
  }
  return undefined;
}

export function chooseLocale(sources: LanguageSources): Locale {
  if (isLocale(sources.query)) return sources.query;
  return (
    cookieLocale(sources.cookieHeader) ??
    pickLocale(typeof sources.uiLocales === 'string' ? sources.uiLocales : undefined, sources.acceptLanguage)
  );
}

/** The same URL with `lang` set to the other locale. */
export function switchLanguageHref(url: string, locale: Locale): string {
  const parsed = new URL(url, 'http://local');
  parsed.searchParams.set('lang', otherLocale(locale));
  return `${parsed.pathname}${parsed.search}`;
}

export function pageLanguage(sources: LanguageSources): PageLanguage {
  const locale = chooseLocale(sources);
  const { replayableUrl } = sources;
  return { locale, switchHref: replayableUrl ? switchLanguageHref(replayableUrl, locale) : undefined };
}

/**
 * Set-Cookie for a switch choice: a session cookie (it outlives one sign-in, not the browser
 * session), for the whole site so oidc-provider's pages under /oidc read it too. No script
 * needs it, so HttpOnly costs nothing.
 */
export function languageCookie(locale: Locale, secure: boolean): string {
  return `${LANG_COOKIE}=${locale}; Path=/; SameSite=Lax; HttpOnly${secure ? '; Secure' : ''}`;
}
