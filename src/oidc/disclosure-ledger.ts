// Feeds the disclosure ledger (schema-account.ts): every time oidc-provider asks an account
// for its claims to build an ID token or a userinfo response, the names it will release to that
// portal are recorded. The claims() call is the one point that knows the account, the portal
// (ctx.oidc.client), the scope and the claims parameter together; token events do not.
import type { Account, FindAccount } from 'oidc-provider';
import { parseAccountId } from './account-id.ts';
import { ACCOUNT_CLIENT_ID } from './account-client.ts';
import { SCOPE_CLAIMS } from './claims.ts';

export type DisclosureUse = 'id_token' | 'userinfo';

export interface DisclosureRecorder {
  record(disclosure: {
    accountId: string;
    citizenId: string;
    clientId: string;
    use: DisclosureUse;
    claims: string[];
  }): Promise<void>;
}

const scopeClaims: Record<string, readonly string[]> = SCOPE_CLAIMS;

/**
 * The names oidc-provider's Claims mask lets through: the claims of each scope, plus those the
 * claims parameter asks for, less the rejected, among those the account has. For an ID token
 * only openid's count: conformIdTokenClaims (on by default) keeps the rest for userinfo when an
 * access token is issued, as in the code flow, the only one chiakhoa serves.
 */
export function releasedClaimNames(
  available: Record<string, unknown>,
  use: DisclosureUse,
  scope: string,
  requested: Record<string, unknown> | undefined,
  rejected: readonly string[],
): string[] {
  const names = new Set<string>();
  for (const name of use === 'id_token' ? ['openid'] : scope.split(' ')) {
    for (const claim of scopeClaims[name] ?? []) names.add(claim);
  }
  for (const [claim, request] of Object.entries(requested ?? {})) {
    if (request === null || typeof request === 'object') names.add(claim);
  }
  for (const claim of rejected) names.delete(claim);
  return [...names].filter((claim) => available[claim] !== undefined).sort();
}

export function recordingDisclosures(findAccount: FindAccount, recorder: DisclosureRecorder): FindAccount {
  return async (ctx, accountId, token) => {
    const account = await findAccount(ctx, accountId, token);
    const clientId = ctx.oidc?.client?.clientId;
    const parsed = parseAccountId(accountId);
    // The account page is chiakhoa itself: nothing is disclosed to a third party.
    if (!account || !clientId || clientId === ACCOUNT_CLIENT_ID || !parsed) return account;
    const recorded: Account = {
      ...account,
      async claims(use, scope, requested, rejected) {
        const available = await account.claims(use, scope, requested, rejected);
        if (use === 'id_token' || use === 'userinfo') {
          const claims = releasedClaimNames(available, use, scope, requested, rejected);
          await recorder.record({ accountId, citizenId: parsed.citizenId, clientId, use, claims });
        }
        return available;
      },
    };
    return recorded;
  };
}
