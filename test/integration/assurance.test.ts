// Account level and authentication strength at sign-in (issue 5): a level-1 account is refused
// a level-2 request with unmet_authentication_requirements, a portal's registered minimum holds
// when it asks for less, a password alone is stepped up to a second factor, and the ID token's
// acr and amr say what happened. Real Postgres and Redis; codes read from the dev outbox.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, citizens, totpFactors } from '../../src/db/schema.ts';
import { totpCodeAt } from '../../src/modules/factors/totp.ts';
import { MESSAGES } from '../../src/views/i18n.ts';
import { createAdminCaller } from '../helpers/admin-client.ts';
import { addAuthenticatorApp, enrolCitizen, registerPortal } from '../helpers/fixtures.ts';
import { activeOrganization } from '../helpers/organizations.ts';
import { BrowserlessCitizen, interactionPath, type Authorization, type Landing } from '../helpers/sign-in-steps.ts';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';
import { tokenClient } from '../helpers/token-client.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const ACR = (value: string) => `urn:chiakhoa:acr:${value}`;
const FACTOR_KEY = randomBytes(32).toString('base64url');

describe('assurance: levels, step-up, acr and amr', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { FACTOR_ENCRYPTION_KEY: FACTOR_KEY } });
  });
  afterAll(() => app?.close());

  async function portal(minAccountLevel: 1 | 2 = 1, scopes = ['openid']) {
    const { client, clientSecret } = await registerPortal(app, { redirectUris: [REDIRECT], minAccountLevel, scopes });
    return { clientId: client.clientId, tokens: tokenClient(app.issuer, client.clientId, clientSecret!) };
  }

  /** A citizen whose phone is verified (as at level 2 in person), so codes can reach it. */
  async function citizenWithPhone(level: 1 | 2 = 2) {
    const enrolled = await enrolCitizen(app, { accountLevel: level, phone: `+8491${Date.now() % 10_000_000}` });
    await app.infrastructure.database.db
      .update(citizens)
      .set({ phoneVerified: true })
      .where(eq(citizens.id, enrolled.citizen.id));
    return enrolled;
  }

  async function password(
    browser: BrowserlessCitizen,
    auth: Authorization,
    who: { personalId: string; password: string },
  ) {
    return browser.post(`${interactionPath(auth.landing)}/login`, {
      personal_id: who.personalId,
      password: who.password,
    });
  }

  /** Consents if asked, and returns the ID token's claims after redeeming the code. */
  async function idTokenOf(
    browser: BrowserlessCitizen,
    landing: Landing,
    auth: Authorization,
    tokens: Awaited<ReturnType<typeof portal>>['tokens'],
  ) {
    if (!landing.url.href.startsWith(REDIRECT)) landing = await browser.post(`${interactionPath(landing)}/confirm`);
    const code = landing.url.searchParams.get('code');
    if (!code) throw new Error(`no code: ${landing.url.href}`);
    const redeemed = await tokens.redeem({
      code,
      codeVerifier: auth.verifier,
      redirectUri: REDIRECT,
      jar: browser.jar,
    });
    expect(redeemed.status).toBe(200);
    return decodeJwt(String(redeemed.body.id_token));
  }

  /** Sends a code by SMS from the second-factor page and types it in. */
  async function smsCode(browser: BrowserlessCitizen, landing: Landing, phone: string) {
    const path = interactionPath(landing);
    const sent = await browser.post(`${path}/second-factor/send`, { channel: 'sms' });
    expect(sent.html).toContain(MESSAGES.vi.sfCodeSent);
    const message = app.outbox!.latestTo(phone);
    expect(message).toMatchObject({ channel: 'sms', kind: 'one_time_code' });
    expect(message!.text).toContain(message!.code);
    return browser.post(`${path}/second-factor/code`, { code: message!.code! });
  }

  /** A level-2 citizen signed in with the password alone at a fresh portal, and that sign-in's ID token. */
  async function signedInWithPassword(overrides: Parameters<typeof enrolCitizen>[1] = {}) {
    const { clientId, tokens } = await portal();
    const who = await enrolCitizen(app, { accountLevel: 2, ...overrides });
    const browser = new BrowserlessCitizen(app.baseUrl, REDIRECT);
    const first = await browser.authorize(app.issuer, clientId);
    const claims = await idTokenOf(browser, await password(browser, first, who), first, tokens);
    return { clientId, tokens, who, browser, claims };
  }

  it('refuses a level-1 account a level-2 request with unmet_authentication_requirements', async () => {
    const { clientId } = await portal();
    const who = await citizenWithPhone(1);
    const browser = new BrowserlessCitizen(app.baseUrl, REDIRECT);
    const auth = await browser.authorize(app.issuer, clientId, { acr_values: ACR('l2-pwd') });
    const unmet = await password(browser, auth, who);
    expect(unmet.url.pathname).toMatch(/\/unmet$/);
    expect(unmet.html).toContain(MESSAGES.vi.unmetLevel);
    const back = await browser.post(`${interactionPath(unmet)}/unmet`);
    expect(back.url.href.startsWith(REDIRECT)).toBe(true);
    expect(back.url.searchParams.get('error')).toBe('unmet_authentication_requirements');
    expect(back.url.searchParams.get('state')).toBe(auth.state);
    const audited = await app.infrastructure.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, who.citizen.id));
    expect(audited.map((event) => event.action)).toContain('login.assurance_unmet');
  });

  it("enforces the portal's registered minimum level even when the request asks for less", async () => {
    const { clientId } = await portal(2);
    const who = await citizenWithPhone(1);
    const browser = new BrowserlessCitizen(app.baseUrl, REDIRECT);
    const auth = await browser.authorize(app.issuer, clientId, { acr_values: ACR('l1-pwd') });
    expect((await password(browser, auth, who)).url.pathname).toMatch(/\/unmet$/);
  });

  it('asks a level-2 account with a password only for a second factor, then answers l2-mfa', async () => {
    const { clientId, tokens } = await portal();
    const who = await citizenWithPhone(2);
    const browser = new BrowserlessCitizen(app.baseUrl, REDIRECT);
    const auth = await browser.authorize(app.issuer, clientId, { acr_values: ACR('l2-mfa') });
    const step = await password(browser, auth, who);
    expect(step.url.pathname).toMatch(/\/second-factor$/);
    expect(step.html).toContain(MESSAGES.vi.sfIntroPortal);

    const wrong = await browser.post(`${interactionPath(step)}/second-factor/code`, { code: '000000' });
    expect(wrong.html).toContain(MESSAGES.vi.sfWrongCode);
    const claims = await idTokenOf(browser, await smsCode(browser, step, who.citizen.phone!), auth, tokens);
    expect(claims).toMatchObject({ acr: ACR('l2-mfa'), amr: ['pwd', 'sms', 'mfa'], account_level: 2 });
  });

  it('honours an essential acr claim and answers with one of its values', async () => {
    const { clientId, tokens } = await portal();
    const who = await citizenWithPhone(2);
    const browser = new BrowserlessCitizen(app.baseUrl, REDIRECT);
    const claimsParameter = { id_token: { acr: { essential: true, values: [ACR('l1-mfa'), ACR('l2-phr')] } } };
    const auth = await browser.authorize(app.issuer, clientId, { claims: JSON.stringify(claimsParameter) });
    const step = await password(browser, auth, who);
    expect(step.url.pathname).toMatch(/\/second-factor$/);
    const claims = await idTokenOf(browser, await smsCode(browser, step, who.citizen.phone!), auth, tokens);
    // A level-2 account with an SMS code meets l1-mfa (the first value it satisfies), not l2-phr.
    expect(claims.acr).toBe(ACR('l1-mfa'));
  });

  it('refuses the claims parameter as a way around scopes', async () => {
    const { clientId } = await portal();
    const browser = new BrowserlessCitizen(app.baseUrl, REDIRECT);
    const auth = await browser.authorize(app.issuer, clientId, {
      claims: JSON.stringify({ userinfo: { personal_id: null } }),
    });
    expect(auth.landing.url.searchParams.get('error')).toBe('invalid_request');
  });

  it('asks for a second factor on a new device, not on one that completed one', async () => {
    const { clientId, tokens } = await portal();
    const who = await citizenWithPhone(2);
    const browser = new BrowserlessCitizen(app.baseUrl, REDIRECT);
    const first = await browser.authorize(app.issuer, clientId);
    const step = await password(browser, first, who);
    expect(step.url.pathname).toMatch(/\/second-factor$/);
    expect(step.html).toContain(MESSAGES.vi.sfIntroNewDevice);
    const firstClaims = await idTokenOf(browser, await smsCode(browser, step, who.citizen.phone!), first, tokens);
    expect(firstClaims).toMatchObject({ acr: ACR('l2-mfa'), amr: ['pwd', 'sms', 'mfa'] });

    // Same browser (its device cookie), a fresh sign-in: the password is enough again.
    const second = await browser.authorize(app.issuer, clientId, { prompt: 'login' });
    const done = await password(browser, second, who);
    const secondClaims = await idTokenOf(browser, done, second, tokens);
    expect(secondClaims).toMatchObject({ acr: ACR('l2-pwd'), amr: ['pwd'] });

    // Another browser is another device.
    const other = new BrowserlessCitizen(app.baseUrl, REDIRECT);
    const third = await other.authorize(app.issuer, clientId);
    expect((await password(other, third, who)).url.pathname).toMatch(/\/second-factor$/);
  });

  it('steps an existing password-only session up when a portal later asks for more', async () => {
    const { clientId, who, browser, claims } = await signedInWithPassword(); // no verified contact, no factor
    expect(claims).toMatchObject({ acr: ACR('l2-pwd') });
    const silent = await browser.authorize(app.issuer, clientId, { acr_values: ACR('l2-mfa'), prompt: 'none' });
    expect(silent.landing.url.searchParams.get('error')).toBe('login_required');
    // No second factor at all: its first one is set up on the password's word, so the password
    // is asked again, not taken from the session (step-up.ts).
    const again = await browser.authorize(app.issuer, clientId, { acr_values: ACR('l2-mfa') });
    expect(again.landing.html).toContain('name="password"');
    const step = await password(browser, again, who);
    // No second factor yet: the sign-in offers to set one up (README "Assurance levels").
    expect(step.url.pathname).toMatch(/\/second-factor$/);
    expect(step.html).toContain(MESSAGES.vi.sfNone);
    expect(step.html).toContain('/totp-setup');
  });

  it('makes a stepped-up session prove a second factor again before any factor can be added', async () => {
    const { clientId, tokens } = await portal();
    const who = await enrolCitizen(app, { accountLevel: 2 });
    const secret = await addAuthenticatorApp(app, who.citizen.id, FACTOR_KEY);
    const browser = new BrowserlessCitizen(app.baseUrl, REDIRECT);
    const first = await browser.authorize(app.issuer, clientId, { acr_values: ACR('l2-mfa') });
    const factorStep = await password(browser, first, who);
    const proved = await browser.post(`${interactionPath(factorStep)}/second-factor/totp`, {
      code: await totpCodeAt(secret),
    });
    expect(await idTokenOf(browser, proved, first, tokens)).toMatchObject({ amr: ['pwd', 'otp', 'mfa'] });

    // The session proved a factor, but not in this sign-in: nothing may be added on its word.
    const again = await browser.authorize(app.issuer, clientId, { acr_values: ACR('l2-phr') });
    expect(again.landing.url.pathname).toMatch(/\/second-factor$/);
    const path = interactionPath(again.landing);
    // Not even once the citizen has no factor left (an admin removed it): no password was typed.
    await app.infrastructure.database.db.delete(totpFactors).where(eq(totpFactors.citizenId, who.citizen.id));
    for (const setup of ['passkey-setup', 'totp-setup']) {
      const refused = await browser.follow(await browser.request(`${path}/${setup}`));
      expect(refused.url.pathname).toBe(`${path}/second-factor`);
    }
  });

  it('steps up with the second factor alone, keeping the first sign-in as auth_time, and audits it', async () => {
    // No verified contact at first (a new device would otherwise be asked for a second factor).
    const phone = `+8492${Date.now() % 10_000_000}`;
    const { clientId, tokens, who, browser, claims: before } = await signedInWithPassword({ phone });
    expect(before).toMatchObject({ acr: ACR('l2-pwd'), amr: ['pwd'] });
    const { db } = app.infrastructure.database;
    await db.update(citizens).set({ phoneVerified: true }).where(eq(citizens.id, who.citizen.id));
    await new Promise((resolve) => setTimeout(resolve, 1100)); // auth_time has whole seconds

    const again = await browser.authorize(app.issuer, clientId, { acr_values: ACR('l2-mfa') });
    expect(again.landing.url.pathname).toMatch(/\/second-factor$/);
    // Reloading the interaction goes on with the same pending login (its code counters too).
    const reloaded = await browser.follow(await browser.request(interactionPath(again.landing)));
    expect(reloaded.url.pathname).toMatch(/\/second-factor$/);
    const stepped = await idTokenOf(browser, await smsCode(browser, again.landing, who.citizen.phone!), again, tokens);
    expect(stepped).toMatchObject({ acr: ACR('l2-mfa'), amr: ['pwd', 'sms', 'mfa'], auth_time: before.auth_time });
    const [row] = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, who.citizen.id), eq(auditEvents.action, 'login.step_up')));
    expect(row).toBeDefined();
  });

  it('asks for the password again when the portal also sends prompt=login or a max_age', async () => {
    const { clientId, browser } = await signedInWithPassword();
    const again = await browser.authorize(app.issuer, clientId, { acr_values: ACR('l2-mfa'), prompt: 'login' });
    expect(again.landing.html).toContain('name="password"');
    // A max_age, even one the session meets, too: its sign-in time could pass it meanwhile.
    const aged = await browser.authorize(app.issuer, clientId, { acr_values: ACR('l2-mfa'), max_age: '3600' });
    expect(aged.landing.html).toContain('name="password"');
  });

  it('asks for the second factor before the organization choice of an organization login', async () => {
    const admin = await createAdminCaller(app, ['admin:organizations']);
    const { clientId, tokens } = await portal(1, ['openid', 'organization']);
    const who = await citizenWithPhone(2);
    const enterprise = await activeOrganization(admin, [who.personalId]);
    const browser = new BrowserlessCitizen(app.baseUrl, REDIRECT);
    const auth = await browser.authorize(app.issuer, clientId, {
      scope: 'openid organization',
      acr_values: ACR('l2-mfa'),
    });
    const step = await password(browser, auth, who);
    expect(step.url.pathname).toMatch(/\/second-factor$/);
    const choice = await smsCode(browser, step, who.citizen.phone!);
    expect(choice.url.pathname).toMatch(/\/organization$/);
    const representation = /name="representation_id"[^>]*value="([0-9a-f-]{36})"/.exec(choice.html)?.[1];
    const chosen = await browser.post(`${interactionPath(choice)}/organization`, {
      representation_id: representation!,
    });
    const claims = await idTokenOf(browser, chosen, auth, tokens);
    expect(claims).toMatchObject({ sub: enterprise.id, acr: ACR('l2-mfa'), amr: ['pwd', 'sms', 'mfa'] });
  });

  it('honours max_age: an older sign-in asks for the password again', async () => {
    const { clientId, browser } = await signedInWithPassword();
    await new Promise((resolve) => setTimeout(resolve, 2100)); // auth_time has whole seconds
    const again = await browser.authorize(app.issuer, clientId, { max_age: '1' });
    expect(again.landing.html).toContain('name="password"');
  });
});
