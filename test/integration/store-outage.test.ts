// A store outage is answered quickly and honestly: 503 temporarily_unavailable + Retry-After
// (never a 500, a hang, or a misleading invalid_client), discovery and JWKS keep answering,
// readiness reports the store, and service resumes on its own when the store comes back.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pkce } from '../helpers/code-flow.ts';
import { registerPortal } from '../helpers/fixtures.ts';
import { RedisInstance } from '../helpers/redis-instance.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

const REDIRECT_URI = 'http://127.0.0.1:9/callback';

async function timed(url: string, init: RequestInit = {}): Promise<{ response: Response; ms: number }> {
  const started = performance.now();
  // A hang fails the test after 5 s instead of at the test timeout.
  const response = await fetch(url, { redirect: 'manual', ...init, signal: AbortSignal.timeout(5000) });
  return { response, ms: performance.now() - started };
}

async function waitUntilReady(app: RunningApp, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    last = (await fetch(`${app.baseUrl}/health/ready`)).status;
    if (last === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not ready within ${timeoutMs} ms (last status ${last})`);
}

/** The pieces every scenario needs: a registered portal and the requests we time. */
async function portalRequests(app: RunningApp) {
  const { client, clientSecret } = await registerPortal(app);
  const basic = `Basic ${Buffer.from(`${client.clientId}:${clientSecret}`).toString('base64')}`;
  return {
    token: () =>
      timed(`${app.issuer}/token`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: randomBytes(32).toString('base64url'),
          redirect_uri: REDIRECT_URI,
          code_verifier: pkce().verifier,
        }).toString(),
      }),
    authorize: () =>
      timed(
        `${app.issuer}/auth?${new URLSearchParams({
          client_id: client.clientId,
          redirect_uri: REDIRECT_URI,
          response_type: 'code',
          scope: 'openid',
          state: 'outage',
          code_challenge: pkce().challenge,
          code_challenge_method: 'S256',
        }).toString()}`,
      ),
  };
}

async function expectTemporarilyUnavailable(request: Promise<{ response: Response; ms: number }>, withinMs: number) {
  const { response, ms } = await request;
  expect(ms).toBeLessThan(withinMs);
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(await response.json()).toMatchObject({ error: 'temporarily_unavailable' });
}

async function expectKeysStillServed(app: RunningApp) {
  for (const path of ['/.well-known/openid-configuration', '/jwks']) {
    const { response } = await timed(`${app.issuer}${path}`);
    expect(response.status, path).toBe(200);
  }
}

async function expectReadiness(app: RunningApp, checks: Record<string, string>) {
  const response = await fetch(`${app.baseUrl}/health/ready`);
  expect(response.status).toBe(503);
  expect(await response.json()).toMatchObject({ status: 'unavailable', checks });
}

describe('Redis outage', () => {
  let redis: RedisInstance;
  let app: RunningApp;
  let requests: Awaited<ReturnType<typeof portalRequests>>;
  beforeAll(async () => {
    redis = await RedisInstance.start();
    app = await startTestApp({ env: { REDIS_URL: redis.url } });
    requests = await portalRequests(app);
  });
  afterAll(async () => {
    await app?.close();
    await redis?.kill();
  });

  it('answers 503 fast while Redis is dead, and recovers when it restarts', async () => {
    await redis.kill();

    const { response: auth, ms } = await requests.authorize();
    expect(ms).toBeLessThan(1000);
    const location = auth.headers.get('location') ?? '';
    const redirected = auth.status === 303 || auth.status === 302;
    if (redirected) expect(new URL(location).searchParams.get('error')).toBe('temporarily_unavailable');
    else {
      expect(auth.status).toBe(503);
      expect(auth.headers.get('content-type')).toMatch(/text\/html/);
      expect(auth.headers.get('retry-after')).toMatch(/^\d+$/);
    }

    await expectTemporarilyUnavailable(requests.token(), 1000);
    await expectKeysStillServed(app);
    await expectReadiness(app, { postgres: 'ok', redis: 'unavailable' });

    await redis.restart();
    await waitUntilReady(app, 5000);
    const { response } = await requests.token();
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers 503 fast while Redis is frozen (SIGSTOP), not hang', async () => {
    redis.signal('SIGSTOP');
    try {
      await expectTemporarilyUnavailable(requests.token(), 1500);
      await expectReadiness(app, { postgres: 'ok', redis: 'unavailable' });
    } finally {
      redis.signal('SIGCONT');
    }
    await waitUntilReady(app, 5000);
  });
});

describe('Postgres outage', () => {
  const proxy = new TcpProxy({ host: '127.0.0.1', port: 5432 });
  let app: RunningApp;
  let requests: Awaited<ReturnType<typeof portalRequests>>;
  beforeAll(async () => {
    const port = await proxy.open();
    app = await startTestApp({ env: { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/test` } });
    requests = await portalRequests(app);
  });
  afterAll(async () => {
    await proxy.open(); // lets the app close its pool cleanly
    await app?.close();
    await proxy.close();
  });

  it('answers 503 (not invalid_client) fast while Postgres is unreachable, and recovers', async () => {
    await proxy.close();

    await expectTemporarilyUnavailable(requests.token(), 2000);
    await expectKeysStillServed(app);
    await expectReadiness(app, { postgres: 'unavailable', redis: 'ok' });

    await proxy.open();
    await waitUntilReady(app, 5000);
    const { response } = await requests.token();
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });
});
