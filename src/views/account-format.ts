// Small renderers shared by the account pages: dates in Vietnam time in the page's language,
// claim names as the citizen reads them, and a masked identification number.
import { html, type SafeHtml } from './html.ts';
import type { Locale, Messages } from './i18n.ts';

const DATE_LOCALES: Record<Locale, string> = { vi: 'vi-VN', en: 'en-GB' };

export function formatDateTime(locale: Locale, at: Date): string {
  return new Intl.DateTimeFormat(DATE_LOCALES[locale], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Ho_Chi_Minh',
  }).format(at);
}

export function formatDay(locale: Locale, day: string): string {
  return new Intl.DateTimeFormat(DATE_LOCALES[locale], { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

export function timeElement(locale: Locale, at: Date): SafeHtml {
  return html`<time datetime="${at.toISOString()}">${formatDateTime(locale, at)}</time>`;
}

/** The organization's claims read as one item; unknown names as they are. */
export function claimLabels(t: Messages, claims: readonly string[]): string[] {
  const labels = claims.map((claim) => {
    if (claim.startsWith('org_')) return t.claim_organization;
    const key = `claim_${claim}` as keyof Messages;
    return key in t ? t[key] : claim;
  });
  return [...new Set(labels)];
}

export function methodLabel(t: Messages, amr: string): string {
  const key = `amr_${amr}` as keyof Messages;
  return key in t ? t[key] : amr;
}

export function maskedPersonalId(personalId: string): string {
  return `${'•'.repeat(personalId.length - 4)}${personalId.slice(-4)}`;
}
