// Step-up without the password again: a citizen already signed in, whose session is only too
// weak for this request (the assurance check alone asked for a login), keeps what the session
// proved (its amr, and its sign-in time as auth_time) and is asked only for what is missing, a
// second factor, as in Keycloak's step-up and Singpass. Any other reason to log in (no session,
// prompt=login, max_age, an id_token_hint or claims naming someone else) asks for the password.
import type Provider from 'oidc-provider';
import { parseAccountId } from '../../oidc/account-id.ts';
import { ASSURANCE_CHECK } from '../../oidc/assurance/assurance-check.ts';
import type { Details } from './step-context.ts';

export interface EarlierSignIn {
  readonly citizenId: string;
  /** RFC 8176 methods the session proved. */
  readonly amr: string[];
  /** When the session signed in (seconds): the stepped-up login keeps it as auth_time. */
  readonly loginTs: number;
}

/** The citizen whose session may step up at this login prompt; undefined: ask for the password. */
export function steppingUpCitizen(details: Pick<Details, 'prompt' | 'session'>): string | undefined {
  const { name, reasons } = details.prompt;
  if (name !== 'login' || reasons.length !== 1 || reasons[0] !== ASSURANCE_CHECK) return undefined;
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
  const amr = Array.isArray(session.amr) ? session.amr.filter((method) => typeof method === 'string') : [];
  // Only a session that proved a password steps up; anything else signs in from the start.
  if (!amr.includes('pwd')) return undefined;
  return { citizenId, amr, loginTs: session.loginTs };
}
