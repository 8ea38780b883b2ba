// The demo portal: a ministry's web app signing citizens in with chiakhoa. Read it top to
// bottom: login (PKCE + private_key_jwt), callback, claims, refresh, logout, back-channel logout.
import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import session from '@fastify/session';
import Fastify, { type FastifyInstance } from 'fastify';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { discoverChiakhoa, type PortalSettings } from './oidc.ts';
import type { PortalKey } from './portal-key.ts';
import { errorPage, signedInPage, signedOutPage } from './views.ts';

declare module 'fastify' {
  interface Session {
    pending?: { verifier: string; state: string; nonce: string };
    signedIn?: {
      idToken: string;
      claims: Record<string, unknown>;
      userinfo: Record<string, unknown>;
      refreshToken?: string | undefined;
      note?: string | undefined;
    };
  }
}

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export async function buildPortal(settings: PortalSettings, key: PortalKey): Promise<FastifyInstance> {
  const config = await discoverChiakhoa(settings, key);
  const chiakhoaKeys = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
  const redirectUri = new URL('/callback', settings.publicUrl).href;
  /** Sessions chiakhoa ended (back-channel logout), by chiakhoa's session id `sid`. */
  const endedSids = new Set<string>();

  const app = Fastify();
  await app.register(formbody);
  await app.register(cookie);
  await app.register(session, {
    secret: randomBytes(32).toString('base64url'),
    cookieName: 'portal_session',
    saveUninitialized: false,
    cookie: { secure: settings.publicUrl.protocol === 'https:', httpOnly: true, sameSite: 'lax' },
  });
  app.addHook('preHandler', async (request) => {
    const sid = request.session.signedIn?.claims.sid;
    if (typeof sid === 'string' && endedSids.has(sid)) request.session.signedIn = undefined;
  });

  // chiakhoa reads the portal's public key here (registered as jwks_uri).
  app.get('/jwks.json', async () => key.publicJwks);

  app.get('/', async (request, reply) => {
    const signedIn = request.session.signedIn;
    const body = signedIn
      ? signedInPage({ idToken: signedIn.claims, userinfo: signedIn.userinfo, note: signedIn.note })
      : signedOutPage();
    return reply.type('text/html').send(body);
  });

  app.get<{ Querystring: { as?: string } }>('/login', async (request, reply) => {
    const verifier = client.randomPKCECodeVerifier();
    const pending = { verifier, state: client.randomState(), nonce: client.randomNonce() };
    request.session.pending = pending;
    const forOrganization = request.query.as === 'organization';
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: forOrganization ? 'openid profile organization' : 'openid profile email phone offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
      ui_locales: 'vi',
      // offline_access (a refresh token) needs the citizen's explicit consent (OIDC Core §11).
      ...(forOrganization ? {} : { prompt: 'consent' }),
    });
    return reply.redirect(url.href);
  });

  app.get('/callback', async (request, reply) => {
    const pending = request.session.pending;
    if (!pending) return reply.status(400).type('text/html').send(errorPage('invalid_request', 'no login in progress'));
    request.session.pending = undefined;
    // Checks iss (RFC 9207), state, the code exchange with PKCE and the ID token (nonce, aud...).
    const tokens = await client.authorizationCodeGrant(config, new URL(request.url, settings.publicUrl), {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    request.session.signedIn = { idToken: tokens.id_token!, claims, userinfo, refreshToken: tokens.refresh_token };
    return reply.redirect('/');
  });

  app.post('/refresh', async (request, reply) => {
    const signedIn = request.session.signedIn;
    if (!signedIn?.refreshToken) return reply.redirect('/');
    try {
      // Refresh tokens rotate: keep the new one, the old one is spent.
      const tokens = await client.refreshTokenGrant(config, signedIn.refreshToken);
      request.session.signedIn = { ...signedIn, refreshToken: tokens.refresh_token, note: 'Tokens refreshed.' };
      return reply.redirect('/');
    } catch (error) {
      // invalid_grant (revoked, replayed) or invalid_client (portal disabled): sign in again.
      request.session.signedIn = undefined;
      throw error;
    }
  });

  app.post('/logout', async (request, reply) => {
    const idToken = request.session.signedIn?.idToken;
    await request.session.destroy();
    if (!idToken) return reply.redirect('/');
    const url = client.buildEndSessionUrl(config, {
      id_token_hint: idToken,
      post_logout_redirect_uri: settings.publicUrl.href,
    });
    return reply.redirect(url.href);
  });

  // OpenID Back-Channel Logout 1.0 §2.6: validate the logout token, then end the local session.
  app.post<{ Body: { logout_token?: string } }>('/backchannel-logout', async (request, reply) => {
    try {
      const { payload } = await jwtVerify(request.body?.logout_token ?? '', chiakhoaKeys, {
        issuer: config.serverMetadata().issuer,
        audience: settings.clientId,
        typ: 'logout+jwt',
        requiredClaims: ['iat', 'jti', 'events'],
      });
      const events = payload.events as Record<string, unknown> | undefined;
      if (!events?.[BACKCHANNEL_EVENT] || 'nonce' in payload || typeof payload.sid !== 'string')
        throw new Error('not a logout token');
      endedSids.add(payload.sid);
      return reply.header('cache-control', 'no-store').send();
    } catch {
      return reply.status(400).header('cache-control', 'no-store').send({ error: 'invalid_request' });
    }
  });

  // chiakhoa's OAuth errors (invalid_client, invalid_grant, access_denied...) reach the page.
  app.setErrorHandler((error: Error & { error?: string; error_description?: string }, _request, reply) => {
    const code = error.error ?? 'server_error';
    return reply
      .status(400)
      .type('text/html')
      .send(errorPage(code, error.error_description ?? error.message));
  });
  return app;
}
