// The citizen side of an end-to-end test: Debian's Chromium driven by playwright-core, plus
// a per-file harness (chiakhoa on real Postgres + Redis, one browser, one portal server).
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  beginLogin,
  finishLogin,
  startPortalServer,
  type PendingLogin,
  type Portal,
  type PortalServer,
} from './portal-client.ts';
import { startTestApp, type RunningApp } from './test-app.ts';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

export interface E2E {
  app: RunningApp;
  browser: Browser;
  portalServer: PortalServer;
}

/** Starts chiakhoa, Chromium and a portal server before the file's tests, stops them after. */
export function setupE2E(): E2E {
  const env = {} as E2E;
  beforeAll(async () => {
    [env.app, env.browser, env.portalServer] = await Promise.all([
      startTestApp(),
      launchChromium(),
      startPortalServer(),
    ]);
  });
  // A browser step that waits in vain (a locator, a URL) fails only at the test's timeout, with
  // no word of where the citizen was: say which pages were open and what they showed.
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail' || !env.browser) return;
    const pages = env.browser.contexts().flatMap((browserContext) => browserContext.pages());
    for (const page of pages.slice(-3)) {
      const text = await page
        .locator('body')
        .innerText({ timeout: 2000 })
        .catch((error: unknown) => `(no text: ${String(error)})`);
      process.stderr.write(
        `[e2e] "${context.task.name}" failed; a page at ${page.url()} showed:\n${text.slice(0, 600)}\n`,
      );
    }
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.portalServer?.close();
    await env.app?.close();
  });
  return env;
}

/**
 * A fresh browser profile (no cookies). It states no language preference (Chromium would
 * send en-US), so pages show chiakhoa's own default unless a test asks otherwise.
 */
export async function newCitizenPage(browser: Browser, acceptLanguage = '*'): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: { 'accept-language': acceptLanguage } });
  return context.newPage();
}

export async function signIn(page: Page, personalId: string, password: string): Promise<void> {
  await page.locator('#personal_id').fill(personalId);
  await page.locator('#password').fill(password);
  await page.locator('form button[type="submit"].primary').first().click();
  await page.waitForLoadState();
}

/** Clicks "allow" on the consent page. */
export async function allowConsent(page: Page): Promise<void> {
  await page.locator(`form[action*="/confirm"] button[type="submit"]`).click();
}

export function landedOn(page: Page, url: string): Promise<void> {
  return page.waitForURL((current) => current.href.startsWith(url));
}

/**
 * Runs an authorization request in the browser until it lands on the portal's callback,
 * signing in and consenting whenever chiakhoa asks. Returns the full callback URL.
 */
export async function authorize(
  page: Page,
  portal: Portal,
  login: PendingLogin,
  citizen: { personalId: string; password: string },
): Promise<string> {
  const { callbackUrl } = portal.server;
  await page.goto(login.url.href);
  for (let step = 0; step < 3 && !page.url().startsWith(callbackUrl); step += 1) {
    if (await page.locator('#personal_id').count()) await signIn(page, citizen.personalId, citizen.password);
    else await allowConsent(page);
  }
  await landedOn(page, callbackUrl);
  return page.url();
}

/** A whole login in a fresh browser profile; returns the portal's validated token response. */
export async function loginInBrowser(
  browser: Browser,
  portal: Portal,
  citizen: { personalId: string; password: string },
  params: Record<string, string> = {},
) {
  const login = await beginLogin(portal, params);
  const page = await newCitizenPage(browser);
  try {
    return await finishLogin(portal, login, await authorize(page, portal, login, citizen));
  } finally {
    await page.context().close();
  }
}
