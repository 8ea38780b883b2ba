// The citizen's grants (consents) as oidc-provider stored them in oidc_records: those given as
// themselves and those given while acting for an organization (account id org.….<citizen>).
import { and, eq, like, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { oidcRecords } from '../../db/schema.ts';

export interface GrantRecord {
  readonly id: string;
  readonly accountId: string;
  readonly clientId: string;
  /** Scopes consented (the openid part of the grant). */
  readonly scopes: string[];
  /** Epoch seconds when the grant was first given. */
  readonly issuedAt: number | undefined;
}

function ofCitizen(citizenId: string): SQL | undefined {
  // citizenId is a UUID (checked by the caller), so it carries no LIKE wildcard.
  return and(
    eq(oidcRecords.model, 'Grant'),
    or(eq(oidcRecords.accountId, citizenId), like(oidcRecords.accountId, `org.%.${citizenId}`)),
    sql`(${oidcRecords.expiresAt} is null or ${oidcRecords.expiresAt} > now())`,
  );
}

function toGrant(row: { id: string; accountId: string | null; payload: Record<string, unknown> }): GrantRecord {
  const openid = row.payload.openid as { scope?: unknown } | undefined;
  return {
    id: row.id,
    accountId: row.accountId ?? '',
    clientId: typeof row.payload.clientId === 'string' ? row.payload.clientId : '',
    scopes: typeof openid?.scope === 'string' ? openid.scope.split(' ').filter(Boolean) : [],
    issuedAt: typeof row.payload.iat === 'number' ? row.payload.iat : undefined,
  };
}

export function createGrantsRepository(db: Database) {
  const columns = { id: oidcRecords.id, accountId: oidcRecords.accountId, payload: oidcRecords.payload };
  return {
    async listForCitizen(citizenId: string): Promise<GrantRecord[]> {
      const rows = await guardPostgres(() => db.select(columns).from(oidcRecords).where(ofCitizen(citizenId)));
      return rows.map(toGrant);
    },
    async listForCitizenAndPortal(citizenId: string, clientId: string): Promise<GrantRecord[]> {
      const rows = await guardPostgres(() =>
        db
          .select(columns)
          .from(oidcRecords)
          .where(and(ofCitizen(citizenId), sql`${oidcRecords.payload}->>'clientId' = ${clientId}`)),
      );
      return rows.map(toGrant);
    },
  };
}

export type GrantsRepository = ReturnType<typeof createGrantsRepository>;
