// Protocol events (a token issued, revoked, a sign-out) arrive at the token endpoint's rate,
// and every audit row takes the chain's one lock (drizzle/0004). One INSERT per event queued
// them behind each other faster than PostgreSQL could chain them, so under load the backlog
// grew in memory. Here events wait while one INSERT is in flight and then go in together, as
// one multi-row INSERT (the trigger chains them in order): a group commit, so the chain keeps
// up with any rate at the latency of one round trip. Each caller still learns whether its row
// was written.
//
// The batch goes in as one JSON parameter of one fixed statement. Built with drizzle's
// insert().values(), each batch was a new text (its number of rows): drizzle spent ~6 % of
// the token endpoint's CPU building it, and postgres.js parsed and described each new text
// before it could run (two round trips). A fixed text is prepared once per connection.
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { StoreUnavailableError } from '../../errors.ts';
import type { Actor } from './audit.repository.ts';

/** What a protocol event says; when and the hash chain are the database's (drizzle/0004). */
export interface ProtocolEvent {
  readonly action: string;
  readonly targetType?: string | null | undefined;
  readonly targetId?: string | null | undefined;
  readonly clientId?: string | null | undefined;
  readonly details?: Record<string, unknown> | undefined;
}

interface Row {
  readonly actor_type: string;
  readonly actor_id: string;
  readonly action: string;
  readonly target_type: string | null;
  readonly target_id: string | null;
  readonly client_id: string | null;
  readonly ip: string | null;
  readonly details: Record<string, unknown>;
}

interface Pending {
  readonly row: Row;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export interface AuditBatcher {
  write(actor: Actor, event: ProtocolEvent): Promise<void>;
  /** Resolves once every queued row has been written (or has failed): graceful shutdown. */
  drain(): Promise<void>;
}

/** Rows in the given order: the chain trigger links them in the order the SELECT yields them. */
function insertRows(db: Database, rows: readonly Row[]): Promise<unknown> {
  return guardPostgres(() =>
    db.execute(sql`
      insert into audit_events (actor_type, actor_id, action, target_type, target_id, client_id, ip, details)
      select actor_type, actor_id, action, target_type, target_id, client_id, ip, details
      from rows from (jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as (
        actor_type text, actor_id text, action text, target_type text, target_id text,
        client_id text, ip text, details jsonb)) with ordinality as event(
        actor_type, actor_id, action, target_type, target_id, client_id, ip, details, n)
      order by event.n`),
  );
}

export function createAuditBatcher(db: Database, options: { maxRows?: number } = {}): AuditBatcher {
  const maxRows = options.maxRows ?? 500;
  const queue: Pending[] = [];
  let running = false;
  let flushing: Promise<void> = Promise.resolve();

  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxRows);
      try {
        await insertRows(
          db,
          batch.map((pending) => pending.row),
        );
        for (const pending of batch) pending.resolve();
      } catch (error) {
        if (error instanceof StoreUnavailableError || batch.length === 1) {
          for (const pending of batch) pending.reject(error);
        } else {
          // One row the database refuses must not take the others with it: one by one.
          for (const pending of batch) {
            await insertRows(db, [pending.row]).then(pending.resolve, pending.reject);
          }
        }
      }
    }
  }

  function start(): void {
    if (running) return;
    running = true;
    flushing = flush().finally(() => {
      running = false;
      // A row queued after the loop saw an empty queue but before this ran: go again.
      if (queue.length > 0) start();
    });
  }

  return {
    write(actor, event) {
      return new Promise<void>((resolve, reject) => {
        queue.push({
          row: {
            actor_type: actor.type,
            actor_id: actor.id,
            action: event.action,
            target_type: event.targetType ?? null,
            target_id: event.targetId ?? null,
            client_id: event.clientId ?? null,
            ip: actor.ip ?? null,
            details: event.details ?? {},
          },
          resolve,
          reject,
        });
        start();
      });
    },
    async drain() {
      while (running) await flushing;
    },
  };
}
