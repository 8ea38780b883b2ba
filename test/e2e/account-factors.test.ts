// Second factors on the account page (issue 7) in Chromium: signed in to /account, the citizen
// adds an authenticator app (QR code page, code, recovery codes shown once), removes it after
// confirming it is them with it again, then adds a passkey with a virtual authenticator (CDP
// WebAuthn, platform, user verification). Served as localhost: WebAuthn refuses IP addresses.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/factors/totp.ts';
import { MESSAGES } from '../../src/views/i18n.ts';
import { openAccount } from '../helpers/account.ts';
import { launchChromium, newCitizenPage, signIn } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

const vi = MESSAGES.vi;

async function withVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

async function click(page: Page, role: 'button' | 'link', name: string) {
  await Promise.all([page.waitForNavigation(), page.getByRole(role, { name, exact: true }).first().click()]);
}

describe('second factors on the account page, in the browser', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ hostname: 'localhost' }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('adds an authenticator app, removes it, and adds a passkey', { timeout: 60_000 }, async () => {
    const who = await enrolCitizen(app);
    const page = await newCitizenPage(browser);
    await withVirtualAuthenticator(page);
    await openAccount(page, app, who);
    await click(page, 'link', vi.factorsManage);
    expect(await page.locator('h1').textContent()).toBe(vi.factorsTitle);

    await click(page, 'link', vi.sfSetupTotp);
    expect(await page.locator('h1').textContent()).toBe(vi.totpTitle);
    expect(await page.locator('.qr svg').count()).toBe(1);
    const secret = (await page.locator('code.secret').textContent())!.replace(/\s+/g, '');
    await page.locator('#setup-code').fill(await totpCodeAt(secret));
    await click(page, 'button', vi.sfVerify);
    expect(await page.locator('h1').textContent()).toBe(vi.rcTitle);
    expect(await page.locator('.recovery-codes li').count()).toBe(10);
    await click(page, 'link', vi.rcSaved);
    expect(await page.getByRole('status').textContent()).toBe(vi.mfAdded);
    expect(await page.locator('#totp-name').textContent()).toBe(vi.mfAppName);

    // Removing asks for a sign-in again, now with the app (the sign-in proved only the password).
    await click(page, 'link', vi.mfRemove);
    await signIn(page, who.personalId, who.password);
    expect(await page.locator('h1').textContent()).toBe(vi.sfTitle);
    await page.locator('#totp-code').fill(await totpCodeAt(secret, Math.floor(Date.now() / 1000) + 30));
    await click(page, 'button', vi.sfVerify);
    expect(await page.locator('h1').textContent()).toBe(vi.mfRemoveTotpTitle);
    await click(page, 'button', vi.mfRemoveTotpTitle);
    expect(await page.getByRole('status').textContent()).toBe(vi.mfRemoved);
    expect(await page.getByText(vi.mfAppNone).count()).toBe(1);

    // The sign-in just proved a second factor: adding a passkey needs nothing more.
    await click(page, 'link', vi.mfAddPasskey);
    expect(await page.locator('h1').textContent()).toBe(vi.pkTitle);
    await page.locator('form.passkey[data-armed="true"]').waitFor();
    await click(page, 'button', vi.pkCreate);
    expect(await page.getByRole('status').textContent()).toBe(vi.mfAdded);
    expect(await page.locator('#passkey-0').textContent()).toBe(vi.mfPasskeyName.replace('{n}', '1'));
    await page.context().close();
  });
});
