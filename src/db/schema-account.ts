// The disclosure ledger of the citizen's account page (issue 7): which claims each portal
// received about the citizen, by ID token or userinfo, and when. One row per account, portal,
// use and day (the claim names of that day are merged), so a busy portal costs one row a day.
import { sql } from 'drizzle-orm';
import { date, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const disclosures = pgTable(
  'disclosures',
  {
    /** The OIDC account id: the citizen, or an organization the citizen acted for. */
    accountId: text('account_id').notNull(),
    citizenId: uuid('citizen_id').notNull(),
    clientId: text('client_id').notNull(),
    use: text('use', { enum: ['id_token', 'userinfo'] }).notNull(),
    day: date('day', { mode: 'string' })
      .notNull()
      .default(sql`current_date`),
    /** Claim names released, sorted; never their values. */
    claims: text('claims').array().notNull(),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull().defaultNow(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.accountId, table.clientId, table.use, table.day] }),
    index('disclosures_citizen_idx').on(table.citizenId, table.day),
  ],
);
