// Protocol events written together (group commit): many rows at once land in one intact
// chain, fewer INSERT statements than rows reach the database, a row the database refuses
// fails alone, drain() waits for what is still queued, and the rows keep the order they were
// written in, on PostgreSQL and on the embedded PGlite.
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/modules/audit/audit-chain.ts';
import { createAuditBatcher } from '../../src/modules/audit/audit-batcher.ts';
import { openPglite, type Database } from '../../src/db/database.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/scratch-database.ts';

const actor = { type: 'system' as const, id: 'audit-batcher-test' };

describe('audit rows written in batches', () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
  });
  afterAll(() => scratch?.drop());

  async function countRows(query: SQL): Promise<number> {
    const result: unknown = await scratch.handle.db.execute(query);
    return (result as { n: number }[])[0]!.n;
  }

  it('chains 300 rows written at once, in fewer statements than rows', async () => {
    const { db } = scratch.handle;
    const statements: string[] = [];
    const counting = new Proxy(db, {
      get(target, property, receiver) {
        if (property === 'execute') statements.push('execute');
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const batcher = createAuditBatcher(counting);
    await Promise.all(
      Array.from({ length: 300 }, (_, i) => batcher.write(actor, { action: 'test.batched', details: { i } })),
    );
    expect(statements.length).toBeLessThan(300);
    expect(statements.length).toBeGreaterThan(0);
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ rows: 300, firstBroken: undefined });
    expect(
      await countRows(
        sql`select count(distinct (details->>'i'))::int as n from audit_events where action = 'test.batched'`,
      ),
    ).toBe(300);
    expect((await writtenRows(db, 'test.batched')).map((row) => row.i)).toEqual(
      Array.from({ length: 300 }, (_, i) => i),
    );
  });

  it('writes the same batches on the embedded PGlite', async () => {
    const handle = await openPglite(undefined);
    try {
      await handle.migrate();
      const batcher = createAuditBatcher(handle.db);
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          batcher.write(
            { ...actor, ip: '192.0.2.1' },
            { action: 'test.embedded', targetType: 'grant', clientId: 'portal', details: { i } },
          ),
        ),
      );
      const rows = await writtenRows(handle.db, 'test.embedded');
      expect(rows.map((row) => row.i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect(rows[0]).toEqual({ i: 0, actor_id: actor.id, ip: '192.0.2.1', client_id: 'portal', target_type: 'grant' });
      expect(await verifyAuditChain(handle.db)).toMatchObject({ rows: 50, firstBroken: undefined });
    } finally {
      await handle.close();
    }
  });

  it('fails only the row the database refuses, and drains what is queued', async () => {
    const { db } = scratch.handle;
    const batcher = createAuditBatcher(db);
    const results = await Promise.allSettled([
      batcher.write(actor, { action: 'test.first', details: {} }),
      batcher.write(actor, { action: 'test.good', details: {} }),
      // actor_id is NOT NULL: the database refuses this row.
      batcher.write({ type: 'system', id: null as never }, { action: 'test.bad', details: {} }),
      batcher.write(actor, { action: 'test.also-good', details: {} }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);

    const queued = batcher.write(actor, { action: 'test.drained', details: {} });
    await batcher.drain();
    await expect(queued).resolves.toBeUndefined();
    const report = await verifyAuditChain(db);
    expect(report.firstBroken).toBeUndefined();
    expect(
      await countRows(
        sql`select count(*)::int as n from audit_events where action in ('test.first', 'test.good', 'test.also-good', 'test.drained')`,
      ),
    ).toBe(4);
  });
});

interface WrittenRow {
  readonly i: number;
  readonly actor_id: string;
  readonly ip: string | null;
  readonly client_id: string | null;
  readonly target_type: string | null;
}

/** The rows of an action (`details.i` and the columns), in the order the chain holds them. */
async function writtenRows(db: Database, action: string): Promise<WrittenRow[]> {
  const rows: unknown = await db.execute(
    sql`select (details->>'i')::int as i, actor_id, ip, client_id, target_type
        from audit_events where action = ${action} order by id`,
  );
  // postgres.js answers with the rows; PGlite with { rows }.
  return [...(Array.isArray(rows) ? rows : (rows as { rows: WrittenRow[] }).rows)] as WrittenRow[];
}
