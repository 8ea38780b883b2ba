// WCAG 2.2 AA on the pages of second factors and assurance (issue 5), in both languages, with
// the same checks as accessibility.test.ts: axe-core at phone and desktop widths, reflow at
// 320 CSS px and 200% zoom, 44px targets, no text of the other language.
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { citizens } from '../../src/db/schema.ts';
import { totpCodeAt } from '../../src/modules/factors/totp.ts';
import { LOCALES, MESSAGES, type Locale } from '../../src/views/i18n.ts';
import {
  axeViolations,
  DESKTOP,
  otherLanguageStrings,
  PHONE,
  reflows,
  smallTargets,
} from '../helpers/accessibility.ts';
import { newCitizenPage, setupE2E, signIn } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { beginLogin, createPortal } from '../helpers/portal-client.ts';

const WIDTHS = [PHONE, DESKTOP, { width: 320, height: 640 }, { width: 640, height: 400 }];

async function findingsOn(page: Page, name: string, locale: Locale): Promise<string[]> {
  const findings: string[] = [];
  if ((await page.getAttribute('html', 'lang')) !== locale) findings.push(`${name}: not in ${locale}`);
  const foreign = await otherLanguageStrings(page, locale);
  if (foreign.length) findings.push(`${name}: text in the other language: ${foreign.join(' | ')}`);
  for (const viewport of WIDTHS) {
    await page.setViewportSize(viewport);
    if (viewport === PHONE || viewport === DESKTOP) {
      for (const violation of await axeViolations(page)) findings.push(`${name} @ ${viewport.width}: ${violation.id}`);
      const small = await smallTargets(page);
      if (small.length) findings.push(`${name} @ ${viewport.width}: targets under 44px: ${small.join(', ')}`);
    } else if (!(await reflows(page))) findings.push(`${name} @ ${viewport.width}px: scrolls sideways`);
  }
  await page.setViewportSize(DESKTOP);
  return findings;
}

async function submit(page: Page, selector: string) {
  await Promise.all([page.waitForNavigation(), page.locator(selector).click()]);
}

describe('accessibility of second factors (axe-core, WCAG 2.2 AA)', () => {
  const e2e = setupE2E();

  it.each(LOCALES)(
    'finds no violation on the second-factor pages in %s',
    async (locale) => {
      const t = MESSAGES[locale];
      const findings: string[] = [];
      const check = async (page: Page, name: string) => findings.push(...(await findingsOn(page, name, locale)));
      const portal = await createPortal(e2e.app, e2e.portalServer, { name: 'Cổng Dịch vụ công Quốc gia' });
      const who = await enrolCitizen(e2e.app, { accountLevel: 2 });

      // No factor yet: the choice page, the app's setup (and its error), the recovery codes.
      let page = await newCitizenPage(e2e.browser, locale);
      await page.goto((await beginLogin(portal, { acr_values: 'urn:chiakhoa:acr:l2-mfa' })).url.href);
      await signIn(page, who.personalId, who.password);
      await check(page, 'second factor, none yet');
      await page.getByRole('link', { name: t.sfSetupTotp }).click();
      await check(page, 'authenticator setup');
      const secret = (await page.locator('code.secret').textContent())!.replace(/\s+/g, '');
      await page.locator('#setup-code').fill('000000');
      await submit(page, 'form:has(#setup-code) button');
      await check(page, 'authenticator setup, wrong code');
      await page.locator('#setup-code').fill(await totpCodeAt(secret));
      await submit(page, 'form:has(#setup-code) button');
      expect(await page.locator('h1').textContent()).toBe(t.rcTitle);
      await check(page, 'recovery codes');
      await page.context().close();

      // A passkey request: the app's code first, then the passkey setup.
      page = await newCitizenPage(e2e.browser, locale);
      await page.goto((await beginLogin(portal, { acr_values: 'urn:chiakhoa:acr:l2-phr' })).url.href);
      await signIn(page, who.personalId, who.password);
      await check(page, 'second factor, app and recovery codes');
      await page.locator('#totp-code').fill(await totpCodeAt(secret, Math.floor(Date.now() / 1000) + 30));
      await submit(page, 'form:has(#totp-code) button');
      await page.getByRole('link', { name: t.sfSetupPasskey }).click();
      await check(page, 'passkey setup');
      await page.context().close();

      // A code by SMS, and a level-1 account refused.
      const phoned = await enrolCitizen(e2e.app, { accountLevel: 1 });
      const { db } = e2e.app.infrastructure.database;
      await db.update(citizens).set({ phoneVerified: true }).where(eq(citizens.id, phoned.citizen.id));
      page = await newCitizenPage(e2e.browser, locale);
      await page.goto((await beginLogin(portal)).url.href);
      await signIn(page, phoned.personalId, phoned.password);
      await submit(page, 'form[action$="/second-factor/send"] button');
      await check(page, 'code sent');
      await page.locator('#sent-code').fill('000000');
      await submit(page, 'form:has(#sent-code) button');
      await check(page, 'code sent, wrong code');
      await page.context().close();
      page = await newCitizenPage(e2e.browser, locale);
      await page.goto((await beginLogin(portal, { acr_values: 'urn:chiakhoa:acr:l2-pwd' })).url.href);
      await signIn(page, phoned.personalId, phoned.password);
      expect(await page.locator('h1').textContent()).toBe(t.unmetTitle);
      await check(page, 'account level too low');
      await page.context().close();

      expect(findings).toEqual([]);
    },
    120_000,
  ); // eight pages, axe at two widths each, on a two-core machine
});
