// The adapter contract (test/helpers/adapter-contract.ts) against every storage we ship, and
// the Redis key hygiene the contract cannot see.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { and, eq, or, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, openPostgres } from '../../src/db/database.ts';
import { oidcRecords } from '../../src/db/schema.ts';
import { tokenDigest } from '../../src/modules/secrets/token-digest.ts';
import { createLocalCacheChanges } from '../../src/modules/cache/cache-changes.ts';
import { createRecordCache } from '../../src/modules/cache/record-cache.ts';
import { cachedGrants, grantExpiresAt } from '../../src/oidc/adapters/cached-grants.ts';
import { PostgresAdapter } from '../../src/oidc/adapters/postgres-adapter.ts';
import { createMemoryStore } from '../../src/oidc/adapters/memory-store.ts';
import { createRedisStore } from '../../src/oidc/adapters/redis-store.ts';
import { StateAdapter } from '../../src/oidc/adapters/state-adapter.ts';
import { adapterContract, noRevoke, postgresBackend, stateBackend } from '../helpers/adapter-contract.ts';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/env.ts';

adapterContract('StateAdapter over the in-process store', async () => stateBackend(createMemoryStore()));
adapterContract('StateAdapter over Redis', async () => stateBackend(createRedisStore(new Redis(TEST_REDIS_URL))));
// The global setup has migrated the test database.
adapterContract('PostgresAdapter on Postgres', async () => postgresBackend(await openPostgres(TEST_DATABASE_URL)));
adapterContract('PostgresAdapter on PGlite', async () => {
  const database = await openPglite(undefined);
  await database.migrate();
  return postgresBackend(database);
});

describe('Redis keys', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(() => redis?.disconnect());

  it.each([
    ['with a lifetime', 600],
    ['without a lifetime', undefined],
  ] as const)('gives every key it writes a TTL (%s)', async (_label, expiresIn) => {
    const store = createRedisStore(redis);
    const [sessionId, uid, codeId, grantId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const userCode = randomUUID().slice(0, 8);
    await new StateAdapter('Session', store, noRevoke).upsert(sessionId, { jti: sessionId, uid }, expiresIn);
    await new StateAdapter('DeviceCode', store, noRevoke).upsert(codeId, { jti: codeId, userCode, grantId }, expiresIn);

    const keys = [
      `oidc:Session:${tokenDigest(sessionId)}`,
      `oidc:sessionUid:${uid}`,
      `oidc:DeviceCode:${codeId}`,
      `oidc:userCode:${userCode}`,
      `oidc:grant:DeviceCode:${grantId}`,
    ].map((key) => `chiakhoa:${key}`);
    for (const key of keys) {
      const ttl = await redis.ttl(key);
      expect(ttl, key).toBeGreaterThan(0);
      if (expiresIn) expect(ttl, key).toBeLessThanOrEqual(expiresIn);
    }
  });
});

// Refresh and registration tokens are bearer credentials kept in PostgreSQL, which is backed up:
// the rows must hold nothing a thief could present (src/oidc/adapters/postgres-adapter.ts).
describe('tokens at rest in PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof openPostgres>>;
  beforeAll(async () => {
    database = await openPostgres(TEST_DATABASE_URL);
  });
  afterAll(() => database?.close());

  const rowsHolding = async (token: string) =>
    database.db
      .select()
      .from(oidcRecords)
      .where(or(eq(oidcRecords.id, token), sql`${oidcRecords.payload}::text like ${`%${token}%`}`));

  it.each(['RefreshToken', 'InitialAccessToken', 'RegistrationAccessToken'])(
    'keeps a %s only as its digest, and finds, consumes and destroys it by the token',
    async (model) => {
      const adapter = new PostgresAdapter(model, database.db, noRevoke);
      const token = randomBytes(32).toString('base64url');
      const grantId = randomUUID();
      await adapter.upsert(token, { jti: token, kind: model, grantId, accountId: 'acc-9', exp: 2_000_000_000 }, 600);

      expect(await rowsHolding(token)).toEqual([]);
      const [row] = await database.db
        .select()
        .from(oidcRecords)
        .where(and(eq(oidcRecords.model, model), eq(oidcRecords.id, tokenDigest(token))));
      expect(row?.payload).toMatchObject({ kind: model, grantId });
      expect(row?.payload).not.toHaveProperty('jti');

      expect(await adapter.find(token)).toMatchObject({ jti: token, kind: model, grantId });
      expect(await adapter.find(tokenDigest(token))).toBeUndefined(); // the digest is no token
      await adapter.consume(token);
      expect(await adapter.find(token)).toMatchObject({ jti: token, consumed: expect.any(Number) });
      await adapter.destroy(token);
      expect(await adapter.find(token)).toBeUndefined();
    },
  );

  it('keeps a grant under its own id: it is no credential', async () => {
    const grantId = randomUUID();
    await new PostgresAdapter('Grant', database.db, noRevoke).upsert(grantId, { jti: grantId, accountId: 'a' }, 600);
    const [row] = await database.db
      .select()
      .from(oidcRecords)
      .where(and(eq(oidcRecords.model, 'Grant'), eq(oidcRecords.id, grantId)));
    expect(row?.payload).toMatchObject({ jti: grantId });
  });

  it.each([
    ['Postgres', async () => openPostgres(TEST_DATABASE_URL)],
    [
      'PGlite',
      async () => {
        const embedded = await openPglite(undefined);
        await embedded.migrate();
        return embedded;
      },
    ],
  ])(
    'rewrites tokens stored before the digests (migration 0007) on %s, which then keep working',
    async (_name, open) => {
      const target = await open();
      try {
        const token = randomBytes(32).toString('base64url');
        await target.db.insert(oidcRecords).values({
          model: 'RefreshToken',
          id: token,
          payload: { jti: token, kind: 'RefreshToken', accountId: 'acc-legacy' },
          expiresAt: new Date(Date.now() + 600_000),
        });
        const migration = readFileSync(new URL('../../drizzle/0007_token-digests.sql', import.meta.url), 'utf8');
        await target.db.execute(sql.raw(migration));
        await target.db.execute(sql.raw(migration)); // a second run changes nothing

        const holding = await target.db
          .select()
          .from(oidcRecords)
          .where(or(eq(oidcRecords.id, token), sql`${oidcRecords.payload}::text like ${`%${token}%`}`));
        expect(holding).toEqual([]);
        expect(await new PostgresAdapter('RefreshToken', target.db, noRevoke).find(token)).toMatchObject({
          jti: token,
          accountId: 'acc-legacy',
        });
      } finally {
        await target.close();
      }
    },
  );
});

// Grants through the per-process cache (cached-grants.ts) behave as the PostgreSQL adapter does
// for everything oidc-provider does with them, while a second read is served from memory.
describe('cached grants over PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof openPostgres>>;
  beforeAll(async () => {
    database = await openPostgres(TEST_DATABASE_URL);
  });
  afterAll(() => database?.close());

  function grants() {
    const cache = createRecordCache<string>({ ttlMs: 60_000, expiresAt: grantExpiresAt });
    const inner = new PostgresAdapter('Grant', database.db, noRevoke);
    let reads = 0;
    const find = inner.find.bind(inner);
    inner.find = (id) => {
      reads += 1;
      return find(id);
    };
    const adapter = cachedGrants(inner, cache, createLocalCacheChanges({ grant: cache }));
    return { adapter, reads: () => reads };
  }

  it('reads once, sees its own writes and destruction, and hands out copies', async () => {
    const { adapter, reads } = grants();
    const id = randomUUID();
    const exp = Math.floor(Date.now() / 1000) + 600;
    const payload = {
      jti: id,
      kind: 'Grant',
      accountId: 'acc-g',
      clientId: 'portal',
      openid: { scope: 'openid' },
      exp,
    };
    await adapter.upsert(id, payload, 600);
    const found = await adapter.find(id);
    expect(found).toEqual(payload);
    (found as { openid: { scope: string } }).openid.scope = 'changed by a reader';
    expect(await adapter.find(id)).toEqual(payload);
    expect(reads()).toBe(1);

    await adapter.upsert(id, { ...payload, openid: { scope: 'openid profile' } }, 600);
    expect(await adapter.find(id)).toMatchObject({ openid: { scope: 'openid profile' } });
    await adapter.destroy(id);
    expect(await adapter.find(id)).toBeUndefined();
  });

  it('never serves a grant past its exp', async () => {
    const { adapter } = grants();
    const id = randomUUID();
    await adapter.upsert(id, { jti: id, kind: 'Grant', exp: Math.floor(Date.now() / 1000) + 1 }, 1);
    expect(await adapter.find(id)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await adapter.find(id)).toBeUndefined();
  });
});
