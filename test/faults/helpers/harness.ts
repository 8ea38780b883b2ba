// What every fault scenario needs: a running chiakhoa with a portal and citizens, the target
// the background workload drives, and small timing helpers.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { generateJwks } from '../../../src/oidc/keys.ts';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../../helpers/env.ts';
import { enrolCitizen, registerPortal } from '../../helpers/fixtures.ts';
import { freePort, startTestApp, type RunningApp } from '../../helpers/test-app.ts';
import type { Ledger } from './ledger.ts';
import type { WorkloadTarget } from './workload.ts';

export const REDIRECT_URI = 'http://127.0.0.1:9/callback';
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface FaultApp {
  readonly app: RunningApp;
  readonly target: WorkloadTarget;
}

export async function startFaultApp(env: Record<string, string> = {}): Promise<FaultApp> {
  const app = await startTestApp({ env });
  const citizens = await Promise.all([0, 1, 2].map(() => enrolCitizen(app)));
  const { client, clientSecret } = await registerPortal(app, { redirectUris: [REDIRECT_URI] });
  return {
    app,
    target: {
      baseUrl: app.baseUrl,
      issuer: app.issuer,
      clientId: client.clientId,
      clientSecret: clientSecret!,
      redirectUri: REDIRECT_URI,
      citizens: citizens.map(({ personalId, password }) => ({ personalId, password })),
    },
  };
}

export async function timed(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; ms: number; body: string; retryAfter: string | null }> {
  const started = performance.now();
  const response = await fetch(url, { redirect: 'manual', ...init, signal: AbortSignal.timeout(5000) });
  const body = await response.text();
  return {
    status: response.status,
    ms: performance.now() - started,
    body,
    retryAfter: response.headers.get('retry-after'),
  };
}

export async function waitUntilReady(baseUrl: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await fetch(`${baseUrl}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(100);
  }
  throw new Error(`${baseUrl} was not ready within ${timeoutMs} ms`);
}

/** Waits until the workload has completed n more operations of a kind. */
export async function waitForProgress(ledger: Ledger, kind: string, n: number, timeoutMs = 20_000): Promise<void> {
  const target = ledger.count('ok', kind) + n;
  const deadline = Date.now() + timeoutMs;
  while (ledger.count('ok', kind) < target) {
    if (Date.now() > deadline) throw new Error(`no progress: ${ledger.summary()}`);
    await sleep(50);
  }
}

/** A POST to the token endpoint with client_secret_basic, timed. */
function tokenRequest(issuer: string, client: { id: string; secret: string }, fields: Record<string, string>) {
  return timed(`${issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(fields).toString(),
  });
}

const portalOf = (target: WorkloadTarget) => ({ id: target.clientId, secret: target.clientSecret });

/** A token request as a portal sends it, with a random code: 400 invalid_grant when all is well. */
export function tokenProbe(target: WorkloadTarget) {
  return tokenRequest(target.issuer, portalOf(target), {
    grant_type: 'authorization_code',
    code: 'no-such-code',
    redirect_uri: REDIRECT_URI,
    code_verifier: 'x'.repeat(43),
  });
}

/** A client_credentials request of a system client: 200 with a token when all is well. */
export function clientCredentialsProbe(issuer: string, clientId: string, clientSecret: string) {
  return tokenRequest(issuer, { id: clientId, secret: clientSecret }, { grant_type: 'client_credentials' });
}

/** A refresh with an unknown refresh token (those live in PostgreSQL): 400 invalid_grant when all is well. */
export function refreshProbe(target: WorkloadTarget) {
  return tokenRequest(target.issuer, portalOf(target), {
    grant_type: 'refresh_token',
    refresh_token: 'no-such-refresh-token',
  });
}

export interface ServerProcess {
  readonly baseUrl: string;
  readonly issuer: string;
  readonly exited: Promise<number | null>;
  signal(signal: NodeJS.Signals): void;
}

const RUN_KEY_PREFIX = `chiakhoa-fault-${randomBytes(6).toString('hex')}:`;

/** chiakhoa as `npm start` runs it (src/server.ts), in its own process, on the test stores. */
export async function spawnServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['src/server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      PORT: String(port),
      ISSUER: `${baseUrl}/oidc`,
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      // This run's own counters and state: a run right after another must not meet its
      // rate-limit counters (the processes of one run still share theirs).
      REDIS_KEY_PREFIX: RUN_KEY_PREFIX,
      KEYS_JWKS: JSON.stringify(await generateJwks()),
      COOKIE_KEYS: randomBytes(32).toString('base64url'),
      PAIRWISE_SALT: randomBytes(32).toString('base64url'),
      FACTOR_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
      ...env,
    },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await waitUntilReady(baseUrl, 30_000);
  return { baseUrl, issuer: `${baseUrl}/oidc`, exited, signal: (name) => child.kill(name) };
}
