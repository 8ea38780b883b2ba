// An admin client as agencies have one: registered with its own key, authenticating with
// private_key_jwt, obtaining JWT access tokens for the admin API by client_credentials.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import * as client from 'openid-client';
import type { RunningApp } from './test-app.ts';

export interface AdminCaller {
  readonly clientId: string;
  readonly token: string;
  call(method: string, path: string, body?: unknown, contentType?: string): Promise<{ status: number; body: any }>;
}

export async function tokenFor(
  app: RunningApp,
  clientId: string,
  privateKey: Parameters<typeof client.PrivateKeyJwt>[0],
  scope?: string,
): Promise<string> {
  const config = await client.discovery(new URL(app.issuer), clientId, undefined, client.PrivateKeyJwt(privateKey), {
    execute: [client.allowInsecureRequests],
  });
  const tokens = await client.clientCredentialsGrant(config, scope ? { scope } : {});
  return tokens.access_token;
}

export async function createAdminCaller(
  app: RunningApp,
  scopes: string[],
  options: { organizationId?: string } = {},
): Promise<AdminCaller> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), alg: 'ES256', use: 'sig', kid: randomUUID() };
  const { client: registered } = await app.clients.registerMachine({
    name: 'Hệ thống quản trị thử nghiệm',
    tokenEndpointAuthMethod: 'private_key_jwt',
    jwks: { keys: [jwk] },
    scopes,
    organizationId: options.organizationId,
  });
  const token = await tokenFor(app, registered.clientId, privateKey, scopes.join(' ') || undefined);
  return {
    clientId: registered.clientId,
    token,
    async call(method, path, body, contentType = 'application/json') {
      const response = await fetch(`${app.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}
