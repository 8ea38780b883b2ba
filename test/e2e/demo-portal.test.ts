// The demo portal (examples/portal) as a ministry developer runs it, in Chromium: login with
// PKCE and private_key_jwt (its key read from its jwks_uri), the claims, a refresh, acting for
// an organization, logout, the back-channel logout receiver, and a portal disabled mid-session.
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal } from '../../examples/portal/app.ts';
import { loadPortalKey } from '../../examples/portal/portal-key.ts';
import { MESSAGES } from '../../src/views/i18n.ts';
import { createAdminCaller, type AdminCaller } from '../helpers/admin-client.ts';
import { allowConsent, landedOn, launchChromium, newCitizenPage, signIn } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { activeOrganization } from '../helpers/organizations.ts';
import { freePort, startTestApp, type RunningApp } from '../helpers/test-app.ts';

describe('the demo portal', () => {
  let app: RunningApp;
  let browser: Browser;
  let portal: FastifyInstance;
  let portalUrl: string;
  let clientId: string;
  let admin: AdminCaller;
  beforeAll(async () => {
    const port = await freePort();
    portalUrl = `http://127.0.0.1:${port}/`;
    [app, browser] = await Promise.all([
      startTestApp({ env: { OUTBOUND_ALLOWED_ORIGINS: new URL(portalUrl).origin } }),
      launchChromium(),
    ]);
    admin = await createAdminCaller(app, ['admin:clients', 'admin:organizations', 'admin:citizens']);
    const registered = await admin.call('POST', '/admin/clients', {
      organizationId: (await activeOrganization(admin, [(await enrolCitizen(app)).personalId])).id,
      name: 'Cổng Dịch vụ công (demo)',
      redirectUris: [`${portalUrl}callback`],
      postLogoutRedirectUris: [portalUrl],
      backchannelLogoutUri: `${portalUrl}backchannel-logout`,
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwksUri: `${portalUrl}jwks.json`,
      scopes: ['openid', 'profile', 'email', 'phone', 'organization', 'offline_access'],
    });
    clientId = registered.body.clientId;
    const settings = { issuer: new URL(app.issuer), clientId, publicUrl: new URL(portalUrl) };
    portal = await buildPortal(settings, await loadPortalKey());
    await portal.listen({ host: '127.0.0.1', port });
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await app?.close();
  });

  async function signInThroughPortal(page: Page, who: { personalId: string; password: string }, button: RegExp) {
    await page.goto(portalUrl);
    await page.getByRole('button', { name: button }).click();
    await signIn(page, who.personalId, who.password);
  }
  const citizenLogin = async (page: Page, who: { personalId: string; password: string }) => {
    await signInThroughPortal(page, who, /Sign in$/);
    await allowConsent(page);
    await page.waitForURL(portalUrl);
  };

  it('signs a citizen in, shows the claims, refreshes, and signs out at chiakhoa', async () => {
    const citizen = await enrolCitizen(app);
    const page = await newCitizenPage(browser);
    await citizenLogin(page, citizen);
    expect(await page.locator('h1').textContent()).toContain(citizen.citizen.fullName);
    const table = await page.locator('table').first().textContent();
    expect(table).toContain('account_level');
    expect(table).toContain(citizen.citizen.id); // sub: the opaque UUID, never the ID number
    expect(await page.content()).not.toContain(citizen.personalId);

    await page.getByRole('button', { name: /Refresh tokens/ }).click();
    expect(await page.locator('#note').textContent()).toBe('Tokens refreshed.');

    await page.getByRole('button', { name: /Sign out/ }).click();
    expect(await page.locator('h1').textContent()).toBe(MESSAGES.vi.logoutTitle);
    await page.getByRole('button', { name: MESSAGES.vi.logoutYes }).click();
    await page.waitForURL(portalUrl);
    await expect(page.getByRole('button', { name: /Sign in$/ }).count()).resolves.toBe(1);
    await page.context().close();
  });

  it('ends the portal session when chiakhoa sends a back-channel logout (the citizen is locked)', async () => {
    const citizen = await enrolCitizen(app);
    const page = await newCitizenPage(browser);
    await citizenLogin(page, citizen);
    const locked = await admin.call('POST', `/admin/citizens/${citizen.citizen.id}/lock`, {
      ground: 'holder_request',
      requestedBy: 'the citizen, at the police station',
    });
    expect(locked.status).toBe(200);
    await expect
      .poll(async () => {
        await page.reload();
        return page.getByRole('button', { name: /Sign in$/ }).count();
      })
      .toBe(1);
    await page.context().close();
  });

  it('acts for an organization', async () => {
    const director = await enrolCitizen(app);
    const enterprise = await activeOrganization(admin, [director.personalId]);
    const page = await newCitizenPage(browser);
    await signInThroughPortal(page, director, /for an organization/);
    await page.getByLabel(new RegExp(enterprise.code)).check();
    await page.locator('form[action$="/organization"] button[type="submit"]').click();
    await allowConsent(page);
    await page.waitForURL(portalUrl);
    expect(await page.locator('#acting').count()).toBe(1);
    const claims = await page.locator('table').first().textContent();
    expect(claims).toContain(enterprise.id);
    expect(claims).toContain(director.citizen.id);
    expect(await page.locator('table').nth(1).textContent()).toContain(enterprise.code);
    await page.context().close();
  });

  it('a disabled portal can no longer refresh or start a login', async () => {
    const citizen = await enrolCitizen(app);
    const page = await newCitizenPage(browser);
    await citizenLogin(page, citizen);
    await admin.call('POST', `/admin/clients/${clientId}/disable`, { reason: 'security review' });
    try {
      await page.getByRole('button', { name: /Refresh tokens/ }).click();
      expect(await page.locator('#error code').textContent()).toBe('invalid_client');

      await page.goto(portalUrl);
      await page.getByRole('button', { name: /Sign in$/ }).click();
      await landedOn(page, app.baseUrl);
      expect(await page.locator('h1').textContent()).toBe(MESSAGES.vi.errorTitle);
      expect(await page.content()).toContain('invalid_client');
      expect(await page.locator('#personal_id').count()).toBe(0);
    } finally {
      await admin.call('POST', `/admin/clients/${clientId}/enable`, { reason: 'review done' });
      await page.context().close();
    }
  });
});
