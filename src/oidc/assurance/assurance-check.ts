// The login prompt's assurance check. It replaces oidc-provider's essential_acr(s) checks,
// which compare acr strings for equality: here a stronger sign-in satisfies a weaker request
// (acr.ts), the acr_values parameter binds as firmly as an essential claim (never a silent
// downgrade), and the portal's registered minimum level always holds. A session that does not
// meet the request asks for a login again, which the login steps turn into a step-up
// (a second factor) or, for an account whose level is too low, unmet_authentication_requirements.
import type { KoaContextWithOIDC } from 'oidc-provider';
import { interactionPolicy } from 'oidc-provider';
import { parseAccountId } from '../account-id.ts';
import { strengthOfAmr, type AccountLevel } from './acr.ts';
import { acrFor, assuranceRequestOf } from './requirement.ts';

/** The current account level of the citizen behind an account id (undefined: no such citizen),
 * read for this request. */
export type LevelLookup = (ctx: KoaContextWithOIDC, citizenId: string) => Promise<AccountLevel | undefined>;

export const ASSURANCE_CHECK = 'assurance_not_met';

export function assuranceCheck(levelOf: LevelLookup) {
  return new interactionPolicy.Check(
    ASSURANCE_CHECK,
    'the requested authentication context could not be obtained',
    // prompt=none cannot step up: the portal must send the citizen to sign in (OIDC Core §3.1.2.6).
    'login_required',
    async (ctx: KoaContextWithOIDC) => {
      const session = ctx.oidc.session;
      const parsed = session?.accountId ? parseAccountId(session.accountId) : undefined;
      if (!session || !parsed) return interactionPolicy.Check.NO_NEED_TO_PROMPT; // no_session decides
      const level = await levelOf(ctx, parsed.citizenId);
      if (!level) return interactionPolicy.Check.NO_NEED_TO_PROMPT; // findAccount refuses it later
      const request = assuranceRequestOf({
        acrValues: ctx.oidc.params?.acr_values,
        claims: ctx.oidc.claims,
        client: ctx.oidc.client,
      });
      // The level is read afresh (it may have changed since sign-in); the strength is what the
      // session's methods (amr) proved.
      const acr = acrFor(request, { level, strength: strengthOfAmr(session.amr) });
      if (!acr) return interactionPolicy.Check.REQUEST_PROMPT;
      // oidc-provider copies the session's acr into this request's code and ID token; an SSO
      // session answers each portal with the value that portal asked for.
      session.acr = acr;
      return interactionPolicy.Check.NO_NEED_TO_PROMPT;
    },
  );
}

/** Swaps oidc-provider's exact-match acr checks for the ordered one. */
export function addAssuranceCheck(policy: ReturnType<typeof interactionPolicy.base>, levelOf: LevelLookup): void {
  const login = policy.get('login');
  if (!login) throw new Error('the interaction policy has no login prompt');
  login.checks.remove('essential_acrs');
  login.checks.remove('essential_acr');
  login.checks.add(assuranceCheck(levelOf));
}
