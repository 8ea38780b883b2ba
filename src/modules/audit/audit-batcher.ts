// Protocol events (a token issued, revoked, a sign-out) arrive at the token endpoint's rate,
// and every audit row takes the chain's one lock (drizzle/0004). One INSERT per event queued
// them behind each other faster than PostgreSQL could chain them, so under load the backlog
// grew in memory. Here events wait while one INSERT is in flight and then go in together, as
// one multi-row INSERT (the trigger chains them in order): a group commit, so the chain keeps
// up with any rate at the latency of one round trip. Each caller still learns whether its row
// was written.
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { auditEvents } from '../../db/schema.ts';
import { StoreUnavailableError } from '../../errors.ts';
import type { Actor } from './audit.repository.ts';
import type { recordAudit } from './audit.repository.ts';

type Event = Parameters<typeof recordAudit>[2];

interface Pending {
  readonly row: typeof auditEvents.$inferInsert;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export interface AuditBatcher {
  write(actor: Actor, event: Event): Promise<void>;
  /** Resolves once every queued row has been written (or has failed): graceful shutdown. */
  drain(): Promise<void>;
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
        await guardPostgres(() => db.insert(auditEvents).values(batch.map((pending) => pending.row)));
        for (const pending of batch) pending.resolve();
      } catch (error) {
        if (error instanceof StoreUnavailableError || batch.length === 1) {
          for (const pending of batch) pending.reject(error);
        } else {
          // One row the database refuses must not take the others with it: one by one.
          for (const pending of batch) {
            await guardPostgres(() => db.insert(auditEvents).values(pending.row)).then(pending.resolve, pending.reject);
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
          row: { ...event, actorType: actor.type, actorId: actor.id, ip: actor.ip ?? null },
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
