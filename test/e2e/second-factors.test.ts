// Second factors in Chromium (issue 5): a citizen asked for l2-mfa sets up an authenticator
// app during the sign-in (QR code, key, first code), keeps recovery codes, and on a new
// device is refused a replayed code, gets in with a recovery code, then with a fresh code.
// The portal (openid-client) checks acr and amr in the ID token.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/factors/totp.ts';
import { MESSAGES } from '../../src/views/i18n.ts';
import { allowConsent, landedOn, newCitizenPage, setupE2E, signIn } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { beginLogin, createPortal, finishLogin, type Portal } from '../helpers/portal-client.ts';

const vi = MESSAGES.vi;
const L2_MFA = 'urn:chiakhoa:acr:l2-mfa';

describe('authenticator app and recovery codes in the browser', () => {
  const e2e = setupE2E();

  /** Clicks and waits for the page that the form post leads to. */
  async function submitted(page: Page, click: () => Promise<void>) {
    // waitForNavigation: a wrong code answers on the same URL, so waitForURL cannot tell.
    await Promise.all([page.waitForNavigation(), click()]);
  }

  async function submitCode(page: Page, field: string, code: string) {
    await page.locator(field).fill(code);
    await submitted(page, () => page.locator(`form:has(${field}) button[type="submit"]`).click());
  }

  /** Signs in on a fresh device (browser profile) and stops on the second-factor page. */
  async function onSecondFactorPage(portal: Portal, who: { personalId: string; password: string }) {
    const login = await beginLogin(portal, { acr_values: L2_MFA, prompt: 'login' });
    const page = await newCitizenPage(e2e.browser);
    await page.goto(login.url.href);
    await signIn(page, who.personalId, who.password);
    expect(await page.locator('h1').textContent()).toBe(vi.sfTitle);
    return { login, page };
  }

  async function tokensAfter(page: Page, portal: Portal, login: Awaited<ReturnType<typeof beginLogin>>) {
    if (!page.url().startsWith(portal.server.callbackUrl)) {
      if (await page.locator('form[action$="/confirm"]').count()) await allowConsent(page);
      await landedOn(page, portal.server.callbackUrl);
    }
    const tokens = await finishLogin(portal, login, page.url());
    await page.context().close();
    return tokens.claims()!;
  }

  it('sets up an authenticator app during sign-in, then refuses a reused code and takes a recovery code', async () => {
    const who = await enrolCitizen(e2e.app, { accountLevel: 2 });
    const portal = await createPortal(e2e.app, e2e.portalServer, { name: 'Cổng Thuế điện tử' });

    // 1. No second factor yet: the page offers to set one up; the QR code is an inline SVG.
    const first = await onSecondFactorPage(portal, who);
    expect(await first.page.getByText(vi.sfNone).count()).toBe(1);
    await first.page.getByRole('link', { name: vi.sfSetupTotp }).click();
    expect(await first.page.locator('h1').textContent()).toBe(vi.totpTitle);
    expect(await first.page.locator('.qr[role="img"] svg').count()).toBe(1);
    const secret = (await first.page.locator('code.secret').textContent())!.replace(/\s+/g, '');
    const now = Math.floor(Date.now() / 1000);
    const setupCode = await totpCodeAt(secret, now);
    await submitCode(first.page, '#setup-code', setupCode);

    // 2. Recovery codes, shown once.
    expect(await first.page.locator('h1').textContent()).toBe(vi.rcTitle);
    const recoveryCodes = await first.page.locator('.recovery-codes code').allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    await submitted(first.page, () => first.page.getByRole('button', { name: vi.rcContinue }).click());
    const firstClaims = await tokensAfter(first.page, portal, first.login);
    expect(firstClaims).toMatchObject({ acr: L2_MFA, amr: ['pwd', 'otp', 'mfa'] });

    // 3. A new device: the code that set the app up is spent, whatever the clock says.
    const second = await onSecondFactorPage(portal, who);
    await submitCode(second.page, '#totp-code', setupCode);
    expect(await second.page.getByRole('alert').textContent()).toBe(vi.sfWrongCode);
    await submitCode(second.page, '#recovery-code', recoveryCodes[3]!);
    expect(await tokensAfter(second.page, portal, second.login)).toMatchObject({ acr: L2_MFA });

    // 4. A used recovery code is spent; the app's next code works (one step of drift).
    const third = await onSecondFactorPage(portal, who);
    await submitCode(third.page, '#recovery-code', recoveryCodes[3]!);
    expect(await third.page.getByRole('alert').textContent()).toBe(vi.sfWrongCode);
    await submitCode(third.page, '#totp-code', await totpCodeAt(secret, now + 30));
    expect(await tokensAfter(third.page, portal, third.login)).toMatchObject({
      acr: L2_MFA,
      amr: ['pwd', 'otp', 'mfa'],
    });
  }, 60_000); // three sign-ins in Chromium and argon2 for ten recovery codes
});
