// The citizen behind a token is read on every userinfo, introspection, refresh and code
// exchange (findAccount and the assurance check): each process keeps the rows it read for a
// short while (record-cache.ts). Only the protocol's reads go through here; sign-in, the
// account page and the admin API read the registry itself. What the protocol depends on (the
// status, the account level) changes only through citizens-admin.service.ts, which announces
// each change once committed, so a lock or a new level takes effect in every process at once;
// a new password (passwords.service.ts) is announced too, for the updated_at claim.
import type { RecordCache } from '../cache/record-cache.ts';
import type { Citizen } from './citizens.repository.ts';
import type { CitizensService } from './citizens.service.ts';

export type CitizenCache = RecordCache<Citizen>;

export function cachedCitizenReads(
  citizens: Pick<CitizensService, 'findById'>,
  cache: CitizenCache,
): Pick<CitizensService, 'findById'> {
  // The row is shared by every request reading it: frozen, so no reader can change another's.
  const load = async (id: string) => {
    const citizen = await citizens.findById(id);
    return citizen ? Object.freeze(citizen) : undefined;
  };
  return { findById: (id) => cache.find(id, load) };
}
