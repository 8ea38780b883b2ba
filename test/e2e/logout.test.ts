// RP-initiated logout (id_token_hint + post_logout_redirect_uri) on chiakhoa's own
// confirmation page, and the back-channel logout token the portal receives (OIDC BCL 1.0).
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/views/i18n.ts';
import { authorize, landedOn, newCitizenPage, setupE2E } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { allowProviderRequestsTo, beginLogin, createPortal, finishLogin } from '../helpers/portal-client.ts';

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

describe('logout', () => {
  const e2e = setupE2E();
  let restoreSsrfGuard: () => void;
  beforeAll(() => {
    restoreSsrfGuard = allowProviderRequestsTo(e2e.portalServer.backchannelUrl);
  });
  afterAll(() => restoreSsrfGuard?.());

  it('signs the citizen out after confirmation and notifies the portal over the back channel', async () => {
    const citizen = await enrolCitizen(e2e.app);
    const portal = await createPortal(e2e.app, e2e.portalServer, { backchannelLogout: true });
    const login = await beginLogin(portal);
    const page = await newCitizenPage(e2e.browser);
    const tokens = await finishLogin(portal, login, await authorize(page, portal, login, citizen));
    const idToken = tokens.claims()!;
    expect(idToken.sid).toBeTruthy();

    const state = client.randomState();
    const endSession = client.buildEndSessionUrl(portal.config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: portal.server.loggedOutUrl,
      state,
    });
    await page.goto(endSession.href);
    expect(new URL(page.url()).origin).toBe(e2e.app.baseUrl);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.locator('h1').textContent()).toBe(MESSAGES.vi.logoutTitle);

    await page.getByRole('button', { name: MESSAGES.vi.logoutYes }).click();
    await landedOn(page, portal.server.loggedOutUrl);
    expect(new URL(page.url()).searchParams.get('state')).toBe(state);

    const notification = await portal.server.waitFor(
      (request) => request.method === 'POST' && request.url === portal.server.backchannelUrl,
    );
    const logoutToken = new URLSearchParams(notification.body).get('logout_token');
    const jwks = createRemoteJWKSet(new URL(portal.config.serverMetadata().jwks_uri!));
    const { payload, protectedHeader } = await jwtVerify(logoutToken!, jwks, {
      issuer: e2e.app.issuer,
      audience: portal.clientId,
      typ: 'logout+jwt',
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({ sub: idToken.sub, sid: idToken.sid, events: { [BACKCHANNEL_EVENT]: {} } });
    expect(payload.jti).toBeTruthy();
    expect(payload).not.toHaveProperty('nonce');

    // The grant ended with the session, and the next login asks for the password again.
    expect((await client.tokenIntrospection(portal.config, tokens.access_token)).active).toBe(false);
    await page.goto((await beginLogin(portal)).url.href);
    expect(await page.locator('#personal_id').count()).toBe(1);
    await page.context().close();
  });
});
