// Token endpoint calls as a client_secret_basic portal makes them.
import type { CodeFlowResult } from './code-flow.ts';

export function tokenClient(issuer: string, clientId: string, clientSecret: string) {
  const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  const post = async (path: string, fields: Record<string, string>) => {
    const response = await fetch(`${issuer}${path}`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  return {
    post,
    redeem: (flow: CodeFlowResult) =>
      post('/token', {
        grant_type: 'authorization_code',
        code: flow.code,
        redirect_uri: flow.redirectUri,
        code_verifier: flow.codeVerifier,
      }),
    refresh: (refreshToken: string) => post('/token', { grant_type: 'refresh_token', refresh_token: refreshToken }),
  };
}
