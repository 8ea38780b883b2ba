// When a representation lets a citizen act for an organization. Checked when the citizen
// chooses, and again on every token use, so a suspension, dissolution, revoked or expired
// mandate takes effect at the next request.
import type { Citizen } from '../citizens/citizens.repository.ts';
import type { Organization, Representation } from './organizations.repository.ts';

export type UnusableReason =
  | 'organization_not_active'
  | 'representation_revoked'
  | 'representation_not_in_force'
  | 'legal_representative_not_consented'
  | 'citizen_not_eligible'
  | 'portal_not_covered';

export function isEligibleRepresentative(citizen: Pick<Citizen, 'status' | 'accountLevel'>): boolean {
  // Decree 69/2024 Art. 12: people acting for an organization use a level-2 account.
  return citizen.status === 'active' && citizen.accountLevel === 2;
}

export function whyUnusable(
  parties: { organization: Organization; representation: Representation; citizen: Citizen },
  clientId: string | undefined,
  now = new Date(),
): UnusableReason | undefined {
  const { organization, representation, citizen } = parties;
  if (organization.status !== 'active') return 'organization_not_active';
  if (representation.revokedAt) return 'representation_revoked';
  if (representation.validFrom > now || (representation.validUntil && representation.validUntil <= now)) {
    return 'representation_not_in_force';
  }
  if (representation.kind === 'legal_representative' && !representation.consentedAt) {
    return 'legal_representative_not_consented';
  }
  if (!isEligibleRepresentative(citizen)) return 'citizen_not_eligible';
  if (representation.clientIds && (!clientId || !representation.clientIds.includes(clientId)))
    return 'portal_not_covered';
  return undefined;
}

export function windowsOverlap(a: { from: Date; until: Date | null }, b: { from: Date; until: Date | null }): boolean {
  return (a.until === null || b.from < a.until) && (b.until === null || a.from < b.until);
}

export function portalsOverlap(a: string[] | null, b: string[] | null): boolean {
  if (a === null || b === null) return true;
  return a.some((clientId) => b.includes(clientId));
}
