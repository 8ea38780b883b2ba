// Attacks on the protocol: each case names the status and error it must get, and checks that
// nothing was issued or stored (no code in a redirect, no token, no audit row of issuance).
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obtainCode } from '../helpers/code-flow.ts';
import { tokenClient } from '../helpers/token-client.ts';
import { auditRowsOf, REDIRECT_URI, startAttackTarget, type AttackTarget } from './helpers/attack-app.ts';
import { Browserless } from './helpers/browserless.ts';

describe('protocol attacks', () => {
  let target: AttackTarget;
  let tokens: ReturnType<typeof tokenClient>;
  beforeAll(async () => {
    target = await startAttackTarget();
    tokens = tokenClient(target.app.issuer, target.portal.clientId, target.portal.clientSecret);
  });
  afterAll(() => target?.app.close());

  const flow = (params: Record<string, string> = {}) =>
    obtainCode({
      baseUrl: target.app.baseUrl,
      issuer: target.app.issuer,
      clientId: target.portal.clientId,
      redirectUri: REDIRECT_URI,
      personalId: target.victim.personalId,
      password: target.victim.password,
      params,
    });
  const authorize = (params: Record<string, string>) => {
    const url = new URL(`${target.app.issuer}/auth`);
    url.search = new URLSearchParams({
      response_type: 'code',
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      ...params,
    }).toString();
    return new Browserless(target.app.baseUrl).answer(url.href);
  };

  it.each([
    ['a trailing slash', `${REDIRECT_URI}/`],
    ['an added query', `${REDIRECT_URI}?next=evil`],
    ['another case', REDIRECT_URI.replace('callback', 'Callback')],
    ['userinfo before the host', 'http://127.0.0.1:9@evil.example/callback'],
    ['another scheme', REDIRECT_URI.replace('http:', 'https:')],
    ['a dot segment', `${REDIRECT_URI}/../evil`],
    ['another host', 'http://evil.example/callback'],
  ])('refuses a redirect_uri with %s: 400 invalid_redirect_uri, never redirected', async (_name, redirectUri) => {
    const answer = await authorize({ client_id: target.portal.clientId, redirect_uri: redirectUri });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('<code>invalid_redirect_uri</code>');
    expect(answer.headers.get('location')).toBeNull();
  });

  it('refuses an unknown client: 400 invalid_client, never redirected', async () => {
    const answer = await authorize({ client_id: 'no-such-portal', redirect_uri: REDIRECT_URI });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('<code>invalid_client</code>');
    expect(answer.headers.get('location')).toBeNull();
  });

  it.each([
    ['no code_challenge', {}],
    [
      'the plain method',
      { code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'plain' },
    ],
  ])('refuses a PKCE downgrade (%s): invalid_request at the redirect_uri, no code', async (_name, pkce) => {
    const url = new URL(`${target.app.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: target.portal.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid',
      ...pkce,
    }).toString();
    const answer = await new Browserless(target.app.baseUrl).answer(url.href);
    const location = new URL(answer.headers.get('location') ?? 'http://none/');
    expect(answer.status).toBe(303);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('refuses a code with a wrong verifier: 400 invalid_grant, nothing issued', async () => {
    const result = await flow();
    const issuedBefore = (await auditRowsOf(target, 'token.issued')).length;
    const answer = await tokens.post('/token', {
      grant_type: 'authorization_code',
      code: result.code,
      redirect_uri: REDIRECT_URI,
      code_verifier: 'a'.repeat(43),
    });
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(answer.body.access_token).toBeUndefined();
    expect((await auditRowsOf(target, 'token.issued')).length).toBe(issuedBefore);
  });

  it('answers a replayed code with 400 invalid_grant and revokes what the first use issued', async () => {
    const result = await flow();
    const first = await tokens.redeem(result);
    expect(first.status).toBe(200);
    expect(await tokens.redeem(result)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const userinfo = await fetch(`${target.app.issuer}/me`, {
      headers: { authorization: `Bearer ${first.body.access_token}` },
    });
    expect(userinfo.status).toBe(401);
  });

  it('redeems a code raced 10 times at once exactly once', async () => {
    const result = await flow();
    const answers = await Promise.all(Array.from({ length: 10 }, () => tokens.redeem(result)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    for (const answer of answers.filter((a) => a.status !== 200))
      expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('answers a replayed refresh token with invalid_grant and kills the whole chain', async () => {
    const issued = await tokens.redeem(await flow({ scope: 'openid offline_access', prompt: 'consent' }));
    const old = issued.body.refresh_token as string;
    const rotated = await tokens.refresh(old);
    expect(rotated.status).toBe(200);
    expect(await tokens.refresh(old)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await tokens.refresh(rotated.body.refresh_token as string)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('refuses scope escalation on refresh: 400 invalid_scope, no token', async () => {
    const issued = await tokens.redeem(await flow({ scope: 'openid offline_access', prompt: 'consent' }));
    const answer = await tokens.post('/token', {
      grant_type: 'refresh_token',
      refresh_token: issued.body.refresh_token as string,
      scope: 'openid offline_access personal_id',
    });
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    expect(answer.body.access_token).toBeUndefined();
  });

  it('refuses a forged id_token_hint at logout: 400 invalid_request, the session lives on', async () => {
    const result = await flow();
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ sub: 'someone' })
      .setProtectedHeader({ alg: 'ES256', kid: 'forged' })
      .setIssuer(target.app.issuer)
      .setAudience(target.portal.clientId)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    const browser = new Browserless(target.app.baseUrl, { cookie: result.jar.header() });
    const answer = await browser.answer(
      `${target.app.issuer}/session/end?id_token_hint=${forged}&post_logout_redirect_uri=${encodeURIComponent('http://127.0.0.1:9/')}`,
      { headers: { accept: 'text/html' } },
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('invalid_request');
    expect(answer.headers.get('location')).toBeNull();
    // Still signed in: a silent authorization returns a code.
    const silent = await browser.answer(
      `${target.app.issuer}/auth?${new URLSearchParams({
        client_id: target.portal.clientId,
        redirect_uri: REDIRECT_URI,
        response_type: 'code',
        scope: 'openid profile',
        prompt: 'none',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      }).toString()}`,
    );
    expect(new URL(silent.headers.get('location') ?? 'http://none/').searchParams.get('code')).toEqual(
      expect.any(String),
    );
  });

  it('ignores an access token in the query string: 400 invalid_request, no claims', async () => {
    const issued = await tokens.redeem(await flow());
    const response = await fetch(`${target.app.issuer}/me?access_token=${issued.body.access_token as string}`);
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_request' });
    expect(body.sub).toBeUndefined();
  });
});
