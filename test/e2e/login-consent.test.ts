// The citizen's happy path in Chromium: login page, consent page, back to the portal with a
// code; the portal (openid-client) exchanges it and reads the ID token and userinfo.
import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/views/i18n.ts';
import { allowConsent, landedOn, newCitizenPage, setupE2E, signIn, authorize } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { beginLogin, createPortal, finishLogin } from '../helpers/portal-client.ts';

const vi = MESSAGES.vi;

describe('login and consent in the browser', () => {
  const e2e = setupE2E();

  it('signs a citizen in, asks consent, and returns a code the portal can redeem', async () => {
    const { citizen, personalId, password } = await enrolCitizen(e2e.app);
    const portal = await createPortal(e2e.app, e2e.portalServer, { name: 'Cổng Dịch vụ công Hà Nội' });
    const login = await beginLogin(portal, { scope: 'openid profile email personal_id' });
    const page = await newCitizenPage(e2e.browser);
    const startedAt = Math.floor(Date.now() / 1000);

    await page.goto(login.url.href);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await expect(page.title()).resolves.toContain(vi.loginTitle);
    expect(await page.locator('.portal strong').textContent()).toBe('Cổng Dịch vụ công Hà Nội');
    expect(await page.locator('.portal .domain').textContent()).toBe(new URL(portal.server.callbackUrl).host);

    await signIn(page, personalId, password);
    expect(await page.locator('h1').textContent()).toBe(vi.consentTitle);
    expect(await page.locator('ul.claims li').allTextContents()).toEqual([
      vi.scope_openid,
      vi.scope_profile,
      vi.scope_email,
      vi.scope_personal_id,
    ]);

    await allowConsent(page);
    await landedOn(page, portal.server.callbackUrl);
    const callback = new URL(page.url());
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(callback.searchParams.get('iss')).toBe(e2e.app.issuer); // RFC 9207
    expect(callback.searchParams.get('state')).toBe(login.checks.expectedState);

    const tokens = await finishLogin(portal, login, callback.href);
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      iss: e2e.app.issuer,
      aud: portal.clientId,
      nonce: login.checks.expectedNonce,
      // A level-2 account, password only, on a portal that asked for no acr (README "Assurance levels").
      acr: 'urn:chiakhoa:acr:l2-pwd',
      amr: ['pwd'],
      account_level: citizen.accountLevel,
    });
    expect(claims?.sub).toBeTruthy();
    expect(claims?.sub).not.toBe(personalId);
    expect(claims?.amr).toContain('pwd');
    expect(claims?.auth_time).toBeGreaterThanOrEqual(startedAt - 1);
    expect(claims?.auth_time).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    // The ID token carries no personal data beyond the account level.
    expect(claims).not.toHaveProperty('personal_id');
    expect(claims).not.toHaveProperty('email');

    const userinfo = await client.fetchUserInfo(portal.config, tokens.access_token, claims!.sub);
    expect(userinfo).toMatchObject({
      sub: claims!.sub,
      personal_id: personalId,
      name: citizen.fullName,
      email: citizen.email,
      birthdate: citizen.birthDate,
    });
    await page.context().close();
  });

  it('releases neither the personal id nor the name when only openid and email were asked for', async () => {
    const { citizen, personalId, password } = await enrolCitizen(e2e.app);
    const portal = await createPortal(e2e.app, e2e.portalServer);
    const login = await beginLogin(portal, { scope: 'openid email' });
    const page = await newCitizenPage(e2e.browser);

    const tokens = await finishLogin(portal, login, await authorize(page, portal, login, { personalId, password }));
    const sub = tokens.claims()!.sub;
    const userinfo = await client.fetchUserInfo(portal.config, tokens.access_token, sub);

    expect(userinfo.email).toBe(citizen.email);
    expect(userinfo).not.toHaveProperty('personal_id');
    expect(userinfo).not.toHaveProperty('name');
    expect(userinfo).not.toHaveProperty('birthdate');
    expect(Object.values(userinfo)).not.toContain(personalId);
    await page.context().close();
  });
});
