// Two chiakhoa instances on one Redis and one PostgreSQL, each keeping the grants and citizens
// its protocol requests read (cached-grants.ts, cached-citizens.ts): a change made through one
// instance (a citizen's new account level or password, a destroyed grant) is seen by the other at once,
// because it is announced over Redis, while a change written behind the services' back is only
// seen once the cache TTL has passed, which shows the rows really come from memory in between.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizens, oidcRecords } from '../../src/db/schema.ts';
import { latestCode } from '../helpers/account.ts';
import { createAdminCaller, type AdminCaller } from '../helpers/admin-client.ts';
import { obtainCode } from '../helpers/code-flow.ts';
import { enrolCitizen, registerPortal } from '../helpers/fixtures.ts';
import { BrowserlessCitizen } from '../helpers/sign-in-steps.ts';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

const TTL_SECONDS = 2;
const REDIRECT_URI = 'http://127.0.0.1:9/callback';

describe('grant and citizen caches across processes', () => {
  let first: RunningApp;
  let second: RunningApp;
  let admin: AdminCaller;
  beforeAll(async () => {
    const env = { CLIENT_CACHE_SECONDS: String(TTL_SECONDS), ACCOUNT_CACHE_SECONDS: String(TTL_SECONDS) };
    [first, second] = await Promise.all([startTestApp({ env }), startTestApp({ env })]);
    admin = await createAdminCaller(first, ['admin:citizens']);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  /** A citizen signed in at the first instance; the access token works at either. */
  async function signedIn(accountLevel: 1 | 2, known?: { personalId: string; password: string; citizenId: string }) {
    const who = known ? { ...known, citizen: { id: known.citizenId } } : await enrolCitizen(first, { accountLevel });
    const { client, clientSecret } = await registerPortal(first, { redirectUris: [REDIRECT_URI] });
    const { code, codeVerifier } = await obtainCode({
      baseUrl: first.baseUrl,
      issuer: first.issuer,
      clientId: client.clientId,
      redirectUri: REDIRECT_URI,
      personalId: who.personalId,
      password: who.password,
      scope: 'openid profile',
    });
    const response = await fetch(`${first.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${client.clientId}:${clientSecret!}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: codeVerifier,
      }),
    });
    expect(response.status).toBe(200);
    const { access_token: accessToken } = (await response.json()) as { access_token: string };
    const stored = await second.provider.AccessToken.find(accessToken);
    return { citizenId: who.citizen.id, accessToken, grantId: stored!.grantId };
  }

  async function userinfoAt(app: RunningApp, accessToken: string) {
    const response = await fetch(`${app.issuer}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("shows a citizen's new account level at the other instance at once", async () => {
    const { citizenId, accessToken } = await signedIn(1);
    expect((await userinfoAt(second, accessToken)).body).toMatchObject({ account_level: 1 });

    const changed = await admin.call('POST', `/admin/citizens/${citizenId}/level`, { accountLevel: 2 });
    expect(changed.status).toBe(200);
    const started = Date.now();
    await expect.poll(async () => (await userinfoAt(second, accessToken)).body.account_level).toBe(2);
    // Well inside the TTL: the announcement did it, not the expiry.
    expect(Date.now() - started).toBeLessThan(TTL_SECONDS * 1000);
  });

  it("shows a citizen's new password (its updated_at) at the other instance at once", async () => {
    const email = `doi-mat-khau-${Date.now()}@example.vn`;
    const who = await enrolCitizen(first, { email });
    const known = { personalId: who.personalId, password: who.password, citizenId: who.citizen.id };
    // An old updated_at, set behind the services' back: any later change shows.
    const { db } = first.infrastructure.database;
    await db
      .update(citizens)
      .set({ updatedAt: new Date('2020-01-01T00:00:00Z') })
      .where(eq(citizens.id, known.citizenId));
    const before = await signedIn(2, known);
    const started = Date.now();
    expect((await userinfoAt(second, before.accessToken)).body.updated_at).toBe(Date.parse('2020-01-01') / 1000);

    // The forgotten-password reset at the first instance (it also ends the citizen's grants).
    const browserless = new BrowserlessCitizen(first.baseUrl, REDIRECT_URI);
    await browserless.follow(await browserless.request('/account/recover'));
    await browserless.post('/account/recover', { personal_id: who.personalId, channel: 'email' });
    await browserless.post('/account/recover/code', { code: latestCode(first, email) });
    const newPassword = 'Mat-Khau-Moi-2026';
    const reset = await browserless.post('/account/recover/password', {
      new_password: newPassword,
      repeat_password: newPassword,
    });
    expect(reset.status).toBe(200);

    const after = await signedIn(2, { ...known, password: newPassword });
    const [row] = await db
      .select({ updatedAt: citizens.updatedAt })
      .from(citizens)
      .where(eq(citizens.id, known.citizenId));
    expect((await userinfoAt(second, after.accessToken)).body.updated_at).toBe(
      Math.floor(row!.updatedAt.getTime() / 1000),
    );
    // Well inside the TTL of the row the second instance remembered: the announcement did it.
    expect(Date.now() - started).toBeLessThan(TTL_SECONDS * 1000);
  });

  it('serves a citizen row changed behind its back from memory until the TTL', async () => {
    const { citizenId, accessToken } = await signedIn(2);
    expect((await userinfoAt(second, accessToken)).body).toMatchObject({ name: 'Nguyễn Văn Thử' });
    await first.infrastructure.database.db
      .update(citizens)
      .set({ fullName: 'Trần Thị Đổi' })
      .where(eq(citizens.id, citizenId));

    expect((await userinfoAt(second, accessToken)).body).toMatchObject({ name: 'Nguyễn Văn Thử' });
    await new Promise((resolve) => setTimeout(resolve, TTL_SECONDS * 1000 + 100));
    expect((await userinfoAt(second, accessToken)).body).toMatchObject({ name: 'Trần Thị Đổi' });
  });

  it('forgets a grant destroyed through the other instance at once', async () => {
    const { grantId, accessToken } = await signedIn(2);
    expect((await userinfoAt(second, accessToken)).status).toBe(200);
    expect(await second.provider.Grant.find(grantId)).toBeDefined();

    await (await first.provider.Grant.find(grantId))!.destroy();
    const started = Date.now();
    await expect.poll(async () => second.provider.Grant.find(grantId)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(TTL_SECONDS * 1000);
    expect((await userinfoAt(second, accessToken)).status).toBe(401);
  });

  it('serves a grant deleted behind its back from memory until the TTL', async () => {
    const { grantId } = await signedIn(2);
    expect(await second.provider.Grant.find(grantId)).toBeDefined();
    await first.infrastructure.database.db
      .delete(oidcRecords)
      .where(and(eq(oidcRecords.model, 'Grant'), eq(oidcRecords.id, grantId)));

    expect(await second.provider.Grant.find(grantId)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, TTL_SECONDS * 1000 + 100));
    expect(await second.provider.Grant.find(grantId)).toBeUndefined();
  });
});
