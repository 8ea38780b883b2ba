// drizzle's queries with parameters run as prepared statements (src/db/prepared-statements.ts):
// on the client itself, in a transaction and in a savepoint. Texts without parameters still
// run as before (several statements in one), and a plan a schema change made stale is
// prepared again rather than failing.
import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type DatabaseHandle } from '../../src/db/database.ts';
import { preparedByDefault } from '../../src/db/prepared-statements.ts';
import * as schema from '../../src/db/schema.ts';
import { TEST_DATABASE_URL } from '../helpers/env.ts';

const { citizens } = schema;

async function preparedTexts(db: { execute: DatabaseHandle['db']['execute'] }): Promise<string[]> {
  const rows: unknown = await db.execute(sql`select statement from pg_prepared_statements`);
  return (rows as { statement: string }[]).map((row) => row.statement);
}

describe('prepared statements by default', () => {
  // One connection: what it has prepared is what pg_prepared_statements shows.
  const client = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  const db = drizzle(preparedByDefault(client), { schema });
  const table = `prepared_${randomBytes(4).toString('hex')}`;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openPostgres(TEST_DATABASE_URL);
    await handle.migrate();
  });
  afterAll(async () => {
    await client.unsafe(`drop table if exists ${table}`);
    await client.end({ timeout: 5 });
    await handle?.close();
  });

  it("prepares a query builder's statement on the client's connection", async () => {
    const id = randomUUID();
    for (let i = 0; i < 3; i += 1) {
      expect(await db.select({ id: citizens.id }).from(citizens).where(eq(citizens.id, id))).toEqual([]);
    }
    const texts = await preparedTexts(db);
    expect(texts.filter((text) => text.includes('from "citizens" where "citizens"."id" = $1'))).toHaveLength(1);
  });

  it("prepares statements in openPostgres' transactions and savepoints", async () => {
    const personalId = `0${randomBytes(6).readUIntBE(0, 6) % 10 ** 11}`.padStart(12, '0');
    const texts = await handle.db.transaction(async (tx) => {
      await tx.select({ id: citizens.id }).from(citizens).where(eq(citizens.personalId, personalId));
      await tx.transaction(async (nested) => {
        await nested.select({ name: citizens.fullName }).from(citizens).where(eq(citizens.personalId, personalId));
      });
      return preparedTexts(tx);
    });
    expect(texts.some((text) => text.includes('select "id" from "citizens" where "citizens"."personal_id" = $1'))).toBe(
      true,
    );
    expect(
      texts.some((text) => text.includes('select "full_name" from "citizens" where "citizens"."personal_id" = $1')),
    ).toBe(true);
  });

  it('still runs a text without parameters that holds several statements', async () => {
    await db.execute(sql.raw(`create table ${table} (a int); insert into ${table} values (1)`));
    const rows = (await db.execute(sql.raw(`select a from ${table}`))) as unknown as { a: number }[];
    expect(rows).toEqual([{ a: 1 }]);
  });

  it('prepares again a statement whose plan a schema change made stale', async () => {
    const read = () => db.execute(sql`select * from ${sql.identifier(table)} where a = ${1}`);
    expect(await read()).toEqual([{ a: 1 }]);
    await client.unsafe(`alter table ${table} add column b text default 'x'`);
    expect(await read()).toEqual([{ a: 1, b: 'x' }]);
  });
});
