// Guessing a second factor after the password (credential stuffing that found a password):
// authenticator-app codes are counted per citizen like passwords, with growing waits checked
// before the code is; a wait refuses even the right code (429, Retry-After); signing in again
// with the password does not reset the count (no fresh guesses); only a proved factor does.
// Every wrong answer is audited.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/db/schema.ts';
import { totpCodeAt } from '../../src/modules/factors/totp.ts';
import { MESSAGES } from '../../src/views/i18n.ts';
import { addAuthenticatorApp, enrolCitizen, registerPortal } from '../helpers/fixtures.ts';
import { BrowserlessCitizen, interactionPath, type Landing } from '../helpers/sign-in-steps.ts';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const FACTOR_KEY = randomBytes(32).toString('base64url');
const paused = MESSAGES.vi.loginThrottled.split('{wait}')[0]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('second-factor guessing', () => {
  let app: RunningApp;
  let clientId: string;
  beforeAll(async () => {
    app = await startTestApp({
      env: {
        FACTOR_ENCRYPTION_KEY: FACTOR_KEY,
        LOGIN_FAILURES_BEFORE_WAIT: '3',
        LOGIN_WAIT_BASE_SECONDS: '2',
        LOGIN_WAIT_MAX_SECONDS: '2',
        LOGIN_IP_FAILURES_BEFORE_WAIT: '1000',
      },
    });
    ({
      client: { clientId },
    } = await registerPortal(app, { redirectUris: [REDIRECT], scopes: ['openid'] }));
  });
  afterAll(() => app?.close());

  /** A level-2 citizen with an authenticator app. */
  async function citizenWithApp() {
    const who = await enrolCitizen(app, { accountLevel: 2 });
    return { ...who, secret: await addAuthenticatorApp(app, who.citizen.id, FACTOR_KEY) };
  }

  /** Signs in with the password (right), landing on the second-factor page. */
  async function passwordDone(who: { personalId: string; password: string }) {
    const browser = new BrowserlessCitizen(app.baseUrl, REDIRECT);
    const auth = await browser.authorize(app.issuer, clientId, { acr_values: 'urn:chiakhoa:acr:l2-mfa' });
    const step = await browser.post(`${interactionPath(auth.landing)}/login`, {
      personal_id: who.personalId,
      password: who.password,
    });
    expect(step.url.pathname).toMatch(/\/second-factor$/);
    return { browser, step };
  }

  const answer = (browser: BrowserlessCitizen, step: Landing, code: string) =>
    browser.request(`${interactionPath(step)}/second-factor/totp`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code, _csrf: /name="_csrf" value="([^"]+)"/.exec(step.html)![1]! }).toString(),
    });

  it('makes the citizen wait after 3 wrong codes, refuses the right one meanwhile, even after a new password sign-in', async () => {
    const who = await citizenWithApp();
    const attacker = await passwordDone(who);
    const right = await totpCodeAt(who.secret);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i += 1) {
      const response = await answer(attacker.browser, attacker.step, wrong);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(MESSAGES.vi.sfWrongCode);
    }
    const fourth = await answer(attacker.browser, attacker.step, wrong);
    expect(await fourth.text()).toContain(paused);

    const refused = await answer(attacker.browser, attacker.step, right);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.text()).toContain(paused);

    // The password again (right) wins no fresh guesses.
    const again = await passwordDone(who);
    expect((await answer(again.browser, again.step, right)).status).toBe(429);

    const audited = await app.infrastructure.database.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, who.citizen.id), eq(auditEvents.action, 'login.second_factor_failed')));
    expect(audited).toHaveLength(4);
    expect(JSON.stringify(audited)).not.toContain(wrong);

    // Once the wait is over the right code goes through, and proving the factor resets the count.
    await sleep(2100);
    const admitted = await answer(again.browser, again.step, right);
    expect(admitted.status).toBe(303);
    const next = await passwordDone(who);
    const ordinary = await answer(next.browser, next.step, wrong);
    expect(ordinary.status).toBe(200);
    expect(await ordinary.text()).toContain(MESSAGES.vi.sfWrongCode);
  });

  it('checks parallel answers one at a time: a burst gets no more tries than answers sent one by one', async () => {
    const who = await citizenWithApp();
    const attacker = await passwordDone(who);
    const right = await totpCodeAt(who.secret);
    const wrong = right === '000000' ? '111111' : '000000';
    const answers = await Promise.all(Array.from({ length: 20 }, () => answer(attacker.browser, attacker.step, wrong)));
    const statuses = answers.map((response) => response.status);
    expect(statuses).toContain(429);
    const checked = await app.infrastructure.database.db
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, who.citizen.id), eq(auditEvents.action, 'login.second_factor_failed')));
    // 3 free answers, then the 4th starts a wait: never more than 4 checked, however they arrive.
    expect(checked.length).toBeGreaterThanOrEqual(1);
    expect(checked.length).toBeLessThanOrEqual(4);
    expect(statuses.filter((status) => status === 200)).toHaveLength(checked.length);
  });
});
