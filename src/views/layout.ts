// The page shell shared by every citizen-facing page: one language per page, a skip link,
// landmarks (banner, main, contentinfo), a visible language switch, how to recognise the
// real service, and a self-hosted stylesheet (no external resources: WCAG and slow phones).
import { html, type SafeHtml } from './html.ts';
import { MESSAGES, otherLocale, type Locale } from './i18n.ts';
import type { PageLanguage } from './locale.ts';

export interface PageOptions {
  readonly language: PageLanguage;
  readonly title: string;
  /** The page shows an error: the title says so first, as screen readers read it on load. */
  readonly hasError?: boolean;
  readonly body: SafeHtml;
}

/** A link to this page in the other language, itself marked as that language. */
function languageSwitch(locale: Locale, href: string | undefined): SafeHtml | undefined {
  if (!href) return undefined;
  const t = MESSAGES[locale];
  const other = otherLocale(locale);
  const link = html`<a class="lang-switch" href="${href}" hreflang="${other}" lang="${other}">${t.switchLanguage}</a>`;
  return html`<nav aria-label="${t.languageNav}">${link}</nav>`;
}

export function layout({ language, title, hasError = false, body }: PageOptions): string {
  const { locale, switchHref } = language;
  const t = MESSAGES[locale];
  return html`<!doctype html>
    <html lang="${locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${hasError ? `${t.errorPrefix}: ` : ''}${title} · ${t.serviceName}</title>
        <link rel="stylesheet" href="/assets/site.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">${t.skipToContent}</a>
        <header class="site-header">
          <p class="brand">${t.serviceName}</p>
          ${languageSwitch(locale, switchHref)}
        </header>
        <main id="main" tabindex="-1">${body}</main>
        <footer class="site-footer">
          <h2>${t.phishingTitle}</h2>
          <ul>
            <li>${t.phishingPortal}</li>
            <li>${t.phishingNeverAsk}</li>
            <li>${t.phishingInDoubt}</li>
          </ul>
        </footer>
      </body>
    </html>`.value;
}
