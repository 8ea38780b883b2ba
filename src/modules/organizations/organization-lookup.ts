// A read-only lookup of one organization, for token issuance.
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { findOrganization, type Organization } from './organizations.repository.ts';

export interface OrganizationsLookup {
  findById(id: string): Promise<Organization | undefined>;
}

export function createOrganizationsLookup(db: Database): OrganizationsLookup {
  return { findById: (id) => guardPostgres(() => findOrganization(db, id)) };
}
