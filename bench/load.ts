// The load generator, always its own process (npm run bench spawns it): autocannon for a fixed
// time against one endpoint. For private_key_jwt each request signs a fresh client assertion
// (a new jti: the provider refuses replays). Prints one JSON line of results on stdout.
import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import autocannon from 'autocannon';
import type { JWK } from 'jose';

export interface LoadSpec {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Appends client_assertion (private_key_jwt) to the form body of each request. */
  readonly assertion?: { readonly clientId: string; readonly audience: string; readonly jwk: JWK };
}

export interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly ok: number;
  readonly shed: number;
  readonly failed: number;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function assertionSigner(spec: NonNullable<LoadSpec['assertion']>): () => string {
  const key: KeyObject = createPrivateKey({ key: spec.jwk, format: 'jwk' });
  const header = b64url({ alg: 'ES256', kid: spec.jwk.kid, typ: 'JWT' });
  return () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: spec.clientId,
      sub: spec.clientId,
      aud: spec.audience,
      jti: randomUUID(),
      iat: now,
      exp: now + 60,
    };
    const input = `${header}.${b64url(claims)}`;
    const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
    return `${input}.${signature}`;
  };
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const url = new URL(spec.url);
  const signAssertion = spec.assertion ? assertionSigner(spec.assertion) : undefined;
  const assertionType = encodeURIComponent('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
  const result = await autocannon({
    url: url.origin,
    connections: spec.connections,
    duration: spec.durationSeconds,
    timeout: 10,
    requests: [
      {
        method: spec.method ?? 'GET',
        path: url.pathname + url.search,
        headers: spec.headers ?? {},
        ...(spec.body === undefined ? {} : { body: spec.body }),
        ...(signAssertion
          ? {
              setupRequest: (request) => ({
                ...request,
                body: `${spec.body ?? ''}&client_assertion_type=${assertionType}&client_assertion=${signAssertion()}`,
              }),
            }
          : {}),
      },
    ],
  });
  const codes = result.statusCodeStats as unknown as Record<string, { count: number }>;
  const count = (code: string) => codes[code]?.count ?? 0;
  const ok = result['2xx'] + result['3xx'];
  const shed = count('503') + count('429');
  return {
    rps: ok / spec.durationSeconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    ok,
    shed,
    failed: result.errors + result.timeouts + result.non2xx - result['3xx'] - shed,
  };
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
process.stdout.write(`${JSON.stringify(await run(spec))}\n`);
