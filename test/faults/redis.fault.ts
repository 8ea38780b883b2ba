// Redis killed mid-login and restarted, frozen and resumed, flushed — under a background
// workload. While it is down: 503 within a second, never a hang or a 500. After: sign-ins work
// again, and consents and refresh tokens (PostgreSQL) were never lost.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisInstance } from '../helpers/redis-instance.ts';
import {
  sleep,
  startFaultApp,
  timed,
  tokenProbe,
  waitForProgress,
  waitUntilReady,
  type FaultApp,
} from './helpers/harness.ts';
import { Workload } from './helpers/workload.ts';

describe('Redis faults under load', () => {
  let redis: RedisInstance;
  let fault: FaultApp;
  let workload: Workload;
  beforeAll(async () => {
    redis = await RedisInstance.start();
    fault = await startFaultApp({ REDIS_URL: redis.url });
    workload = new Workload(() => fault.target);
    workload.start(3);
    await waitForProgress(workload.ledger, 'refresh', 3);
  });
  afterAll(async () => {
    await workload?.stop();
    await fault?.app.close();
    await redis?.kill();
  });

  async function expectDownButHonest(withinMs: number) {
    const probe = await tokenProbe(fault.target);
    expect(probe.status, probe.body).toBe(503);
    expect(probe.ms).toBeLessThan(withinMs);
    expect(probe.retryAfter).toMatch(/^\d+$/);
    for (const path of ['/.well-known/openid-configuration', '/jwks']) {
      expect((await timed(`${fault.target.issuer}${path}`)).status, path).toBe(200);
    }
    expect((await timed(`${fault.app.baseUrl}/health/ready`)).status).toBe(503);
  }

  async function expectRecoveredWithNothingLost() {
    await waitUntilReady(fault.app.baseUrl);
    await waitForProgress(workload.ledger, 'refresh', 3);
    // Stopped first: a chain refreshed by the workload and the check at once would be a replay.
    await workload.stop();
    expect(workload.ledger.errors(), workload.ledger.summary()).toEqual([]);
    expect(workload.ledger.count('refused')).toBe(0);
    expect(await workload.verifyChains()).toEqual([]);
    workload.start(3);
  }

  it('is killed mid-login and restarted', async () => {
    await redis.kill();
    await sleep(200);
    await expectDownButHonest(1000);
    await sleep(1000); // the workload keeps trying while it is down
    await redis.restart();
    await expectRecoveredWithNothingLost();
    expect(workload.ledger.count('unavailable')).toBeGreaterThan(0);
  });

  it('is frozen (SIGSTOP) and resumed', async () => {
    redis.signal('SIGSTOP');
    try {
      await sleep(200);
      await expectDownButHonest(1500);
      await sleep(1000);
    } finally {
      redis.signal('SIGCONT');
    }
    await expectRecoveredWithNothingLost();
  });

  it('is flushed: sessions and live access tokens end, consents and refresh tokens do not', async () => {
    const client = new Redis(redis.url);
    try {
      await client.flushall();
    } finally {
      client.disconnect();
    }
    await expectRecoveredWithNothingLost();
  });
});
