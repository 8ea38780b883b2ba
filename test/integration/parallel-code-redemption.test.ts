// RFC 6749 §4.1.2 through the real token endpoint: one code redeemed 20 times at once yields
// exactly one set of tokens, and the replay revokes the grant those tokens came from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obtainCode } from '../helpers/code-flow.ts';
import { enrolCitizen, registerPortal } from '../helpers/fixtures.ts';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

describe.each(['real', 'embedded'] as const)('parallel code redemption on %s backends', (backend) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startTestApp({ backend });
  });
  afterAll(() => app?.close());

  async function signIn() {
    const { personalId, password } = await enrolCitizen(app);
    const { client, clientSecret } = await registerPortal(app);
    const redirectUri = 'http://127.0.0.1:9/callback';
    const basic = `Basic ${Buffer.from(`${client.clientId}:${clientSecret}`).toString('base64')}`;
    const post = (path: string, fields: Record<string, string>) =>
      fetch(`${app.issuer}${path}`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const { code, codeVerifier } = await obtainCode({
      baseUrl: app.baseUrl,
      issuer: app.issuer,
      clientId: client.clientId,
      redirectUri,
      personalId,
      password,
    });
    const redeem = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: codeVerifier };
    const introspect = async (token: string) => (await post('/token/introspection', { token })).json();
    const userinfo = (token: string) => fetch(`${app.issuer}/me`, { headers: { authorization: `Bearer ${token}` } });
    return { post, redeem, introspect, userinfo };
  }

  it('keeps the tokens of a code redeemed once active (control)', async () => {
    const { post, redeem, introspect, userinfo } = await signIn();
    const response = await post('/token', redeem);
    expect(response.status).toBe(200);
    const { access_token: accessToken } = (await response.json()) as { access_token: string };
    expect(await introspect(accessToken)).toMatchObject({ active: true });
    expect((await userinfo(accessToken)).status).toBe(200);
  });

  it('issues tokens once, answers invalid_grant to the rest, and revokes the grant', async () => {
    const { post, redeem, introspect, userinfo } = await signIn();
    const responses = await Promise.all(Array.from({ length: 20 }, () => post('/token', redeem)));
    const bodies = await Promise.all(responses.map((response) => response.json() as Promise<Record<string, string>>));

    const winners = bodies.filter((_, index) => responses[index]!.status === 200);
    const losers = bodies.filter((_, index) => responses[index]!.status === 400);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);
    for (const body of losers) expect(body.error).toBe('invalid_grant');
    const tokens = winners[0]!;
    expect(tokens.access_token).toEqual(expect.any(String));
    expect(tokens.id_token).toEqual(expect.any(String));

    expect(await introspect(tokens.access_token!)).toEqual({ active: false });
    const rejected = await userinfo(tokens.access_token!);
    expect(rejected.status).toBe(401);
    expect(((await rejected.json()) as { error: string }).error).toBe('invalid_token');
  });
});
