// Regenerates the README's screenshots, docs/screenshots/login-{vi,en}.png, at phone width.
// `npm run screenshots` sets UPDATE_SCREENSHOTS=1; the normal test run skips this file, so it
// never rewrites them.
import { mkdir } from 'node:fs/promises';
import * as client from 'openid-client';
import { describe, it } from 'vitest';
import { LOCALES } from '../../src/views/i18n.ts';
import { PHONE } from '../helpers/accessibility.ts';
import { setupE2E } from '../helpers/browser.ts';
import { registerPortal } from '../helpers/fixtures.ts';

const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url);

describe.skipIf(!process.env.UPDATE_SCREENSHOTS)('README screenshots', () => {
  const e2e = setupE2E();

  it.each(LOCALES)('login page in %s', async (locale) => {
    // A portal as citizens meet one: its registered name, and a real-looking domain.
    const redirectUri = 'https://dichvucong.gov.vn/callback';
    const { client: portal } = await registerPortal(e2e.app, {
      name: 'Cổng Dịch vụ công Quốc gia',
      redirectUris: [redirectUri],
      postLogoutRedirectUris: ['https://dichvucong.gov.vn/'],
    });
    const authorize = new URL(`${e2e.app.issuer}/auth`);
    authorize.search = new URLSearchParams({
      client_id: portal.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      state: client.randomState(),
    }).toString();

    const context = await e2e.browser.newContext({
      viewport: PHONE,
      deviceScaleFactor: 2,
      extraHTTPHeaders: { 'accept-language': locale },
    });
    const page = await context.newPage();
    await page.goto(authorize.href);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: new URL(`login-${locale}.png`, SCREENSHOTS).pathname, fullPage: true });
    await context.close();
  });
});
