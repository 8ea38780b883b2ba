// Pages that only inform: an expired interaction, an error, the logout question and its
// success page. Never a stack trace: at most the OAuth error code, for a helpdesk.
import { html, SafeHtml } from './html.ts';
import { MESSAGES } from './i18n.ts';
import { layout } from './layout.ts';
import type { PageLanguage } from './locale.ts';

function messagePage(options: {
  language: PageLanguage;
  title: string;
  message: string;
  /** Errors are announced (role=alert); a plain confirmation is not. */
  isError: boolean;
  code?: string | undefined;
}): string {
  const { language, title, message, isError, code } = options;
  const t = MESSAGES[language.locale];
  const body = html`<h1>${title}</h1>
    <p ${isError ? html`role="alert"` : ''}>${message}</p>
    ${code ? html`<p class="hint">${t.errorCode}: <code>${code}</code></p>` : ''}`;
  return layout({ language, title, hasError: isError, body });
}

export function expiredPage(language: PageLanguage): string {
  const t = MESSAGES[language.locale];
  return messagePage({ language, title: t.expiredTitle, message: t.expiredBody, isError: true });
}

export function errorPage(language: PageLanguage, code: string | undefined, unavailable = false): string {
  const t = MESSAGES[language.locale];
  const message = unavailable ? t.unavailableBody : t.errorBody;
  return messagePage({ language, title: t.errorTitle, message, isError: true, code });
}

/** oidc-provider supplies the form (with its xsrf field); we add the choice buttons. */
export function logoutPage(language: PageLanguage, providerForm: string): string {
  const t = MESSAGES[language.locale];
  const body = html`<h1>${t.logoutTitle}</h1>
    <p>${t.logoutQuestion}</p>
    ${new SafeHtml(providerForm)}
    <button type="submit" class="primary" form="op.logoutForm" value="yes" name="logout">${t.logoutYes}</button>
    <button type="submit" class="secondary" form="op.logoutForm">${t.logoutNo}</button>`;
  return layout({ language, title: t.logoutTitle, body });
}

export function loggedOutPage(language: PageLanguage): string {
  const t = MESSAGES[language.locale];
  return messagePage({ language, title: t.loggedOutTitle, message: t.loggedOutBody, isError: false });
}
