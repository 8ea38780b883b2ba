// One-message pages of the account area (signed out everywhere, password changed or set): a
// heading, what happened, and where to go next.
import { html } from './html.ts';
import { MESSAGES } from './i18n.ts';
import { layout } from './layout.ts';
import type { PageLanguage } from './locale.ts';

export type AccountMessage = 'signedOutEverywhere' | 'passwordChanged' | 'resetDone';

const CONTENT = {
  signedOutEverywhere: { title: 'signedOutEverywhereTitle', body: 'signedOutEverywhereBody' },
  passwordChanged: { title: 'passwordChangedTitle', body: 'passwordChangedBody' },
  resetDone: { title: 'resetDoneTitle', body: 'resetDoneBody' },
} as const;

export function accountMessagePage(language: PageLanguage, message: AccountMessage): string {
  const t = MESSAGES[language.locale];
  const { title, body } = CONTENT[message];
  const content = html`<h1>${t[title]}</h1>
    <p role="status">${t[body]}</p>
    <a class="button secondary" href="/account">${t.backToAccount}</a>`;
  return layout({ language, title: t[title], body: content });
}
