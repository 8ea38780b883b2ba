// WCAG 2.2 AA on every page a citizen can meet (login, failed login, consent, logout question,
// signed out, expired interaction, provider and fastify errors), in both languages, at phone
// and desktop widths: axe-core finds nothing, nothing scrolls sideways at 320 CSS px or at
// 200% zoom, every target is at least 44px, no text of the other language, and the keyboard
// path is visible and in order.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { passkeys } from '../../src/db/schema.ts';
import { totpCodeAt } from '../../src/modules/factors/totp.ts';
import { LOCALES, MESSAGES } from '../../src/views/i18n.ts';
import { audit, PHONE, type Findings } from '../helpers/accessibility.ts';
import { openAccount } from '../helpers/account.ts';
import { allowConsent, landedOn, newCitizenPage, setupE2E, signIn } from '../helpers/browser.ts';
import { createAdminCaller } from '../helpers/admin-client.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { activeOrganization, uniqueAgencyCode } from '../helpers/organizations.ts';
import { beginLogin, createPortal } from '../helpers/portal-client.ts';

describe('accessibility (axe-core, WCAG 2.2 AA)', () => {
  const e2e = setupE2E();

  // Eight pages at two widths with axe-core each: on two busy cores, well past 30 s.
  it.each(LOCALES)('finds no violation on any page in %s', { timeout: 120_000 }, async (locale) => {
    const t = MESSAGES[locale];
    const { personalId, password } = await enrolCitizen(e2e.app);
    const portal = await createPortal(e2e.app, e2e.portalServer, { name: 'Cổng Dịch vụ công Quốc gia' });
    const page = await newCitizenPage(e2e.browser);
    const findings: Findings = { axe: {}, layout: [] };
    const pages: string[] = [];
    const check = async (name: string) => {
      pages.push(name);
      await audit(page, name, locale, findings);
    };

    await page.goto((await beginLogin(portal, { scope: 'openid profile email' })).url.href);
    if (locale === 'en') {
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('link', { name: MESSAGES.vi.switchLanguage }).click(),
      ]);
    }
    await check('login');
    await signIn(page, personalId, 'Wrong-Passw0rd!');
    await check('login failed');
    await signIn(page, personalId, password);
    await check('consent');
    await allowConsent(page);
    await landedOn(page, portal.server.callbackUrl);

    await page.goto(portal.config.serverMetadata().end_session_endpoint!);
    await check('logout question');
    await page.getByRole('button', { name: t.logoutYes }).click();
    await page.waitForURL(/\/session\/end\/success/);
    await check('signed out');
    await page.goto(`${e2e.app.baseUrl}/interaction/no-such-interaction`);
    await check('expired interaction');
    await page.goto(`${e2e.app.issuer}/auth?client_id=no-such-portal&response_type=code&scope=openid`);
    await check('provider error');
    await page.goto(`${e2e.app.baseUrl}/no-such-page`);
    await check('not found');

    expect(findings).toEqual({ axe: {}, layout: [] });
    console.info(`accessibility (${locale}): axe found 0 violations on ${pages.length} pages x 2 widths`);
    await page.context().close();
  });

  it.each(LOCALES)(
    'finds no violation on the organization choice pages in %s',
    { timeout: 120_000 },
    async (locale) => {
      const admin = await createAdminCaller(e2e.app, ['admin:organizations']);
      const director = await enrolCitizen(e2e.app);
      await activeOrganization(admin, [director.personalId]);
      await activeOrganization(admin, [director.personalId], uniqueAgencyCode());
      const loner = await enrolCitizen(e2e.app);
      const portal = await createPortal(e2e.app, e2e.portalServer, { scopes: ['openid', 'organization'] });
      const findings: Findings = { axe: {}, layout: [] };
      for (const [name, who] of [
        ['organization choice', director],
        ['no organization', loner],
      ] as const) {
        const page = await newCitizenPage(e2e.browser, locale);
        await page.goto((await beginLogin(portal, { scope: 'openid organization' })).url.href);
        await signIn(page, who.personalId, who.password);
        expect(await page.locator('h1').textContent()).toBe(MESSAGES[locale].orgTitle);
        await audit(page, name, locale, findings);
        await page.context().close();
      }
      expect(findings).toEqual({ axe: {}, layout: [] });
    },
  );

  it.each(LOCALES)(
    'finds no violation on the account and recovery pages in %s',
    { timeout: 120_000 },
    async (locale) => {
      const t = MESSAGES[locale];
      const phone = `+8491${String(Date.now()).slice(-7)}`;
      const citizen = await enrolCitizen(e2e.app, { phone });
      const portal = await createPortal(e2e.app, e2e.portalServer, { name: 'Cổng Dịch vụ công Quốc gia' });
      const page = await newCitizenPage(e2e.browser, locale);
      const findings: Findings = { axe: {}, layout: [] };
      const check = (name: string) => audit(page, name, locale, findings);
      const submit = async () => {
        await page.locator('main form button[type="submit"].primary').first().click();
        await page.waitForLoadState();
      };

      await page.goto((await beginLogin(portal, { scope: 'openid profile email' })).url.href);
      await signIn(page, citizen.personalId, 'Wrong-Passw0rd!'); // a failed sign-in for the history
      await signIn(page, citizen.personalId, citizen.password);
      await allowConsent(page);
      await landedOn(page, portal.server.callbackUrl);
      await page.goto(`${e2e.app.baseUrl}/account`);
      await page.waitForURL(`${e2e.app.baseUrl}/account`);
      await check('account');
      await page.goto(`${e2e.app.baseUrl}/account/password`);
      await check('change password');
      await page.locator('#current_password').fill('Wrong-Passw0rd!');
      await page.locator('#new_password').fill('Khoa-Moi#2026');
      await page.locator('#repeat_password').fill('Khoa-Moi#2026');
      await submit();
      await check('change password failed');
      await page.goto(`${e2e.app.baseUrl}/account`);
      await page.getByRole('button', { name: t.signOutEverywhere }).click();
      await page.waitForLoadState();
      await check('signed out everywhere');

      await page.goto(`${e2e.app.baseUrl}/account/recover`);
      await check('recover');
      await page.locator('#personal_id').fill(citizen.personalId);
      await submit();
      await check('recovery code');
      await page.locator('#code').fill('00000x');
      await submit();
      await check('recovery code wrong');
      await page.locator('#code').fill(e2e.app.outbox!.latestTo(phone)!.code!);
      await submit();
      await check('new password');
      await page.locator('#new_password').fill('weak');
      await page.locator('#repeat_password').fill('weak');
      await submit();
      await check('new password failed');
      await page.locator('#new_password').fill('Khoa-Moi#2026');
      await page.locator('#repeat_password').fill('Khoa-Moi#2026');
      await submit();
      expect(await page.locator('h1').textContent()).toBe(t.resetDoneTitle);
      await check('password reset');

      expect(findings).toEqual({ axe: {}, layout: [] });
      await page.context().close();
    },
  );

  it.each(LOCALES)(
    'finds no violation on the account second-factor pages in %s',
    { timeout: 120_000 },
    async (locale) => {
      const t = MESSAGES[locale];
      const citizen = await enrolCitizen(e2e.app);
      const page = await newCitizenPage(e2e.browser, locale);
      const findings: Findings = { axe: {}, layout: [] };
      const check = (name: string) => audit(page, name, locale, findings);
      const go = async (action: Promise<void>) => {
        await Promise.all([page.waitForNavigation(), action]);
      };
      await openAccount(page, e2e.app, citizen, '/account/factors');
      await check('second factors');
      await go(page.getByRole('link', { name: t.sfSetupTotp }).click());
      await check('add an authenticator app');
      const secret = (await page.locator('code.secret').textContent())!.replace(/\s+/g, '');
      await page.locator('#setup-code').fill('000000');
      await go(page.locator('form:has(#setup-code) button').click());
      await check('add an authenticator app, wrong code');
      await page.locator('#setup-code').fill(await totpCodeAt(secret));
      await go(page.locator('form:has(#setup-code) button').click());
      await check('new recovery codes');
      // A passkey as registered, so the list shows one (its key is never used here).
      await e2e.app.infrastructure.database.db
        .insert(passkeys)
        .values({ id: randomBytes(16).toString('base64url'), citizenId: citizen.citizen.id, publicKey: 'AA' });
      await go(page.getByRole('link', { name: t.rcSaved }).click());
      await check('second factors, after a change');

      await go(page.locator('a[href="/account/factors/totp/remove"]').click());
      await signIn(page, citizen.personalId, citizen.password); // a sign-in again, with the app
      await page.locator('#totp-code').fill(await totpCodeAt(secret, Math.floor(Date.now() / 1000) + 30));
      await go(page.locator('form:has(#totp-code) button').click());
      await check('remove the authenticator app');
      await page.goto(`${e2e.app.baseUrl}/account/factors`);
      await go(page.locator('a[href$="/remove"][href*="/passkeys/"]').click());
      await check('remove the last passkey');
      await page.goto(`${e2e.app.baseUrl}/account/factors/recovery-codes`);
      await check('create new recovery codes');
      await page.goto(`${e2e.app.baseUrl}/account/factors/passkey`);
      await check('add a passkey');

      expect(findings).toEqual({ axe: {}, layout: [] });
      await page.context().close();
    },
  );

  it('announces a failed sign-in and ties the message to both fields', async () => {
    const { personalId } = await enrolCitizen(e2e.app);
    const portal = await createPortal(e2e.app, e2e.portalServer);
    const page = await newCitizenPage(e2e.browser);
    await page.goto((await beginLogin(portal)).url.href);
    await signIn(page, personalId, 'Wrong-Passw0rd!');

    expect(await page.getByRole('alert').textContent()).toBe(MESSAGES.vi.loginFailed);
    await expect(page.title()).resolves.toMatch(new RegExp(`^${MESSAGES.vi.errorPrefix}: ${MESSAGES.vi.loginTitle}`));
    for (const field of ['#personal_id', '#password']) {
      expect(await page.locator(field).getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator(field).getAttribute('aria-describedby')).toContain('login-error');
    }
    await page.context().close();
  });

  it('lets the keyboard skip to the form, in order, with a visible focus ring', async () => {
    const portal = await createPortal(e2e.app, e2e.portalServer);
    const page = await newCitizenPage(e2e.browser);
    await page.setViewportSize(PHONE);
    await page.goto((await beginLogin(portal)).url.href);

    // Runs in the page, as a string: the project compiles without the DOM library.
    const hasRing = `(() => {
      const style = getComputedStyle(document.activeElement);
      return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    })()`;
    const focused = async () => {
      const element = page.locator(':focus');
      const box = await element.boundingBox();
      return {
        name: (await element.getAttribute('id')) ?? (await element.getAttribute('class')),
        ring: await page.evaluate<boolean>(hasRing),
        onScreen: !!box && box.y >= 0 && box.y + box.height <= PHONE.height,
      };
    };
    const order: string[] = [];
    for (let step = 0; step < 6; step += 1) {
      await page.keyboard.press('Tab');
      const state = await focused();
      order.push(String(state.name));
      expect(state, `focus on ${state.name}`).toMatchObject({ ring: true, onScreen: true });
    }
    expect(order).toEqual(['skip-link', 'lang-switch', 'personal_id', 'password', 'primary', 'secondary']);

    await page.goto(page.url());
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.locator(':focus').getAttribute('id')).toBe('main');
    await page.context().close();
  });
});
