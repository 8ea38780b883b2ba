// What the ledger records: the claim names oidc-provider releases for a use, never values,
// at most one write per disclosure per refresh interval; and the history's coarse origins.
import { describe, expect, it } from 'vitest';
import { coarseDevice, approximateNetwork } from '../../src/modules/account/approximate-origin.ts';
import { createDisclosureRecorder, vietnamDay } from '../../src/modules/account/disclosure-recorder.ts';
import type { Disclosure, DisclosuresRepository } from '../../src/modules/account/disclosures.repository.ts';
import { releasedClaimNames } from '../../src/oidc/disclosure-ledger.ts';

const available = {
  sub: 's',
  account_level: 2,
  name: 'An',
  birthdate: '1985-03-12',
  email: undefined,
  personal_id: '1',
};

describe('releasedClaimNames', () => {
  it('keeps an ID token to the openid claims (conformIdTokenClaims)', () => {
    expect(releasedClaimNames(available, 'id_token', 'openid profile', {}, [])).toEqual(['account_level', 'sub']);
  });

  it('releases the scopes’ claims by userinfo, only those the account has, less the rejected', () => {
    expect(releasedClaimNames(available, 'userinfo', 'openid profile email', {}, ['birthdate'])).toEqual([
      'account_level',
      'name',
      'sub',
    ]);
  });

  it('adds what the claims parameter asks for', () => {
    expect(releasedClaimNames(available, 'id_token', 'openid', { name: null }, [])).toEqual([
      'account_level',
      'name',
      'sub',
    ]);
  });
});

describe('disclosure recorder', () => {
  it('writes the same disclosure once per interval, and again when the claims differ', async () => {
    const written: Disclosure[] = [];
    const repository = {
      record: async (row: Disclosure) => void written.push(row),
    } as unknown as DisclosuresRepository;
    let now = Date.UTC(2026, 0, 1, 18, 0); // 01:00 on 2 January in Vietnam
    const recorder = createDisclosureRecorder(repository, () => now);
    const disclosure = {
      accountId: 'a',
      citizenId: 'c',
      clientId: 'p',
      use: 'userinfo' as const,
      claims: ['sub', 'name'],
    };
    await recorder.record(disclosure);
    await recorder.record(disclosure);
    await recorder.record({ ...disclosure, claims: ['sub'] });
    now += 11 * 60_000;
    await recorder.record(disclosure);
    expect(written.map((row) => row.claims)).toEqual([['name', 'sub'], ['sub'], ['name', 'sub']]);
    expect(written[0]?.day).toBe('2026-01-02');
    expect(vietnamDay(Date.UTC(2026, 0, 1, 16, 59))).toBe('2026-01-01');
  });
});

describe('approximate origin', () => {
  it('names the browser and system, never the full user agent', () => {
    const android =
      'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
    expect(coarseDevice(android)).toBe('Chrome · Android');
    expect(coarseDevice('curl/8.0')).toBeUndefined();
  });

  it('keeps the network, not the address', () => {
    expect(approximateNetwork('203.113.130.7')).toBe('203.113.x.x');
    expect(approximateNetwork('::ffff:10.1.2.3')).toBe('10.1.x.x');
    expect(approximateNetwork('2001:ee0:4f1c:12::5')).toBe('2001:ee0:4f1c::/48');
    expect(approximateNetwork(null)).toBeUndefined();
  });
});
