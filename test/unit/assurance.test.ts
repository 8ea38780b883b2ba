// The acr table and its rules (README "Assurance levels"), and the second-factor primitives:
// TOTP drift and replay, sealed secrets, recovery codes.
import { describe, expect, it } from 'vitest';
import { ACR_VALUES, parseAcr, satisfies, strengthOfAmr } from '../../src/oidc/assurance/acr.ts';
import { acrFor, assuranceRequestOf, strengthNeeded } from '../../src/oidc/assurance/requirement.ts';
import { createFactorSecrets } from '../../src/modules/factors/factor-secrets.ts';
import { normalizeRecoveryCode, newRecoveryCode } from '../../src/modules/factors/recovery-codes.ts';
import { acceptedTotpStep, newTotpSecret, totpCodeAt } from '../../src/modules/factors/totp.ts';

const acr = (value: string) => `urn:chiakhoa:acr:${value}`;
const request = (acrValues?: string, client: unknown = {}, claims?: object) =>
  assuranceRequestOf({ acrValues, claims, client });

describe('acr values', () => {
  it('lists both facts, weakest first', () => {
    expect(ACR_VALUES).toEqual(['l1-pwd', 'l1-mfa', 'l1-phr', 'l2-pwd', 'l2-mfa', 'l2-phr'].map(acr));
    expect(parseAcr(acr('l2-phr'))).toEqual({ level: 2, strength: 'phr' });
    expect(parseAcr('urn:chiakhoa:acr:level2')).toBeUndefined();
  });

  it('lets a value satisfy every value no stronger in both facts', () => {
    const l2mfa = parseAcr(acr('l2-mfa'))!;
    expect(satisfies(l2mfa, parseAcr(acr('l1-pwd'))!)).toBe(true);
    expect(satisfies(l2mfa, parseAcr(acr('l2-mfa'))!)).toBe(true);
    expect(satisfies(l2mfa, parseAcr(acr('l2-phr'))!)).toBe(false);
    expect(satisfies(parseAcr(acr('l1-phr'))!, parseAcr(acr('l2-pwd'))!)).toBe(false);
  });

  it('reads the strength from the methods used (RFC 8176)', () => {
    expect(strengthOfAmr(['pwd'])).toBe('pwd');
    expect(strengthOfAmr(['pwd', 'sms', 'mfa'])).toBe('mfa');
    expect(strengthOfAmr(['pwd', 'otp', 'mfa'])).toBe('mfa');
    expect(strengthOfAmr(['pwd', 'hwk', 'mfa'])).toBe('phr');
    expect(strengthOfAmr(undefined)).toBe('pwd');
  });
});

describe('what a request needs', () => {
  const l2pwd = { level: 2, strength: 'pwd' } as const;
  const l1mfa = { level: 1, strength: 'mfa' } as const;

  it('answers the exact context when nothing is asked', () => {
    expect(acrFor(request(), l2pwd)).toBe(acr('l2-pwd'));
    expect(strengthNeeded(request(), 1)).toBe('pwd');
  });

  it('answers the most preferred requested value the sign-in meets, never a weaker one', () => {
    const wanted = request(`${acr('l2-phr')} ${acr('l2-mfa')}`);
    expect(acrFor(wanted, { level: 2, strength: 'mfa' })).toBe(acr('l2-mfa'));
    expect(acrFor(wanted, { level: 2, strength: 'phr' })).toBe(acr('l2-phr'));
    expect(acrFor(wanted, l2pwd)).toBeUndefined();
    expect(acrFor(wanted, l1mfa)).toBeUndefined();
    expect(strengthNeeded(wanted, 2)).toBe('mfa');
    expect(strengthNeeded(wanted, 1)).toBeUndefined();
  });

  it("raises every value to the portal's registered minimum level", () => {
    const wanted = request(acr('l1-pwd'), { min_account_level: 2 });
    expect(acrFor(wanted, { level: 1, strength: 'phr' })).toBeUndefined();
    expect(acrFor(wanted, l2pwd)).toBe(acr('l2-pwd'));
    expect(strengthNeeded(request(undefined, { min_account_level: 2 }), 1)).toBeUndefined();
  });

  it('reads essential acr claims, and lets acr_values take precedence as oidc-provider does', () => {
    const claims = { id_token: { acr: { essential: true, value: acr('l2-mfa') } } };
    expect(request(undefined, {}, claims)).toMatchObject({
      essential: true,
      accepted: [{ level: 2, strength: 'mfa' }],
    });
    expect(request(acr('l1-pwd'), {}, claims)).toMatchObject({
      essential: false,
      accepted: [{ level: 1, strength: 'pwd' }],
    });
    const unknown = { id_token: { acr: { essential: true, values: ['urn:other:loa:3'] } } };
    expect(acrFor(request(undefined, {}, unknown), l2pwd)).toBeUndefined();
    expect(acrFor(request('urn:other:loa:3'), l2pwd)).toBe(acr('l2-pwd')); // voluntary: ignored
  });
});

describe('TOTP', () => {
  it('accepts one step of drift either way, and each step once', async () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000; // a step boundary: 1.8e9 / 30 is whole
    const code = await totpCodeAt(secret, now);
    expect(await acceptedTotpStep(secret, code, null, now + 30)).toBe(now / 30);
    expect(await acceptedTotpStep(secret, code, null, now - 30)).toBe(now / 30);
    expect(await acceptedTotpStep(secret, code, null, now + 61)).toBeUndefined();
    expect(await acceptedTotpStep(secret, code, now / 30, now)).toBeUndefined(); // replay
    expect(await acceptedTotpStep(secret, '12345', null, now)).toBeUndefined();
  });
});

describe('sealed factor secrets', () => {
  it('round-trips, and refuses another key or another citizen', () => {
    const key = Buffer.alloc(32, 1).toString('base64url');
    const sealed = createFactorSecrets(key).seal('citizen-a', 'JBSWY3DPEHPK3PXP');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(createFactorSecrets(key).open('citizen-a', sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => createFactorSecrets(key).open('citizen-b', sealed)).toThrow();
    expect(() => createFactorSecrets(Buffer.alloc(32, 2).toString('base64url')).open('citizen-a', sealed)).toThrow();
  });
});

describe('recovery codes', () => {
  it('are ten base32 characters and forgive case, spaces and dashes', () => {
    const code = newRecoveryCode();
    expect(code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    expect(normalizeRecoveryCode(` ${code.toLowerCase().replace('-', ' ')} `)).toBe(code);
    expect(normalizeRecoveryCode('ABCDE-FGH1J')).toBeUndefined();
  });
});
