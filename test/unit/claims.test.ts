import { describe, expect, it } from 'vitest';
import type { Citizen } from '../../src/modules/citizens/citizens.repository.ts';
import { citizenClaims, SCOPE_CLAIMS } from '../../src/oidc/claims.ts';
import { pairwiseSubject } from '../../src/oidc/subjects.ts';

const citizen: Citizen = {
  id: '5f0e7c52-3a51-4cf7-9d51-8f6f1b9a2c10',
  personalId: '079190000123',
  fullName: 'Trần Thị Bình',
  familyName: 'Trần',
  givenName: 'Bình',
  birthDate: '1990-07-01',
  sex: 'female',
  phone: '+84987654321',
  phoneVerified: true,
  email: null,
  emailVerified: false,
  accountLevel: 2,
  status: 'active',
  passwordHash: 'argon2-hash',
  statusReason: null,
  statusChangedBy: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-02-01T00:00:00Z'),
};

describe('citizenClaims', () => {
  it('maps the registry row to standard OIDC claims', () => {
    expect(citizenClaims(citizen, 'opaque-sub')).toMatchObject({
      sub: 'opaque-sub',
      account_level: 2,
      name: 'Trần Thị Bình',
      family_name: 'Trần',
      given_name: 'Bình',
      birthdate: '1990-07-01',
      gender: 'female',
      phone_number: '+84987654321',
      phone_number_verified: true,
      personal_id: '079190000123',
      updated_at: 1769904000,
    });
  });

  it('leaves absent contact details out instead of releasing empty values', () => {
    const claims = citizenClaims(citizen, 'opaque-sub');
    expect(claims.email).toBeUndefined();
    expect(claims.email_verified).toBeUndefined();
  });

  it('releases the personal number under its own scope only', () => {
    const scopesWithNumber = Object.entries(SCOPE_CLAIMS).filter(([, claims]) =>
      (claims as readonly string[]).includes('personal_id'),
    );
    expect(scopesWithNumber.map(([scope]) => scope)).toEqual(['personal_id']);
    expect(SCOPE_CLAIMS.openid).not.toContain('personal_id');
  });
});

describe('pairwiseSubject', () => {
  it('is stable per sector and differs across sectors and salts', () => {
    const a = pairwiseSubject('bo-tai-chinh', citizen.id, 'salt-1');
    expect(pairwiseSubject('bo-tai-chinh', citizen.id, 'salt-1')).toBe(a);
    expect(pairwiseSubject('bo-y-te', citizen.id, 'salt-1')).not.toBe(a);
    expect(pairwiseSubject('bo-tai-chinh', citizen.id, 'salt-2')).not.toBe(a);
    expect(a).not.toContain(citizen.personalId);
  });
});
