// Tokens and sessions at rest in Redis: no key, index or value holds an access token, a code,
// a client-credentials token or a session's cookie (src/oidc/adapters/state-adapter.ts), nor
// the account page's own session cookie (src/routes/account/account-session.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenDigest } from '../../src/modules/secrets/token-digest.ts';
import { createRedisStore } from '../../src/oidc/adapters/redis-store.ts';
import { citizenSessionsKey, StateAdapter } from '../../src/oidc/adapters/state-adapter.ts';
import { noRevoke } from '../helpers/adapter-contract.ts';
import { TEST_REDIS_URL } from '../helpers/env.ts';
import { enrolCitizen, registerPortal } from '../helpers/fixtures.ts';
import { BrowserlessCitizen, interactionPath } from '../helpers/sign-in-steps.ts';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';

/** Every key matching the pattern whose name or contents mention the value. */
async function keysHolding(redis: Redis, pattern: string, value: string): Promise<string[]> {
  const found: string[] = [];
  for (const key of await redis.keys(pattern)) {
    const type = await redis.type(key);
    const contents =
      type === 'hash'
        ? JSON.stringify(await redis.hgetall(key))
        : type === 'set'
          ? JSON.stringify(await redis.smembers(key))
          : type === 'string'
            ? String(await redis.get(key))
            : '';
    if (key.includes(value) || contents.includes(value)) found.push(key);
  }
  return found;
}

describe('tokens at rest in Redis', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(() => redis?.disconnect());

  it.each(['AccessToken', 'AuthorizationCode', 'ClientCredentials'])(
    'keeps a %s only as its digest, and finds, consumes and revokes it by the token',
    async (model) => {
      const prefix = `test-digest-${randomUUID()}:`;
      const adapter = new StateAdapter(model, createRedisStore(redis, prefix), noRevoke);
      const token = randomBytes(32).toString('base64url');
      const grantId = randomUUID();
      await adapter.upsert(token, { jti: token, kind: model, grantId, accountId: 'acc-9' }, 600);

      expect(await keysHolding(redis, `${prefix}*`, token)).toEqual([]);
      expect(await redis.exists(`${prefix}oidc:${model}:${tokenDigest(token)}`)).toBe(1);
      expect(await adapter.find(token)).toMatchObject({ jti: token, kind: model, grantId });
      expect(await adapter.find(tokenDigest(token))).toBeUndefined(); // the digest is no token
      await adapter.consume(token);
      expect(await adapter.find(token)).toMatchObject({ jti: token, consumed: expect.any(Number) });
      await adapter.revokeByGrantId(grantId);
      expect(await adapter.find(token)).toBeUndefined();
      expect(await redis.keys(`${prefix}*`)).toEqual([]);
    },
  );

  it("keeps a session only as its cookie's digest, found by the cookie, its uid and its citizen's index", async () => {
    const prefix = `test-digest-${randomUUID()}:`;
    const store = createRedisStore(redis, prefix);
    const sessions = new StateAdapter('Session', store, noRevoke);
    const [cookie, uid, citizenId] = [randomBytes(32).toString('base64url'), randomUUID(), randomUUID()];
    await sessions.upsert(cookie, { jti: cookie, uid, accountId: citizenId, kind: 'Session' }, 600);

    expect(await keysHolding(redis, `${prefix}*`, cookie)).toEqual([]);
    expect(await sessions.find(cookie)).toMatchObject({ jti: cookie, uid, accountId: citizenId });
    expect(await sessions.find(tokenDigest(cookie))).toBeUndefined(); // the digest is no cookie
    // By its uid or its ref, without the cookie: only the cookie's holder knows it.
    const byUid = await sessions.findByUid(uid);
    expect(byUid).toMatchObject({ uid, accountId: citizenId });
    expect(byUid).not.toHaveProperty('jti');
    const [ref] = await store.readIndex(citizenSessionsKey(citizenId));
    expect(ref).toBe(tokenDigest(cookie));
    expect(await sessions.findByRef(ref!)).toMatchObject({ uid });
    await sessions.destroyByRef(ref!);
    expect(await sessions.find(cookie)).toBeUndefined();
    expect(await sessions.findByUid(uid)).toBeUndefined();
  });

  it('still finds and destroys a session written by its raw id (before the digests)', async () => {
    const prefix = `test-digest-${randomUUID()}:`;
    const store = createRedisStore(redis, prefix);
    const cookie = randomBytes(32).toString('base64url');
    await store.putRecord(`oidc:Session:${cookie}`, JSON.stringify({ jti: cookie, uid: 'u-old' }), undefined, 600);
    await store.putPointer('oidc:sessionUid:u-old', cookie, 600);
    const sessions = new StateAdapter('Session', store, noRevoke);
    expect(await sessions.find(cookie)).toMatchObject({ uid: 'u-old' });
    expect(await sessions.findByUid('u-old')).toMatchObject({ uid: 'u-old' });
    await sessions.destroy(cookie);
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
  });

  it('moves a session written by its raw id to its digest on first use', async () => {
    const prefix = `test-digest-${randomUUID()}:`;
    const store = createRedisStore(redis, prefix);
    const [cookie, citizenId] = [randomBytes(32).toString('base64url'), randomUUID()];
    const exp = Math.floor(Date.now() / 1000) + 600;
    const old = { jti: cookie, uid: 'u-moved', accountId: citizenId, exp, kind: 'Session' };
    await store.putRecord(`oidc:Session:${cookie}`, JSON.stringify(old), undefined, 600);
    await store.putPointer('oidc:sessionUid:u-moved', cookie, 600);
    await store.addToIndex(citizenSessionsKey(citizenId), cookie, 600);
    const sessions = new StateAdapter('Session', store, noRevoke);

    expect(await sessions.find(cookie)).toMatchObject({ jti: cookie, uid: 'u-moved' });
    expect(await keysHolding(redis, `${prefix}*`, cookie)).toEqual([]);
    expect(await store.readIndex(citizenSessionsKey(citizenId))).toEqual([tokenDigest(cookie)]);
    expect(await sessions.find(cookie)).toMatchObject({ jti: cookie, uid: 'u-moved', accountId: citizenId });
    expect(await sessions.findByUid('u-moved')).toMatchObject({ accountId: citizenId });
    expect(await redis.ttl(`${prefix}oidc:Session:${tokenDigest(cookie)}`)).toBeGreaterThan(590);
  });

  it("drops an interaction's copy of its session's cookie", async () => {
    const prefix = `test-digest-${randomUUID()}:`;
    const interactions = new StateAdapter('Interaction', createRedisStore(redis, prefix), noRevoke);
    const cookie = randomBytes(32).toString('base64url');
    const session = { accountId: randomUUID(), uid: randomUUID(), cookie, amr: ['pwd'] };
    await interactions.upsert('i-1', { jti: 'i-1', kind: 'Interaction', session }, 600);
    expect(await keysHolding(redis, `${prefix}*`, cookie)).toEqual([]);
    const { cookie: _dropped, ...kept } = session;
    expect((await interactions.find('i-1'))?.session).toEqual(kept);
  });
});

describe('a signed-in citizen in Redis', () => {
  let app: RunningApp;
  let redis: Redis;
  beforeAll(async () => {
    app = await startTestApp();
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await app?.close();
  });

  it("holds the session cookie's value nowhere, while the session works", async () => {
    const { client } = await registerPortal(app, { redirectUris: [REDIRECT], scopes: ['openid'] });
    const who = await enrolCitizen(app, { accountLevel: 2 });
    const browser = new BrowserlessCitizen(app.baseUrl, REDIRECT);
    const first = await browser.authorize(app.issuer, client.clientId);
    const consent = await browser.post(`${interactionPath(first.landing)}/login`, {
      personal_id: who.personalId,
      password: who.password,
    });
    await browser.post(`${interactionPath(consent)}/confirm`);
    const cookie = /(?:^|; )_session=([^;]+)/.exec(browser.jar.header())?.[1];
    expect(cookie).toBeTruthy();

    expect(await keysHolding(redis, '*', cookie!)).toEqual([]);
    // The cookie still signs the citizen in: a second authorization needs no password.
    const second = await browser.authorize(app.issuer, client.clientId);
    expect(second.landing.url.searchParams.get('code')).toBeTruthy();
  });

  it("holds the account page's session cookie nowhere, while the account page works", async () => {
    const who = await enrolCitizen(app, { accountLevel: 2 });
    const browser = new BrowserlessCitizen(app.baseUrl, 'http://unused.invalid/');
    const login = await browser.follow(await browser.request('/account'));
    const landed = await browser.post(`${interactionPath(login)}/login`, {
      personal_id: who.personalId,
      password: who.password,
    });
    expect(landed.url.pathname).toBe('/account');
    const signed = /(?:^|; )account_session=([^;]+)/.exec(browser.jar.header())?.[1];
    const id = decodeURIComponent(signed ?? '').split('.')[0];
    expect(id).toMatch(/^[\w-]{43}$/);

    expect(await keysHolding(redis, '*', id!)).toEqual([]);
    expect(await redis.keys(`*account:session:${tokenDigest(id!)}`)).toHaveLength(1);
    const again = await browser.follow(await browser.request('/account'));
    expect(again.url.pathname).toBe('/account');
    expect(again.status).toBe(200);
  });
});
