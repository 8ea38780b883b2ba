// oidc-provider knows one "account" per session. A citizen signs in as themselves (account id
// = their registry UUID) or as an organization they act for; then the account id names the
// organization, the representation (legal representative or mandate) and the citizen, so every
// token can be re-checked against all three (issue 3: Corppass's `sub` = entity, `act` = person).

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ORGANIZATION_ACCOUNT = new RegExp(`^org\\.(${UUID})\\.(${UUID})\\.(${UUID})$`);
const CITIZEN_ACCOUNT = new RegExp(`^${UUID}$`);

export type ParsedAccountId =
  | { kind: 'citizen'; citizenId: string }
  | { kind: 'organization'; organizationId: string; representationId: string; citizenId: string };

export function organizationAccountId(organizationId: string, representationId: string, citizenId: string): string {
  return `org.${organizationId}.${representationId}.${citizenId}`;
}

export function parseAccountId(accountId: string): ParsedAccountId | undefined {
  const lower = accountId.toLowerCase();
  if (CITIZEN_ACCOUNT.test(lower)) return { kind: 'citizen', citizenId: lower };
  const match = ORGANIZATION_ACCOUNT.exec(lower);
  if (!match) return undefined;
  const [, organizationId = '', representationId = '', citizenId = ''] = match;
  return { kind: 'organization', organizationId, representationId, citizenId };
}

/** The entity a portal sees as `sub`: the citizen, or the organization (never the person acting). */
export function subjectEntityOf(accountId: string): string {
  const parsed = parseAccountId(accountId);
  if (!parsed) return accountId;
  return parsed.kind === 'citizen' ? parsed.citizenId : parsed.organizationId;
}
