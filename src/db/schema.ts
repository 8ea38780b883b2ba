// The registry. Citizens and portals are long-lived rows; oidc_records keeps the OIDC models
// that must survive a Redis loss (grants, refresh tokens). See README "Where state lives".
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  char,
  date,
  index,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const citizens = pgTable(
  'citizens',
  {
    // The OIDC account id: opaque and stable; the personal number is never a `sub`.
    id: uuid('id').primaryKey().defaultRandom(),
    personalId: char('personal_id', { length: 12 }).notNull().unique(),
    fullName: text('full_name').notNull(),
    familyName: text('family_name'),
    givenName: text('given_name'),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: text('sex', { enum: ['male', 'female'] }).notNull(),
    phone: text('phone'),
    phoneVerified: boolean('phone_verified').notNull().default(false),
    email: text('email'),
    emailVerified: boolean('email_verified').notNull().default(false),
    accountLevel: smallint('account_level').notNull().default(1),
    status: text('status', { enum: ['active', 'locked', 'revoked', 'deceased'] })
      .notNull()
      .default('active'),
    passwordHash: text('password_hash').notNull(),
    /** Why the status last changed (lock grounds of Decree 69/2024) and who asked. */
    statusReason: text('status_reason'),
    statusChangedBy: text('status_changed_by'),
    ...timestamps,
  },
  (table) => [
    check('citizens_account_level_check', sql`${table.accountLevel} in (1, 2)`),
    check('citizens_personal_id_check', sql`${table.personalId} ~ '^[0-9]{12}$'`),
  ],
);

export const clients = pgTable('clients', {
  clientId: text('client_id').primaryKey(),
  /** The verified name shown to citizens on every page (anti-phishing). */
  name: text('name').notNull(),
  /** oidc-provider client metadata, without any secret. */
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull(),
  /** argon2id hash of the client secret, for client_secret_basic portals. */
  secretHash: text('secret_hash'),
  enabled: boolean('enabled').notNull().default(true),
  /** The organization that owns the portal, or whose system this machine client is. */
  organizationId: uuid('organization_id').references(() => organizations.id),
  ...timestamps,
});

export const oidcRecords = pgTable(
  'oidc_records',
  {
    model: text('model').notNull(),
    id: text('id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    grantId: text('grant_id'),
    accountId: text('account_id'),
    uid: text('uid'),
    userCode: text('user_code'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.model, table.id] }),
    index('oidc_records_grant_idx').on(table.model, table.grantId),
    index('oidc_records_account_idx').on(table.model, table.accountId),
    index('oidc_records_expires_idx').on(table.expiresAt),
  ],
);

// Organizations (Decree 69/2024 Art. 12). The identification number is system-generated
// from a sequence, so it is unique and never reused even after deletion.
export const organizationNumberSeq = pgSequence('organization_number_seq', { startWith: 1 });

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  identificationNumber: text('identification_number')
    .notNull()
    .unique()
    .default(sql`'TC' || lpad(nextval('organization_number_seq')::text, 10, '0')`),
  code: text('code').notNull().unique(),
  codeKind: text('code_kind', { enum: ['enterprise', 'agency'] }).notNull(),
  nameVi: text('name_vi').notNull(),
  nameAbbr: text('name_abbr'),
  nameForeign: text('name_foreign'),
  establishedOn: date('established_on', { mode: 'string' }),
  headOfficeAddress: text('head_office_address'),
  status: text('status', { enum: ['pending', 'active', 'suspended', 'dissolved'] })
    .notNull()
    .default('pending'),
  verifiedBy: text('verified_by'),
  verifiedAt: timestamp('verified_at', { withTimezone: true }),
  ...timestamps,
});

/**
 * Who may act for an organization: legal representatives (consented = agreed to the
 * registration) and authorised persons holding a mandate granted by a legal representative.
 */
export const representations = pgTable(
  'representations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizens.id),
    kind: text('kind', { enum: ['legal_representative', 'mandate'] }).notNull(),
    role: text('role').notNull(),
    grantedBy: uuid('granted_by'),
    /** Portals the mandate covers; null means all portals. */
    clientIds: text('client_ids').array(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull().defaultNow(),
    validUntil: timestamp('valid_until', { withTimezone: true }),
    consentedAt: timestamp('consented_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('representations_citizen_idx').on(table.citizenId),
    index('representations_organization_idx').on(table.organizationId),
  ],
);

/** Append-only record of every change and security event (who, what, which portal, when). */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorType: text('actor_type', {
      enum: ['admin_client', 'citizen', 'portal', 'anonymous', 'system', 'operator'],
    }).notNull(),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    clientId: text('client_id'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    // Tamper evidence (schema-audit.ts): both are set by the audit_events_chain trigger, never
    // by the application; hash = sha256(canonical row + prev_hash).
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (table) => [index('audit_events_target_idx').on(table.targetType, table.targetId)],
);

export * from './schema-audit.ts';
export * from './schema-account.ts';
export * from './schema-factors.ts';
export * from './schema-clients.ts';
