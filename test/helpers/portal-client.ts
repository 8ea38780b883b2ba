// The portal side of an end-to-end test: a tiny loopback HTTP server standing in for the
// portal's web server (callback, post-logout page, back-channel logout endpoint) and an
// openid-client v6 configuration registered against the running chiakhoa.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import * as client from 'openid-client';
import type { RegisterPortalInput } from '../../src/modules/clients/clients.service.ts';
import { registerPortal } from './fixtures.ts';
import type { RunningApp } from './test-app.ts';

export interface ReceivedRequest {
  readonly method: string;
  /** Absolute URL as the browser or the provider requested it. */
  readonly url: string;
  readonly body: string;
}

export interface PortalServer {
  readonly callbackUrl: string;
  readonly loggedOutUrl: string;
  readonly backchannelUrl: string;
  readonly received: ReceivedRequest[];
  /** Resolves with the first request (already received or still to come) that matches. */
  waitFor(match: (request: ReceivedRequest) => boolean, timeoutMs?: number): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Answers 200 to everything and records each request. */
export async function startPortalServer(): Promise<PortalServer> {
  const received: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();
  let origin = '';
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      received.push({ method: request.method ?? 'GET', url: new URL(request.url ?? '/', origin).href, body });
      for (const wake of waiters) wake();
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!doctype html><title>portal</title><p>portal</p>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function waitFor(match: (request: ReceivedRequest) => boolean, timeoutMs = 10_000): Promise<ReceivedRequest> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = received.find(match);
        if (!found) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`the portal server received no matching request within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  }

  return {
    callbackUrl: `${origin}/callback`,
    loggedOutUrl: `${origin}/logged-out`,
    backchannelUrl: `${origin}/backchannel-logout`,
    received,
    waitFor,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface Portal {
  readonly clientId: string;
  readonly config: client.Configuration;
  readonly server: PortalServer;
}

export type PortalOptions = Partial<Omit<RegisterPortalInput, 'tokenEndpointAuthMethod' | 'jwks'>> & {
  /** client_secret_basic unless private_key_jwt is asked for. */
  readonly auth?: 'client_secret_basic' | 'private_key_jwt';
  readonly backchannelLogout?: boolean;
};

/** Registers a portal whose URIs point at the portal server, and discovers chiakhoa as it. */
export async function createPortal(
  app: RunningApp,
  server: PortalServer,
  options: PortalOptions = {},
): Promise<Portal> {
  const { auth = 'client_secret_basic', backchannelLogout = false, ...overrides } = options;
  const base = {
    redirectUris: [server.callbackUrl],
    postLogoutRedirectUris: [server.loggedOutUrl],
    ...(backchannelLogout ? { backchannelLogoutUri: server.backchannelUrl } : {}),
    ...overrides,
  };
  let clientAuth: client.ClientAuth;
  let clientId: string;
  if (auth === 'private_key_jwt') {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const kid = 'portal-key-1';
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    const { client: row } = await registerPortal(app, {
      ...base,
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [publicJwk] },
    });
    clientId = row.clientId;
    clientAuth = client.PrivateKeyJwt({ key: privateKey, kid });
  } else {
    const { client: row, clientSecret } = await registerPortal(app, {
      ...base,
      tokenEndpointAuthMethod: 'client_secret_basic',
    });
    clientId = row.clientId;
    clientAuth = client.ClientSecretBasic(clientSecret);
  }
  const config = await client.discovery(new URL(app.issuer), clientId, undefined, clientAuth, {
    execute: [client.allowInsecureRequests],
  });
  return { clientId, config, server };
}

export interface PendingLogin {
  readonly url: URL;
  readonly checks: { pkceCodeVerifier: string; expectedState: string; expectedNonce: string; idTokenExpected: true };
}

/** The authorization request a portal sends: code flow, PKCE S256, state and nonce. */
export async function beginLogin(portal: Portal, params: Record<string, string> = {}): Promise<PendingLogin> {
  const pkceCodeVerifier = client.randomPKCECodeVerifier();
  const expectedState = client.randomState();
  const expectedNonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(portal.config, {
    redirect_uri: portal.server.callbackUrl,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
    code_challenge_method: 'S256',
    state: expectedState,
    nonce: expectedNonce,
    ...params,
  });
  return { url, checks: { pkceCodeVerifier, expectedState, expectedNonce, idTokenExpected: true } };
}

/** Exchanges the code from the callback URL the browser landed on (openid-client validates it). */
export function finishLogin(portal: Portal, login: PendingLogin, callbackUrl: string) {
  return client.authorizationCodeGrant(portal.config, new URL(callbackUrl), login.checks);
}

/**
 * oidc-provider refuses its outgoing requests (back-channel logout) to special-use addresses,
 * loopback included, as SSRF protection. This lets requests to exactly one URL through, in
 * this test process only; returns the function that restores the guard.
 */
export function allowProviderRequestsTo(url: string): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const target = input instanceof Request ? input.url : String(input);
    if (target !== url || !init) return original(input, init);
    const unguarded: RequestInit & { dispatcher?: unknown } = { ...init };
    delete unguarded.dispatcher;
    return original(input, unguarded);
  };
  return () => {
    globalThis.fetch = original;
  };
}
