// private_key_jwt (RFC 7523): the portal authenticates at the token, introspection and
// userinfo round trip with a signed assertion; a key chiakhoa does not know is refused.
import { generateKeyPair } from 'jose';
import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { loginInBrowser, setupE2E } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { createPortal } from '../helpers/portal-client.ts';

describe('private_key_jwt client authentication', () => {
  const e2e = setupE2E();

  it('redeems the code, reads userinfo and introspects with a signed client assertion', async () => {
    const { citizen, personalId, password } = await enrolCitizen(e2e.app);
    const portal = await createPortal(e2e.app, e2e.portalServer, { auth: 'private_key_jwt' });
    const registered = await e2e.app.provider.Client.find(portal.clientId);
    expect(registered?.clientAuthMethod).toBe('private_key_jwt');
    expect(registered?.clientSecret).toBeUndefined();

    const tokens = await loginInBrowser(e2e.browser, portal, { personalId, password }, { scope: 'openid profile' });
    const sub = tokens.claims()!.sub;
    expect(tokens.claims()?.aud).toBe(portal.clientId);
    expect(await client.fetchUserInfo(portal.config, tokens.access_token, sub)).toMatchObject({
      name: citizen.fullName,
    });
    expect(await client.tokenIntrospection(portal.config, tokens.access_token)).toMatchObject({
      active: true,
      client_id: portal.clientId,
    });

    const { privateKey: strangerKey } = await generateKeyPair('ES256');
    const impostor = await client.discovery(
      new URL(e2e.app.issuer),
      portal.clientId,
      undefined,
      client.PrivateKeyJwt({ key: strangerKey, kid: 'portal-key-1' }),
      { execute: [client.allowInsecureRequests] },
    );
    await expect(client.tokenIntrospection(impostor, tokens.access_token)).rejects.toMatchObject({
      error: 'invalid_client',
    });
  });
});
