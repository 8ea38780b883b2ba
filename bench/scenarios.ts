// Each scenario measures chiakhoa and its reference in the same run, on the same machine,
// one after the other (never at once: they would share the two cores).
import { cpuMeter } from './cpu.ts';
import type { LoadResult, LoadSpec } from './load.ts';
import { runLoad, type Server } from './processes.ts';
import { BENCH_CLIENTS, type BenchSetup } from './setup.ts';

export interface Row {
  readonly scenario: string;
  readonly chiakhoa: LoadResult;
  readonly reference?: { readonly label: string; readonly rps: number; readonly p50?: number; readonly p99?: number };
  /** chiakhoa ÷ reference (or the figure the goal is about), and the goal it is held to. */
  readonly ratio?: number;
  readonly goal?: string;
  readonly note?: string;
  /** CPU per answered request, µs: chiakhoa's process, its Redis and PostgreSQL, the reference. */
  readonly cpu?: CpuPerRequest;
}

export interface CpuPerRequest {
  readonly chiakhoa: number;
  readonly stores: number;
  readonly reference: number;
  /** The reference's own store (its Redis), when it has one. */
  readonly referenceStores?: number;
}

export interface Context {
  readonly setup: BenchSetup;
  readonly seconds: number;
  readonly connections: number;
  /** chiakhoa's Redis and PostgreSQL server processes, whose CPU its requests cost too. */
  readonly storePids: () => readonly (number | undefined)[];
}

const basic = (setup: BenchSetup) =>
  `Basic ${Buffer.from(`${BENCH_CLIENTS.secret.client_id}:${setup.clientSecret}`).toString('base64')}`;
const form = { 'content-type': 'application/x-www-form-urlencoded' };

/** The load of one endpoint, against a given server. */
export type Target = (
  server: Server,
  tokens: { accessToken: string },
) => Omit<LoadSpec, 'connections' | 'durationSeconds'>;

export const targets = (setup: BenchSetup): Record<string, Target> => ({
  discovery: (server) => ({ url: `${server.issuer}/.well-known/openid-configuration` }),
  jwks: (server) => ({ url: `${server.issuer}/jwks` }),
  'token: client_credentials, secret': (server) => ({
    url: `${server.issuer}/token`,
    method: 'POST',
    headers: { ...form, authorization: basic(setup) },
    body: 'grant_type=client_credentials',
  }),
  'token: client_credentials, private_key_jwt': (server) => ({
    url: `${server.issuer}/token`,
    method: 'POST',
    headers: form,
    body: `grant_type=client_credentials&client_id=${BENCH_CLIENTS.privateKeyJwt.client_id}`,
    assertion: {
      clientId: BENCH_CLIENTS.privateKeyJwt.client_id,
      audience: server.issuer,
      jwk: setup.clientPrivateJwk,
    },
  }),
  userinfo: (server, tokens) => ({
    url: `${server.issuer}/me`,
    headers: { authorization: `Bearer ${tokens.accessToken}` },
  }),
  introspection: (server, tokens) => ({
    url: `${server.issuer}/token/introspection`,
    method: 'POST',
    headers: { ...form, authorization: basic(setup) },
    body: `token=${tokens.accessToken}`,
  }),
});

export async function compare(
  context: Context,
  name: string,
  target: Target,
  servers: { chiakhoa: Server; reference: Server },
  tokens: { chiakhoa: { accessToken: string }; reference: { accessToken: string } },
  goal: { min: number; text: string },
): Promise<Row> {
  const load = { connections: context.connections, durationSeconds: context.seconds };
  // A short warm-up (JIT, connection pools, caches) that is not counted.
  for (const which of ['chiakhoa', 'reference'] as const) {
    await runLoad({ ...target(servers[which], tokens[which]), connections: 4, durationSeconds: 1 });
  }
  const measured = await measureBoth(context, servers, (server, which) =>
    runLoad({ ...target(server, tokens[which]), ...load }),
  );
  const { chiakhoa, reference } = measured;
  const ratio = reference.rps > 0 ? chiakhoa.rps / reference.rps : 0;
  return {
    scenario: name,
    chiakhoa,
    reference: { label: 'bare oidc-provider', ...reference },
    ratio,
    goal: `${goal.text}${ratio >= goal.min ? ' ✓' : ' ✗'}`,
    cpu: measured.cpu,
  };
}

/** CPU milliseconds spread over the answered requests, in µs each. */
const perRequest = (ms: number, result: LoadResult) => (result.ok > 0 ? (ms * 1000) / result.ok : 0);

/** One load against chiakhoa, then the same against the reference, with each side's CPU. */
export async function measureBoth(
  context: Context,
  servers: { chiakhoa: Server; reference: Server },
  run: (server: Server, which: 'chiakhoa' | 'reference') => Promise<LoadResult>,
): Promise<{ chiakhoa: LoadResult; reference: LoadResult; cpu: CpuPerRequest }> {
  const own = cpuMeter([servers.chiakhoa.process.pid]);
  const stores = cpuMeter(context.storePids());
  const chiakhoa = await run(servers.chiakhoa, 'chiakhoa');
  const ownMs = own.stop();
  const storesMs = stores.stop();
  const theirs = cpuMeter([servers.reference.process.pid]);
  const reference = await run(servers.reference, 'reference');
  const cpu = {
    chiakhoa: perRequest(ownMs, chiakhoa),
    stores: perRequest(storesMs, chiakhoa),
    reference: perRequest(theirs.stop(), reference),
  };
  return { chiakhoa, reference, cpu };
}

/**
 * The row that sets a measured chiakhoa row against the bare library on a minimal Redis adapter
 * (reference-redis-adapter.ts), measured alone right after: what the shared store costs the
 * library, apart from what chiakhoa adds. For information: the issue's goals are held against
 * the memory adapter.
 */
export async function againstStoreReference(
  row: Row,
  reference: { server: Server; storePid: number | undefined },
  run: (server: Server) => Promise<LoadResult>,
): Promise<Row> {
  const own = cpuMeter([reference.server.process.pid]);
  const store = cpuMeter([reference.storePid]);
  const result = await run(reference.server);
  const [ownMs, storeMs] = [own.stop(), store.stop()];
  return {
    scenario: `${row.scenario}, against the library on Redis`,
    chiakhoa: row.chiakhoa,
    reference: { label: 'bare oidc-provider + Redis adapter', ...result },
    ratio: result.rps > 0 ? row.chiakhoa.rps / result.rps : 0,
    goal: '(information)',
    ...(row.cpu
      ? {
          cpu: {
            ...row.cpu,
            reference: perRequest(ownMs, result),
            referenceStores: perRequest(storeMs, result),
          },
        }
      : {}),
  };
}
