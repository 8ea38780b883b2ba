// The `sub` a portal sees. oidc-provider sets `sub` to the session's account id and only
// lets pairwiseIdentifier change it, so every interactive portal is presented to the library
// as "pairwise" (client-adapter.ts) and this one function decides: the citizen's or the
// organization's opaque UUID for portals registered as public, a per-sector hash for portals
// registered as pairwise. The acting person behind an organization account never leaks into it.
import { createHash } from 'node:crypto';
import { subjectEntityOf } from './account-id.ts';

/** Extra client metadata keeps its snake_case name on oidc-provider's Client. */
export interface SubjectClient {
  readonly subject_mode?: unknown;
  readonly sector?: unknown;
  readonly sectorIdentifier?: unknown;
}

/** OIDC Core §8.1: sha256 over sector, entity and a secret salt, so portals cannot correlate. */
export function pairwiseSubject(sector: string, entityId: string, salt: string): string {
  return createHash('sha256').update(`${sector}\u0000${entityId}\u0000${salt}`).digest('base64url');
}

export function subjectFor(client: SubjectClient, entityId: string, salt: string): string {
  if (client.subject_mode !== 'pairwise') return entityId;
  return pairwiseSubject(String(client.sector ?? client.sectorIdentifier), entityId, salt);
}

export function subjectForAccount(client: SubjectClient, accountId: string, salt: string): string {
  return subjectFor(client, subjectEntityOf(accountId), salt);
}
