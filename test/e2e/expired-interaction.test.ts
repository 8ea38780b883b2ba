// An unknown or finished interaction shows a friendly "start again" page: status 400, in the
// citizen's language, and nothing of the server's internals.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/views/i18n.ts';
import { allowConsent, landedOn, newCitizenPage, setupE2E, signIn } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { beginLogin, createPortal } from '../helpers/portal-client.ts';

async function expectStartAgainPage(page: Page, locale: 'vi' | 'en') {
  const text = await page.locator('body').innerText();
  expect(await page.getAttribute('html', 'lang')).toBe(locale);
  expect(await page.locator('h1').textContent()).toBe(MESSAGES[locale].expiredTitle);
  expect(await page.getByRole('alert').textContent()).toBe(MESSAGES[locale].expiredBody);
  expect(text).not.toContain('Error:');
  expect(text).not.toMatch(/SessionNotFound|node_modules|\bat .+:\d+:\d+/);
}

describe('expired or unknown interaction', () => {
  const e2e = setupE2E();

  it('answers an unknown interaction URL with the start-again page', async () => {
    const page = await newCitizenPage(e2e.browser);
    const response = await page.goto(`${e2e.app.baseUrl}/interaction/does-not-exist`);
    expect(response?.status()).toBe(400);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    await expectStartAgainPage(page, 'vi');

    const english = await page.goto(`${e2e.app.baseUrl}/interaction/does-not-exist?lang=en`);
    expect(english?.status()).toBe(400);
    await expectStartAgainPage(page, 'en');
    await page.context().close();
  });

  it('shows the same page when the citizen comes back to a finished interaction', async () => {
    const { personalId, password } = await enrolCitizen(e2e.app);
    const portal = await createPortal(e2e.app, e2e.portalServer);
    const page = await newCitizenPage(e2e.browser);
    await page.goto((await beginLogin(portal)).url.href);
    const loginPageUrl = page.url();
    expect(new URL(loginPageUrl).pathname).toMatch(/^\/interaction\/[\w-]+$/);

    await signIn(page, personalId, password);
    await allowConsent(page);
    await landedOn(page, portal.server.callbackUrl);

    const response = await page.goto(loginPageUrl);
    expect(response?.status()).toBe(400);
    await expectStartAgainPage(page, 'vi');
    await page.context().close();
  });
});
