// Login and consent pages. Both show the portal's verified name (from the registry) and the
// domain its redirect_uri points to (already checked against the registration), so a fake
// portal cannot borrow a real one's name. Both work without JavaScript.
import { html, type SafeHtml } from './html.ts';
import { MESSAGES, scopeDescription, type Locale } from './i18n.ts';
import { layout } from './layout.ts';
import type { PageLanguage } from './locale.ts';

export interface PortalIdentity {
  readonly name: string;
  readonly domain: string;
}

function portalBox(locale: Locale, portal: PortalIdentity): SafeHtml {
  return html`<div class="portal" role="note">
    <span class="hint">${MESSAGES[locale].portalAsking}</span>
    <strong>${portal.name}</strong>
    <span class="domain">${portal.domain}</span>
  </div>`;
}

/** "Try again in 2 minutes": seconds below a minute, whole minutes (rounded up) above. */
/** "Sign-in is paused … try again in {wait}", for a password or a second factor. */
export function waitMessage(locale: Locale, seconds: number): string {
  const t = MESSAGES[locale];
  const wait = seconds < 60 ? `${seconds} ${t.secondsUnit}` : `${Math.ceil(seconds / 60)} ${t.minutesUnit}`;
  return t.loginThrottled.replace('{wait}', wait);
}

// The failure names neither field (it must not reveal which was wrong), so both fields are
// marked invalid and described by it. novalidate: the browser's own bubbles would speak the
// browser's language, not the page's.
export function loginPage(options: {
  language: PageLanguage;
  path: string;
  portal: PortalIdentity;
  failed: boolean;
  /** After repeated failures: how long before the next try (the same for every number). */
  waitSeconds?: number | undefined;
  personalId?: string | undefined;
}): string {
  const { language, path, portal, failed } = options;
  const { locale } = language;
  const t = MESSAGES[locale];
  const failure = options.waitSeconds ? waitMessage(locale, options.waitSeconds) : t.loginFailed;
  const body = html`<h1>${t.loginTitle}</h1>
    ${portalBox(locale, portal)}
    <p><strong>${portal.name}</strong> ${t.loginIntro}</p>
    ${failed ? html`<p class="error" role="alert" id="login-error">${failure}</p>` : ''}
    <form method="post" action="${path}/login" novalidate>
      <label for="personal_id">${t.personalId}</label>
      <span class="hint" id="personal_id_hint">${t.personalIdHint}</span>
      <input
        type="text"
        id="personal_id"
        name="personal_id"
        inputmode="numeric"
        autocomplete="username"
        maxlength="24"
        required
        value="${options.personalId ?? ''}"
        aria-describedby="personal_id_hint${failed ? ' login-error' : ''}"
        ${failed ? html`aria-invalid="true"` : ''}
      />
      <label for="password">${t.password}</label>
      <input
        type="password"
        id="password"
        name="password"
        autocomplete="current-password"
        maxlength="128"
        required
        ${failed ? html`aria-describedby="login-error" aria-invalid="true"` : ''}
      />
      <button type="submit" class="primary">${t.signIn}</button>
    </form>
    <form method="post" action="${path}/abort">
      <button type="submit" class="secondary">${t.cancel}</button>
    </form>`;
  return layout({ language, title: t.loginTitle, hasError: failed, body });
}

export function consentPage(options: {
  language: PageLanguage;
  path: string;
  portal: PortalIdentity;
  scopes: string[];
}): string {
  const { language, path, portal, scopes } = options;
  const { locale } = language;
  const t = MESSAGES[locale];
  const items = scopes
    .map((scope) => scopeDescription(t, scope))
    .filter((text): text is string => Boolean(text))
    .map((text) => html`<li>${text}</li>`);
  const body = html`<h1>${t.consentTitle}</h1>
    ${portalBox(locale, portal)}
    <p><strong>${portal.name}</strong> ${t.consentIntro}</p>
    <ul class="claims">
      ${items}
    </ul>
    <form method="post" action="${path}/confirm">
      <button type="submit" class="primary">${t.allow}</button>
    </form>
    <form method="post" action="${path}/abort">
      <button type="submit" class="secondary">${t.deny}</button>
    </form>`;
  return layout({ language, title: t.consentTitle, body });
}
