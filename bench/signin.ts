// Password sign-ins: the whole flow against raw argon2id on the same cores, the event loop's
// p99 delay while it runs (from /metrics), Redis memory per sign-in, and isolation: the token
// endpoint's p99 while argon2 is saturated, against its idle p99.
import { Redis } from 'ioredis';
import { cpuMeter, finishedChildrenCpuMeter } from './cpu.ts';
import type { FlowSpec } from './flows.ts';
import type { LoadResult } from './load.ts';
import { runArgon2Reference, runFlows, runLoad, type Server } from './processes.ts';
import { targets, type Context, type Row } from './scenarios.ts';
import { BENCH_CLIENTS, REDIRECT_URI } from './setup.ts';

async function eventLoopP99Ms(server: Server): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const match = /^nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(text);
  return match ? Number(match[1]) * 1000 : Number.NaN;
}

/** Redis memory and keys; with flush, after emptying it (the earlier loads' tokens would expire meanwhile). */
async function redisMemory(url: string, flush = false): Promise<{ bytes: number; keys: number }> {
  const redis = new Redis(url);
  try {
    if (flush) await redis.flushall();
    const info = await redis.info('memory');
    return { bytes: Number(/used_memory:(\d+)/.exec(info)?.[1]), keys: await redis.dbsize() };
  } finally {
    redis.disconnect();
  }
}

export interface SignInFindings {
  readonly rows: Row[];
  readonly eventLoopP99Ms: number;
  readonly redisBytesPerSignIn: number;
  readonly redisKeysPerSignIn: number;
  readonly argon2VerifiesPerSecond: number;
  readonly argon2Threads: number;
  /** CPU per completed sign-in, ms: chiakhoa's process (its hashing threads too), Redis and PostgreSQL, the load generator; and one raw argon2id verify. */
  readonly cpuPerSignInMs: { chiakhoa: number; stores: number; loadGenerator: number; argon2Verify: number };
}

export async function benchSignIns(
  context: Context,
  server: Server,
  redisUrl: string,
  citizens: FlowSpec['citizens'],
): Promise<SignInFindings> {
  const flow = (users: number): FlowSpec => ({
    kind: 'signin',
    baseUrl: server.baseUrl,
    issuer: server.issuer,
    users,
    durationSeconds: context.seconds,
    clientId: BENCH_CLIENTS.secret.client_id,
    clientSecret: context.setup.clientSecret,
    redirectUri: REDIRECT_URI,
    citizens,
  });
  const before = await redisMemory(redisUrl, true);
  await eventLoopP99Ms(server); // resets the histogram
  const meters = {
    chiakhoa: cpuMeter([server.process.pid]),
    stores: cpuMeter(context.storePids()),
    loadGenerator: finishedChildrenCpuMeter(),
  };
  const signIns = await runFlows(flow(8));
  const perSignIn = (meter: { stop: () => number }) => meter.stop() / Math.max(1, signIns.ok);
  const cpu = {
    chiakhoa: perSignIn(meters.chiakhoa),
    stores: perSignIn(meters.stores),
    loadGenerator: perSignIn(meters.loadGenerator),
  };
  const eventLoop = await eventLoopP99Ms(server);
  const after = await redisMemory(redisUrl);
  const argon2 = await runArgon2Reference(context.seconds);
  const ratio = signIns.rps / argon2.verifiesPerSecond;

  // Isolation: the same light token load, idle and then beside a saturating sign-in storm.
  const tokenLoad = {
    ...targets(context.setup)['token: client_credentials, private_key_jwt']!(server, { accessToken: '' }),
  };
  const idle = await runLoad({ ...tokenLoad, connections: 4, durationSeconds: context.seconds });
  const [busy] = await Promise.all([
    runLoad({ ...tokenLoad, connections: 4, durationSeconds: context.seconds }),
    runFlows({ ...flow(32), durationSeconds: context.seconds + 1 }),
  ]);
  const isolation = busy.p99 / idle.p99;
  const withLabel = (result: LoadResult) => ({ label: 'token endpoint, idle', ...result });
  return {
    rows: [
      {
        scenario: 'full password sign-in (authorize → login → consent → code → token → userinfo)',
        chiakhoa: signIns,
        reference: { label: `raw argon2id verifies, ${argon2.threads} threads`, rps: argon2.verifiesPerSecond },
        ratio,
        goal: `≥ 0.8${ratio >= 0.8 ? ' ✓' : ' ✗'}; event-loop p99 ${eventLoop.toFixed(1)} ms (< 50${eventLoop < 50 ? ' ✓' : ' ✗'})`,
      },
      {
        scenario: 'isolation: token endpoint (private_key_jwt, 4 connections) during a sign-in storm',
        chiakhoa: busy,
        reference: withLabel(idle),
        ratio: isolation,
        goal: `p99 ≤ 2× idle${isolation <= 2 ? ' ✓' : ' ✗'}`,
      },
    ],
    eventLoopP99Ms: eventLoop,
    redisBytesPerSignIn: (after.bytes - before.bytes) / Math.max(1, signIns.ok),
    redisKeysPerSignIn: (after.keys - before.keys) / Math.max(1, signIns.ok),
    argon2VerifiesPerSecond: argon2.verifiesPerSecond,
    argon2Threads: argon2.threads,
    // Each reference thread verifies back to back on its own core: its CPU per verify is its time.
    cpuPerSignInMs: { ...cpu, argon2Verify: (argon2.threads * 1000) / argon2.verifiesPerSecond },
  };
}
