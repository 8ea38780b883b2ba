// Passkeys in Chromium with a virtual authenticator (CDP WebAuthn.addVirtualAuthenticator,
// as a platform authenticator with user verification): a portal asking for l2-phr gets a
// citizen who sets up a passkey during the sign-in and then signs with it; the ID token says
// l2-phr and hwk. Pages are served as localhost: WebAuthn refuses IP addresses as RP ids.
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, passkeys } from '../../src/db/schema.ts';
import { MESSAGES } from '../../src/views/i18n.ts';
import { allowConsent, landedOn, launchChromium, newCitizenPage, signIn } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import {
  beginLogin,
  createPortal,
  finishLogin,
  startPortalServer,
  type PortalServer,
} from '../helpers/portal-client.ts';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

const vi = MESSAGES.vi;
const L2_PHR = 'urn:chiakhoa:acr:l2-phr';

async function withVirtualAuthenticator(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return authenticatorId;
}

/** Clicks a passkey button; the ceremony runs and the form posts itself. */
async function ceremony(page: Page, button: string) {
  // The deferred script must have armed the form, or the click would post it empty.
  await page.locator('form.passkey[data-armed="true"]').waitFor();
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button }).click()]);
}

describe('passkeys in the browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let portalServer: PortalServer;
  beforeAll(async () => {
    [app, browser, portalServer] = await Promise.all([
      startTestApp({ hostname: 'localhost' }),
      launchChromium(),
      startPortalServer(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await portalServer?.close();
    await app?.close();
  });

  it('sets up a passkey during a sign-in that needs one, signs with it, and reports l2-phr', async () => {
    const who = await enrolCitizen(app, { accountLevel: 2 });
    const portal = await createPortal(app, portalServer, { name: 'Cổng Bảo hiểm xã hội' });
    const login = await beginLogin(portal, { acr_values: L2_PHR });
    const page = await newCitizenPage(browser);
    await withVirtualAuthenticator(page);
    await page.goto(login.url.href);
    await signIn(page, who.personalId, who.password);
    expect(await page.locator('h1').textContent()).toBe(vi.sfTitle);
    expect(await page.getByText(vi.sfIntroPasskey).count()).toBe(1);

    await page.getByRole('link', { name: vi.sfSetupPasskey }).click();
    expect(await page.locator('h1').textContent()).toBe(vi.pkTitle);
    await ceremony(page, vi.pkCreate);
    // A first factor brings recovery codes; then the new passkey signs this sign-in.
    expect(await page.locator('h1').textContent()).toBe(vi.rcTitle);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: vi.rcContinue }).click()]);
    expect(await page.locator('h1').textContent()).toBe(vi.sfTitle);
    await ceremony(page, vi.sfPasskeyButton);
    await allowConsent(page);
    await landedOn(page, portal.server.callbackUrl);
    const claims = (await finishLogin(portal, login, page.url())).claims()!;
    expect(claims).toMatchObject({ acr: L2_PHR, amr: ['pwd', 'hwk', 'mfa'] });

    const { db } = app.infrastructure.database;
    const stored = await db.select().from(passkeys).where(eq(passkeys.citizenId, who.citizen.id));
    expect(stored).toHaveLength(1);
    const actions = (await db.select().from(auditEvents).where(eq(auditEvents.targetId, who.citizen.id))).map(
      (event) => event.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['factor.passkey_registered', 'factor.recovery_codes_issued', 'login.second_factor']),
    );
    await page.context().close();
  });

  it('refuses a passkey ceremony the authenticator did not complete', async () => {
    const who = await enrolCitizen(app, { accountLevel: 2 });
    const portal = await createPortal(app, portalServer);
    const page = await newCitizenPage(browser);
    await withVirtualAuthenticator(page);
    await page.goto((await beginLogin(portal, { acr_values: L2_PHR })).url.href);
    await signIn(page, who.personalId, who.password);
    await page.getByRole('link', { name: vi.sfSetupPasskey }).click();
    // A forged response (no authenticator involved) is refused and the page explains.
    await page.locator('form.passkey input[name="response"]').evaluate(
      (input, value) => {
        (input as unknown as { value: string; form: { submit(): void } }).value = value;
      },
      JSON.stringify({ id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: {} }),
    );
    await Promise.all([
      page.waitForNavigation(),
      page.locator('form.passkey').evaluate((form) => (form as unknown as { submit(): void }).submit()),
    ]);
    expect(await page.getByRole('alert').textContent()).toBe(vi.pkFailed);
    await page.context().close();
  });
});
