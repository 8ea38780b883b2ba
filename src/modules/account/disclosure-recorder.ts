// Keeps the ledger cheap: a portal that calls userinfo on every page view would otherwise cost
// a write each time. The same disclosure (account, portal, use, claims, day) is written at most
// once per refresh interval by this process; the row's last_at is that accurate.
import type { Disclosure, DisclosuresRepository } from './disclosures.repository.ts';

const REFRESH_MS = 10 * 60_000;
const MAX_REMEMBERED = 50_000;
const VIETNAM_OFFSET_MS = 7 * 3_600_000; // ICT, UTC+7, no daylight saving

/** The calendar day in Vietnam, which the ledger groups by. */
export function vietnamDay(at: number): string {
  return new Date(at + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

export function createDisclosureRecorder(repository: DisclosuresRepository, now: () => number = Date.now) {
  const written = new Map<string, number>();
  return {
    async record(input: Omit<Disclosure, 'day'>): Promise<void> {
      const at = now();
      const disclosure: Disclosure = { ...input, day: vietnamDay(at), claims: [...input.claims].sort() };
      const key = [
        disclosure.accountId,
        disclosure.clientId,
        disclosure.use,
        disclosure.day,
        ...disclosure.claims,
      ].join('|');
      const last = written.get(key);
      if (last !== undefined && at - last < REFRESH_MS) return;
      await repository.record(disclosure);
      if (written.size >= MAX_REMEMBERED) written.clear();
      written.set(key, at);
    },
  };
}
