// Verifies the audit hash chain (drizzle/0004_audit-append-only.sql): walks every row in id
// order, recomputes each hash, checks each link to the previous hash and that the chain head
// names the last row. The digest is written out here rather than calling the database's own
// audit_event_digest(), so a replaced function cannot vouch for edited rows.
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';

const BATCH = 1000;

export type BrokenLink =
  | { readonly id: number; readonly reason: 'hash_mismatch' | 'prev_hash_mismatch' }
  | { readonly id: number | null; readonly reason: 'head_mismatch' };

export interface ChainReport {
  readonly rows: number;
  /** The hash of the last row: record it elsewhere to detect a rewrite of the whole chain. */
  readonly headHash: string | null;
  readonly firstBroken: BrokenLink | undefined;
}

interface CheckedRow extends Record<string, unknown> {
  id: string | number;
  prev_hash: string | null;
  hash: string | null;
  expected: string;
}

interface Head extends Record<string, unknown> {
  last_id: string | number | null;
  last_hash: string | null;
}

async function batchAfter(db: Database, afterId: number): Promise<CheckedRow[]> {
  const result = await db.execute<CheckedRow>(sql`
    select e.id, e.prev_hash, e.hash,
      encode(sha256(convert_to(jsonb_build_array(
        e.id, e.occurred_at at time zone 'UTC', e.actor_type, e.actor_id, e.action, e.target_type,
        e.target_id, e.client_id, e.ip, e.details, e.prev_hash)::text, 'UTF8')), 'hex') as expected
    from audit_events e where e.id > ${afterId} order by e.id limit ${BATCH}`);
  return rowsOf<CheckedRow>(result);
}

/** postgres.js returns the rows array itself, PGlite a { rows } result. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

export async function verifyAuditChain(db: Database): Promise<ChainReport> {
  let previous: string | null = null;
  let lastId = 0;
  let rows = 0;
  for (;;) {
    const batch = await batchAfter(db, lastId);
    for (const row of batch) {
      const id = Number(row.id);
      if (row.prev_hash !== previous)
        return { rows, headHash: previous, firstBroken: { id, reason: 'prev_hash_mismatch' } };
      if (row.hash !== row.expected) return { rows, headHash: previous, firstBroken: { id, reason: 'hash_mismatch' } };
      previous = row.hash;
      lastId = id;
      rows += 1;
    }
    if (batch.length < BATCH) break;
  }
  const [current] = rowsOf<Head>(
    await db.execute<Head>(sql`select last_id, last_hash from audit_chain_head where singleton`),
  );
  // Rows removed from the end leave the head pointing past the last row.
  if (!current || current.last_hash !== previous || Number(current.last_id ?? 0) !== lastId) {
    return {
      rows,
      headHash: previous,
      firstBroken: { id: current?.last_id ? Number(current.last_id) : null, reason: 'head_mismatch' },
    };
  }
  return { rows, headHash: previous, firstBroken: undefined };
}
