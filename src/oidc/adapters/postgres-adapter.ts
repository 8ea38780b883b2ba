// oidc-provider's adapter contract over Postgres for the models that must survive a Redis
// loss: grants (consents) and refresh tokens, plus registration tokens. Works on PGlite too.
//
// A refresh or registration token's id is the token itself, a bearer credential. It is kept
// only as its digest (the row's id) and dropped from the stored payload (jti): a database dump
// or backup holds no token anyone could present. find(id) is given the token, so it can look
// up the digest and put jti back. Grants are not credentials: their ids are kept as they are.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { Database } from '../../db/database.ts';
import { oidcRecords } from '../../db/schema.ts';
import { guardPostgres } from '../../db/guard.ts';
import { tokenDigest } from '../../modules/secrets/token-digest.ts';
import type { RevokeGrant } from './state-adapter.ts';

/** Models whose id is the bearer token's value (the digest migration: drizzle/0007). */
export const TOKEN_MODELS = new Set(['RefreshToken', 'InitialAccessToken', 'RegistrationAccessToken']);

const notExpired = sql`(${oidcRecords.expiresAt} is null or ${oidcRecords.expiresAt} > now())`;

export class PostgresAdapter implements Adapter {
  private readonly model: string;
  private readonly db: Database;
  private readonly revokeGrant: RevokeGrant;
  private readonly isToken: boolean;

  // find() runs on most protocol requests (the grant behind every token): its query is built
  // once per model, not on every call.
  private readonly findById;

  constructor(model: string, db: Database, revokeGrant: RevokeGrant) {
    this.model = model;
    this.db = db;
    this.revokeGrant = revokeGrant;
    this.isToken = TOKEN_MODELS.has(model);
    this.findById = db
      .select()
      .from(oidcRecords)
      .where(and(eq(oidcRecords.model, model), eq(oidcRecords.id, sql.placeholder('id')), notExpired))
      .limit(1)
      .prepare(`oidc_${model.toLowerCase()}_by_id`);
  }

  /** The row's id: a token's digest, any other model's id as it is. */
  private key(id: string): string {
    return this.isToken ? tokenDigest(id) : id;
  }

  private byId(id: string) {
    return and(eq(oidcRecords.model, this.model), eq(oidcRecords.id, this.key(id)));
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const { consumed, ...rest } = payload as Record<string, unknown>;
    if (this.isToken) delete rest.jti;
    const row = {
      payload: rest as Record<string, unknown>,
      grantId: payload.grantId ?? null,
      accountId: payload.accountId ?? null,
      uid: payload.uid ?? null,
      userCode: payload.userCode ?? null,
      expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      consumedAt: typeof consumed === 'number' ? new Date(consumed * 1000) : null,
    };
    await guardPostgres(() =>
      this.db
        .insert(oidcRecords)
        .values({ model: this.model, id: this.key(id), ...row })
        .onConflictDoUpdate({ target: [oidcRecords.model, oidcRecords.id], set: row }),
    );
  }

  private async findWhere(condition: ReturnType<typeof and>): Promise<AdapterPayload | undefined> {
    const [row] = await guardPostgres(() =>
      this.db.select().from(oidcRecords).where(and(condition, notExpired)).limit(1),
    );
    return PostgresAdapter.payloadOf(row);
  }

  private static payloadOf(row: typeof oidcRecords.$inferSelect | undefined): AdapterPayload | undefined {
    if (!row) return undefined;
    const payload = row.payload as AdapterPayload;
    return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const [row] = await guardPostgres(() => this.findById.execute({ id: this.key(id) }));
    const payload = PostgresAdapter.payloadOf(row);
    return payload && this.isToken ? { ...payload, jti: id } : payload;
  }

  findByUid(uid: string) {
    return this.findWhere(and(eq(oidcRecords.model, this.model), eq(oidcRecords.uid, uid)));
  }

  findByUserCode(userCode: string) {
    return this.findWhere(and(eq(oidcRecords.model, this.model), eq(oidcRecords.userCode, userCode)));
  }

  /** Atomic: the conditional UPDATE lets exactly one of many parallel callers through. */
  async consume(id: string): Promise<void> {
    const updated = await guardPostgres(() =>
      this.db
        .update(oidcRecords)
        .set({ consumedAt: new Date() })
        .where(and(this.byId(id), isNull(oidcRecords.consumedAt)))
        .returning({ id: oidcRecords.id }),
    );
    if (updated.length > 0) return;
    // Already consumed, or gone since the caller found it (revoked by a parallel replay,
    // expired): either way not redeemable.
    const payload = await this.find(id);
    if (payload?.grantId) await this.revokeGrant(payload.grantId);
    throw new errors.InvalidGrant(`${this.model === 'RefreshToken' ? 'refresh token' : 'grant'} already used`);
  }

  async destroy(id: string): Promise<void> {
    await guardPostgres(() => this.db.delete(oidcRecords).where(this.byId(id)));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await guardPostgres(() =>
      this.db.delete(oidcRecords).where(and(eq(oidcRecords.model, this.model), eq(oidcRecords.grantId, grantId))),
    );
  }
}
