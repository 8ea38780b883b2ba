// The head of the audit hash chain: one row, locked (SELECT … FOR UPDATE) by the trigger that
// appends to audit_events, so parallel writers queue and the chain cannot fork. It also names
// the last link, so deleting the newest rows is detected too. Triggers: drizzle/*audit-append-only*.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, pgTable, text } from 'drizzle-orm/pg-core';

export const auditChainHead = pgTable(
  'audit_chain_head',
  {
    singleton: boolean('singleton').primaryKey().default(true),
    lastId: bigint('last_id', { mode: 'number' }),
    lastHash: text('last_hash'),
  },
  (table) => [check('audit_chain_head_singleton_check', sql`${table.singleton}`)],
);
