// The same adapter contract and a whole code flow against a real 3-master Redis Cluster: every
// store operation touches one key, so nothing crosses a slot (a CROSSSLOT reply would fail).
// Cache-change announcements too, and their subscription when it loses its node connection.
import { randomBytes } from 'node:crypto';
import { Redis, type Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCacheChanges, type Caches } from '../../src/modules/cache/cache-changes.ts';
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

/** A grant cache that only records what the subscription tells it. */
function recordingCaches() {
  const state = { trusted: [] as boolean[], invalidated: [] as string[] };
  const caches: Caches = {
    grant: { invalidate: (id) => state.invalidated.push(id ?? '*'), setTrusted: (value) => state.trusted.push(value) },
  };
  return { caches, state };
}

/** A plain connection to each node of the cluster, in the order of its ports. */
function nodeClients(of: RedisCluster): Redis[] {
  return of.ports.map((port) => {
    const client = new Redis({
      host: '127.0.0.1',
      port,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      // A frozen node must not hang the test's questions.
      commandTimeout: 500,
    });
    client.on('error', () => undefined);
    return client;
  });
}

/** The ports of the nodes where someone listens on the channel (PUBSUB NUMSUB counts its own node's only). */
async function listeningOn(of: RedisCluster, clients: Redis[], channel: string): Promise<number[]> {
  const counts = await Promise.all(
    clients.map(async (client) => {
      // A killed or frozen node counts no one.
      const answer = await client.pubsub('NUMSUB', channel).catch(() => [channel, 0]);
      return Number(answer[1]);
    }),
  );
  return of.ports.filter((_, index) => counts[index]! > 0);
}

async function theOneListening(of: RedisCluster, clients: Redis[], channel: string): Promise<number> {
  let ports: number[] = [];
  await expect.poll(async () => (ports = await listeningOn(of, clients, channel)), { timeout: 5000 }).toHaveLength(1);
  return ports[0]!;
}

/**
 * chiakhoa's cache-change subscription on a cluster, once it trusts its caches, with a plain
 * client per node and a record of what the caches were told.
 */
async function subscribedOn(of: RedisCluster, heartbeatMs: number) {
  const listener = await connectRedis({ clusterNodes: of.nodes }, silent);
  const nodes = nodeClients(of);
  const channel = `test:cache-changes:${randomBytes(6).toString('hex')}`;
  const { caches, state } = recordingCaches();
  const changes = await createRedisCacheChanges(listener, channel, caches, silent, { heartbeatMs });
  const close = async () => {
    await changes.close();
    listener.disconnect();
    for (const node of nodes) node.disconnect();
  };
  try {
    await expect.poll(() => state.trusted.at(-1), { timeout: 5000 }).toBe(true);
  } catch (error) {
    await close();
    throw error;
  }
  return { nodes, channel, state, close, listening: () => theOneListening(of, nodes, channel) };
}

describe('cache-change subscription on a Redis Cluster that loses its connection', () => {
  // ioredis's Cluster client in subscriber mode replaced its connection silently when it was
  // closed under it (the node still up and in the pool, so no '-node'): an announcement
  // published in that gap was lost while every cache stayed trusted, unless the gap happened to
  // swallow a heartbeat. Heartbeats here are a minute apart so that they cannot be what notices.
  it('distrusts every cache when its connection is closed, and trusts again once re-subscribed', async () => {
    const { nodes, channel, state, close, listening } = await subscribedOn(cluster, 60_000);
    try {
      const port = await listening();
      const since = state.trusted.length;
      const index = cluster.ports.indexOf(port);
      await nodes[index]!.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
      // Through another node while the subscriber is away: PUBLISH reaches every node.
      await nodes[(index + 1) % nodes.length]!.publish(channel, 'grant grant-in-the-gap');
      await expect.poll(() => state.trusted.slice(since), { timeout: 5000 }).toEqual([false, true]);

      await listening();
      await nodes[(index + 2) % nodes.length]!.publish(channel, 'grant grant-after');
      await expect.poll(() => state.invalidated, { timeout: 3000 }).toContain('grant-after');
    } finally {
      await close();
    }
  });

  it('leaves a node that stops answering for the next one, and trusts again once subscribed there', async () => {
    const { nodes, channel, state, close, listening } = await subscribedOn(cluster, 200);
    let frozen: number | undefined;
    try {
      frozen = await listening();
      const since = state.trusted.length;
      // The connection stays open and says nothing: only the heartbeat notices, and
      // reconnecting to that node would not help.
      cluster.freeze(frozen);
      await expect.poll(() => state.trusted.slice(since).at(0), { timeout: 3000 }).toBe(false);
      await expect.poll(() => state.trusted.at(-1), { timeout: 10_000 }).toBe(true);
      const now = await listening();
      expect(now).not.toBe(frozen);
      await nodes[cluster.ports.indexOf(now)]!.publish(channel, 'grant grant-elsewhere');
      await expect.poll(() => state.invalidated, { timeout: 3000 }).toContain('grant-elsewhere');
    } finally {
      if (frozen !== undefined) cluster.freeze(frozen, false);
      await close();
    }
  });

  describe('when its node is killed', () => {
    // A cluster of its own: with no replicas, a master killed leaves its slots uncovered.
    let doomed: RedisCluster;
    beforeAll(async () => {
      doomed = await RedisCluster.start();
    });
    afterAll(() => doomed?.stop());

    it('moves to another node of the cluster, and trusts again once subscribed there', async () => {
      // Heartbeats go out through the cluster client, to any node, the dead one included.
      const { nodes, channel, state, close, listening } = await subscribedOn(doomed, 200);
      try {
        const port = await listening();
        const since = state.trusted.length;
        await doomed.kill(port);
        await expect.poll(() => state.trusted.slice(since).at(0), { timeout: 3000 }).toBe(false);
        await expect.poll(() => state.trusted.at(-1), { timeout: 10_000 }).toBe(true);

        const now = await listening();
        expect(now).not.toBe(port);
        const alive = nodes[doomed.ports.findIndex((other) => other !== port && other !== now)]!;
        await alive.publish(channel, 'grant grant-after-the-move');
        await expect.poll(() => state.invalidated, { timeout: 3000 }).toContain('grant-after-the-move');
      } finally {
        await close();
      }
    });
  });
});
