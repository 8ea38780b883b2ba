// What the account page shows, assembled from the registry: the portals the citizen allowed
// (their grants) with what each received (the disclosure ledger), the sign-in history (the
// audit trail) and the ledger itself, day by day.
import type { Citizen } from '../citizens/citizens.repository.ts';
import { SIGNED_IN, type AccountRepository } from './account.repository.ts';
import { approximateNetwork } from './approximate-origin.ts';
import type { DisclosureRow, DisclosuresRepository } from './disclosures.repository.ts';
import type { GrantsRepository } from './grants.repository.ts';

export interface Received {
  readonly use: 'id_token' | 'userinfo';
  readonly claims: readonly string[];
  readonly lastAt: Date;
}

export interface ConnectedPortal {
  readonly clientId: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly since: Date | undefined;
  /** The latest disclosure of each kind. */
  readonly received: readonly Received[];
}

export interface SignInEntry {
  readonly at: Date;
  readonly succeeded: boolean;
  readonly portal: string | undefined;
  readonly methods: readonly string[];
  readonly device: string | undefined;
  readonly network: string | undefined;
}

export interface LedgerEntry extends Received {
  readonly day: string;
  readonly portal: string;
}

export interface AccountOverview {
  readonly citizen: Citizen;
  readonly portals: readonly ConnectedPortal[];
  readonly signIns: readonly SignInEntry[];
  readonly ledger: readonly LedgerEntry[];
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

function latestByUse(rows: readonly DisclosureRow[]): Received[] {
  const latest = new Map<string, Received>();
  for (const row of rows) {
    const known = latest.get(row.use);
    if (!known || known.lastAt < row.lastAt)
      latest.set(row.use, { use: row.use, claims: row.claims, lastAt: row.lastAt });
  }
  return [...latest.values()];
}

export function createAccountOverview(deps: {
  account: AccountRepository;
  grants: GrantsRepository;
  disclosures: DisclosuresRepository;
  /** chiakhoa's own clients (the account page) by id, with their names: never listed as portals. */
  internalClients: ReadonlyMap<string, string>;
  /** The keyed digest failed sign-ins are recorded under (src/modules/security). */
  personalIdDigest: (personalId: string) => string;
}) {
  const external = (clientId: string) => !deps.internalClients.has(clientId);
  return {
    async of(citizen: Citizen): Promise<AccountOverview> {
      const [grants, disclosures, events] = await Promise.all([
        deps.grants.listForCitizen(citizen.id),
        deps.disclosures.listForCitizen(citizen.id),
        deps.account.signIns(
          { citizenId: citizen.id, personalIdDigest: deps.personalIdDigest(citizen.personalId) },
          20,
        ),
      ]);
      const clientIds = [...grants.map((grant) => grant.clientId), ...disclosures.map((row) => row.clientId)];
      for (const event of events) if (event.clientId) clientIds.push(event.clientId);
      const names = await deps.account.portalNames(clientIds);
      const nameOf = (clientId: string) => deps.internalClients.get(clientId) ?? names.get(clientId) ?? clientId;

      const byPortal = new Map<string, { scopes: Set<string>; since: number | undefined }>();
      for (const grant of grants.filter((item) => external(item.clientId))) {
        const entry = byPortal.get(grant.clientId) ?? { scopes: new Set<string>(), since: undefined };
        for (const scope of grant.scopes) entry.scopes.add(scope);
        if (grant.issuedAt !== undefined) entry.since = Math.min(entry.since ?? grant.issuedAt, grant.issuedAt);
        byPortal.set(grant.clientId, entry);
      }
      const portals = [...byPortal].map(([clientId, entry]) => ({
        clientId,
        name: nameOf(clientId),
        scopes: [...entry.scopes],
        since: entry.since === undefined ? undefined : new Date(entry.since * 1000),
        received: latestByUse(disclosures.filter((row) => row.clientId === clientId)),
      }));
      const signIns = events.map((event) => ({
        at: event.occurredAt,
        succeeded: event.action === SIGNED_IN,
        portal: event.clientId ? nameOf(event.clientId) : undefined,
        methods: strings(event.details.amr),
        device: typeof event.details.device === 'string' ? event.details.device : undefined,
        network: approximateNetwork(event.ip),
      }));
      const ledger = disclosures.map((row) => ({
        day: row.day,
        portal: nameOf(row.clientId),
        use: row.use,
        claims: row.claims,
        lastAt: row.lastAt,
      }));
      return { citizen, portals, signIns, ledger };
    },
  };
}

export type AccountOverviewService = ReturnType<typeof createAccountOverview>;
