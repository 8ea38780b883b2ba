// A throwaway PostgreSQL database on the test server, migrated, for tests that must do what
// the shared `test` database must never see (edit audit rows behind the triggers' back).
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openPostgres, type DatabaseHandle } from '../../src/db/database.ts';
import { TEST_DATABASE_URL } from './env.ts';

export interface ScratchDatabase {
  readonly url: string;
  readonly handle: DatabaseHandle;
  /** A superuser connection, for the edits an attacker with database access would make. */
  readonly superuser: postgres.Sql;
  drop(): Promise<void>;
}

export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `scratch_${randomBytes(6).toString('hex')}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.href);
  await handle.migrate();
  const superuser = postgres(url.href, { max: 1, onnotice: () => {} });
  return {
    url: url.href,
    handle,
    superuser,
    async drop() {
      await superuser.end();
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
