// The tokens the refresh, userinfo and introspection loads use: on chiakhoa from real
// sign-ins (offline_access, so each yields a refresh token), on the reference minted directly.
import { obtainCode } from '../test/helpers/code-flow.ts';
import type { Server } from './processes.ts';
import { BENCH_CLIENTS, REDIRECT_URI, type BenchSetup } from './setup.ts';

export interface Tokens {
  readonly accessToken: string;
  readonly refreshTokens: string[];
}

export async function signInForTokens(
  server: Server,
  setup: BenchSetup,
  citizens: readonly { personalId: string; password: string }[],
  count: number,
): Promise<Tokens> {
  const basic = `Basic ${Buffer.from(`${BENCH_CLIENTS.secret.client_id}:${setup.clientSecret}`).toString('base64')}`;
  const issued = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const { code, codeVerifier } = await obtainCode({
        baseUrl: server.baseUrl,
        issuer: server.issuer,
        clientId: BENCH_CLIENTS.secret.client_id,
        redirectUri: REDIRECT_URI,
        ...citizens[i % citizens.length]!,
        scope: 'openid profile offline_access',
        params: { prompt: 'consent' },
      });
      const response = await fetch(`${server.issuer}/token`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT_URI,
          code_verifier: codeVerifier,
        }),
      });
      if (response.status !== 200)
        throw new Error(`code exchange answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as { access_token: string; refresh_token: string };
    }),
  );
  return { accessToken: issued[0]!.access_token, refreshTokens: issued.map((tokens) => tokens.refresh_token) };
}

export async function mintReferenceTokens(server: Server, count: number): Promise<Tokens> {
  const response = await fetch(`${server.baseUrl}/mint?n=${count}`);
  return (await response.json()) as Tokens;
}
