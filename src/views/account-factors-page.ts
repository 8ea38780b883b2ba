// The account page's second factors (issue 7), as Keycloak's "Signing in" page: one section per
// kind (authenticator app, passkeys, recovery codes, codes by SMS or email), each with what the
// citizen has, when it was added and last used, and its actions. Every action is a link to a
// page of its own (a confirmation, a setup page), so the list works without JavaScript and a
// stale sign-in can be renewed before the action's page opens.
import type { FactorInventory, PasskeyEntry } from '../modules/factors/factor-management.service.ts';
import { maskContact } from '../modules/factors/one-time-codes.ts';
import { timeElement } from './account-format.ts';
import { html, type SafeHtml } from './html.ts';
import { MESSAGES, type Locale, type Messages } from './i18n.ts';
import { layout } from './layout.ts';
import type { PageLanguage } from './locale.ts';

export interface AccountFactorsView {
  readonly language: PageLanguage;
  readonly inventory: FactorInventory;
  /** False when no SMS or email gateway is configured. */
  readonly codesDelivered: boolean;
  readonly recentMinutes: number;
  /** A confirmation of the last change, announced. */
  readonly notice?: string | undefined;
}

function section(id: string, title: string, content: SafeHtml): SafeHtml {
  return html`<section aria-labelledby="${id}-title">
    <h2 id="${id}-title">${title}</h2>
    ${content}
  </section>`;
}

/** Its name in the list: numbered by age, with what kind of passkey it is. */
export function passkeyLabel(t: Messages, index: number): string {
  return t.mfPasskeyName.replace('{n}', String(index + 1));
}

function passkeyItem(locale: Locale, passkey: PasskeyEntry, index: number): SafeHtml {
  const t = MESSAGES[locale];
  const kind = passkey.securityKey ? t.mfPasskeyKey : passkey.synced ? t.mfPasskeySynced : t.mfPasskeyDevice;
  const id = `passkey-${index}`;
  return html`<li class="record">
    <h3 id="${id}">${passkeyLabel(t, index)}</h3>
    <span class="hint">${kind}</span>
    <p>${t.mfAddedOn} ${timeElement(locale, passkey.addedAt)}</p>
    <p>${t.mfLastUsed}: ${passkey.lastUsedAt ? timeElement(locale, passkey.lastUsedAt) : t.mfNeverUsed}</p>
    <a
      class="button secondary"
      href="/account/factors/passkeys/${encodeURIComponent(passkey.id)}/remove"
      aria-describedby="${id}"
      >${t.mfRemove}</a
    >
  </li>`;
}

function contactsSection(t: Messages, view: AccountFactorsView): SafeHtml {
  const { phone, email } = view.inventory;
  const rows = [
    phone ? html`<li>${t.accountPhoneLabel}: <span translate="no">${maskContact(phone)}</span></li>` : '',
    email ? html`<li>${t.accountEmailLabel}: <span translate="no">${maskContact(email)}</span></li>` : '',
  ];
  let content: SafeHtml;
  if (!view.codesDelivered) content = html`<p>${t.mfContactsUnavailable}</p>`;
  else if (phone ?? email)
    content = html`<p>${t.mfContactsIntro}</p>
      <ul>
        ${rows}
      </ul>`;
  else content = html`<p>${t.mfContactsNone}</p>`;
  return section('contacts', t.mfContactsTitle, content);
}

export function accountFactorsPage(view: AccountFactorsView): string {
  const { language, inventory } = view;
  const { locale } = language;
  const t = MESSAGES[locale];
  const app = inventory.totp
    ? html`<ul class="records">
        <li class="record">
          <h3 id="totp-name">${t.mfAppName}</h3>
          <p>${t.mfAddedOn} ${timeElement(locale, inventory.totp.addedAt)}</p>
          <a class="button secondary" href="/account/factors/totp/remove" aria-describedby="totp-name">${t.mfRemove}</a>
        </li>
      </ul>`
    : html`<p>${t.mfAppNone}</p>
        <a class="button secondary" href="/account/factors/totp">${t.sfSetupTotp}</a>`;
  const passkeys = inventory.passkeys.map((passkey, index) => passkeyItem(locale, passkey, index));
  const codes =
    inventory.recoveryCodes > 0 ? t.mfCodesLeft.replace('{n}', String(inventory.recoveryCodes)) : t.mfCodesNone;
  const body = html`<h1>${t.factorsTitle}</h1>
    ${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
    <p>${t.mfIntro}</p>
    <p class="hint">${t.mfRecentHint.replace('{minutes}', String(view.recentMinutes))}</p>
    ${section('totp', t.sfTotpHeading, app)}
    ${section(
      'passkeys',
      t.sfPasskeyHeading,
      html`${
          passkeys.length
            ? html`<ul class="records">
                ${passkeys}
              </ul>`
            : html`<p>${t.mfPasskeyNone}</p>`
        } <a class="button secondary" href="/account/factors/passkey">${t.mfAddPasskey}</a>`,
    )}
    ${section(
      'codes',
      t.mfCodesTitle,
      html`<p>${codes}</p>
        <a class="button secondary" href="/account/factors/recovery-codes">${t.mfRegenerate}</a>`,
    )}
    ${contactsSection(t, view)}
    <a class="button secondary" href="/account">${t.backToAccount}</a>`;
  return layout({ language, title: t.factorsTitle, body });
}
