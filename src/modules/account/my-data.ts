// "Download my data": everything chiakhoa holds about the citizen, as JSON (the right of access
// of Decree 13/2023/ND-CP on personal data protection, Art. 14). Never the password hash or a
// second factor's secret: what proves the citizen is not data about them to hand out.
import type { Citizen } from '../citizens/citizens.repository.ts';
import type { AccountRepository } from './account.repository.ts';
import type { DisclosuresRepository } from './disclosures.repository.ts';
import type { GrantsRepository } from './grants.repository.ts';

const MAX_EVENTS = 5000;

export function createMyDataExport(deps: {
  account: AccountRepository;
  grants: GrantsRepository;
  disclosures: DisclosuresRepository;
  personalIdDigest: (personalId: string) => string;
}) {
  return {
    async of(citizen: Citizen, exportedAt: Date = new Date()) {
      const { passwordHash: _secret, ...registry } = citizen;
      const [representations, grants, disclosures, events] = await Promise.all([
        deps.account.representations(citizen.id),
        deps.grants.listForCitizen(citizen.id),
        deps.disclosures.listForCitizen(citizen.id, MAX_EVENTS),
        deps.account.eventsAbout(
          { citizenId: citizen.id, personalIdDigest: deps.personalIdDigest(citizen.personalId) },
          MAX_EVENTS,
        ),
      ]);
      return {
        exported_at: exportedAt.toISOString(),
        registry,
        organizations: representations.map(({ representation, organization }) => ({
          organization,
          representation: {
            kind: representation.kind,
            role: representation.role,
            client_ids: representation.clientIds,
            valid_from: representation.validFrom,
            valid_until: representation.validUntil,
            consented_at: representation.consentedAt,
            revoked_at: representation.revokedAt,
          },
        })),
        grants: grants.map((grant) => ({
          client_id: grant.clientId,
          account_id: grant.accountId,
          scopes: grant.scopes,
          granted_at: grant.issuedAt === undefined ? null : new Date(grant.issuedAt * 1000).toISOString(),
        })),
        disclosures: disclosures.map((row) => ({
          day: row.day,
          client_id: row.clientId,
          account_id: row.accountId,
          use: row.use,
          claims: row.claims,
          first_at: row.firstAt,
          last_at: row.lastAt,
        })),
        audit_events: events,
      };
    },
  };
}

export type MyDataExport = ReturnType<typeof createMyDataExport>;
