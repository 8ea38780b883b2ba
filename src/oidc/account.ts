// oidc-provider's findAccount: the citizen, or the organization a citizen acts for, behind an
// account id (see account-id.ts). Re-checked on every call: a citizen no longer active, a
// suspended or dissolved organization, or a revoked or expired mandate has no account, so its
// codes and refresh tokens fail with invalid_grant.
import type { Account, FindAccount } from 'oidc-provider';
import type { ActingService } from '../modules/organizations/acting.service.ts';
import { parseAccountId } from './account-id.ts';
import type { RequestCitizenLookup } from './request-citizens.ts';
import { citizenClaims, organizationClaims } from './claims.ts';
import { subjectFor, type SubjectClient } from './subjects.ts';

export function createFindAccount(
  citizenOf: RequestCitizenLookup,
  acting: ActingService,
  pairwiseSalt: string,
): FindAccount {
  return async (ctx, accountId): Promise<Account | undefined> => {
    const parsed = parseAccountId(accountId);
    if (!parsed) return undefined;
    if (parsed.kind === 'citizen') {
      const citizen = await citizenOf(ctx, parsed.citizenId);
      if (!citizen || citizen.status !== 'active') return undefined;
      return { accountId, claims: () => citizenClaims(citizen, accountId) };
    }
    const client = ctx.oidc?.client;
    const parties = await acting.resolve(parsed, client?.clientId);
    if (!parties) return undefined;
    const actorSub = subjectFor((client ?? {}) as SubjectClient, parties.citizen.id, pairwiseSalt);
    return { accountId, claims: () => organizationClaims(parties, accountId, actorSub) };
  };
}
