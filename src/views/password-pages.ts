// The password forms: change (signed in, needs the current password) and the new password at
// the end of recovery. One error at a time, announced (role=alert) and tied to its fields;
// novalidate, so the browser's own bubbles (in the browser's language) never show.
import { html, type SafeHtml } from './html.ts';
import { MESSAGES, type Messages } from './i18n.ts';
import { layout } from './layout.ts';
import type { PageLanguage } from './locale.ts';

export type PasswordFormError = 'wrong_current' | 'weak' | 'mismatch';

const ERROR_TEXT: Record<PasswordFormError, keyof Messages> = {
  wrong_current: 'passwordWrongCurrent',
  weak: 'passwordWeak',
  mismatch: 'passwordMismatch',
};

function field(options: {
  id: string;
  label: string;
  autocomplete: string;
  describedBy: string[];
  invalid: boolean;
}): SafeHtml {
  const describedBy = options.describedBy.join(' ');
  return html`<label for="${options.id}">${options.label}</label>
    <input
      type="password"
      id="${options.id}"
      name="${options.id}"
      autocomplete="${options.autocomplete}"
      maxlength="128"
      required
      ${describedBy ? html`aria-describedby="${describedBy}"` : ''}
      ${options.invalid ? html`aria-invalid="true"` : ''}
    />`;
}

function newPasswordFields(t: Messages, error: PasswordFormError | undefined): SafeHtml {
  const errorId = error === 'weak' || error === 'mismatch' ? ['password-error'] : [];
  return html`${field({
      id: 'new_password',
      label: t.newPassword,
      autocomplete: 'new-password',
      describedBy: ['password-rule', ...errorId],
      invalid: errorId.length > 0,
    })}
    <span class="hint" id="password-rule">${t.passwordRule}</span>
    ${field({
      id: 'repeat_password',
      label: t.repeatPassword,
      autocomplete: 'new-password',
      describedBy: error === 'mismatch' ? errorId : [],
      invalid: error === 'mismatch',
    })}`;
}

function errorBox(t: Messages, error: PasswordFormError | undefined): SafeHtml | '' {
  return error ? html`<p class="error" role="alert" id="password-error">${t[ERROR_TEXT[error]]}</p>` : '';
}

export function changePasswordPage(options: { language: PageLanguage; error?: PasswordFormError | undefined }): string {
  const { language, error } = options;
  const t = MESSAGES[language.locale];
  const body = html`<h1>${t.passwordTitle}</h1>
    ${errorBox(t, error)}
    <form method="post" action="/account/password" novalidate>
      ${field({
        id: 'current_password',
        label: t.currentPassword,
        autocomplete: 'current-password',
        describedBy: error === 'wrong_current' ? ['password-error'] : [],
        invalid: error === 'wrong_current',
      })}
      ${newPasswordFields(t, error)}
      <button type="submit" class="primary">${t.savePassword}</button>
    </form>
    <a class="button secondary" href="/account">${t.backToAccount}</a>`;
  return layout({ language, title: t.passwordTitle, hasError: Boolean(error), body });
}

export function resetPasswordPage(options: {
  language: PageLanguage;
  error?: 'weak' | 'mismatch' | undefined;
}): string {
  const { language, error } = options;
  const t = MESSAGES[language.locale];
  const body = html`<h1>${t.resetTitle}</h1>
    ${errorBox(t, error)}
    <form method="post" action="/account/recover/password" novalidate>
      ${newPasswordFields(t, error)}
      <button type="submit" class="primary">${t.savePassword}</button>
    </form>`;
  return layout({ language, title: t.resetTitle, hasError: Boolean(error), body });
}
