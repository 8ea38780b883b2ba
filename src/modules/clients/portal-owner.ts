// A portal belongs to an organization, which must exist and be active to register one.
import type { Database } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { organizationStatus } from './portals.repository.ts';

export async function assertActiveOwner(db: Database, organizationId: string): Promise<void> {
  const status = /^[0-9a-f-]{36}$/i.test(organizationId) ? await organizationStatus(db, organizationId) : undefined;
  if (!status) throw new AppError('not_found', 'no organization with this id');
  if (status !== 'active') {
    throw new AppError('invalid_request', `the organization is ${status}: only an active one owns portals`);
  }
}
