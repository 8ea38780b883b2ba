// Second factors on the account page (issue 7), without a browser: the pages need the account
// page's session and every form its CSRF token; a change needs a recent sign-in (with the
// second factor once there is one); changes are audited and told to the verified contacts;
// a removed authenticator app no longer signs anyone in.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, citizens } from '../../src/db/schema.ts';
import { maskContact } from '../../src/modules/factors/one-time-codes.ts';
import { totpCodeAt } from '../../src/modules/factors/totp.ts';
import { MESSAGES } from '../../src/views/i18n.ts';
import { enrolCitizen, registerPortal } from '../helpers/fixtures.ts';
import { BrowserlessCitizen, interactionPath, type Landing } from '../helpers/sign-in-steps.ts';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

const NOWHERE = 'http://never.invalid/'; // follow every redirect: the account page's are ours
const vi = MESSAGES.vi;

async function signIn(browser: BrowserlessCitizen, landing: Landing, who: { personalId: string; password: string }) {
  expect(landing.html).toContain('id="personal_id"');
  return browser.post(`${interactionPath(landing)}/login`, { personal_id: who.personalId, password: who.password });
}

async function openAccount(app: RunningApp, who: { personalId: string; password: string }, path: string) {
  const browser = new BrowserlessCitizen(app.baseUrl, NOWHERE);
  const landing = await signIn(browser, await browser.follow(await browser.request(path)), who);
  return { browser, landing };
}

const secretOf = (html: string) => /<code class="secret"[^>]*>([^<]+)<\/code>/.exec(html)![1]!.replace(/\s+/g, '');
const nextStep = () => Math.floor(Date.now() / 1000) + 30; // a code not yet spent (one step of drift is allowed)

async function actionsOf(app: RunningApp, citizenId: string, actions: string[]) {
  const rows = await app.infrastructure.database.db
    .select({ action: auditEvents.action, actorType: auditEvents.actorType, details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.targetId, citizenId), inArray(auditEvents.action, actions)));
  return rows;
}

describe('second factors on the account page', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it('needs the account session and the form token', async () => {
    const anonymous = new BrowserlessCitizen(app.baseUrl, NOWHERE);
    const list = await anonymous.request('/account/factors');
    expect(list.status).toBe(303);
    expect(new URL(list.headers.get('location')!).pathname).toMatch(/\/oidc\/auth$/);
    const post = await anonymous.request('/account/factors/recovery-codes', { method: 'POST' });
    expect(post.status).toBe(403); // no CSRF token: refused before anything else

    const who = await enrolCitizen(app);
    const { browser, landing } = await openAccount(app, who, '/account/factors');
    expect(landing.url.pathname).toBe('/account/factors');
    expect(landing.html).toContain(vi.mfAppNone);
    const forged = await browser.request('/account/factors/recovery-codes', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(forged.status).toBe(403);
    expect(await actionsOf(app, who.citizen.id, ['account.recovery_codes_regenerated'])).toEqual([]);
  });

  it('adds an authenticator app, asks for it before removing it, and the removed app no longer works', async () => {
    const phone = `+8493${String(Date.now()).slice(-7)}`;
    const who = await enrolCitizen(app, { phone });
    const { browser, landing } = await openAccount(app, who, '/account/factors/totp');
    expect(landing.html).toContain(vi.totpTitle);
    const secret = secretOf(landing.html);
    const wrong = await browser.post('/account/factors/totp', { code: '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain(vi.sfWrongCode);
    const codes = await browser.post('/account/factors/totp', { code: await totpCodeAt(secret) });
    expect(codes.html).toContain(vi.rcTitle); // the first factor brings recovery codes
    const list = await browser.follow(await browser.request('/account/factors?done=added'));
    expect(list.html).toContain(vi.mfAdded);
    expect(list.html).toContain(vi.mfAppName);

    // The sign-in proved only the password; now that the citizen has a factor, removing one
    // asks for a sign-in again with it (prompt=login, acr_values l1-mfa).
    const ask = await browser.request('/account/factors/totp/remove');
    const auth = new URL(ask.headers.get('location')!);
    expect(auth.searchParams.get('prompt')).toBe('login');
    expect(auth.searchParams.get('acr_values')).toBe('urn:chiakhoa:acr:l1-mfa');
    const step = await signIn(browser, await browser.follow(ask), who);
    expect(step.html).toContain(vi.sfTitle);
    const confirm = await browser.post(`${interactionPath(step)}/second-factor/totp`, {
      code: await totpCodeAt(secret, nextStep()),
    });
    expect(confirm.url.pathname).toBe('/account/factors/totp/remove');
    expect(confirm.html).toContain(vi.mfRemoveTotpTitle);
    expect(confirm.html).not.toContain(vi.mfWarnLastFactor); // the recovery codes remain
    const removed = await browser.post('/account/factors/totp/remove');
    expect(removed.html).toContain(vi.mfRemoved);
    expect(removed.html).toContain(vi.mfAppNone);

    expect((await actionsOf(app, who.citizen.id, ['account.factor_added', 'account.factor_removed'])).sort()).toEqual(
      [
        { action: 'account.factor_added', actorType: 'citizen', details: { factor: 'totp' } },
        { action: 'account.factor_removed', actorType: 'citizen', details: { factor: 'totp' } },
      ].sort(),
    );
    expect(await actionsOf(app, who.citizen.id, ['factor.totp_enrolled', 'factor.recovery_codes_issued'])).toHaveLength(
      2,
    );

    // A portal's sign-in that wants a second factor no longer offers or accepts the app.
    const redirect = 'http://127.0.0.1:9/callback';
    const { client } = await registerPortal(app, { redirectUris: [redirect], scopes: ['openid'] });
    const portal = new BrowserlessCitizen(app.baseUrl, redirect);
    const login = await portal.authorize(app.issuer, client.clientId, { acr_values: 'urn:chiakhoa:acr:l1-mfa' });
    const factorStep = await signIn(portal, login.landing, who);
    expect(factorStep.html).not.toContain('/second-factor/totp');
    const refused = await portal.post(`${interactionPath(factorStep)}/second-factor/totp`, {
      code: await totpCodeAt(secret, nextStep()),
    });
    expect(refused.html).toContain(vi.sfWrongCode);
  });

  it('creates new recovery codes once, audits it and tells the verified phone', async () => {
    const phone = `+8494${String(Date.now()).slice(-7)}`;
    const who = await enrolCitizen(app, { phone });
    await app.infrastructure.database.db
      .update(citizens)
      .set({ phoneVerified: true })
      .where(eq(citizens.id, who.citizen.id));
    // A verified phone is a second factor: the account sign-in on this new device asks for a code.
    const browser = new BrowserlessCitizen(app.baseUrl, NOWHERE);
    const step = await signIn(browser, await browser.follow(await browser.request('/account/factors')), who);
    await browser.post(`${interactionPath(step)}/second-factor/send`, { channel: 'sms' });
    const list = await browser.post(`${interactionPath(step)}/second-factor/code`, {
      code: app.outbox!.latestTo(phone)!.code!,
    });
    expect(list.url.pathname).toBe('/account/factors');
    expect(list.html).toContain(vi.mfCodesNone);
    expect(list.html).toContain(maskContact(phone));

    const confirm = await browser.follow(await browser.request('/account/factors/recovery-codes'));
    expect(confirm.html).toContain(vi.mfRegenerateBody);
    const shown = await browser.post('/account/factors/recovery-codes');
    expect(shown.html.match(/<li><code>[A-Z2-7]{5}-[A-Z2-7]{5}<\/code><\/li>/g)).toHaveLength(10);
    expect(app.outbox!.latestTo(phone)).toMatchObject({
      kind: 'factor_changed',
      text: vi.recoveryCodesRenewedMessage,
    });
    expect(await actionsOf(app, who.citizen.id, ['account.recovery_codes_regenerated'])).toEqual([
      { action: 'account.recovery_codes_regenerated', actorType: 'citizen', details: { count: 10 } },
    ]);
  });
});

describe('a stale sign-in on the account page', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { ACCOUNT_RECENT_SIGN_IN_SECONDS: '2' } });
  });
  afterAll(() => app?.close());

  it('signs the citizen in again before a change, and comes back to it', async () => {
    const who = await enrolCitizen(app);
    const { browser, landing } = await openAccount(app, who, '/account/factors');
    expect(landing.url.pathname).toBe('/account/factors');
    // auth_time is in whole seconds: past 3 s after the sign-in, it is stale whatever the rounding.
    await new Promise((resolve) => setTimeout(resolve, 3_200));

    // A posted change on a stale sign-in goes to its confirmation page, which signs in again.
    const post = await browser.post('/account/factors/recovery-codes');
    expect(post.html).toContain('id="personal_id"');
    const stalePage = await browser.request('/account/factors/recovery-codes');
    const auth = new URL(stalePage.headers.get('location')!);
    expect(auth.searchParams.get('prompt')).toBe('login');
    expect(auth.searchParams.has('acr_values')).toBe(false); // no second factor to ask for yet
    const back = await signIn(browser, await browser.follow(stalePage), who);
    expect(back.url.pathname).toBe('/account/factors/recovery-codes');
    expect(back.html).toContain(vi.mfRegenerateBody);
    expect(await actionsOf(app, who.citizen.id, ['account.recovery_codes_regenerated'])).toEqual([]);
  });
});
