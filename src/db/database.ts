// One database handle type for both engines: postgres.js for a real server (DATABASE_URL)
// and PGlite (real Postgres compiled to WASM) as the embedded default.
import { mkdirSync } from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import * as schema from './schema.ts';
import { preparedByDefault } from './prepared-statements.ts';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  readonly db: Database;
  readonly kind: 'postgres' | 'pglite';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS_FOLDER = new URL('../../drizzle', import.meta.url).pathname;

export async function openPostgres(url: string): Promise<DatabaseHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  // Fail fast when the server is gone: a request should see 503 quickly, not hang.
  // postgres.js waits up to 20 s between reconnects after repeated errors (its backoff grows
  // 3^n), and queries queue behind that wait: capped at 0.5 s, a query during an outage fails
  // (503) within about a second, and service resumes within half a second of PostgreSQL.
  const client = postgres(url, {
    max: 10,
    connect_timeout: 2,
    idle_timeout: 30,
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5),
    onnotice: () => {},
  });
  const db = drizzle(preparedByDefault(client), { schema });
  return {
    db,
    kind: 'postgres',
    migrate: () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.end({ timeout: 5 }),
  };
}

export async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  // PGlite fails with ENOENT when the parent folder is missing (STACK-NOTES.md).
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Database,
    kind: 'pglite',
    migrate: () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}

/** DATA_DIR=':memory:' keeps the embedded database in memory (tests). */
export function openDatabase(options: { databaseUrl: string | undefined; dataDir: string }): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.dataDir === ':memory:' ? undefined : `${options.dataDir}/pglite`);
}
