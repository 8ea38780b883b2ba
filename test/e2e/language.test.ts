// Pages are Vietnamese unless the citizen switches with the visible link, the portal asks
// for English (ui_locales) or the browser prefers it; the switch is remembered in a `lang`
// cookie, so every later page of the sign-in, the provider's own pages included, keeps it.
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/views/i18n.ts';
import { allowConsent, landedOn, newCitizenPage, setupE2E, signIn } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { beginLogin, createPortal } from '../helpers/portal-client.ts';

const { vi, en } = MESSAGES;

describe('language of the login page', () => {
  const e2e = setupE2E();

  it('is English when the portal sends ui_locales=en', async () => {
    const { personalId } = await enrolCitizen(e2e.app);
    const portal = await createPortal(e2e.app, e2e.portalServer, { name: 'Cổng thuế điện tử' });
    const page = await newCitizenPage(e2e.browser);
    await page.goto((await beginLogin(portal, { ui_locales: 'en' })).url.href);

    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe(en.loginTitle);
    expect(await page.locator('.portal strong').textContent()).toBe('Cổng thuế điện tử');
    expect(await page.locator('.lang-switch').textContent()).toBe(en.switchLanguage);

    await signIn(page, personalId, 'Wrong-Passw0rd!');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('#login-error').textContent()).toBe(en.loginFailed);
    await page.context().close();
  });

  it('switches from Vietnamese to English with the language link', async () => {
    const portal = await createPortal(e2e.app, e2e.portalServer);
    const page = await newCitizenPage(e2e.browser);
    await page.goto((await beginLogin(portal)).url.href);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.locator('h1').textContent()).toBe(vi.loginTitle);

    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: vi.switchLanguage }).click()]);

    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe(en.loginTitle);
    expect(await page.locator('label[for="password"]').textContent()).toBe(en.password);
    expect(await page.locator('.lang-switch').textContent()).toBe(en.switchLanguage);
    await page.context().close();
  });

  it('is English when the browser prefers it and the portal says nothing', async () => {
    const portal = await createPortal(e2e.app, e2e.portalServer);
    const page = await newCitizenPage(e2e.browser, 'en-GB,en;q=0.9,vi;q=0.5');
    await page.goto((await beginLogin(portal)).url.href);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect(page.title()).resolves.toBe(`${en.loginTitle} · ${en.serviceName}`);
    await page.context().close();
  });

  it('keeps the switched language over ui_locales on every later page, the provider pages too', async () => {
    const { personalId, password } = await enrolCitizen(e2e.app);
    const portal = await createPortal(e2e.app, e2e.portalServer);
    const page = await newCitizenPage(e2e.browser, 'vi');
    await page.goto((await beginLogin(portal, { ui_locales: 'vi' })).url.href);
    // Waits for the switch's own navigation: the page already loaded would not wait at all.
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: vi.switchLanguage }).click()]);

    const cookies = await page.context().cookies();
    expect(cookies.find((cookie) => cookie.name === 'lang')).toMatchObject({
      value: 'en',
      path: '/',
      sameSite: 'Lax',
      expires: -1, // a session cookie: it does not outlive the browser session
    });
    const seen: Record<string, string> = {};
    const record = async (name: string) => {
      seen[name] = `${await page.getAttribute('html', 'lang')}: ${await page.locator('h1').textContent()}`;
    };

    await signIn(page, personalId, password);
    await record('consent');
    await allowConsent(page);
    await landedOn(page, portal.server.callbackUrl);
    await page.goto(portal.config.serverMetadata().end_session_endpoint!);
    await record('logout question');
    await page.getByRole('button', { name: en.logoutYes }).click();
    await page.waitForURL(/\/session\/end\/success/);
    await record('signed out');
    await page.goto(`${e2e.app.issuer}/auth?client_id=no-such-portal`);
    await record('provider error');
    await page.goto(`${e2e.app.baseUrl}/interaction/no-such-interaction`);
    await record('expired interaction');
    expect(seen).toEqual({
      consent: `en: ${en.consentTitle}`,
      'logout question': `en: ${en.logoutTitle}`,
      'signed out': `en: ${en.loggedOutTitle}`,
      'provider error': `en: ${en.errorTitle}`,
      'expired interaction': `en: ${en.expiredTitle}`,
    });

    // The switch on a provider page works the same way, and back to Vietnamese sticks too.
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: en.switchLanguage }).click()]);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await page.goto(`${e2e.app.baseUrl}/interaction/no-such-interaction`);
    expect(await page.locator('h1').textContent()).toBe(vi.expiredTitle);
    await page.context().close();
  });
});
