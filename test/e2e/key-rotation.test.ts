// Signing-key rotation in the middle of a citizen's session, with the real commands
// (keys:add, keys:promote, keys:retire) and a restart after each, as in a rolling restart:
// the session, the refresh token and the old ID token (as id_token_hint) keep working.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as client from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateJwks, writePrivateJson } from '../../src/oidc/keys.ts';
import { MESSAGES } from '../../src/views/i18n.ts';
import { authorize, landedOn, launchChromium, newCitizenPage } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import {
  beginLogin,
  createPortal,
  finishLogin,
  startPortalServer,
  type PortalServer,
} from '../helpers/portal-client.ts';
import { freePort, startTestApp, type RunningApp } from '../helpers/test-app.ts';

const run = promisify(execFile);

describe('signing-key rotation during a session', () => {
  const folder = mkdtempSync(join(tmpdir(), 'chiakhoa-keys-'));
  const keysFile = join(folder, 'jwks.json');
  const env = {
    KEYS_FILE: keysFile,
    KEYS_JWKS: '',
    COOKIE_KEYS: randomBytes(32).toString('base64url'),
    PAIRWISE_SALT: randomBytes(32).toString('base64url'),
  };
  let port: number;
  let app: RunningApp;
  let browser: Browser;
  let portalServer: PortalServer;
  beforeAll(async () => {
    writePrivateJson(keysFile, await generateJwks());
    port = await freePort();
    [app, browser, portalServer] = await Promise.all([
      startTestApp({ port, env }),
      launchChromium(),
      startPortalServer(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await portalServer?.close();
    await app?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Runs one rotation command on the keys file, then restarts chiakhoa on the same port. */
  async function rotate(step: 'add' | 'promote' | 'retire', ...flags: string[]) {
    await run(process.execPath, ['src/cli/keys.ts', step, '--file', keysFile, ...flags], {
      env: { ...process.env, NODE_ENV: 'test', KEYS_JWKS: '' },
    });
    await app.close();
    app = await startTestApp({ port, env });
  }
  const publishedKids = async () =>
    ((await (await fetch(`${app.issuer}/jwks`)).json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid);
  const kidOf = (idToken: string | undefined) => decodeProtectedHeader(idToken!).kid;

  // Four restarts and three command runs: longer than the default test timeout.
  it(
    'keeps the session, refresh and the old ID token working across add, promote and retire',
    { timeout: 120_000 },
    async () => {
      const citizen = await enrolCitizen(app);
      const portal = await createPortal(app, portalServer);
      const page: Page = await newCitizenPage(browser);
      const login = await beginLogin(portal, { scope: 'openid offline_access', prompt: 'consent' });
      const first = await finishLogin(portal, login, await authorize(page, portal, login, citizen));
      const oldKid = kidOf(first.id_token);
      const oldIdToken = first.id_token!;

      await rotate('add');
      const published = await publishedKids();
      expect(published).toHaveLength(4);
      const refreshed = await client.refreshTokenGrant(portal.config, first.refresh_token!);
      expect(kidOf(refreshed.id_token)).toBe(oldKid); // published, not signing yet

      await rotate('promote');
      const again = await beginLogin(portal);
      await page.goto(again.url.href);
      await landedOn(page, portalServer.callbackUrl); // the session survived: no password asked
      const second = await finishLogin(portal, again, page.url());
      const newKid = kidOf(second.id_token);
      expect(newKid).not.toBe(oldKid);
      expect(published).toContain(newKid);
      expect(kidOf((await client.refreshTokenGrant(portal.config, refreshed.refresh_token!)).id_token)).toBe(newKid);
      const jwks = createRemoteJWKSet(new URL(`${app.issuer}/jwks`));
      await expect(jwtVerify(oldIdToken, jwks, { issuer: app.issuer })).resolves.toBeTruthy();

      // Too early to retire: the old key may still verify hints for the session's lifetime.
      await expect(run(process.execPath, ['src/cli/keys.ts', 'retire', '--file', keysFile])).rejects.toThrow();

      // The ID token signed before the rotation still works as id_token_hint at logout.
      const logout = client.buildEndSessionUrl(portal.config, {
        id_token_hint: oldIdToken,
        post_logout_redirect_uri: portalServer.loggedOutUrl,
      });
      await page.goto(logout.href);
      expect(await page.locator('h1').textContent()).toBe(MESSAGES.vi.logoutTitle);
      await page.getByRole('button', { name: MESSAGES.vi.logoutYes }).click();
      await landedOn(page, portalServer.loggedOutUrl);

      await rotate('retire', '--force');
      expect(await publishedKids()).not.toContain(oldKid);
      expect(await publishedKids()).toContain(newKid);
      await page.context().close();
    },
  );
});
