// Queries only, for portals, their rotated-out secrets and initial access tokens. Functions
// take the database or a transaction, so the services compose them atomically.
import { and, desc, eq, gt } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { clientPreviousSecrets, clients, initialAccessTokens, organizations } from '../../db/schema.ts';
import type { ClientRow, NewClientRow } from './clients.repository.ts';

export function findClient(db: Database, clientId: string, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(clients).where(eq(clients.clientId, clientId)).limit(1);
  return (options.forUpdate ? query.for('update') : query).then(([row]) => row);
}

export function listClients(db: Database, organizationId: string | undefined): Promise<ClientRow[]> {
  const query = db.select().from(clients);
  return (organizationId ? query.where(eq(clients.organizationId, organizationId)) : query)
    .orderBy(desc(clients.createdAt))
    .limit(500);
}

export async function insertClient(db: Database, row: NewClientRow): Promise<ClientRow> {
  const [saved] = await db.insert(clients).values(row).returning();
  if (!saved) throw new Error('client was not saved');
  return saved;
}

export async function updateClient(db: Database, clientId: string, changes: Partial<NewClientRow>): Promise<ClientRow> {
  const [saved] = await db
    .update(clients)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(clients.clientId, clientId))
    .returning();
  if (!saved) throw new Error(`client ${clientId} was not updated`);
  return saved;
}

export function organizationStatus(db: Database, organizationId: string) {
  return db
    .select({ status: organizations.status })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .limit(1)
    .then(([row]) => row?.status);
}

export async function keepPreviousSecret(db: Database, clientId: string, secretHash: string, expiresAt: Date) {
  await db.insert(clientPreviousSecrets).values({ clientId, secretHash, expiresAt });
}

/** Hashes of rotated-out secrets still inside their overlap window. */
export async function previousSecretHashes(db: Database, clientId: string): Promise<string[]> {
  const rows = await db
    .select({ secretHash: clientPreviousSecrets.secretHash })
    .from(clientPreviousSecrets)
    .where(and(eq(clientPreviousSecrets.clientId, clientId), gt(clientPreviousSecrets.expiresAt, new Date())));
  return rows.map((row) => row.secretHash);
}

export function latestPreviousSecretExpiry(db: Database, clientId: string): Promise<Date | undefined> {
  return db
    .select({ expiresAt: clientPreviousSecrets.expiresAt })
    .from(clientPreviousSecrets)
    .where(and(eq(clientPreviousSecrets.clientId, clientId), gt(clientPreviousSecrets.expiresAt, new Date())))
    .orderBy(desc(clientPreviousSecrets.expiresAt))
    .limit(1)
    .then(([row]) => row?.expiresAt);
}

/** Ends every overlap at once (a leaked secret must stop working now). */
export async function expirePreviousSecrets(db: Database, clientId: string) {
  await db
    .update(clientPreviousSecrets)
    .set({ expiresAt: new Date() })
    .where(and(eq(clientPreviousSecrets.clientId, clientId), gt(clientPreviousSecrets.expiresAt, new Date())));
}

export type InitialAccessTokenRow = typeof initialAccessTokens.$inferSelect;

export async function insertInitialAccessToken(db: Database, row: typeof initialAccessTokens.$inferInsert) {
  await db.insert(initialAccessTokens).values(row);
}

export function findInitialAccessToken(db: Database, tokenHash: string): Promise<InitialAccessTokenRow | undefined> {
  return db
    .select()
    .from(initialAccessTokens)
    .where(and(eq(initialAccessTokens.tokenHash, tokenHash), gt(initialAccessTokens.expiresAt, new Date())))
    .limit(1)
    .then(([row]) => row);
}
