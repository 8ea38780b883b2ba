// "Act for which organization?": after the password, a citizen asked for by an organization
// portal picks one of the organizations they may act for there, or goes back.
import { html } from './html.ts';
import { MESSAGES } from './i18n.ts';
import { layout } from './layout.ts';
import type { PageLanguage } from './locale.ts';

export interface OrganizationOption {
  readonly representationId: string;
  readonly name: string;
  readonly code: string;
  readonly basis: 'legal_representative' | 'mandate';
  readonly role: string;
}

export function organizationChoicePage(options: {
  language: PageLanguage;
  path: string;
  portalName: string;
  choices: OrganizationOption[];
}): string {
  const { language, path, portalName, choices } = options;
  const t = MESSAGES[language.locale];
  const body = html`<h1>${t.orgTitle}</h1>
    ${
      choices.length === 0
        ? html`<p role="alert">${t.orgNone}</p>`
        : html`<form method="post" action="${path}/organization">
            <fieldset>
              <legend><strong>${portalName}</strong> ${t.orgIntro}</legend>
              ${choices.map(
                (choice, index) =>
                  html`<div class="choice">
                    <input
                      type="radio"
                      name="representation_id"
                      id="org-${index}"
                      value="${choice.representationId}"
                      ${index === 0 ? html`checked` : ''}
                      required
                    />
                    <label for="org-${index}"
                      ><strong>${choice.name}</strong>
                      <span class="hint"
                        >${t.orgCode}: ${choice.code} ·
                        ${choice.basis === 'legal_representative' ? t.orgLegal : t.orgMandate} · ${choice.role}</span
                      ></label
                    >
                  </div>`,
              )}
            </fieldset>
            <button type="submit" class="primary">${t.orgChoose}</button>
          </form>`
    }
    <form method="post" action="${path}/abort">
      <button type="submit" class="secondary">${t.cancel}</button>
    </form>`;
  return layout({ language, title: t.orgTitle, body });
}
