// Forgotten password (issue 7), in Chromium and both languages: a code to the registered phone
// through the notifier's development outbox, five tries, then a new password that meets the
// policy and ends every earlier session and portal token. An unknown number sees exactly the
// same pages, and nothing is sent.
import * as client from 'openid-client';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LOCALES, MESSAGES, type Locale } from '../../src/views/i18n.ts';
import { latestCode } from '../helpers/account.ts';
import { loginInBrowser, newCitizenPage, setupE2E, signIn } from '../helpers/browser.ts';
import { enrolCitizen, uniquePersonalId } from '../helpers/fixtures.ts';
import { beginLogin, createPortal } from '../helpers/portal-client.ts';

const NEW_PASSWORD = 'Khoa-Moi#2026';

describe('password recovery', () => {
  const e2e = setupE2E();

  async function requestCode(page: Page, personalId: string, channel: 'sms' | 'email' = 'sms') {
    await page.goto(`${e2e.app.baseUrl}/account/recover`);
    await page.locator('#personal_id').fill(personalId);
    await page.locator(`#channel_${channel}`).check();
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(/\/account\/recover\/code$/);
  }

  async function enterCode(page: Page, code: string) {
    await page.locator('#code').fill(code);
    await page.locator('form button[type="submit"]').click();
    await page.waitForLoadState();
  }

  it.each(LOCALES)(
    'resets the password with a code sent to the registered phone (%s)',
    { timeout: 60_000 },
    async (locale: Locale) => {
      const t = MESSAGES[locale];
      const phone = `+8490${String(Date.now()).slice(-7)}`;
      const citizen = await enrolCitizen(e2e.app, { phone });
      const portal = await createPortal(e2e.app, e2e.portalServer);
      const before = await loginInBrowser(e2e.browser, portal, citizen);

      const page = await newCitizenPage(e2e.browser, locale);
      await requestCode(page, citizen.personalId);
      expect(await page.locator('h1').textContent()).toBe(t.codeTitle);
      const code = latestCode(e2e.app, phone);
      expect(e2e.app.outbox?.latestTo(phone)?.text).toContain(code);
      await enterCode(page, code === '000000' ? '111111' : '000000');
      expect(await page.getByRole('alert').textContent()).toBe(t.codeWrong);
      await enterCode(page, code);
      await page.waitForURL(/\/account\/recover\/password$/);

      await page.locator('#new_password').fill('weak');
      await page.locator('#repeat_password').fill('weak');
      await page.locator('form button[type="submit"]').click();
      expect(await page.getByRole('alert').textContent()).toBe(t.passwordWeak);
      await page.locator('#new_password').fill(NEW_PASSWORD);
      await page.locator('#repeat_password').fill(NEW_PASSWORD);
      await page.locator('form button[type="submit"]').click();
      expect(await page.locator('h1').textContent()).toBe(t.resetDoneTitle);

      // Every earlier session and token ended; the old password no longer works, the new one does.
      expect((await client.tokenIntrospection(portal.config, before.access_token)).active).toBe(false);
      await page.goto((await beginLogin(portal)).url.href);
      await signIn(page, citizen.personalId, citizen.password);
      expect(await page.getByRole('alert').textContent()).toBe(t.loginFailed);
      await signIn(page, citizen.personalId, NEW_PASSWORD);
      expect(page.url()).not.toContain('/login');
      expect(await page.locator('#personal_id').count()).toBe(0);
      await page.context().close();
    },
  );

  it('answers an unknown number exactly like a known one, and sends nothing', async () => {
    const sent = e2e.app.outbox?.messages.length;
    const page = await newCitizenPage(e2e.browser);
    await requestCode(page, uniquePersonalId('079190'));
    expect(await page.locator('h1').textContent()).toBe(MESSAGES.vi.codeTitle);
    expect(await page.locator('#code-sent').textContent()).toBe(MESSAGES.vi.codeSent);
    expect(e2e.app.outbox?.messages.length).toBe(sent);
    await enterCode(page, '123456');
    expect(await page.getByRole('alert').textContent()).toBe(MESSAGES.vi.codeWrong);
    await page.context().close();
  });

  it('gives a code five tries, then the challenge is gone', async () => {
    const email = `recover-${Date.now()}@example.vn`;
    const citizen = await enrolCitizen(e2e.app, { email });
    const page = await newCitizenPage(e2e.browser);
    await requestCode(page, citizen.personalId, 'email');
    const code = latestCode(e2e.app, email);
    const wrong = code === '999999' ? '888888' : '999999';
    for (let attempt = 1; attempt < 5; attempt += 1) {
      await enterCode(page, wrong);
      expect(await page.getByRole('alert').textContent()).toBe(MESSAGES.vi.codeWrong);
    }
    await enterCode(page, wrong);
    expect(await page.getByRole('alert').textContent()).toBe(MESSAGES.vi.recoverTooMany);
    await page.goto(`${e2e.app.baseUrl}/account/recover/code`);
    await page.waitForURL(/\/account\/recover$/); // the right code is of no use any more
    await page.context().close();
  });
});
