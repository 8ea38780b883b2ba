// A failed sign-in says the same thing for a wrong password and an unknown number, and
// never leaves chiakhoa: the citizen stays on the login page of the same interaction.
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/views/i18n.ts';
import { newCitizenPage, setupE2E, signIn } from '../helpers/browser.ts';
import { enrolCitizen, uniquePersonalId } from '../helpers/fixtures.ts';
import { beginLogin, createPortal } from '../helpers/portal-client.ts';

describe('failed sign-in in the browser', () => {
  const e2e = setupE2E();

  it('shows one generic message for a wrong password and for an unknown number', async () => {
    const { personalId, password } = await enrolCitizen(e2e.app);
    const portal = await createPortal(e2e.app, e2e.portalServer);
    const login = await beginLogin(portal);
    const page = await newCitizenPage(e2e.browser);
    await page.goto(login.url.href);

    await signIn(page, personalId, `${password}x`);
    const wrongPassword = await page.locator('#login-error').textContent();
    expect(await page.locator('#personal_id').getAttribute('aria-invalid')).toBe('true');

    await signIn(page, uniquePersonalId('079190'), password);
    const unknownNumber = await page.locator('#login-error').textContent();

    expect(wrongPassword).toBe(MESSAGES.vi.loginFailed);
    expect(unknownNumber).toBe(wrongPassword);
    expect(new URL(page.url()).origin).toBe(e2e.app.baseUrl);
    expect(e2e.portalServer.received.filter((request) => request.url.includes(login.checks.expectedState))).toEqual([]);

    // The interaction survives the failures: the right password still gets through.
    await signIn(page, personalId, password);
    expect(await page.locator('h1').textContent()).toBe(MESSAGES.vi.consentTitle);
    await page.context().close();
  });
});
