// Forgotten password, step by step: the number and where to send a code, then the code. The
// pages say the same whether or not the number has an account.
import { html } from './html.ts';
import { MESSAGES } from './i18n.ts';
import { layout } from './layout.ts';
import type { PageLanguage } from './locale.ts';

export function recoverPage(options: {
  language: PageLanguage;
  tooMany?: boolean | undefined;
  /** No gateway delivers codes here: say so instead of offering a form. */
  unavailable?: boolean | undefined;
}): string {
  const { language, tooMany = false } = options;
  const t = MESSAGES[language.locale];
  if (options.unavailable) {
    const notice = html`<h1>${t.recoverTitle}</h1>
      <p>${t.recoverUnavailable}</p>`;
    return layout({ language, title: t.recoverTitle, body: notice });
  }
  const channel = (value: string, label: string, checked: boolean) =>
    html`<div class="choice">
      <input type="radio" id="channel_${value}" name="channel" value="${value}" ${checked ? html`checked` : ''} />
      <label for="channel_${value}">${label}</label>
    </div>`;
  const body = html`<h1>${t.recoverTitle}</h1>
    ${tooMany ? html`<p class="error" role="alert">${t.recoverTooMany}</p>` : ''}
    <p>${t.recoverIntro}</p>
    <form method="post" action="/account/recover" novalidate>
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
        aria-describedby="personal_id_hint"
      />
      <fieldset>
        <legend>${t.channelLegend}</legend>
        ${channel('sms', t.channelPhone, true)} ${channel('email', t.channelEmail, false)}
      </fieldset>
      <button type="submit" class="primary">${t.sendCode}</button>
    </form>`;
  return layout({ language, title: t.recoverTitle, hasError: tooMany, body });
}

export function recoveryCodePage(options: { language: PageLanguage; wrong?: boolean | undefined }): string {
  const { language, wrong = false } = options;
  const t = MESSAGES[language.locale];
  const body = html`<h1>${t.codeTitle}</h1>
    ${wrong ? html`<p class="error" role="alert" id="code-error">${t.codeWrong}</p>` : ''}
    <p id="code-sent">${t.codeSent}</p>
    <form method="post" action="/account/recover/code" novalidate>
      <label for="code">${t.codeLabel}</label>
      <input
        type="text"
        id="code"
        name="code"
        inputmode="numeric"
        autocomplete="one-time-code"
        maxlength="12"
        required
        aria-describedby="code-sent${wrong ? ' code-error' : ''}"
        ${wrong ? html`aria-invalid="true"` : ''}
      />
      <button type="submit" class="primary">${t.confirmCode}</button>
    </form>
    <a class="button secondary" href="/account/recover">${t.recoverStartAgain}</a>`;
  return layout({ language, title: t.codeTitle, hasError: wrong, body });
}
