// The append-only audit trail. Writes take the caller's transaction, so an action and its
// audit row commit together or not at all.
import { desc, and, eq, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { auditEvents } from '../../db/schema.ts';

export type AuditEvent = typeof auditEvents.$inferInsert;
export type AuditRow = typeof auditEvents.$inferSelect;

/** Who is acting: an admin client (the admin API), a citizen, or the system. */
export interface Actor {
  readonly type: AuditEvent['actorType'];
  readonly id: string;
  readonly ip?: string | undefined;
}

export async function recordAudit(db: Database, actor: Actor, event: Omit<AuditEvent, 'actorType' | 'actorId' | 'ip'>) {
  await db.insert(auditEvents).values({ ...event, actorType: actor.type, actorId: actor.id, ip: actor.ip ?? null });
}

export function createAuditRepository(db: Database) {
  return {
    list(filter: {
      targetType?: string | undefined;
      targetId?: string | undefined;
      limit: number;
    }): Promise<AuditRow[]> {
      const conditions: SQL[] = [];
      if (filter.targetType) conditions.push(eq(auditEvents.targetType, filter.targetType));
      if (filter.targetId) conditions.push(eq(auditEvents.targetId, filter.targetId));
      return guardPostgres(() =>
        db
          .select()
          .from(auditEvents)
          .where(and(...conditions))
          .orderBy(desc(auditEvents.id))
          .limit(filter.limit),
      );
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
