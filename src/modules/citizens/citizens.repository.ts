// Queries only: the rules live in citizens.service.ts.
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { citizens } from '../../db/schema.ts';

export type Citizen = typeof citizens.$inferSelect;
export type NewCitizen = typeof citizens.$inferInsert;

export function createCitizensRepository(db: Database) {
  // Read on every userinfo and token request (findAccount): built once, not per call.
  const byId = db
    .select()
    .from(citizens)
    .where(eq(citizens.id, sql.placeholder('id')))
    .limit(1)
    .prepare('citizen_by_id');
  return {
    async findById(id: string): Promise<Citizen | undefined> {
      // Account ids come from cookies and tokens: reject non-UUIDs before Postgres does.
      if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
      const [row] = await guardPostgres(() => byId.execute({ id }));
      return row;
    },
    async findByPersonalId(personalId: string): Promise<Citizen | undefined> {
      const [row] = await guardPostgres(() =>
        db.select().from(citizens).where(eq(citizens.personalId, personalId)).limit(1),
      );
      return row;
    },
    /** Inserts unless the number exists; returns undefined on a duplicate. */
    async insertIfAbsent(citizen: NewCitizen): Promise<Citizen | undefined> {
      const [row] = await guardPostgres(() =>
        db.insert(citizens).values(citizen).onConflictDoNothing({ target: citizens.personalId }).returning(),
      );
      return row;
    },
  };
}

export type CitizensRepository = ReturnType<typeof createCitizensRepository>;
