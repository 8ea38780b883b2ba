// private_key_jwt with a portal's published JWKS (jwks_uri): a key chiakhoa has not seen makes
// it fetch the JWKS once more (no more than once a minute), and the fetch keeps
// oidc-provider's SSRF guard except for the origins OUTBOUND_ALLOWED_ORIGINS lists.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SignJWT, type CryptoKey } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { publicJwk } from '../helpers/portals.ts';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

interface JwksServer {
  url: string;
  keys: unknown[];
  fetches: number;
  server: Server;
}

async function jwksServer(): Promise<JwksServer> {
  const state = { keys: [] as unknown[], fetches: 0 } as JwksServer;
  state.server = createServer((_request, response) => {
    state.fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/jwks.json`;
  return state;
}

describe('private_key_jwt with a jwks_uri', () => {
  let app: RunningApp;
  let allowed: JwksServer;
  let unlisted: JwksServer;
  beforeAll(async () => {
    [allowed, unlisted] = await Promise.all([jwksServer(), jwksServer()]);
    app = await startTestApp({ env: { OUTBOUND_ALLOWED_ORIGINS: new URL(allowed.url).origin } });
  });
  afterAll(async () => {
    await app?.close();
    allowed?.server.close();
    unlisted?.server.close();
  });
  afterEach(() => vi.useRealTimers());

  const register = async (jwksUri: string) =>
    (
      await app.portals.create(
        {
          name: 'Cổng có JWKS',
          redirectUris: ['https://jwks.example.gov.vn/callback'],
          scopes: ['openid'],
          tokenEndpointAuthMethod: 'private_key_jwt',
          jwksUri,
        },
        { type: 'operator', id: 'test' },
      )
    ).portal.clientId;

  /** RFC 7523 client assertion at the introspection endpoint: 200 when accepted, 401 when not. */
  const authenticates = async (clientId: string, key: CryptoKey, kid: string) => {
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(app.issuer)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(key);
    const response = await fetch(`${app.issuer}/token/introspection`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: 'not-a-token',
        client_id: clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      }).toString(),
    });
    return response.status;
  };

  it('refetches the JWKS once for an unknown kid, at most once a minute', async () => {
    const [first, second, stranger] = await Promise.all([publicJwk(), publicJwk(), publicJwk()]);
    allowed.keys = [first.jwk];
    const clientId = await register(allowed.url);
    expect(await authenticates(clientId, first.privateKey, first.kid)).toBe(200);
    expect(allowed.fetches).toBe(1);

    // The portal rotates its key. Within a minute of the last fetch nothing is fetched again.
    allowed.keys = [second.jwk];
    expect(await authenticates(clientId, second.privateKey, second.kid)).toBe(401);
    expect(allowed.fetches).toBe(1);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    expect(await authenticates(clientId, second.privateKey, second.kid)).toBe(200);
    expect(allowed.fetches).toBe(2);
    // An unknown kid right after a refetch is refused without another fetch.
    expect(await authenticates(clientId, stranger.privateKey, stranger.kid)).toBe(401);
    expect(allowed.fetches).toBe(2);
  });

  it('keeps the SSRF guard for a loopback jwks_uri that is not listed', async () => {
    const key = await publicJwk();
    unlisted.keys = [key.jwk];
    const clientId = await register(unlisted.url);
    expect(await authenticates(clientId, key.privateKey, key.kid)).toBe(401);
    expect(unlisted.fetches).toBe(0);
  });
});
