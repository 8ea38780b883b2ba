// Step-up without the password again: a citizen already signed in, whose session is only too
// weak for this request (the assurance check alone asked for a login), keeps the session's
// password (its 'pwd', and its sign-in time as auth_time) and is asked for a second factor, as in
// Keycloak's step-up and Singpass. Only the password carries over: a second factor the session
// proved earlier must be proved again here, since proving one in this sign-in is what allows
// adding or replacing factors (factor-setup.routes.ts), and a session cookie alone must not.
// Any other reason to log in (no session, prompt=login, a max_age, an id_token_hint or claims
// naming someone else), or a citizen with no second factor at all (whose first one would be
// set up on the password's word), asks for the password.
import type Provider from 'oidc-provider';
import { parseAccountId } from '../../oidc/account-id.ts';
import { ASSURANCE_CHECK } from '../../oidc/assurance/assurance-check.ts';
import type { Details } from './step-context.ts';

export interface EarlierSignIn {
  readonly citizenId: string;
  /** When the session signed in (seconds): the stepped-up login keeps it as auth_time. */
  readonly loginTs: number;
}

/** The citizen whose session may step up at this login prompt; undefined: ask for the password. */
export function steppingUpCitizen(details: Pick<Details, 'prompt' | 'session' | 'params'>): string | undefined {
  const { name, reasons } = details.prompt;
  if (name !== 'login' || reasons.length !== 1 || reasons[0] !== ASSURANCE_CHECK) return undefined;
  // With a max_age the first sign-in's time could pass it while the step-up runs: a password.
  if (details.params.max_age !== undefined) return undefined;
  const accountId = details.session?.accountId;
  return accountId ? parseAccountId(accountId)?.citizenId : undefined;
}

/** What the session behind this interaction proved, read from the session itself. */
export async function earlierSignIn(provider: Provider, details: Details): Promise<EarlierSignIn | undefined> {
  const citizenId = steppingUpCitizen(details);
  const uid = details.session?.uid;
  if (!citizenId || !uid) return undefined;
  const session = await provider.Session.findByUid(uid);
  if (!session?.accountId || session.accountId !== details.session?.accountId || !session.loginTs) return undefined;
  // Only a session that proved a password steps up; anything else signs in from the start.
  if (!Array.isArray(session.amr) || !session.amr.includes('pwd')) return undefined;
  return { citizenId, loginTs: session.loginTs };
}
