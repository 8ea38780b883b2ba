// oidc-provider answers response_mode=form_post with a page of its own: a form of hidden fields
// that a small inline script submits to the portal at once. Its words are fixed English ("Submitting
// Callback", a <noscript> note and a Continue button), which a citizen without JavaScript reads.
// The provider offers no template hook for it (registerResponseMode cannot replace form_post),
// so after the provider has rendered it, its fixed strings are put into the citizen's language.
// The script, whose sha256 the provider adds to the CSP, and the escaped fields stay byte for
// byte; if a future version changes the template, the page is left as the provider wrote it
// (test/attacks/browser-abuse.test.ts would then fail).
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml } from '../views/html.ts';
import { MESSAGES, type Locale } from '../views/i18n.ts';
import { providerPageLanguage } from './page-language.ts';

const TITLE = '<title>Submitting Callback</title>';
const NOTE = "Your browser does not support JavaScript or you've disabled it.<br/>";
const BUTTON = '<button autofocus type="submit">Continue</button>';
const FIXED = [TITLE, NOTE, BUTTON, '<html>', '<body>', '</body>'];

/**
 * The provider's form_post page in the given language, or undefined when it is not that page.
 * Without JavaScript it is a page like ours: the stylesheet, a main landmark, a heading, a
 * large button (test/e2e/accessibility.test.ts runs axe-core on it).
 */
export function translateFormPost(body: string, locale: Locale): string | undefined {
  if (!FIXED.every((fixed) => body.includes(fixed))) return undefined;
  const t = MESSAGES[locale];
  const title = escapeHtml(t.formPostTitle);
  return body
    .replace('<html>', () => `<html lang="${locale}">`)
    .replace(
      TITLE,
      () =>
        `<meta charset="utf-8">\n  <meta name="viewport" content="width=device-width, initial-scale=1">\n` +
        `  <title>${title} · ${escapeHtml(t.serviceName)}</title>\n  <link rel="stylesheet" href="/assets/site.css">`,
    )
    .replace('<body>', () => '<body>\n<main id="main">')
    .replace('</body>', () => '</main>\n</body>')
    .replace(NOTE, () => `<h1>${title}</h1>\n      <p>${escapeHtml(t.formPostNoScript)}</p>`)
    .replace(
      BUTTON,
      () => `<button autofocus type="submit" class="primary">${escapeHtml(t.formPostContinue)}</button>`,
    );
}

export function translateFormPostPages(provider: Provider): void {
  provider.use(async (ctx: KoaContextWithOIDC, next) => {
    await next();
    if (typeof ctx.body !== 'string' || !ctx.response.is('html')) return;
    const translated = translateFormPost(ctx.body, providerPageLanguage(ctx).locale);
    if (translated !== undefined) ctx.body = translated;
  });
}
