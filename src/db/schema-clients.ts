// Portal onboarding (issue 4): secrets kept valid for an overlap window after a rotation, and
// the organization an initial access token (RFC 7591 §3) registers portals for.
import { bigserial, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { clients, organizations } from './schema.ts';

/** A rotated-out secret's argon2id hash, accepted until expires_at (the overlap window). */
export const clientPreviousSecrets = pgTable(
  'client_previous_secrets',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.clientId),
    secretHash: text('secret_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('client_previous_secrets_client_idx').on(table.clientId, table.expiresAt)],
);

/**
 * What an admin approved when issuing an initial access token: the owning organization and
 * the name citizens will see. Keyed by the token's SHA-256, never the token itself.
 */
export const initialAccessTokens = pgTable('initial_access_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id),
  clientName: text('client_name').notNull(),
  issuedBy: text('issued_by').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
