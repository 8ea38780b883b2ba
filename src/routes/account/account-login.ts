// Signing in to the account page: an ordinary authorization code flow with PKCE, state and
// nonce from chiakhoa's account client to chiakhoa itself (account-client.ts), so the citizen
// meets the same login page, second factors and policies as at any portal. The verifier waits
// in the state store under the `state`, which a short-lived signed cookie carries.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import { parseAccountId } from '../../oidc/account-id.ts';
import { ACCOUNT_CALLBACK_PATH } from '../../oidc/account-client.ts';
import type { StateStore } from '../../oidc/adapters/state-store.ts';
import { TTL } from '../../oidc/provider-config.ts';
import { requestLanguage } from '../../plugins/language.ts';
import { errorPage, expiredPage } from '../../views/message-pages.ts';
import type { AccountSessions, SignedIn } from './account-session.ts';
import type { SelfClient } from './self-client.ts';

const LOGIN_COOKIE = 'account_login';
const loginKey = (state: string) => `account:login:${state}`;

interface PendingLogin {
  readonly verifier: string;
  readonly nonce: string;
  readonly returnTo: string;
}

/** Only the account pages themselves, never an open redirect. */
function safeReturnTo(url: string): string {
  return /^\/account(\/[\w/.-]*)?(\?[\w=&%.-]*)?$/.test(url) && !url.startsWith(ACCOUNT_CALLBACK_PATH)
    ? url
    : '/account';
}

export function registerAccountLogin(
  app: FastifyInstance,
  deps: {
    sessions: AccountSessions;
    store: StateStore;
    origin: string;
    selfClient: SelfClient;
  },
) {
  const { sessions, store } = deps;
  const redirectUri = `${deps.origin}${ACCOUNT_CALLBACK_PATH}`;
  const page = (reply: FastifyReply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');

  async function beginLogin(
    request: FastifyRequest,
    reply: FastifyReply,
    returnTo: string,
    extra: Record<string, string> = {},
  ) {
    const config = await deps.selfClient();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const pending: PendingLogin = { verifier, nonce, returnTo: safeReturnTo(returnTo) };
    await store.putPointer(loginKey(state), JSON.stringify(pending), TTL.Interaction);
    void reply.setCookie(LOGIN_COOKIE, state, { ...sessions.cookieOptions, maxAge: TTL.Interaction });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ui_locales: requestLanguage(request).locale,
      ...extra,
    });
    return reply.redirect(url.href, 303);
  }

  app.get(ACCOUNT_CALLBACK_PATH, async (request, reply) => {
    const state = sessions.cookieValue(request, LOGIN_COOKIE);
    const raw = state ? await store.getPointer(loginKey(state)) : undefined;
    void reply.clearCookie(LOGIN_COOKIE, { path: sessions.cookieOptions.path });
    // No redirect back to /account here: without cookies that would loop.
    if (!state || !raw)
      return page(reply)
        .status(400)
        .send(expiredPage(requestLanguage(request)));
    await store.deleteKeys([loginKey(state)]);
    const pending = JSON.parse(raw) as PendingLogin;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      const config = await deps.selfClient.forCitizen(request.ip);
      tokens = await client.authorizationCodeGrant(config, new URL(request.url, deps.origin), {
        pkceCodeVerifier: pending.verifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      // The citizen cancelled (access_denied), or the response did not verify.
      const code = error instanceof client.AuthorizationResponseError ? error.error : 'invalid_request';
      request.log.info({ err: error instanceof Error ? error.message : String(error) }, 'account sign-in failed');
      return page(reply)
        .status(400)
        .send(errorPage(requestLanguage(request), code));
    }
    const claims = tokens.claims();
    const citizenId = claims && parseAccountId(claims.sub)?.kind === 'citizen' ? claims.sub : undefined;
    if (!claims || !citizenId || typeof claims.auth_time !== 'number' || !tokens.id_token) {
      return page(reply)
        .status(400)
        .send(errorPage(requestLanguage(request), 'invalid_request'));
    }
    const amr = Array.isArray(claims.amr) ? claims.amr.filter((method) => typeof method === 'string') : [];
    // A sign-in again (re-authentication) replaces the page's session rather than adding one.
    await sessions.end(request, reply);
    await sessions.start(reply, { citizenId, authTime: claims.auth_time, idToken: tokens.id_token, amr });
    return reply.redirect(pending.returnTo, 303);
  });

  /** The citizen of this request, or a reply already sent: a login to start, or back home. */
  async function signedIn(request: FastifyRequest, reply: FastifyReply): Promise<SignedIn | undefined> {
    const current = await sessions.current(request);
    if (current) return current;
    if (request.method === 'GET') await beginLogin(request, reply, request.url);
    else await reply.redirect('/account', 303);
    return undefined;
  }

  /**
   * Signs the citizen in again before a sensitive change, then back to `returnTo`. prompt=login
   * asks for the password even though chiakhoa's session is alive (OIDC Core §3.1.2.1), and
   * acr_values binds here (README "Assurance levels"): the second factor too, when there is one.
   */
  function reauthenticate(request: FastifyRequest, reply: FastifyReply, returnTo: string, acr?: string) {
    return beginLogin(request, reply, returnTo, { prompt: 'login', ...(acr ? { acr_values: acr } : {}) });
  }

  return Object.assign(signedIn, { reauthenticate });
}

export type SignedInGuard = ReturnType<typeof registerAccountLogin>;
