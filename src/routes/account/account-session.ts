// The account page's own small session, as a relying party keeps one: a signed, HttpOnly,
// SameSite=Lax cookie (@fastify/cookie, signed with the provider's cookie keys) naming a record
// in the state store that expires on its own. It lives no longer than chiakhoa's sign-in
// session behind it: each request checks that the citizen still has the provider session of
// that sign-in (the one whose login time is the ID token's auth_time and which authorized the
// account page), so signing out, "sign out everywhere" or a lock ends it at once.
//
// The record is kept under the cookie's SHA-256, as the provider's sessions are: whoever reads
// Redis learns no cookie (the signature alone would not stop someone who also has the keys).
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Citizen } from '../../modules/citizens/citizens.repository.ts';
import type { CitizensService } from '../../modules/citizens/citizens.service.ts';
import { tokenDigest } from '../../modules/secrets/token-digest.ts';
import { ACCOUNT_CLIENT_ID } from '../../oidc/account-client.ts';
import type { Adapters } from '../../oidc/adapters/adapter-factory.ts';
import { citizenSessionsKey } from '../../oidc/adapters/state-adapter.ts';
import type { StateStore } from '../../oidc/adapters/state-store.ts';

export const SESSION_TTL_SECONDS = 15 * 60; // absolute: a settings page, not a place to stay
const SESSION_COOKIE = 'account_session';
const sessionKey = (id: string) => `account:session:${tokenDigest(id)}`;

export interface AccountSessionRecord {
  readonly citizenId: string;
  /** The ID token's auth_time: the provider session's loginTs. */
  readonly authTime: number;
  /** Kept for RP-initiated logout (id_token_hint). */
  readonly idToken: string;
  /** The ID token's amr: whether this sign-in proved a second factor ('mfa'). */
  readonly amr?: readonly string[] | undefined;
}

interface ProviderSession {
  accountId?: string;
  loginTs?: number;
  authorizations?: Record<string, unknown>;
}

export interface SignedIn {
  readonly citizen: Citizen;
  readonly session: AccountSessionRecord;
}

export function createAccountSessions(deps: {
  store: StateStore;
  adapters: Adapters;
  citizens: CitizensService;
  secureCookies: boolean;
}) {
  const cookieOptions = {
    path: '/account',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.secureCookies,
    signed: true,
  };

  function cookieValue(request: FastifyRequest, name: string): string | undefined {
    const raw = request.cookies[name];
    if (!raw) return undefined;
    const unsigned = request.unsignCookie(raw);
    return unsigned.valid && unsigned.value ? unsigned.value : undefined;
  }

  async function providerSessionLives(session: AccountSessionRecord): Promise<boolean> {
    for (const ref of await deps.store.readIndex(citizenSessionsKey(session.citizenId))) {
      const found = (await deps.adapters.sessions.findByRef(ref)) as ProviderSession | undefined;
      if (
        found?.accountId === session.citizenId &&
        found.loginTs === session.authTime &&
        found.authorizations?.[ACCOUNT_CLIENT_ID]
      ) {
        return true;
      }
    }
    return false;
  }

  return {
    cookieOptions,
    cookieValue,

    async start(reply: FastifyReply, record: AccountSessionRecord): Promise<void> {
      const id = randomBytes(32).toString('base64url');
      await deps.store.putPointer(sessionKey(id), JSON.stringify(record), SESSION_TTL_SECONDS);
      void reply.setCookie(SESSION_COOKIE, id, { ...cookieOptions, maxAge: SESSION_TTL_SECONDS });
    },

    /** The signed-in citizen, or undefined when any link of the chain is gone. */
    async current(request: FastifyRequest): Promise<SignedIn | undefined> {
      const id = cookieValue(request, SESSION_COOKIE);
      const raw = id ? await deps.store.getPointer(sessionKey(id)) : undefined;
      if (!raw) return undefined;
      const session = JSON.parse(raw) as AccountSessionRecord;
      if (!(await providerSessionLives(session))) return undefined;
      const citizen = await deps.citizens.findById(session.citizenId);
      return citizen?.status === 'active' ? { citizen, session } : undefined;
    },

    async end(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const id = cookieValue(request, SESSION_COOKIE);
      if (id) await deps.store.deleteKeys([sessionKey(id)]);
      void reply.clearCookie(SESSION_COOKIE, { path: cookieOptions.path });
    },
  };
}

export type AccountSessions = ReturnType<typeof createAccountSessions>;
