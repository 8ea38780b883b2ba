// The account page's confirmations before a factor change (issue 7): removing an authenticator
// app or a passkey, with a warning when it is the last of its kind, and creating new recovery
// codes. A page of its own rather than a script dialog: it works without JavaScript, and a
// stale sign-in is renewed before it opens (routes/account/recent-sign-in.ts).
import { html } from './html.ts';
import { MESSAGES } from './i18n.ts';
import { layout } from './layout.ts';
import type { PageLanguage } from './locale.ts';

export function removeFactorPage(options: {
  language: PageLanguage;
  /** Which factor: the page's heading and its button. */
  title: string;
  /** The factor's name as the list shows it. */
  name: string;
  action: string;
  /** What the citizen should know first (last factor, last passkey). */
  warnings: readonly string[];
  hint?: string | undefined;
}): string {
  const t = MESSAGES[options.language.locale];
  const body = html`<h1>${options.title}</h1>
    <p class="lead">${options.name}</p>
    <p>${t.mfRemoveBody}</p>
    ${options.warnings.map((warning) => html`<p class="error">${warning}</p>`)}
    ${options.hint ? html`<p class="hint">${options.hint}</p>` : ''}
    <form method="post" action="${options.action}">
      <button type="submit" class="primary">${options.title}</button>
    </form>
    <a class="button secondary" href="/account/factors">${t.mfBack}</a>`;
  return layout({ language: options.language, title: options.title, body });
}

export function regenerateCodesPage(options: { language: PageLanguage; remaining: number }): string {
  const t = MESSAGES[options.language.locale];
  const left = options.remaining > 0 ? t.mfCodesLeft.replace('{n}', String(options.remaining)) : t.mfCodesNone;
  const body = html`<h1>${t.mfRegenerate}</h1>
    <p>${left}</p>
    <p>${t.mfRegenerateBody}</p>
    <form method="post" action="/account/factors/recovery-codes">
      <button type="submit" class="primary">${t.mfRegenerateConfirm}</button>
    </form>
    <a class="button secondary" href="/account/factors">${t.mfBack}</a>`;
  return layout({ language: options.language, title: t.mfRegenerate, body });
}
