// PostgreSQL unreachable (a TCP proxy drops every connection and refuses new ones) under a
// background workload: 503 temporarily_unavailable, never invalid_client; no token delivered
// without its audit row, even to a portal whose row the process still has in its cache;
// discovery and JWKS still served; readiness fails, then recovers with nothing lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcpProxy } from '../helpers/tcp-proxy.ts';
import {
  clientCredentialsProbe,
  refreshProbe,
  sleep,
  startFaultApp,
  timed,
  waitForProgress,
  waitUntilReady,
  type FaultApp,
} from './helpers/harness.ts';
import { Workload } from './helpers/workload.ts';

describe('PostgreSQL stopped and restarted under load', () => {
  const proxy = new TcpProxy({ host: '127.0.0.1', port: 5432 });
  let fault: FaultApp;
  let workload: Workload;
  beforeAll(async () => {
    const port = await proxy.open();
    fault = await startFaultApp({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/test` });
    workload = new Workload(() => fault.target);
    workload.start(3);
    await waitForProgress(workload.ledger, 'refresh', 3);
  });
  afterAll(async () => {
    await workload?.stop();
    await proxy.open(); // lets the app close its pool cleanly
    await fault?.app.close();
    await proxy.close();
  });

  it('answers 503 (never invalid_client), keeps discovery and JWKS, and recovers', async () => {
    // A system client whose row this process has just read: it is in the portal cache.
    const system = await fault.app.clients.registerMachine({
      name: 'Hệ thống thử nghiệm',
      tokenEndpointAuthMethod: 'client_secret_basic',
      scopes: [],
    });
    const machine = () => clientCredentialsProbe(fault.target.issuer, system.client.clientId, system.clientSecret!);
    expect((await machine()).status).toBe(200);

    await proxy.close();
    await sleep(200);
    for (let i = 0; i < 3; i += 1) {
      for (const probe of [await refreshProbe(fault.target), await machine()]) {
        // The token (client_credentials) would be minted without PostgreSQL, but not its audit row.
        expect(probe.status, probe.body).toBe(503);
        expect(probe.body).toContain('temporarily_unavailable');
        expect(probe.ms).toBeLessThan(2500);
        expect(probe.retryAfter).toMatch(/^\d+$/);
      }
    }
    for (const path of ['/.well-known/openid-configuration', '/jwks']) {
      expect((await timed(`${fault.target.issuer}${path}`)).status, path).toBe(200);
    }
    const ready = await timed(`${fault.app.baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({ checks: { postgres: 'unavailable', redis: 'ok' } });
    await sleep(1000);

    await proxy.open();
    await waitUntilReady(fault.app.baseUrl);
    await waitForProgress(workload.ledger, 'refresh', 3);
    // Stopped first: a chain refreshed by the workload and the check at once would be a replay.
    await workload.stop();
    expect((await machine()).status).toBe(200);
    const errors = workload.ledger.errors();
    expect(errors, workload.ledger.summary()).toEqual([]);
    expect(workload.ledger.entries.some((entry) => entry.detail.includes('invalid_client'))).toBe(false);
    expect(workload.ledger.count('unavailable')).toBeGreaterThan(0);
    expect(await workload.verifyChains()).toEqual([]);
  });
});
