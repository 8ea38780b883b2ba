// Introspection reports a token active until the portal revokes it (RFC 7009, RFC 7662),
// and only the portal the token was issued to learns anything about it.
import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { loginInBrowser, setupE2E } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { createPortal } from '../helpers/portal-client.ts';

const OFFLINE = { scope: 'openid email offline_access', prompt: 'consent' };

describe('revocation and introspection', () => {
  const e2e = setupE2E();
  const active = async (config: client.Configuration, token: string) =>
    (await client.tokenIntrospection(config, token)).active;

  it('describes an access token to its own portal only, and forgets it once revoked', async () => {
    const portal = await createPortal(e2e.app, e2e.portalServer);
    const otherPortal = await createPortal(e2e.app, e2e.portalServer);
    const tokens = await loginInBrowser(e2e.browser, portal, await enrolCitizen(e2e.app), OFFLINE);
    const sub = tokens.claims()!.sub;

    const info = await client.tokenIntrospection(portal.config, tokens.access_token);
    expect(info).toMatchObject({ active: true, client_id: portal.clientId, sub, token_type: 'Bearer' });
    expect(info.scope?.split(' ').sort()).toEqual(['email', 'offline_access', 'openid']);
    expect(await active(otherPortal.config, tokens.access_token)).toBe(false);

    await client.tokenRevocation(portal.config, tokens.access_token);
    expect(await active(portal.config, tokens.access_token)).toBe(false);
    await expect(client.fetchUserInfo(portal.config, tokens.access_token, sub)).rejects.toMatchObject({
      status: 401,
      cause: [{ scheme: 'bearer', parameters: { error: 'invalid_token' } }],
    });
    // oidc-provider ends the tokens of the grant with it (RFC 7009 §2.1 allows it).
    expect(await active(portal.config, tokens.refresh_token!)).toBe(false);
  });

  it('revokes a refresh token so it can no longer be introspected or used', async () => {
    const portal = await createPortal(e2e.app, e2e.portalServer);
    const tokens = await loginInBrowser(e2e.browser, portal, await enrolCitizen(e2e.app), OFFLINE);
    const refreshToken = tokens.refresh_token!;
    expect(await client.tokenIntrospection(portal.config, refreshToken)).toMatchObject({
      active: true,
      client_id: portal.clientId,
      sub: tokens.claims()!.sub,
    });

    await client.tokenRevocation(portal.config, refreshToken);
    expect(await active(portal.config, refreshToken)).toBe(false);
    expect(await active(portal.config, tokens.access_token)).toBe(false);
    await expect(client.refreshTokenGrant(portal.config, refreshToken)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });
});
