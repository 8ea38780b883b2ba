// offline_access: every refresh rotates the refresh token, and replaying a rotated one is
// treated as theft: the whole grant is revoked, so the newest token dies with it.
import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { loginInBrowser, setupE2E } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { createPortal } from '../helpers/portal-client.ts';

describe('refresh token rotation', () => {
  const e2e = setupE2E();

  it('rotates on use and revokes the grant when an old refresh token is replayed', async () => {
    const portal = await createPortal(e2e.app, e2e.portalServer);
    const citizen = await enrolCitizen(e2e.app);
    const tokens = await loginInBrowser(e2e.browser, portal, citizen, {
      scope: 'openid offline_access',
      prompt: 'consent',
    });
    const first = tokens.refresh_token;
    expect(first).toBeTruthy();

    const refreshed = await client.refreshTokenGrant(portal.config, first!);
    const second = refreshed.refresh_token;
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.claims()?.sub).toBe(tokens.claims()?.sub);
    expect((await client.tokenIntrospection(portal.config, refreshed.access_token)).active).toBe(true);

    await expect(client.refreshTokenGrant(portal.config, first!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(client.refreshTokenGrant(portal.config, second!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await client.tokenIntrospection(portal.config, refreshed.access_token)).active).toBe(false);
  });
});
