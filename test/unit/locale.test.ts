import { describe, expect, it } from 'vitest';
import {
  chooseLocale,
  cookieLocale,
  languageCookie,
  pageLanguage,
  switchLanguageHref,
} from '../../src/views/locale.ts';

describe('chooseLocale', () => {
  it.each([
    [{}, 'vi'],
    [{ acceptLanguage: 'en-US,en;q=0.9' }, 'en'],
    [{ uiLocales: 'en', acceptLanguage: 'vi' }, 'en'],
    [{ cookieHeader: 'lang=vi', uiLocales: 'en', acceptLanguage: 'en' }, 'vi'],
    [{ query: 'en', cookieHeader: 'lang=vi', uiLocales: 'vi' }, 'en'],
    [{ query: 'fr', cookieHeader: 'lang=en' }, 'en'],
    [{ uiLocales: ['en'] }, 'vi'],
  ] as const)('%j -> %s (switch, then its cookie, then ui_locales, then Accept-Language)', (sources, expected) => {
    expect(chooseLocale(sources)).toBe(expected);
  });
});

describe('cookieLocale', () => {
  it('finds lang among other cookies and ignores unknown values', () => {
    expect(cookieLocale('_session=abc; lang=en; other=1')).toBe('en');
    expect(cookieLocale('lang=fr')).toBeUndefined();
    expect(cookieLocale('xlang=en')).toBeUndefined();
    expect(cookieLocale(undefined)).toBeUndefined();
  });
});

describe('languageCookie', () => {
  it('is a site-wide SameSite=Lax session cookie, Secure over https', () => {
    expect(languageCookie('en', false)).toBe('lang=en; Path=/; SameSite=Lax; HttpOnly');
    expect(languageCookie('vi', true)).toBe('lang=vi; Path=/; SameSite=Lax; HttpOnly; Secure');
  });
});

describe('switch link', () => {
  it('keeps the other parameters and flips lang', () => {
    expect(switchLanguageHref('/oidc/session/end?id_token_hint=x&lang=vi', 'vi')).toBe(
      '/oidc/session/end?id_token_hint=x&lang=en',
    );
    expect(switchLanguageHref('/interaction/abc', 'en')).toBe('/interaction/abc?lang=vi');
  });

  it('is absent where the page cannot be fetched again', () => {
    expect(pageLanguage({ query: 'en' })).toEqual({ locale: 'en', switchHref: undefined });
    expect(pageLanguage({ replayableUrl: '/x' })).toEqual({ locale: 'vi', switchHref: '/x?lang=en' });
  });
});
