// npm run bench: chiakhoa (real PostgreSQL and Redis) against a bare oidc-provider, load from
// separate processes on loopback, every scenario bounded in time. BENCH_DURATION (seconds per
// measurement, default 8) and BENCH_CITIZENS (registry rows, default 1,000,000) scale it.
import { availableParallelism, loadavg } from 'node:os';
import { postgresPids } from './cpu.ts';
import { openBenchEnvironment } from './environment.ts';
import { runFlows, runLoad, startChiakhoa, startReference } from './processes.ts';
import { benchRegistry } from './registry.ts';
import { RedisInstance } from '../test/helpers/redis-instance.ts';
import { againstStoreReference, compare, measureBoth, targets, type Context, type Row } from './scenarios.ts';
import { createBenchSetup, BENCH_CLIENTS, REDIRECT_URI } from './setup.ts';
import { benchSignIns } from './signin.ts';
import { table } from './report.ts';
import { mintReferenceTokens, signInForTokens } from './tokens.ts';

const seconds = Number(process.env.BENCH_DURATION ?? '8');
const citizenRows = Number(process.env.BENCH_CITIZENS ?? '1000000');
const only = process.env.BENCH_ONLY?.split(',');
// BENCH_SCENARIOS=jwks,userinfo: only the endpoint scenarios whose names contain one of these.
const scenarioFilter = process.env.BENCH_SCENARIOS?.split(',');
const wantsScenario = (name: string) => !scenarioFilter || scenarioFilter.some((part) => name.includes(part));
const wants = (part: string) => !only || only.includes(part);
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

const started = Date.now();
const loadBefore = loadavg()[0]!;
const setup = await createBenchSetup();
const env = await openBenchEnvironment(setup);
const context: Context = { setup, seconds, connections: 16, storePids: () => [env.redis.pid, ...postgresPids()] };
const rows: Row[] = [];
const notes: string[] = [];
let referenceRedis: RedisInstance | undefined;
try {
  const chiakhoa = await startChiakhoa(env.chiakhoaEnv);
  const reference = await startReference(JSON.stringify(setup));
  const servers = { chiakhoa, reference };
  // The library on a Redis of its own, for the endpoints that touch the store (see its adapter).
  referenceRedis = await RedisInstance.start();
  const onRedis = {
    server: await startReference(JSON.stringify(setup), referenceRedis.url),
    storePid: referenceRedis.pid,
  };
  const usesStore = (name: string) => !['discovery', 'jwks'].includes(name);
  const tokens = {
    chiakhoa: await signInForTokens(chiakhoa, setup, env.citizens, 8),
    reference: await mintReferenceTokens(reference, 8),
  };
  const all = targets(setup);
  const goals: Record<string, { min: number; text: string }> = {
    discovery: { min: 1, text: '≥ 1.0' },
    jwks: { min: 1, text: '≥ 1.0' },
    'token: client_credentials, secret': { min: 0.7, text: '≥ 0.7' },
    'token: client_credentials, private_key_jwt': { min: 0.7, text: '≥ 0.7' },
    userinfo: { min: 0.7, text: '≥ 0.7' },
    introspection: { min: 0.7, text: '≥ 0.7' },
  };
  if (wants('endpoints')) {
    for (const [name, target] of Object.entries(all)) {
      if (!wantsScenario(name)) continue;
      log(name);
      tokens.reference = await mintReferenceTokens(reference, 8);
      const row = await compare(context, name, target, servers, tokens, goals[name]!);
      rows.push(row);
      if (!usesStore(name)) continue;
      const ownTokens = await mintReferenceTokens(onRedis.server, 8);
      await runLoad({ ...target(onRedis.server, ownTokens), connections: 4, durationSeconds: 1 });
      const load = { connections: context.connections, durationSeconds: seconds };
      rows.push(
        await againstStoreReference(row, onRedis, (server) => runLoad({ ...target(server, ownTokens), ...load })),
      );
    }
  }
  if (wants('endpoints') && wantsScenario('refresh')) {
    log('refresh');
    const refresh = async (server: typeof chiakhoa, refreshTokens: string[]) =>
      runFlows({
        kind: 'refresh',
        baseUrl: server.baseUrl,
        issuer: server.issuer,
        users: refreshTokens.length,
        durationSeconds: seconds,
        clientId: BENCH_CLIENTS.secret.client_id,
        clientSecret: setup.clientSecret,
        redirectUri: REDIRECT_URI,
        refreshTokens,
      });
    const referenceTokens = (await mintReferenceTokens(reference, 8)).refreshTokens;
    const measured = await measureBoth(context, servers, (server, which) =>
      refresh(server, which === 'chiakhoa' ? tokens.chiakhoa.refreshTokens : referenceTokens),
    );
    const { chiakhoa: mine, reference: theirs } = measured;
    const ratio = mine.rps / theirs.rps;
    rows.push({
      scenario: 'refresh (rotation, 8 chains)',
      chiakhoa: mine,
      reference: { label: 'bare oidc-provider', ...theirs },
      ratio,
      goal: `≥ 0.7${ratio >= 0.7 ? ' ✓' : ' ✗'}`,
      cpu: measured.cpu,
    });
    const onRedisTokens = (await mintReferenceTokens(onRedis.server, 8)).refreshTokens;
    rows.push(await againstStoreReference(rows.at(-1)!, onRedis, (server) => refresh(server, onRedisTokens)));
  }
  await reference.stop();
  await onRedis.server.stop();

  if (wants('signin')) {
    log('sign-ins, isolation');
    const findings = await benchSignIns(context, chiakhoa, env.redis.url, env.citizens);
    const cpu = findings.cpuPerSignInMs;
    const ms = (value: number) => value.toFixed(1);
    rows.push(...findings.rows);
    notes.push(
      `Redis memory per completed sign-in: ${Math.round(findings.redisBytesPerSignIn)} bytes, ` +
        `${findings.redisKeysPerSignIn.toFixed(1)} keys (session, interaction, code, access token and their indexes, while their TTLs run).`,
      `Per-core sign-in capacity: ${(findings.rows[0]!.chiakhoa.rps / availableParallelism()).toFixed(1)} full sign-ins/s per core ` +
        `(raw argon2id: ${(findings.argon2VerifiesPerSecond / findings.argon2Threads).toFixed(1)} verifies/s per thread).`,
      `CPU per sign-in: chiakhoa ${ms(cpu.chiakhoa)} ms (its hashing threads included; one raw argon2id verify takes ${ms(cpu.argon2Verify)} ms), ` +
        `Redis and PostgreSQL ${ms(cpu.stores)} ms, the load generator ${ms(cpu.loadGenerator)} ms.`,
    );
  }

  if (wants('capacity')) {
    const token = all['token: client_credentials, private_key_jwt']!;
    log('overload');
    const peak = await runLoad({ ...token(chiakhoa, tokens.chiakhoa), connections: 16, durationSeconds: seconds });
    const flood = await runLoad({ ...token(chiakhoa, tokens.chiakhoa), connections: 64, durationSeconds: seconds });
    const held = flood.rps / peak.rps;
    const ok = held >= 0.9 && flood.max <= 2000;
    rows.push({
      scenario: 'overload: token endpoint at 4× the peak connections (64 vs 16)',
      chiakhoa: flood,
      reference: { label: 'same, at the peak (16)', ...peak },
      ratio: held,
      goal: `≥ 0.9, max wait ${Math.round(flood.max)} ms ≤ 2000${ok ? ' ✓' : ' ✗'}`,
    });
    log('scaling out');
    const second = await startChiakhoa(env.chiakhoaEnv);
    const [a, b] = await Promise.all(
      [chiakhoa, second].map((server) =>
        runLoad({ ...token(server, tokens.chiakhoa), connections: 8, durationSeconds: seconds }),
      ),
    );
    await second.stop();
    const both = {
      ...a!,
      rps: a!.rps + b!.rps,
      ok: a!.ok + b!.ok,
      shed: a!.shed + b!.shed,
      failed: a!.failed + b!.failed,
      p99: Math.max(a!.p99, b!.p99),
      p50: (a!.p50 + b!.p50) / 2,
    };
    rows.push({
      scenario: 'scaling: 2 processes (one Redis, one PostgreSQL) vs 1, token endpoint',
      chiakhoa: both,
      reference: { label: '1 process', ...peak },
      ratio: both.rps / peak.rps,
      note: `${availableParallelism()} cores shared with the load generators`,
    });
  }
  await chiakhoa.stop();

  if (wants('registry')) {
    log(`registry: ${citizenRows.toLocaleString('en-US')} citizens`);
    const registry = await benchRegistry(env.databaseUrl, citizenRows, env.passwordHash);
    notes.push(
      `Registry: ${registry.citizens.toLocaleString('en-US')} citizens imported with COPY at ${Math.round(registry.importRowsPerSecond).toLocaleString('en-US')} rows/s; ` +
        `lookup by identification number p50 ${registry.citizenLookup.p50.toFixed(2)} ms, p99 ${registry.citizenLookup.p99.toFixed(2)} ms (16 concurrent).`,
      `Organizations: ${registry.organizations.toLocaleString('en-US')} imported at ${Math.round(registry.organizationImportRowsPerSecond).toLocaleString('en-US')} rows/s; ` +
        `lookup by code p50 ${registry.organizationLookup.p50.toFixed(2)} ms, p99 ${registry.organizationLookup.p99.toFixed(2)} ms.`,
    );
  }
} finally {
  await referenceRedis?.kill();
  await env.close();
}

process.stdout.write(`\n${table(rows)}\n\n${notes.map((note) => `- ${note}`).join('\n')}\n`);
// The load average says whether the machine was shared while it ran (it skews every figure).
process.stdout.write(
  `\n(${availableParallelism()} cores, ${seconds} s per measurement, run took ${Math.round((Date.now() - started) / 1000)} s, ` +
    `load average ${loadBefore.toFixed(1)} before and ${loadavg()[0]!.toFixed(1)} after)\n`,
);
process.exit(0);
