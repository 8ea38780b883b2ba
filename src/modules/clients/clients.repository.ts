// Queries only for the portals (OIDC clients) table.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { clients } from '../../db/schema.ts';
import { announcedAfter } from '../cache/cache-changes.ts';
import type { ClientCache } from './client-cache.ts';
import type { ClientChanges } from './client-changes.ts';

export type ClientRow = typeof clients.$inferSelect;
export type NewClientRow = typeof clients.$inferInsert;

export function createClientsRepository(db: Database) {
  return {
    async findEnabled(clientId: string): Promise<ClientRow | undefined> {
      const [row] = await guardPostgres(() =>
        db
          .select()
          .from(clients)
          .where(and(eq(clients.clientId, clientId), eq(clients.enabled, true)))
          .limit(1),
      );
      return row;
    },
    /** Inserts, or replaces the row with the same client_id (seeds are idempotent). */
    async upsert(row: NewClientRow): Promise<ClientRow> {
      const { clientId, ...rest } = row;
      const [saved] = await guardPostgres(() =>
        db
          .insert(clients)
          .values(row)
          .onConflictDoUpdate({ target: clients.clientId, set: { ...rest, updatedAt: new Date() } })
          .returning(),
      );
      if (!saved) throw new Error(`client ${clientId} was not saved`);
      return saved;
    },
  };
}

export type ClientsRepository = ReturnType<typeof createClientsRepository>;

/** The same queries, reads through the process's client cache and writes announced. */
export function cachedClientsRepository(
  repository: ClientsRepository,
  cache: ClientCache,
  changes: ClientChanges,
): ClientsRepository {
  return {
    findEnabled: (clientId) => cache.find(clientId, (id) => repository.findEnabled(id)),
    upsert: (row) =>
      announcedAfter(
        () => repository.upsert(row),
        () => changes.announce(row.clientId),
      ),
  };
}
