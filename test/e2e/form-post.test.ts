// The page oidc-provider writes for a portal asking for response_mode=form_post, in a real
// Chromium without JavaScript: in the citizen's language, a heading and a large button, and
// pressing it posts the code to the portal.
import { describe, expect, it } from 'vitest';
import { LOCALES, MESSAGES } from '../../src/views/i18n.ts';
import { PHONE } from '../helpers/accessibility.ts';
import { allowConsent, setupE2E, signIn } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { beginLogin, createPortal } from '../helpers/portal-client.ts';

describe('the form_post page', () => {
  const e2e = setupE2E();

  // A portal asking for response_mode=form_post gets oidc-provider's own page, put into the
  // citizen's language (src/oidc/form-post-page.ts); without JavaScript the citizen reads it and
  // presses its button. axe-core cannot run there (its timers do not run while scripts are
  // off), so the essentials are checked directly.
  it.each(LOCALES)(
    'shows the form_post page without JavaScript in %s, readable, and posts the code',
    { timeout: 60_000 },
    async (locale) => {
      const { personalId, password } = await enrolCitizen(e2e.app);
      const portal = await createPortal(e2e.app, e2e.portalServer);
      const context = await e2e.browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto((await beginLogin(portal, { response_mode: 'form_post', ui_locales: locale })).url.href);
      await signIn(page, personalId, password);
      await allowConsent(page);
      await page.waitForLoadState();

      const t = MESSAGES[locale];
      expect(await page.getAttribute('html', 'lang')).toBe(locale);
      expect(await page.title()).toBe(`${t.formPostTitle} · ${t.serviceName}`);
      expect(await page.locator('main h1').textContent()).toBe(t.formPostTitle);
      const button = page.locator('main form button.primary');
      expect(await button.textContent()).toBe(t.formPostContinue);
      for (const viewport of [PHONE, { width: 1280, height: 800 }]) {
        await page.setViewportSize(viewport);
        expect((await button.boundingBox())?.height, 'touch target').toBeGreaterThanOrEqual(44);
      }

      const posted = page.waitForRequest(
        (request) => request.method() === 'POST' && request.url() === portal.server.callbackUrl,
      );
      await button.click();
      const form = new URLSearchParams((await posted).postData() ?? '');
      expect(form.get('code')).toEqual(expect.any(String));
      expect(form.get('iss')).toBe(e2e.app.issuer);
      await context.close();
    },
  );
});
