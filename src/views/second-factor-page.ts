// "Confirm it is you": the second step of a sign-in. Each way the citizen has is its own
// section and form (a passkey, the authenticator app, a code by SMS or email, a recovery
// code), then the ways they may set up. Everything but the passkey works without JavaScript;
// the passkey form carries its WebAuthn options, and /assets/passkey.js runs the ceremony.
import { html, type SafeHtml } from './html.ts';
import { MESSAGES, type Messages } from './i18n.ts';
import { layout } from './layout.ts';
import type { PageLanguage } from './locale.ts';

export interface SecondFactorView {
  readonly language: PageLanguage;
  readonly path: string;
  readonly portalName: string;
  readonly reason: 'portal' | 'new_device' | 'passkey';
  /** WebAuthn request options (JSON) when the citizen has a passkey. */
  readonly passkeyOptions?: string | undefined;
  readonly totp: boolean;
  readonly contacts: readonly { channel: 'sms' | 'email'; masked: string }[];
  readonly recovery: boolean;
  /** A code was just sent to this (masked) address. */
  readonly sentTo?: string | undefined;
  readonly setup: { readonly totp: boolean; readonly passkey: boolean };
  readonly firstThenPasskey: boolean;
  readonly error?: string | undefined;
}

export function codeField(t: Messages, id: string, label: string, invalid: boolean, kind = 'numeric'): SafeHtml {
  return html`<label for="${id}">${label}</label>
    <input
      type="text"
      id="${id}"
      name="code"
      ${kind === 'numeric' ? html`inputmode="numeric" autocomplete="one-time-code" maxlength="8"` : html`maxlength="16"`}
      spellcheck="false"
      required
      ${invalid ? html`aria-invalid="true" aria-describedby="factor-error"` : ''}
    />
    <button type="submit" class="primary">${t.sfVerify}</button>`;
}

export function passkeyForm(t: Messages, action: string, options: string, label: string): SafeHtml {
  return html`<form method="post" action="${action}" class="passkey" data-options="${options}">
      <input type="hidden" name="response" value="" />
      <button type="submit" class="primary">${label}</button>
    </form>
    <noscript><p class="hint">${t.sfPasskeyNoScript}</p></noscript>
    <script src="/assets/webauthn-browser.js" defer></script>
    <script src="/assets/passkey.js" defer></script>`;
}

function section(id: string, heading: string, content: SafeHtml): SafeHtml {
  return html`<section aria-labelledby="${id}">
    <h2 id="${id}">${heading}</h2>
    ${content}
  </section>`;
}

function codeSections(view: SecondFactorView, t: Messages): SafeHtml[] {
  const { path } = view;
  const invalid = Boolean(view.error);
  const parts: SafeHtml[] = [];
  if (view.totp) {
    const form = html`<form method="post" action="${path}/second-factor/totp" novalidate>
      ${codeField(t, 'totp-code', t.sfTotpLabel, invalid && !view.sentTo)}
    </form>`;
    parts.push(section('totp-heading', t.sfTotpHeading, form));
  }
  if (view.contacts.length) {
    const sent = view.sentTo
      ? html`<p>${t.sfCodeSent} <strong>${view.sentTo}</strong>.</p>
          <form method="post" action="${path}/second-factor/code" novalidate>
            ${codeField(t, 'sent-code', t.sfCodeLabel, invalid)}
          </form>`
      : '';
    const buttons = view.contacts.map(
      ({ channel, masked }) =>
        html`<form method="post" action="${path}/second-factor/send">
          <input type="hidden" name="channel" value="${channel}" />
          <button type="submit" class="secondary">${channel === 'sms' ? t.sfSendSms : t.sfSendEmail} ${masked}</button>
        </form>`,
    );
    parts.push(section('code-heading', t.sfCodeHeading, html`${sent}${buttons}`));
  }
  if (view.recovery) {
    const form = html`<form method="post" action="${path}/second-factor/recovery" novalidate>
      ${codeField(t, 'recovery-code', t.sfRecoveryLabel, false, 'text')}
    </form>`;
    parts.push(section('recovery-heading', t.sfRecoveryHeading, form));
  }
  return parts;
}

export function secondFactorPage(view: SecondFactorView): string {
  const t = MESSAGES[view.language.locale];
  const intro = {
    portal: html`<p><strong>${view.portalName}</strong> ${t.sfIntroPortal}</p>`,
    new_device: html`<p>${t.sfIntroNewDevice}</p>`,
    passkey: html`<p>${t.sfIntroPasskey}</p>`,
  }[view.reason];
  const ways = codeSections(view, t);
  const passkey = view.passkeyOptions
    ? section(
        'passkey-heading',
        t.sfPasskeyHeading,
        passkeyForm(t, `${view.path}/second-factor/passkey`, view.passkeyOptions, t.sfPasskeyButton),
      )
    : '';
  const setupLinks = [
    view.setup.passkey
      ? html`<a class="button secondary" href="${view.path}/passkey-setup">${t.sfSetupPasskey}</a>`
      : '',
    view.setup.totp ? html`<a class="button secondary" href="${view.path}/totp-setup">${t.sfSetupTotp}</a>` : '',
  ];
  const setup =
    view.setup.passkey || view.setup.totp ? section('setup-heading', t.sfSetupHeading, html`${setupLinks}`) : '';
  const nothing = !view.passkeyOptions && ways.length === 0;
  const body = html`<h1>${t.sfTitle}</h1>
    ${intro} ${view.error ? html`<p class="error" role="alert" id="factor-error">${view.error}</p>` : ''}
    ${nothing ? html`<p>${t.sfNone}</p>` : ''} ${passkey} ${ways}
    ${view.firstThenPasskey ? html`<p class="hint">${t.sfFirstThenPasskey}</p>` : ''} ${setup}
    <form method="post" action="${view.path}/abort">
      <button type="submit" class="secondary">${t.cancel}</button>
    </form>`;
  return layout({ language: view.language, title: t.sfTitle, hasError: Boolean(view.error), body });
}
