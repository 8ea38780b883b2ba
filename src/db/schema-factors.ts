// Second factors and known devices (issue 5, assurance). Nothing here can sign a citizen in by
// itself: a TOTP secret is stored encrypted (AES-256-GCM, FACTOR_ENCRYPTION_KEY: a database dump
// alone cannot mint codes), recovery codes as argon2id hashes, passkeys as public keys, devices
// as SHA-256 hashes of a random cookie value.
import { bigint, boolean, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { citizens } from './schema.ts';

export const totpFactors = pgTable('totp_factors', {
  // One authenticator app per citizen: replacing it removes the old one.
  citizenId: uuid('citizen_id')
    .primaryKey()
    .references(() => citizens.id),
  secretCiphertext: text('secret_ciphertext').notNull(),
  /** The last accepted RFC 6238 time step: a code at or before it is a replay. */
  lastUsedStep: bigint('last_used_step', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizens.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('recovery_codes_citizen_idx').on(table.citizenId)],
);

export const passkeys = pgTable(
  'passkeys',
  {
    /** The WebAuthn credential id, base64url. */
    id: text('id').primaryKey(),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizens.id),
    publicKey: text('public_key').notNull(),
    /** The authenticator's signature counter (0 for most passkeys, which do not count). */
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: text('transports').array(),
    backedUp: boolean('backed_up').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (table) => [index('passkeys_citizen_idx').on(table.citizenId)],
);

export const knownDevices = pgTable(
  'known_devices',
  {
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizens.id),
    /** SHA-256 of the device cookie's random value: the cookie itself is never stored. */
    deviceHash: text('device_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.citizenId, table.deviceHash] })],
);
