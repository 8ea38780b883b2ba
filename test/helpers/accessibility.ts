// WCAG 2.2 AA checks on a live page: axe-core (injected from the npm package, never a CDN)
// and what axe cannot see: reflow without sideways scrolling, 44px touch targets, and text
// of the other language where the page does not mark it (3.1.2 Language of Parts).
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { MESSAGES, otherLocale, type Locale } from '../../src/views/i18n.ts';

export const PHONE = { width: 375, height: 812 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

/**
 * The WCAG A/AA rules, plus axe's best practices: those hold the landmark, heading and
 * skip-link rules the pages promise (region, landmark-one-main, page-has-heading-one, ...).
 */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

export interface Violation {
  readonly id: string;
  readonly impact: string | null | undefined;
  readonly targets: string[];
}

// Code that runs in the page is passed as a string where it touches the DOM: the project
// compiles without the DOM library, so such a function would not type-check here.

/** Runs axe on the page as it is; returns its violations in a form that reads well in a diff. */
export async function axeViolations(page: Page): Promise<Violation[]> {
  // Evaluated through the devtools protocol: the pages' CSP (no inline script) rightly refuses a script tag.
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.evaluate(axe.source);
  const results = await page.evaluate(
    (tags) => (globalThis as unknown as { axe: typeof axe }).axe.run({ runOnly: { type: 'tag', values: tags } }),
    TAGS,
  );
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}

/** True when nothing needs horizontal scrolling (WCAG 1.4.10 Reflow). */
export function reflows(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth');
}

/** Every visible link, button and field smaller than 44x44 CSS px, as "id-or-class 40x20". */
export async function smallTargets(page: Page): Promise<string[]> {
  const small: string[] = [];
  for (const target of await page.locator('a, button, input:not([type="hidden"]), select, textarea').all()) {
    const box = await target.boundingBox();
    if (!box || (box.width >= 44 && box.height >= 44)) continue;
    const name = (await target.getAttribute('id')) ?? (await target.getAttribute('class'));
    small.push(`${name} ${box.width}x${box.height}`);
  }
  return small;
}

/**
 * Every string of the other language found in the page's text, title or aria labels, outside
 * elements that declare their own `lang` (the language switch names the other language).
 */
export async function otherLanguageStrings(page: Page, locale: Locale): Promise<string[]> {
  let text = (await page.locator('body').textContent()) ?? '';
  for (const marked of await page.locator('body [lang]').allTextContents()) text = text.replace(marked, '');
  const labels = await Promise.all(
    (await page.locator('[aria-label]').all()).map((element) => element.getAttribute('aria-label')),
  );
  const everything = [await page.title(), text, ...labels].join('\n');
  const other = MESSAGES[otherLocale(locale)];
  return Object.values(other).filter((message) => everything.includes(message));
}

const VIEWPORTS = { phone: PHONE, desktop: DESKTOP };
/** 320 CSS px is WCAG's reflow width (1280 at 400%); 640x400 is the desktop at 200% zoom. */
const ZOOMED = [
  { width: 320, height: 640 },
  { width: 640, height: 400 },
];

export interface Findings {
  axe: Record<string, Violation[]>;
  layout: string[];
}

/** Every check of one page, in its language, at phone and desktop widths and zoomed; adds to `findings`. */
export async function audit(page: Page, name: string, locale: Locale, findings: Findings): Promise<void> {
  expect(await page.getAttribute('html', 'lang'), `${name}: language`).toBe(locale);
  const foreign = await otherLanguageStrings(page, locale);
  if (foreign.length) findings.layout.push(`${name}: text in the other language: ${foreign.join(' | ')}`);
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    const violations = await axeViolations(page);
    if (violations.length) findings.axe[`${name} @ ${width}`] = violations;
    const small = await smallTargets(page);
    if (small.length) findings.layout.push(`${name} @ ${width}: targets under 44px: ${small.join(', ')}`);
  }
  for (const viewport of ZOOMED) {
    await page.setViewportSize(viewport);
    if (!(await reflows(page))) findings.layout.push(`${name} @ ${viewport.width}px: scrolls sideways`);
  }
  await page.setViewportSize(DESKTOP);
}
