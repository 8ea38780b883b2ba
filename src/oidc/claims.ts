// What each scope releases (README "Scopes and claims"). The personal identification number
// is released only under its own scope, with consent; `sub` is always opaque.
import type { Citizen } from '../modules/citizens/citizens.repository.ts';
import type { ActingParties } from '../modules/organizations/acting.service.ts';

export const SCOPE_CLAIMS = {
  // openid-scoped claims also reach the ID token, so portals can decide on the account level.
  // `act` (RFC 8693 §4.1) names the person acting when the account is an organization.
  openid: ['sub', 'account_level', 'act'],
  profile: ['name', 'family_name', 'given_name', 'birthdate', 'gender', 'updated_at'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  personal_id: ['personal_id'],
  organization: [
    'org_identification_number',
    'org_code',
    'org_code_kind',
    'org_name',
    'org_name_abbr',
    'org_name_foreign',
    'org_status',
    'org_role',
  ],
} as const;

export const SUPPORTED_SCOPES = [
  'openid',
  'offline_access',
  'profile',
  'email',
  'phone',
  'personal_id',
  'organization',
] as const;

export type ClaimValue = string | number | boolean | undefined | { readonly [key: string]: ClaimValue };
export type AccountClaims = { sub: string } & Record<string, ClaimValue>;

/** Maps a registry row to OIDC claims; oidc-provider filters them by granted scope. */
export function citizenClaims(citizen: Citizen, sub: string): AccountClaims {
  return {
    sub,
    account_level: citizen.accountLevel,
    name: citizen.fullName,
    family_name: citizen.familyName ?? undefined,
    given_name: citizen.givenName ?? undefined,
    birthdate: citizen.birthDate,
    gender: citizen.sex,
    updated_at: Math.floor(citizen.updatedAt.getTime() / 1000),
    email: citizen.email ?? undefined,
    email_verified: citizen.email ? citizen.emailVerified : undefined,
    phone_number: citizen.phone ?? undefined,
    phone_number_verified: citizen.phone ? citizen.phoneVerified : undefined,
    personal_id: citizen.personalId,
  };
}

/**
 * Claims of an organization account (Corppass model): `sub` is the organization, `act` the
 * citizen acting and on what basis; the person's own profile is not released here.
 */
export function organizationClaims(parties: ActingParties, sub: string, actorSub: string): AccountClaims {
  const { organization, representation } = parties;
  return {
    sub,
    act: {
      sub: actorSub,
      basis: representation.kind,
      ...(representation.kind === 'mandate' ? { mandate_id: representation.id } : {}),
      role: representation.role,
    },
    org_identification_number: organization.identificationNumber,
    org_code: organization.code,
    org_code_kind: organization.codeKind,
    org_name: organization.nameVi,
    org_name_abbr: organization.nameAbbr ?? undefined,
    org_name_foreign: organization.nameForeign ?? undefined,
    org_status: organization.status,
    org_role: representation.role,
  };
}
