// The same adapter contract and a whole code flow against a real 3-master Redis Cluster: every
// store operation touches one key, so nothing crosses a slot (a CROSSSLOT reply would fail).
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCacheChanges } from '../../src/modules/cache/cache-changes.ts';
import { createRedisStore } from '../../src/oidc/adapters/redis-store.ts';
import { connectRedis } from '../../src/redis/connection.ts';
import { adapterContract, stateBackend } from '../helpers/adapter-contract.ts';
import { obtainCode } from '../helpers/code-flow.ts';
import { enrolCitizen, registerPortal } from '../helpers/fixtures.ts';
import { RedisCluster } from '../helpers/redis-cluster.ts';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

let cluster: RedisCluster;
beforeAll(async () => {
  cluster = await RedisCluster.start();
});
afterAll(() => cluster?.stop());

const silent = { warn() {}, info() {} } as unknown as Parameters<typeof connectRedis>[1];

adapterContract('StateAdapter over a Redis Cluster', async () =>
  stateBackend(createRedisStore(await connectRedis({ clusterNodes: cluster.nodes }, silent))),
);

describe('chiakhoa on a Redis Cluster', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.nodes.join(',') } });
  });
  afterAll(() => app?.close());

  it('spreads its keys over the masters', async () => {
    const { personalId, password } = await enrolCitizen(app);
    const { client } = await registerPortal(app);
    await obtainCode({
      baseUrl: app.baseUrl,
      issuer: app.issuer,
      clientId: client.clientId,
      redirectUri: 'http://127.0.0.1:9/callback',
      personalId,
      password,
    });
    const redis = app.infrastructure.redis;
    expect(redis && 'nodes' in redis).toBe(true);
    const counts = await Promise.all((redis as Cluster).nodes('master').map((node) => node.dbsize()));
    expect(counts).toHaveLength(3);
    expect(counts.filter((count) => count > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('runs a whole sign-in, code exchange, refresh and userinfo', async () => {
    const { personalId, password } = await enrolCitizen(app);
    const { client, clientSecret } = await registerPortal(app);
    const redirectUri = 'http://127.0.0.1:9/callback';
    const { code, codeVerifier } = await obtainCode({
      baseUrl: app.baseUrl,
      issuer: app.issuer,
      clientId: client.clientId,
      redirectUri,
      personalId,
      password,
      scope: 'openid profile offline_access',
      params: { prompt: 'consent' },
    });
    const token = async (fields: Record<string, string>) => {
      const response = await fetch(`${app.issuer}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${client.clientId}:${clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(fields).toString(),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { access_token: string; refresh_token?: string };
    };
    const issued = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    });
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: issued.refresh_token! });
    const userinfo = await fetch(`${app.issuer}/me`, {
      headers: { authorization: `Bearer ${refreshed.access_token}` },
    });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toMatchObject({ sub: expect.any(String) });
  });
});

describe('cache-change announcements on a Redis Cluster', () => {
  it('subscribes, then delivers an announcement made through another connection', async () => {
    const publisher = await connectRedis({ clusterNodes: cluster.nodes }, silent);
    const listener = await connectRedis({ clusterNodes: cluster.nodes }, silent);
    const trusted: boolean[] = [];
    const invalidated: string[] = [];
    const changes = await createRedisCacheChanges(
      listener,
      'test:cache-changes',
      { grant: { invalidate: (id) => invalidated.push(id ?? '*'), setTrusted: (value) => trusted.push(value) } },
      silent,
    );
    try {
      await expect.poll(() => trusted.at(-1)).toBe(true);
      const other = await createRedisCacheChanges(publisher, 'test:cache-changes', {}, silent);
      await other.announce('grant', 'grant-on-cluster');
      await other.close();
      await expect.poll(() => invalidated).toContain('grant-on-cluster');
    } finally {
      await changes.close();
      publisher.disconnect();
      listener.disconnect();
    }
  });
});
