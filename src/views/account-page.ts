// The citizen's account page: who they are to chiakhoa, the portals they allowed and what each
// received, their sign-ins, what was shared day by day, and the controls (withdraw a portal,
// password, second factors, sign out everywhere, download my data). Works without JavaScript:
// every action is a form.
import type { AccountOverview, ConnectedPortal, SignInEntry } from '../modules/account/account-overview.ts';
import { maskContact } from '../modules/factors/one-time-codes.ts';
import { claimLabels, formatDay, maskedPersonalId, methodLabel, timeElement } from './account-format.ts';
import { html, type SafeHtml } from './html.ts';
import { MESSAGES, scopeDescription, type Locale, type Messages } from './i18n.ts';
import { layout } from './layout.ts';
import type { PageLanguage } from './locale.ts';

export interface AccountPageOptions {
  readonly language: PageLanguage;
  readonly overview: AccountOverview;
  /** Set after a withdrawal: the confirmation to announce. */
  readonly notice?: string | undefined;
}

function facts(t: Messages, overview: AccountOverview): SafeHtml {
  const { citizen } = overview;
  const row = (label: string, value: string) =>
    html`<div>
      <dt>${label}</dt>
      <dd>${value}</dd>
    </div>`;
  return html`<dl class="facts">
    ${row(t.accountIdLabel, maskedPersonalId(citizen.personalId))}
    ${row(t.accountLevelLabel, String(citizen.accountLevel))}
    ${row(t.accountPhoneLabel, citizen.phone ? maskContact(citizen.phone) : t.accountNotRegistered)}
    ${row(t.accountEmailLabel, citizen.email ? maskContact(citizen.email) : t.accountNotRegistered)}
  </dl>`;
}

function portalItem(locale: Locale, portal: ConnectedPortal, index: number): SafeHtml {
  const t = MESSAGES[locale];
  // The button says what it does; its description names the portal it does it to.
  const headingId = `portal-${index}`;
  const allowed = portal.scopes.map((scope) => scopeDescription(t, scope)).filter(Boolean);
  const received = portal.received.map(
    (item) =>
      html`<li>
        ${claimLabels(t, item.claims).join(', ')} — ${t[`use_${item.use}`]}, ${t.portalLastReceived}
        ${timeElement(locale, item.lastAt)}
      </li>`,
  );
  return html`<li class="record">
    <h3 id="${headingId}">${portal.name}</h3>
    <p><strong>${t.portalAllowed}:</strong> ${allowed.join('; ')}</p>
    ${portal.since ? html`<p>${t.portalSince} ${timeElement(locale, portal.since)}</p>` : ''}
    <p><strong>${t.portalReceived}:</strong></p>
    ${
      received.length
        ? html`<ul>
            ${received}
          </ul>`
        : html`<p>${t.portalReceivedNothing}</p>`
    }
    <form method="post" action="/account/portals/${encodeURIComponent(portal.clientId)}/revoke">
      <button type="submit" class="secondary" aria-describedby="${headingId}">${t.revoke}</button>
    </form>
  </li>`;
}

function signInItem(locale: Locale, entry: SignInEntry): SafeHtml {
  const t = MESSAGES[locale];
  const details = [
    entry.portal,
    entry.methods.length ? `${t.historyMethod}: ${entry.methods.map((amr) => methodLabel(t, amr)).join(' + ')}` : '',
    `${t.historyDevice}: ${entry.device ?? t.historyUnknown}`,
    `${t.historyPlace}: ${entry.network ?? t.historyUnknown}`,
  ].filter(Boolean);
  return html`<li class="record ${entry.succeeded ? '' : 'failed'}">
    <strong>${entry.succeeded ? t.historySignedIn : t.historyFailed}</strong>, ${timeElement(locale, entry.at)}
    <span class="hint">${details.join(' · ')}</span>
  </li>`;
}

function section(id: string, title: string, content: SafeHtml): SafeHtml {
  return html`<section aria-labelledby="${id}-title">
    <h2 id="${id}-title">${title}</h2>
    ${content}
  </section>`;
}

export function accountPage(options: AccountPageOptions): string {
  const { language, overview } = options;
  const { locale } = language;
  const t = MESSAGES[locale];
  const portals = overview.portals.map((portal, index) => portalItem(locale, portal, index));
  const signIns = overview.signIns.map((entry) => signInItem(locale, entry));
  const ledger = overview.ledger.map(
    (entry) =>
      html`<li class="record">
        <strong>${formatDay(locale, entry.day)}</strong> — ${entry.portal}, ${t[`use_${entry.use}`]}:
        ${claimLabels(t, entry.claims).join(', ')}
      </li>`,
  );
  const body = html`<h1>${t.accountTitle}</h1>
    ${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : ''}
    <p class="lead">${overview.citizen.fullName}</p>
    ${facts(t, overview)}
    ${section(
      'portals',
      t.portalsTitle,
      portals.length
        ? html`<ul class="records">
              ${portals}
            </ul>
            <p class="hint">${t.revokeHint}</p>`
        : html`<p>${t.portalsNone}</p>`,
    )}
    ${section(
      'history',
      t.historyTitle,
      signIns.length
        ? html`<ul class="records">
            ${signIns}
          </ul>`
        : html`<p>${t.historyNone}</p>`,
    )}
    ${section(
      'ledger',
      t.ledgerTitle,
      html`<p>${t.ledgerIntro}</p>
        ${
          ledger.length
            ? html`<ul class="records">
                ${ledger}
              </ul>`
            : html`<p>${t.ledgerNone}</p>`
        }`,
    )}
    ${section(
      'security',
      t.securityTitle,
      html`<a class="button secondary" href="/account/password">${t.changePassword}</a>
        <a class="button secondary" href="/account/factors">${t.factorsManage}</a>
        <form method="post" action="/account/sign-out-everywhere">
          <button type="submit" class="secondary" aria-describedby="everywhere-hint">${t.signOutEverywhere}</button>
          <span class="hint" id="everywhere-hint">${t.signOutEverywhereHint}</span>
        </form>`,
    )}
    ${section(
      'data',
      t.dataTitle,
      html`<p>${t.dataHint}</p>
        <a class="button secondary" href="/account/data.json" download="chiakhoa-data.json">${t.downloadData}</a>`,
    )}
    <form method="post" action="/account/logout">
      <button type="submit" class="primary">${t.signOutHere}</button>
    </form>`;
  return layout({ language, title: t.accountTitle, body });
}
