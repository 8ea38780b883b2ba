// The pages need nothing but chiakhoa: no CDN, font or script (a citizen on a slow or
// filtered network still signs in, and no third party sees who signs in where), and the
// whole sign-in and sign-out works with JavaScript disabled.
import * as client from 'openid-client';
import type { Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/views/i18n.ts';
import { allowConsent, landedOn, newCitizenPage, setupE2E, signIn } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { beginLogin, createPortal, finishLogin } from '../helpers/portal-client.ts';

/** Above this, the login page is no longer light for a phone on a weak 3G link. */
const LOGIN_PAGE_BUDGET_BYTES = 16 * 1024;

describe('self-contained pages', () => {
  const e2e = setupE2E();

  it('loads the login page from chiakhoa alone: its HTML and one stylesheet', async () => {
    const portal = await createPortal(e2e.app, e2e.portalServer, { name: 'Cổng Dịch vụ công Quốc gia' });
    const page = await newCitizenPage(e2e.browser);
    const requests: Request[] = [];
    page.on('request', (request) => requests.push(request));

    const response = await page.goto((await beginLogin(portal)).url.href);
    await page.waitForLoadState('networkidle');

    const foreign = requests.map((request) => request.url()).filter((url) => new URL(url).origin !== e2e.app.baseUrl);
    expect(foreign).toEqual([]);
    const subresources = requests.filter((request) => request.resourceType() !== 'document');
    expect(subresources.map((request) => new URL(request.url()).pathname)).toEqual(['/assets/site.css']);
    expect(await page.locator('script, iframe, img, object, embed').count()).toBe(0);

    const html = (await response!.body()).byteLength;
    const css = (await (await subresources[0]!.response())!.body()).byteLength;
    console.info(`page weight: login page ${html} B HTML + ${css} B CSS = ${html + css} B (uncompressed)`);
    expect(html + css).toBeLessThan(LOGIN_PAGE_BUDGET_BYTES);
    await page.context().close();
  });

  it('signs a citizen in, in English, and out again with JavaScript disabled', async () => {
    const { personalId, password } = await enrolCitizen(e2e.app);
    const portal = await createPortal(e2e.app, e2e.portalServer);
    const login = await beginLogin(portal, { scope: 'openid profile' });
    const context = await e2e.browser.newContext({
      javaScriptEnabled: false,
      extraHTTPHeaders: { 'accept-language': '*' },
    });
    const page = await context.newPage();

    await page.goto(login.url.href);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: MESSAGES.vi.switchLanguage }).click()]);
    expect(await page.locator('h1').textContent()).toBe(MESSAGES.en.loginTitle);
    await signIn(page, personalId, password);
    expect(await page.locator('h1').textContent()).toBe(MESSAGES.en.consentTitle);
    await allowConsent(page);
    await landedOn(page, portal.server.callbackUrl);
    const tokens = await finishLogin(portal, login, page.url());
    expect(tokens.claims()?.sub).toBeTruthy();

    // The logout buttons sit outside oidc-provider's form (form="op.logoutForm"): no script.
    await page.goto(
      client.buildEndSessionUrl(portal.config, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: portal.server.loggedOutUrl,
      }).href,
    );
    await page.getByRole('button', { name: MESSAGES.en.logoutYes }).click();
    await landedOn(page, portal.server.loggedOutUrl);
    expect((await client.tokenIntrospection(portal.config, tokens.access_token)).active).toBe(false);
    await context.close();
  });
});
