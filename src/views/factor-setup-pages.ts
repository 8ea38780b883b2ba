// Setting up a second factor, during a sign-in or from the account page: an authenticator app
// (a QR code drawn as inline SVG, and the key in text for those who cannot scan), a passkey,
// and the recovery codes shown once. Each page posts to `action` and ends with `back`, the way
// out of where it is used (cancel the sign-in, or back to the account page). Plus the page
// that says an account's level is too low.
import { html, SafeHtml } from './html.ts';
import { MESSAGES, type Messages } from './i18n.ts';
import { layout } from './layout.ts';
import type { PageLanguage } from './locale.ts';
import { codeField, passkeyForm } from './second-factor-page.ts';

const errorLine = (message: string | undefined) =>
  message ? html`<p class="error" role="alert" id="factor-error">${message}</p>` : '';

/** The sign-in's way out of a setup page: cancel it and return to the portal. */
export function abortForm(t: Messages, path: string): SafeHtml {
  return html`<form method="post" action="${path}/abort">
    <button type="submit" class="secondary">${t.cancel}</button>
  </form>`;
}

export function totpSetupPage(options: {
  language: PageLanguage;
  /** Where the confirming code is posted. */
  action: string;
  back: SafeHtml;
  /** The QR code as SVG markup from the qrcode package (no script, no external reference). */
  qrSvg: string;
  secret: string;
  error?: string | undefined;
}): string {
  const t = MESSAGES[options.language.locale];
  const grouped = options.secret.replace(/(.{4})/g, '$1 ').trim();
  const body = html`<h1>${t.totpTitle}</h1>
    ${errorLine(options.error)}
    <ol class="steps">
      <li>
        <p>${t.totpStep1}</p>
        <div class="qr" role="img" aria-label="${t.totpQrLabel}">${new SafeHtml(options.qrSvg)}</div>
        <p>${t.totpManual} <code class="secret" translate="no">${grouped}</code></p>
      </li>
      <li>
        <form method="post" action="${options.action}" novalidate>
          ${codeField(t, 'setup-code', t.totpStep2, Boolean(options.error))}
        </form>
      </li>
    </ol>
    ${options.back}`;
  return layout({ language: options.language, title: t.totpTitle, hasError: Boolean(options.error), body });
}

export function passkeySetupPage(options: {
  language: PageLanguage;
  /** Where the signed response is posted. */
  action: string;
  back: SafeHtml;
  /** WebAuthn creation options (JSON). */
  creationOptions: string;
  error?: string | undefined;
}): string {
  const t = MESSAGES[options.language.locale];
  const body = html`<h1>${t.pkTitle}</h1>
    ${errorLine(options.error)}
    <p>${t.pkIntro}</p>
    ${passkeyForm(t, options.action, options.creationOptions, t.pkCreate)} ${options.back}`;
  return layout({ language: options.language, title: t.pkTitle, hasError: Boolean(options.error), body });
}

export function recoveryCodesPage(options: {
  language: PageLanguage;
  codes: readonly string[];
  /** The way on once they are saved (a form or a link). */
  next: SafeHtml;
}): string {
  const t = MESSAGES[options.language.locale];
  const body = html`<h1>${t.rcTitle}</h1>
    <p>${t.rcIntro}</p>
    <ul class="recovery-codes" translate="no">
      ${options.codes.map((code) => html`<li><code>${code}</code></li>`)}
    </ul>
    ${options.next}`;
  return layout({ language: options.language, title: t.rcTitle, body });
}

export function unmetPage(options: {
  language: PageLanguage;
  path: string;
  portalName: string;
  levelTooLow: boolean;
}): string {
  const t = MESSAGES[options.language.locale];
  const message = options.levelTooLow
    ? html`<strong>${options.portalName}</strong> ${t.unmetLevel}`
    : html`${t.unmetOther}`;
  const body = html`<h1>${t.unmetTitle}</h1>
    <p role="alert">${message}</p>
    <form method="post" action="${options.path}/unmet">
      <button type="submit" class="primary">${t.unmetReturn}</button>
    </form>`;
  return layout({ language: options.language, title: t.unmetTitle, hasError: true, body });
}
