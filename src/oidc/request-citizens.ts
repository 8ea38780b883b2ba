// One read of a citizen per protocol request. oidc-provider asks for the same account several
// times while answering one request (the assurance check, findAccount for the session, the
// grant and the ID token), and each ask was a PostgreSQL round trip. Within one request the
// answers share one read; the next request reads afresh, so a lock still takes effect at once.
import type { Citizen } from '../modules/citizens/citizens.repository.ts';
import type { CitizensService } from '../modules/citizens/citizens.service.ts';

export type RequestCitizenLookup = (request: object | undefined, citizenId: string) => Promise<Citizen | undefined>;

export function requestScopedCitizens(citizens: Pick<CitizensService, 'findById'>): RequestCitizenLookup {
  const reads = new WeakMap<object, Map<string, Promise<Citizen | undefined>>>();
  return (request, citizenId) => {
    if (!request) return citizens.findById(citizenId);
    let perRequest = reads.get(request);
    if (!perRequest) {
      perRequest = new Map();
      reads.set(request, perRequest);
    }
    let read = perRequest.get(citizenId);
    if (!read) {
      read = citizens.findById(citizenId);
      // A failed read (an outage) is not remembered: a retry within the request reads again.
      void read.catch(() => perRequest.delete(citizenId));
      perRequest.set(citizenId, read);
    }
    return read;
  };
}
