// The citizen's account page (issue 7), in Chromium, in both languages: signed in through
// chiakhoa's own /oidc/auth, it lists the portals the citizen allowed with what each received,
// the sign-ins, and withdraws a portal's access: its refresh token fails and the portal hears
// it by back-channel logout. Then sign out everywhere, download my data, change password.
import * as client from 'openid-client';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_CLIENT_ID } from '../../src/oidc/account-client.ts';
import { LOCALES, MESSAGES } from '../../src/views/i18n.ts';
import { openAccount } from '../helpers/account.ts';
import { authorize, newCitizenPage, setupE2E, signIn } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { allowProviderRequestsTo, beginLogin, createPortal, finishLogin } from '../helpers/portal-client.ts';

describe('account page', () => {
  const e2e = setupE2E();
  let restoreSsrfGuard: () => void;
  beforeAll(() => {
    restoreSsrfGuard = allowProviderRequestsTo(e2e.portalServer.backchannelUrl);
  });
  afterAll(() => restoreSsrfGuard?.());

  it.each(LOCALES)('lists a portal with what it received and withdraws its access (%s)', async (locale) => {
    const t = MESSAGES[locale];
    const citizen = await enrolCitizen(e2e.app);
    const name = `Cổng Thuế ${locale}`;
    const portal = await createPortal(e2e.app, e2e.portalServer, { name, backchannelLogout: true });
    const page = await newCitizenPage(e2e.browser, locale);
    const login = await beginLogin(portal, { scope: 'openid profile offline_access', prompt: 'consent' });
    const tokens = await finishLogin(portal, login, await authorize(page, portal, login, citizen));
    await client.fetchUserInfo(portal.config, tokens.access_token, tokens.claims()!.sub);
    expect(tokens.refresh_token).toBeTruthy();

    // Single sign-on: the session from the portal's login opens the account page, no password.
    await page.goto(`${e2e.app.baseUrl}/account`);
    await page.waitForURL(`${e2e.app.baseUrl}/account`);
    expect(await page.locator('h1').textContent()).toBe(t.accountTitle);
    expect(await page.getAttribute('html', 'lang')).toBe(locale);
    const portalItem = page.locator('#portals-title + ul > li');
    await expect(portalItem.count()).resolves.toBe(1); // the account page itself is not a portal
    const item = await portalItem.textContent();
    expect(item).toContain(name);
    expect(item).toContain(t.scope_profile);
    expect(item).toContain(t.claim_name); // userinfo released the name
    expect(item).toContain(t.claim_birthdate);
    const history = await page.locator('#history-title + ul').textContent();
    expect(history).toContain(t.historySignedIn);
    expect(history).toContain('Chrome · Linux'); // the browser and system, not the user agent
    expect(history).toContain('127.0.x.x');
    expect(await page.locator('#ledger-title ~ ul').textContent()).toContain(name);

    const withdraw = portalItem.getByRole('button', { name: t.revoke });
    expect(await page.locator(`#${await withdraw.getAttribute('aria-describedby')}`).textContent()).toBe(name);
    await withdraw.click();
    await page.waitForURL(/\/account\?withdrawn=1$/);
    expect(await page.getByRole('status').textContent()).toBe(t.revoked);
    expect(await page.locator('#portals-title + p').textContent()).toBe(t.portalsNone);

    await expect(client.refreshTokenGrant(portal.config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect((await client.tokenIntrospection(portal.config, tokens.access_token)).active).toBe(false);
    const logoutTokenOf = (body: string) => decodeJwt(new URLSearchParams(body).get('logout_token') ?? '.e30.');
    const notice = await portal.server.waitFor(
      (request) =>
        request.method === 'POST' &&
        request.url === portal.server.backchannelUrl &&
        request.body.includes('logout_token') &&
        logoutTokenOf(request.body).aud === portal.clientId,
    );
    expect(logoutTokenOf(notice.body)).toMatchObject({ sub: tokens.claims()!.sub, sid: tokens.claims()!.sid });
    await page.context().close();
  });

  it('signs in to the account page through the login page, and signs out everywhere', async () => {
    const citizen = await enrolCitizen(e2e.app);
    const portal = await createPortal(e2e.app, e2e.portalServer);
    const tokens = await loginAndKeepTokens();
    const page = await newCitizenPage(e2e.browser);
    await openAccount(page, e2e.app, citizen);
    expect(await page.locator('h1').textContent()).toBe(MESSAGES.vi.accountTitle);
    expect(await page.locator('main').textContent()).not.toContain(ACCOUNT_CLIENT_ID);

    await page.getByRole('button', { name: MESSAGES.vi.signOutEverywhere }).click();
    expect(await page.locator('h1').textContent()).toBe(MESSAGES.vi.signedOutEverywhereTitle);
    expect((await client.tokenIntrospection(portal.config, tokens.access_token)).active).toBe(false);
    await page.goto(`${e2e.app.baseUrl}/account`);
    expect(await page.locator('#personal_id').count()).toBe(1); // signed out: the login page again
    await page.context().close();

    async function loginAndKeepTokens() {
      const other = await newCitizenPage(e2e.browser);
      const login = await beginLogin(portal);
      const result = await finishLogin(portal, login, await authorize(other, portal, login, citizen));
      await other.context().close();
      return result;
    }
  });

  it('downloads what chiakhoa holds, without the password hash', async () => {
    const citizen = await enrolCitizen(e2e.app);
    const page = await newCitizenPage(e2e.browser);
    await openAccount(page, e2e.app, citizen);
    const response = await page.request.get(`${e2e.app.baseUrl}/account/data.json`);
    expect(response.headers()['content-disposition']).toContain('attachment');
    const data = (await response.json()) as Record<string, unknown>;
    expect(data.registry).toMatchObject({ id: citizen.citizen.id, personalId: citizen.personalId });
    expect(JSON.stringify(data)).not.toMatch(/argon2|passwordHash/);
    expect(data).toHaveProperty('grants');
    expect(data).toHaveProperty('disclosures');
    expect((data.audit_events as { action: string }[]).map((event) => event.action)).toContain('sign_in.succeeded');
    await page.context().close();
  });

  it('changes the password only with the current one, and ends every session', { timeout: 60_000 }, async () => {
    const citizen = await enrolCitizen(e2e.app);
    const t = MESSAGES.vi;
    const page = await newCitizenPage(e2e.browser);
    await openAccount(page, e2e.app, citizen, '/account/password');
    const submit = async (current: string, next: string, repeated = next) => {
      await page.locator('#current_password').fill(current);
      await page.locator('#new_password').fill(next);
      await page.locator('#repeat_password').fill(repeated);
      await page.getByRole('button', { name: t.savePassword }).click();
      await page.waitForLoadState();
    };
    await submit('Wrong-Passw0rd!', 'Moi-Matkhau-2026');
    expect(await page.getByRole('alert').textContent()).toBe(t.passwordWrongCurrent);
    await submit(citizen.password, 'short');
    expect(await page.getByRole('alert').textContent()).toBe(t.passwordWeak);
    await submit(citizen.password, 'Moi-Matkhau-2026', 'Moi-Matkhau-2027');
    expect(await page.getByRole('alert').textContent()).toBe(t.passwordMismatch);
    await submit(citizen.password, 'Moi-Matkhau-2026');
    expect(await page.locator('h1').textContent()).toBe(t.passwordChangedTitle);

    await page.goto(`${e2e.app.baseUrl}/account`);
    await signIn(page, citizen.personalId, citizen.password);
    expect(await page.getByRole('alert').textContent()).toBe(t.loginFailed);
    await signIn(page, citizen.personalId, 'Moi-Matkhau-2026');
    await page.waitForURL(`${e2e.app.baseUrl}/account`);
    await page.context().close();
  });
});
