// "Who may this citizen act for, here and now?": the organization choice at sign-in, and the
// re-check behind every token that acts for an organization.
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import type { Citizen } from '../citizens/citizens.repository.ts';
import * as repo from './organizations.repository.ts';
import { whyUnusable } from './representation-rules.ts';

export interface ActingParties {
  readonly organization: repo.Organization;
  readonly representation: repo.Representation;
  readonly citizen: Citizen;
}

export function createActingService(db: Database) {
  return {
    async optionsFor(citizen: Citizen, clientId: string): Promise<ActingParties[]> {
      const rows = await guardPostgres(() => repo.listActingRepresentations(db, citizen.id));
      return rows
        .map((row) => ({ ...row, citizen }))
        .filter((parties) => whyUnusable(parties, clientId) === undefined)
        .sort((a, b) => a.organization.nameVi.localeCompare(b.organization.nameVi, 'vi'));
    },

    /** The parties behind an organization account id, only while they may still act. */
    async resolve(
      ids: { organizationId: string; representationId: string; citizenId: string },
      clientId: string | undefined,
    ) {
      const parties = await guardPostgres(() => repo.findRepresentationWithParties(db, ids.representationId));
      if (!parties || parties.organization.id !== ids.organizationId || parties.citizen.id !== ids.citizenId)
        return undefined;
      return whyUnusable(parties, clientId) === undefined ? parties : undefined;
    },
  };
}

export type ActingService = ReturnType<typeof createActingService>;
