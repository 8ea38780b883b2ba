// Queries of the disclosure ledger (schema-account.ts). A write merges the day's claim names
// into one row per account, portal and use; reads serve the account page and the data export.
import { desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { disclosures } from '../../db/schema.ts';

export type DisclosureRow = typeof disclosures.$inferSelect;

export interface Disclosure {
  readonly accountId: string;
  readonly citizenId: string;
  readonly clientId: string;
  readonly use: 'id_token' | 'userinfo';
  /** YYYY-MM-DD, Vietnam time. */
  readonly day: string;
  readonly claims: readonly string[];
}

export function createDisclosuresRepository(db: Database) {
  return {
    async record(disclosure: Disclosure): Promise<void> {
      const claims = [...disclosure.claims].sort();
      await guardPostgres(() =>
        db
          .insert(disclosures)
          .values({ ...disclosure, claims })
          .onConflictDoUpdate({
            target: [disclosures.accountId, disclosures.clientId, disclosures.use, disclosures.day],
            set: {
              claims: sql`array(select distinct unnest(${disclosures.claims} || excluded.claims) order by 1)`,
              lastAt: sql`now()`,
            },
          }),
      );
    },
    listForCitizen(citizenId: string, limit = 500): Promise<DisclosureRow[]> {
      return guardPostgres(() =>
        db
          .select()
          .from(disclosures)
          .where(eq(disclosures.citizenId, citizenId))
          .orderBy(desc(disclosures.lastAt))
          .limit(limit),
      );
    },
  };
}

export type DisclosuresRepository = ReturnType<typeof createDisclosuresRepository>;
