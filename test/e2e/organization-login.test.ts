// Acting for an organization in Chromium (issue 3): the citizen signs in, chooses the
// organization on chiakhoa's page, consents; the portal (openid-client) gets a token whose
// sub is the organization and whose act names the person. Refusals follow the registry.
import * as client from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminCaller, type AdminCaller } from '../helpers/admin-client.ts';
import { allowConsent, landedOn, newCitizenPage, setupE2E, signIn } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { activeOrganization, uniqueAgencyCode } from '../helpers/organizations.ts';
import { beginLogin, createPortal, finishLogin, type Portal } from '../helpers/portal-client.ts';

const SCOPES = ['openid', 'profile', 'organization', 'offline_access'];

describe('signing in for an organization in the browser', () => {
  const e2e = setupE2E();
  let admin: AdminCaller;
  beforeAll(async () => {
    admin = await createAdminCaller(e2e.app, ['admin:organizations']);
  });

  /** Signs in and picks the organization whose code is shown; returns the portal's tokens. */
  async function actFor(portal: Portal, who: { personalId: string; password: string }, code: string) {
    const login = await beginLogin(portal, { scope: 'openid organization offline_access', prompt: 'consent' });
    const page = await newCitizenPage(e2e.browser);
    await page.goto(login.url.href);
    await signIn(page, who.personalId, who.password);
    await page.getByLabel(new RegExp(code)).check();
    await page.locator('form[action$="/organization"] button[type="submit"]').click();
    await allowConsent(page);
    await landedOn(page, portal.server.callbackUrl);
    return finishLogin(portal, login, page.url());
  }

  it('signs a legal representative in for their enterprise', async () => {
    const director = await enrolCitizen(e2e.app);
    const enterprise = await activeOrganization(admin, [director.personalId]);
    const portal = await createPortal(e2e.app, e2e.portalServer, { scopes: SCOPES, name: 'Cổng Thuế điện tử' });
    const tokens = await actFor(portal, director, enterprise.code);
    expect(tokens.claims()).toMatchObject({
      sub: enterprise.id,
      act: { sub: director.citizen.id, basis: 'legal_representative' },
    });
    const userinfo = await client.fetchUserInfo(portal.config, tokens.access_token, enterprise.id);
    expect(userinfo).toMatchObject({ org_code: enterprise.code, org_status: 'active' });
  });

  it('lets an authorised person act for an agency within the mandate, and refuses a revoked mandate', async () => {
    const [director, officer] = [await enrolCitizen(e2e.app), await enrolCitizen(e2e.app)];
    const agency = await activeOrganization(admin, [director.personalId], uniqueAgencyCode());
    const portal = await createPortal(e2e.app, e2e.portalServer, { scopes: SCOPES });
    const mandate = await admin.call('POST', `/admin/organizations/${agency.id}/mandates`, {
      grantorPersonalId: director.personalId,
      personalId: officer.personalId,
      role: 'Văn thư',
      clientIds: [portal.clientId],
    });
    const tokens = await actFor(portal, officer, agency.code);
    expect(tokens.claims()?.act).toEqual({
      sub: officer.citizen.id,
      basis: 'mandate',
      mandate_id: mandate.body.id,
      role: 'Văn thư',
    });

    await admin.call('POST', `/admin/organizations/${agency.id}/mandates/${mandate.body.id}/revocation`, {
      reason: 'chuyển công tác',
    });
    const login = await beginLogin(portal, { scope: 'openid organization', prompt: 'login' });
    const page = await newCitizenPage(e2e.browser);
    await page.goto(login.url.href);
    await signIn(page, officer.personalId, officer.password);
    await expect(page.locator('[role="alert"]').textContent()).resolves.toContain('chưa được phép đại diện');
    expect(await page.locator('input[name="representation_id"]').count()).toBe(0);
  });

  it('fails the refresh after the organization is dissolved', async () => {
    const director = await enrolCitizen(e2e.app);
    const enterprise = await activeOrganization(admin, [director.personalId]);
    const portal = await createPortal(e2e.app, e2e.portalServer, { scopes: SCOPES });
    const tokens = await actFor(portal, director, enterprise.code);
    await admin.call('POST', `/admin/organizations/${enterprise.id}/status`, {
      status: 'dissolved',
      reason: 'giải thể',
    });
    await expect(client.refreshTokenGrant(portal.config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });
});
