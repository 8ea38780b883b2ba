// Behind a TLS-terminating proxy (an https issuer, TRUST_PROXY=true), every cookie chiakhoa
// sets is Secure, HttpOnly and SameSite, and the CSRF secret sits in a __Host- cookie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/test-app.ts';
import { startAttackTarget, type AttackTarget } from './helpers/attack-app.ts';
import { Browserless } from './helpers/browserless.ts';

describe('cookies over https', () => {
  let target: AttackTarget;
  beforeAll(async () => {
    target = await startAttackTarget({ ISSUER: `https://127.0.0.1:${await freePort()}/oidc`, TRUST_PROXY: 'true' });
  });
  afterAll(() => target?.app.close());

  it('are Secure, HttpOnly and SameSite on the provider’s and the pages’ answers alike', async () => {
    const browser = new Browserless(target.app.baseUrl, { 'x-forwarded-proto': 'https' });
    const auth = await browser.fetch(
      `/oidc/auth?${new URLSearchParams({
        client_id: target.portal.clientId,
        redirect_uri: target.portal.redirectUri,
        response_type: 'code',
        scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      }).toString()}`,
    );
    const interaction = new URL(auth.headers.get('location')!, 'https://x').pathname;
    const page = await browser.fetch(`${interaction}?lang=en`);
    const lines = [...auth.headers.getSetCookie(), ...page.headers.getSetCookie()];
    const names = lines.map((line) => line.split('=')[0]);
    expect(names).toEqual(expect.arrayContaining(['_interaction', '__Host-csrf', 'lang']));
    for (const line of lines) expect(line).toMatch(/(?=.*; secure)(?=.*; httponly)(?=.*; samesite=(lax|strict))/i);
    expect(page.headers.get('strict-transport-security')).toBeNull(); // NODE_ENV=test: HSTS is production's
  });
});
