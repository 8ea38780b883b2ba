// Multi-step load that autocannon cannot express, in its own process: virtual users that loop
// for a fixed time through a whole password sign-in (authorize → login → consent → code →
// token → userinfo), or through a chain of refresh-token rotations. Prints one JSON line.
import { obtainCode } from '../test/helpers/code-flow.ts';
import type { LoadResult } from './load.ts';
import { percentile } from './stats.ts';

export interface FlowSpec {
  readonly kind: 'signin' | 'refresh';
  readonly baseUrl: string;
  readonly issuer: string;
  readonly users: number;
  readonly durationSeconds: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly citizens?: readonly { personalId: string; password: string }[];
  /** One per user, for kind 'refresh'. */
  readonly refreshTokens?: readonly string[];
}

function tokenRequest(spec: FlowSpec, fields: Record<string, string>) {
  return fetch(`${spec.issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${spec.clientId}:${spec.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(fields).toString(),
  });
}

async function signIn(spec: FlowSpec, user: number): Promise<void> {
  const citizen = spec.citizens![user % spec.citizens!.length]!;
  const { code, codeVerifier } = await obtainCode({ ...spec, ...citizen });
  const fields = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: spec.redirectUri,
    code_verifier: codeVerifier,
  };
  const token = await tokenRequest(spec, fields);
  if (token.status !== 200) throw new Error(`token answered ${token.status}`);
  const { access_token: accessToken } = (await token.json()) as { access_token: string };
  const userinfo = await fetch(`${spec.issuer}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  if (userinfo.status !== 200) throw new Error(`userinfo answered ${userinfo.status}`);
  await userinfo.arrayBuffer();
}

async function run(spec: FlowSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  let shed = 0;
  let failed = 0;
  const tokens = [...(spec.refreshTokens ?? [])];
  const deadline = Date.now() + spec.durationSeconds * 1000;
  const step = async (user: number) => {
    if (spec.kind === 'signin') return signIn(spec, user);
    const response = await tokenRequest(spec, { grant_type: 'refresh_token', refresh_token: tokens[user]! });
    if (response.status !== 200) throw new Error(`refresh answered ${response.status}`);
    tokens[user] = ((await response.json()) as { refresh_token: string }).refresh_token;
  };
  await Promise.all(
    Array.from({ length: spec.users }, async (_, user) => {
      while (Date.now() < deadline) {
        const started = performance.now();
        try {
          await step(user);
          latencies.push(performance.now() - started);
        } catch (error) {
          if (/\b(503|429)\b/.test(String(error))) shed += 1;
          else failed += 1;
          if (spec.kind === 'refresh') return; // a broken chain cannot go on
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / spec.durationSeconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
    ok: latencies.length,
    shed,
    failed,
  };
}

const spec = JSON.parse(process.argv[2] ?? '{}') as FlowSpec;
process.stdout.write(`${JSON.stringify(await run(spec))}\n`);
