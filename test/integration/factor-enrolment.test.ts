// Adding a second factor during a sign-in (issue 5): only after proving one the citizen already
// has, then the citizen is told on their verified contact; the secret is stored sealed.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizens, totpFactors } from '../../src/db/schema.ts';
import { totpCodeAt } from '../../src/modules/factors/totp.ts';
import { MESSAGES } from '../../src/views/i18n.ts';
import { enrolCitizen, registerPortal } from '../helpers/fixtures.ts';
import { BrowserlessCitizen, interactionPath } from '../helpers/sign-in-steps.ts';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';

describe('setting up a second factor during a sign-in', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it('refuses a new factor before an existing one is proved, then tells the citizen of it', async () => {
    const { client } = await registerPortal(app, { redirectUris: [REDIRECT], scopes: ['openid'] });
    const who = await enrolCitizen(app, { accountLevel: 2, phone: `+8490${Date.now() % 10_000_000}` });
    const { db } = app.infrastructure.database;
    await db.update(citizens).set({ phoneVerified: true }).where(eq(citizens.id, who.citizen.id));
    const phone = who.citizen.phone!;

    const browser = new BrowserlessCitizen(app.baseUrl, REDIRECT);
    const auth = await browser.authorize(app.issuer, client.clientId, { acr_values: 'urn:chiakhoa:acr:l2-phr' });
    const step = await browser.post(`${interactionPath(auth.landing)}/login`, {
      personal_id: who.personalId,
      password: who.password,
    });
    const path = interactionPath(step);
    // The password alone cannot add a factor to an account that has one (its phone).
    const early = await browser.follow(await browser.request(`${path}/totp-setup`));
    expect(early.url.pathname).toBe(`${path}/second-factor`);

    await browser.post(`${path}/second-factor/send`, { channel: 'sms' });
    const passkeyStep = await browser.post(`${path}/second-factor/code`, { code: app.outbox!.latestTo(phone)!.code! });
    expect(passkeyStep.html).toContain(MESSAGES.vi.sfSetupPasskey); // l2-phr still wants a passkey

    const setup = await browser.follow(await browser.request(`${path}/totp-setup`));
    const secret = /<code class="secret"[^>]*>([^<]+)<\/code>/.exec(setup.html)![1]!.replace(/\s+/g, '');
    const recovery = await browser.post(`${path}/totp-setup`, { code: await totpCodeAt(secret) });
    expect(recovery.html).toContain(MESSAGES.vi.rcTitle);
    expect(app.outbox!.latestTo(phone)).toMatchObject({
      kind: 'factor_changed',
      channel: 'sms',
      text: MESSAGES.vi.factorAddedMessage,
    });
    const [stored] = await db.select().from(totpFactors).where(eq(totpFactors.citizenId, who.citizen.id));
    expect(stored!.secretCiphertext).toMatch(/^v1\./);
    expect(stored!.secretCiphertext).not.toContain(secret);
  });
});
