// Taking instances down on purpose: a graceful shutdown under load (in-flight requests finish,
// new ones get 503, the process exits 0), the drain before it (readiness fails, pooled
// connections are told to close, no portal behind a balancer sees a reset), and a rolling
// restart of two instances behind a balancer that also rotates the signing key, with zero
// failures at the portals.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateJwks } from '../../src/oidc/keys.ts';
import { obtainCode } from '../helpers/code-flow.ts';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';
import { Balancer } from './helpers/balancer.ts';
import { sleep, spawnServer, startFaultApp, waitForProgress } from './helpers/harness.ts';
import { freshGet, Prober } from './helpers/prober.ts';
import { ReadinessRouter } from './helpers/readiness-router.ts';
import { Workload } from './helpers/workload.ts';

const shared = {
  COOKIE_KEYS: randomBytes(32).toString('base64url'),
  PAIRWISE_SALT: randomBytes(32).toString('base64url'),
  FACTOR_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
};

describe('graceful shutdown under load', () => {
  it('finishes in-flight requests, answers new ones 503, and exits 0', async () => {
    const seeder = await startFaultApp();
    await seeder.app.close();
    // The close itself, without the drain before it (next test).
    const server = await spawnServer({ SHUTDOWN_DRAIN_MS: '0' });
    const target = { ...seeder.target, baseUrl: server.baseUrl, issuer: server.issuer };
    await obtainCode({ ...target, ...target.citizens[0]! }); // warm: the first sign-in is slow

    // In flight when the signal arrives: token requests with a wrong secret, each an argon2
    // verification (never remembered), so 16 of them queue on the hashing pool for a while.
    const wrongSecret = `Basic ${Buffer.from(`${target.clientId}:not-the-secret`).toString('base64')}`;
    const inFlight = Array.from({ length: 16 }, () =>
      fetch(`${target.issuer}/token`, {
        method: 'POST',
        headers: { authorization: wrongSecret, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      }).then(
        (response) => String(response.status),
        (error: unknown) => String((error as { cause?: { code?: string } }).cause?.code ?? error),
      ),
    );
    await sleep(150);
    server.signal('SIGTERM');
    await sleep(10);
    // A new client on a new connection. fetch would reuse an idle keep-alive connection of the
    // warm-up, which the closing server drops: a reset no server can avoid (the client wrote as
    // the server closed), and not what this asks about. A new connection can be reset too: one
    // the kernel took into the listener's queue just before the listener closed is reset with
    // it, before the process ever sees it (seen once in CI). Only a balancer that has stopped
    // sending here avoids that: the drain test below asserts no reset through one.
    const afterSignal = await freshGet(`${target.issuer}/.well-known/openid-configuration`);
    const outcomes = await Promise.all(inFlight);
    expect(await server.exited).toBe(0);
    // Every request under way when the signal came was answered in full (401: wrong secret);
    // one not yet accepted may see 503 or a refused connection, never a reset.
    for (const outcome of outcomes) expect(outcome).toMatch(/^(401|503|ECONNREFUSED)$/);
    expect(outcomes.filter((outcome) => outcome === '401').length).toBeGreaterThanOrEqual(12);
    // Never a hang or a 500: served, refused by the closing server, or not accepted at all.
    expect(afterSignal).toMatch(/^(200|503|ECONNREFUSED|ECONNRESET)$/);
  });
});

describe('the drain before the close', () => {
  it('fails readiness and retires pooled connections while serving, so the close resets nothing', async () => {
    const server = await spawnServer({ SHUTDOWN_DRAIN_MS: '1500' });
    // The rest of the fleet: where the balancer sends new connections once the instance is out.
    const fleet = createServer((_request, response) => response.end('{}'));
    await new Promise<void>((resolve) => fleet.listen(0, '127.0.0.1', resolve));
    const port = Number(new URL(server.baseUrl).port);
    const readyUrl = `${server.baseUrl}/health/ready`;
    // Probed every 250 ms, out after 3 failures: well within the 1.5 s drain (README).
    const router = new ReadinessRouter(
      {
        instance: { port, readyUrl },
        elsewherePort: (fleet.address() as AddressInfo).port,
        probeEveryMs: 250,
        failuresBeforeOut: 3,
      },
      4,
    );
    // Portals sending cheap requests back to back on pooled connections, through the signal
    // until the process exits; apart from the balancer, an observer of readiness every 50 ms.
    const portals = new Prober(`${server.issuer}/.well-known/openid-configuration`, { agent: router.agent, loops: 4 });
    const readiness = new Prober(readyUrl, { agent: false, pauseMs: 50 });
    await sleep(300);
    const signalledAt = performance.now();
    server.signal('SIGTERM');
    await sleep(200);
    server.signal('SIGTERM'); // an impatient orchestrator: the drain goes on all the same
    const exitCode = await server.exited;
    await Promise.all([portals.stop(), readiness.stop()]);
    await router.stop();
    await new Promise((resolve) => fleet.close(resolve));
    const statuses = (outcomes: { status: string }[]) => [...new Set(outcomes.map((outcome) => outcome.status))];

    expect(exitCode).toBe(0);
    // No portal saw a reset or a refusal: every request was answered, by the instance or the fleet.
    expect(statuses(portals.outcomes)).toEqual(['200']);
    // Before the signal the pool kept its connections to the instance, as a portal's does.
    const before = portals.outcomes.filter((outcome) => outcome.sentAt < signalledAt);
    expect(before.filter((outcome) => outcome.reused && outcome.port === port).length).toBeGreaterThan(10);
    // Readiness said no as soon as the drain began, and never yes again. (The observer connects
    // anew each time, so one attempt at the very moment the listener closes may be reset.)
    const drainedAt = readiness.outcomes.find((outcome) => outcome.body.includes('shutting_down'))?.sentAt;
    expect(drainedAt, JSON.stringify(statuses(readiness.outcomes))).toBeDefined();
    expect(drainedAt! - signalledAt).toBeLessThan(500);
    const unready = readiness.outcomes.filter((outcome) => outcome.sentAt >= drainedAt!);
    expect(unready.filter((outcome) => outcome.status === '200')).toEqual([]);
    const lastDraining = unready.filter((outcome) => outcome.body.includes('shutting_down')).at(-1)!;
    expect(lastDraining.sentAt - signalledAt).toBeGreaterThan(1000);
    // Until the balancer took it out, the instance served, each answer telling its client to
    // close the connection; then the portals' new connections went to the fleet.
    const draining = portals.outcomes.filter((outcome) => outcome.sentAt > drainedAt! && outcome.port === port);
    expect(draining.length).toBeGreaterThan(20);
    expect(draining.filter((outcome) => outcome.connection !== 'close')).toEqual([]);
    expect(portals.outcomes.filter((outcome) => outcome.port !== port).length).toBeGreaterThan(20);
  });
});

describe('rolling restart and signing-key rotation behind a balancer', () => {
  it('keeps every portal working while both instances restart twice and the key rotates', async () => {
    const balancer = new Balancer();
    const lbUrl = await balancer.listen();
    const issuer = `${lbUrl}/oidc`;
    const [oldKeys, newKeys] = [await generateJwks(), await generateJwks()];
    const start = (keys: typeof oldKeys) =>
      startTestApp({ env: { ...shared, ISSUER: issuer, KEYS_JWKS: JSON.stringify(keys) } });
    const instances: RunningApp[] = [await start(oldKeys), await start(oldKeys)];
    for (const instance of instances) balancer.add(instance.baseUrl);

    const seeded = await startFaultApp({ ...shared, ISSUER: issuer, KEYS_JWKS: JSON.stringify(oldKeys) });
    await seeded.app.close();
    const target = { ...seeded.target, baseUrl: lbUrl, issuer };
    // A portal's JWKS cache: refetched on an unknown kid, and at most 2 s old.
    const jwks = createRemoteJWKSet(new URL(`${issuer}/jwks`), { cacheMaxAge: 2000, cooldownDuration: 500 });
    const kids = new Set<string>();
    const workload = new Workload(
      () => target,
      async (idToken) => {
        const { protectedHeader } = await jwtVerify(idToken, jwks, { issuer, audience: target.clientId });
        kids.add(protectedHeader.kid!);
      },
    );
    workload.start(3);
    try {
      await waitForProgress(workload.ledger, 'refresh', 3);
      const roll = async (keys: typeof oldKeys) => {
        for (let index = 0; index < instances.length; index += 1) {
          // As an orchestrator does: stop routing to it, let requests already sent arrive
          // (a preStop delay), then close it: in-flight requests finish.
          balancer.drain(instances[index]!.baseUrl);
          await sleep(200);
          await instances[index]!.close();
          instances[index] = await start(keys);
          balancer.add(instances[index]!.baseUrl);
          await waitForProgress(workload.ledger, 'code-exchange', 2);
        }
      };
      // keys/README.md: publish the new key first, let caches see it, then sign with it.
      await roll({ keys: [...oldKeys.keys, ...newKeys.keys] });
      await sleep(2500);
      await roll({ keys: [...newKeys.keys, ...oldKeys.keys] });
      await waitForProgress(workload.ledger, 'refresh', 3);
      await workload.stop();
      expect(
        workload.ledger.entries.filter((entry) => entry.outcome !== 'ok'),
        workload.ledger.summary(),
      ).toEqual([]);
      expect(await workload.verifyChains()).toEqual([]);
    } finally {
      await workload.stop();
      for (const instance of instances) await instance.close();
      await balancer.close();
    }
    const newEs256 = newKeys.keys.find((key) => key.alg === 'ES256')!.kid!;
    expect(kids).toContain(newEs256);
  });
});
