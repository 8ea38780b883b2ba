// Queries only, for organizations and their representations. Functions take the database
// or a transaction, so services can compose them atomically.
import { and, eq, gt, isNull, lt, lte, or } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { citizens, organizations, representations } from '../../db/schema.ts';

export type Organization = typeof organizations.$inferSelect;
export type NewOrganization = typeof organizations.$inferInsert;
export type Representation = typeof representations.$inferSelect;
export type NewRepresentation = typeof representations.$inferInsert;

export function findOrganization(db: Database, id: string, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
  return (options.forUpdate ? query.for('update') : query).then(([row]) => row);
}

export function findOrganizationByCode(db: Database, code: string) {
  return db
    .select()
    .from(organizations)
    .where(eq(organizations.code, code))
    .limit(1)
    .then(([row]) => row);
}

export async function insertOrganization(db: Database, row: NewOrganization): Promise<Organization | undefined> {
  const [created] = await db
    .insert(organizations)
    .values(row)
    .onConflictDoNothing({ target: organizations.code })
    .returning();
  return created;
}

export async function updateOrganization(db: Database, id: string, changes: Partial<NewOrganization>) {
  const [row] = await db
    .update(organizations)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(organizations.id, id))
    .returning();
  return row;
}

export function listRepresentations(db: Database, organizationId: string) {
  return db.select().from(representations).where(eq(representations.organizationId, organizationId));
}

export async function insertRepresentations(db: Database, rows: NewRepresentation[]) {
  return rows.length ? db.insert(representations).values(rows).returning() : [];
}

export async function updateRepresentation(db: Database, id: string, changes: Partial<NewRepresentation>) {
  const [row] = await db.update(representations).set(changes).where(eq(representations.id, id)).returning();
  return row;
}

/** Representations in force now: not revoked, inside their validity window. */
const inForce = (now: Date) =>
  and(
    isNull(representations.revokedAt),
    lte(representations.validFrom, now),
    or(isNull(representations.validUntil), gt(representations.validUntil, now)),
  );

/** Every organization a citizen may act for right now, with the representation that allows it. */
export function listActingRepresentations(db: Database, citizenId: string, now = new Date()) {
  return db
    .select({ organization: organizations, representation: representations })
    .from(representations)
    .innerJoin(organizations, eq(organizations.id, representations.organizationId))
    .where(and(eq(representations.citizenId, citizenId), inForce(now), eq(organizations.status, 'active')));
}

export function findRepresentationWithParties(db: Database, representationId: string) {
  return db
    .select({ organization: organizations, representation: representations, citizen: citizens })
    .from(representations)
    .innerJoin(organizations, eq(organizations.id, representations.organizationId))
    .innerJoin(citizens, eq(citizens.id, representations.citizenId))
    .where(eq(representations.id, representationId))
    .limit(1)
    .then(([row]) => row);
}

/** Mandates of one citizen at one organization whose windows overlap [from, until). */
export function findOverlappingMandates(
  db: Database,
  organizationId: string,
  citizenId: string,
  from: Date,
  until: Date | null,
) {
  return db
    .select()
    .from(representations)
    .where(
      and(
        eq(representations.organizationId, organizationId),
        eq(representations.citizenId, citizenId),
        eq(representations.kind, 'mandate'),
        isNull(representations.revokedAt),
        or(isNull(representations.validUntil), gt(representations.validUntil, from)),
        until ? lt(representations.validFrom, until) : undefined,
      ),
    );
}
