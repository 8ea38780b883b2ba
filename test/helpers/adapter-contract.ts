// One contract for oidc-provider's adapter interface, run against every storage we ship (the
// state adapter over the in-process store, Redis and Redis Cluster; the Postgres adapter on a
// real server and on PGlite). Ids are random per test, so shared servers need no cleanup.
import { randomUUID } from 'node:crypto';
import type { Adapter } from 'oidc-provider';
import { errors } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { PostgresAdapter } from '../../src/oidc/adapters/postgres-adapter.ts';
import { StateAdapter, type RevokeGrant } from '../../src/oidc/adapters/state-adapter.ts';
import type { StateStore } from '../../src/oidc/adapters/state-store.ts';

export interface Backend {
  adapter(model: string, revokeGrant: RevokeGrant): Adapter;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const noRevoke: RevokeGrant = async () => {};

export function adapterContract(name: string, open: () => Promise<Backend>) {
  describe(`adapter contract: ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await open();
    });
    afterAll(() => backend?.close());
    const adapter = (model: string, revokeGrant: RevokeGrant = noRevoke) => backend.adapter(model, revokeGrant);

    it('finds what it upserted, and nothing for an unknown id', async () => {
      const tokens = adapter('AccessToken');
      const id = randomUUID();
      const payload = { jti: id, kind: 'AccessToken', accountId: 'acc-1', scope: 'openid', exp: 2_000_000_000 };
      await tokens.upsert(id, payload, 600);
      expect(await tokens.find(id)).toEqual(payload);
      await tokens.upsert(id, { ...payload, scope: 'openid profile' }, 600);
      expect((await tokens.find(id))?.scope).toBe('openid profile');
      expect(await tokens.find(randomUUID())).toBeUndefined();
    });

    it('forgets a record once its lifetime has passed', async () => {
      const tokens = adapter('AccessToken');
      const id = randomUUID();
      await tokens.upsert(id, { jti: id }, 1);
      expect(await tokens.find(id)).toBeDefined();
      await sleep(2100);
      expect(await tokens.find(id)).toBeUndefined();
    });

    it('finds a session by its uid and a device code by its user code', async () => {
      const sessions = adapter('Session');
      const sessionId = randomUUID();
      const uid = randomUUID();
      await sessions.upsert(sessionId, { jti: sessionId, uid, accountId: 'acc-2' }, 600);
      // By its uid a session comes without its jti, the cookie's value (state-adapter.ts).
      expect(await sessions.findByUid(uid)).toMatchObject({ uid, accountId: 'acc-2' });
      expect(await sessions.findByUid(randomUUID())).toBeUndefined();

      const deviceCodes = adapter('DeviceCode');
      const codeId = randomUUID();
      const userCode = randomUUID().slice(0, 8).toUpperCase();
      await deviceCodes.upsert(codeId, { jti: codeId, userCode, grantId: randomUUID() }, 600);
      expect(await deviceCodes.findByUserCode(userCode)).toMatchObject({ jti: codeId, userCode });
      expect(await deviceCodes.findByUserCode('NOPE-NOPE')).toBeUndefined();
    });

    it('marks a record consumed', async () => {
      const codes = adapter('AuthorizationCode');
      const id = randomUUID();
      await codes.upsert(id, { jti: id, grantId: randomUUID() }, 30);
      expect((await codes.find(id))?.consumed).toBeUndefined();
      await codes.consume(id);
      const consumed: unknown = (await codes.find(id))?.consumed;
      expect(typeof consumed).toBe('number');
      expect(Math.abs(Number(consumed) - Date.now() / 1000)).toBeLessThan(5);
    });

    it('lets exactly one of 20 parallel consumers through and revokes the grant for the rest', async () => {
      const revokeGrant = vi.fn<RevokeGrant>(async () => {});
      const codes = adapter('AuthorizationCode', revokeGrant);
      const id = randomUUID();
      const grantId = randomUUID();
      await codes.upsert(id, { jti: id, grantId }, 30);

      const results = await Promise.allSettled(Array.from({ length: 20 }, () => codes.consume(id)));
      const rejected = results
        .filter((result) => result.status === 'rejected')
        .map((result) => result.reason as unknown);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect(rejected).toHaveLength(19);
      for (const reason of rejected) {
        expect(reason).toBeInstanceOf(errors.InvalidGrant);
        expect((reason as { error: string }).error).toBe('invalid_grant');
      }
      expect(revokeGrant).toHaveBeenCalled();
      for (const [revoked] of revokeGrant.mock.calls) expect(revoked).toBe(grantId);
    });

    // The race behind a replay: a redemption that found the code before a parallel replay
    // revoked its grant must not succeed when it finally consumes it.
    it('refuses to consume a record revoked since it was found', async () => {
      const codes = adapter('AuthorizationCode');
      const id = randomUUID();
      const grantId = randomUUID();
      await codes.upsert(id, { jti: id, grantId }, 30);
      await codes.revokeByGrantId(grantId);
      const error: unknown = await codes.consume(id).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(errors.InvalidGrant);
    });

    it('destroys a record and its lookups', async () => {
      const sessions = adapter('Session');
      const id = randomUUID();
      const uid = randomUUID();
      await sessions.upsert(id, { jti: id, uid }, 600);
      await sessions.destroy(id);
      expect(await sessions.find(id)).toBeUndefined();
      expect(await sessions.findByUid(uid)).toBeUndefined();
    });

    it("revokes every token of one grant and none of another grant's", async () => {
      const tokens = adapter('RefreshToken');
      const [revokedGrant, keptGrant] = [randomUUID(), randomUUID()];
      const [first, second, kept] = [randomUUID(), randomUUID(), randomUUID()];
      await tokens.upsert(first, { jti: first, grantId: revokedGrant }, 600);
      await tokens.upsert(second, { jti: second, grantId: revokedGrant }, 600);
      await tokens.upsert(kept, { jti: kept, grantId: keptGrant }, 600);
      await tokens.revokeByGrantId(revokedGrant);
      expect(await tokens.find(first)).toBeUndefined();
      expect(await tokens.find(second)).toBeUndefined();
      expect(await tokens.find(kept)).toMatchObject({ grantId: keptGrant });
    });
  });
}

export function stateBackend(store: StateStore): Backend {
  return {
    adapter: (model, revokeGrant) => new StateAdapter(model, store, revokeGrant),
    close: () => store.close(),
  };
}

export function postgresBackend(database: DatabaseHandle): Backend {
  return {
    adapter: (model, revokeGrant) => new PostgresAdapter(model, database.db, revokeGrant),
    close: () => database.close(),
  };
}
