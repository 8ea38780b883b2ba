// The account area from the citizen's browser: opening /account (signing in when chiakhoa
// asks), and reading the development outbox for a recovery code.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { signIn } from './browser.ts';
import type { RunningApp } from './test-app.ts';

/** Opens the account page; signs in if the browser has no chiakhoa session yet. */
export async function openAccount(
  page: Page,
  app: RunningApp,
  citizen: { personalId: string; password: string },
  path = '/account',
): Promise<void> {
  await page.goto(`${app.baseUrl}${path}`);
  if (await page.locator('#personal_id').count()) await signIn(page, citizen.personalId, citizen.password);
  await page.waitForURL((url) => url.pathname === path.split('?')[0]);
}

/** The newest recovery code the outbox holds for this address. */
export function latestCode(app: RunningApp, to: string): string {
  const message = app.outbox?.latestTo(to);
  expect(message?.kind).toBe('one_time_code');
  return message!.code!;
}
