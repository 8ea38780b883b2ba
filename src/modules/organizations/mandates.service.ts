// Mandates: a legal representative authorises a level-2 citizen to act for the organization,
// with a role, the portals it covers (or all), and a validity window; revocable at any time.
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.repository.ts';
import { eligibleRepresentative } from './organizations.service.ts';
import * as repo from './organizations.repository.ts';
import { portalsOverlap, windowsOverlap } from './representation-rules.ts';

export interface GrantMandateInput {
  grantorPersonalId: string;
  personalId: string;
  role: string;
  /** Portal client ids, or null for all portals. */
  clientIds: string[] | null;
  validFrom?: string | undefined;
  validUntil?: string | undefined;
}

function parseWindow(input: GrantMandateInput): { from: Date; until: Date | null } {
  const from = input.validFrom ? new Date(input.validFrom) : new Date();
  const until = input.validUntil ? new Date(input.validUntil) : null;
  if (Number.isNaN(from.getTime()) || (until && Number.isNaN(until.getTime()))) {
    throw new AppError('invalid_request', 'validFrom and validUntil must be ISO 8601 date-times');
  }
  if (until && until <= from) throw new AppError('invalid_request', 'validUntil must be after validFrom');
  return { from, until };
}

export function createMandatesService(db: Database) {
  const transaction = <T>(work: (tx: Database) => Promise<T>) => guardPostgres(() => db.transaction((tx) => work(tx)));

  return {
    grant: (organizationId: string, input: GrantMandateInput, actor: Actor) =>
      transaction(async (tx) => {
        const window = parseWindow(input);
        if (!input.role.trim()) throw new AppError('invalid_request', 'role is required');
        if (input.clientIds !== null && input.clientIds.length === 0) {
          throw new AppError('invalid_request', 'clientIds must list at least one portal, or be null for all portals');
        }
        // Row lock: two parallel grants for one organization cannot both pass the overlap check.
        const organization = /^[0-9a-f-]{36}$/i.test(organizationId)
          ? await repo.findOrganization(tx, organizationId, { forUpdate: true })
          : undefined;
        if (!organization) throw new AppError('not_found', 'no organization with this id');
        if (organization.status !== 'active')
          throw new AppError('conflict', `the organization is ${organization.status}`);
        const grantor = await eligibleRepresentative(tx, input.grantorPersonalId);
        const grantorRep = (await repo.listRepresentations(tx, organizationId)).find(
          (rep) =>
            rep.kind === 'legal_representative' && rep.citizenId === grantor.id && !rep.revokedAt && rep.consentedAt,
        );
        if (!grantorRep)
          throw new AppError(
            'representative_not_eligible',
            'only a legal representative of the organization may grant a mandate',
          );
        const grantee = await eligibleRepresentative(tx, input.personalId);
        const existing = await repo.findOverlappingMandates(tx, organizationId, grantee.id, window.from, window.until);
        const clash = existing.find(
          (rep) =>
            windowsOverlap(window, { from: rep.validFrom, until: rep.validUntil }) &&
            portalsOverlap(input.clientIds, rep.clientIds),
        );
        if (clash)
          throw new AppError(
            'conflict',
            `an overlapping mandate ${clash.id} already covers this person, period and portal`,
          );
        const [mandate] = await repo.insertRepresentations(tx, [
          {
            organizationId,
            citizenId: grantee.id,
            kind: 'mandate',
            role: input.role.trim(),
            grantedBy: grantorRep.id,
            clientIds: input.clientIds,
            validFrom: window.from,
            validUntil: window.until,
          },
        ]);
        if (!mandate) throw new Error('mandate was not stored');
        await recordAudit(tx, actor, {
          action: 'mandate.granted',
          targetType: 'organization',
          targetId: organizationId,
          details: { mandateId: mandate.id, role: mandate.role, clientIds: input.clientIds },
        });
        return mandate;
      }),

    revoke: (organizationId: string, mandateId: string, reason: string, actor: Actor) =>
      transaction(async (tx) => {
        const valid = /^[0-9a-f-]{36}$/i;
        const mandate =
          valid.test(organizationId) && valid.test(mandateId)
            ? (await repo.listRepresentations(tx, organizationId)).find(
                (rep) => rep.id === mandateId && rep.kind === 'mandate',
              )
            : undefined;
        if (!mandate) throw new AppError('not_found', 'no such mandate at this organization');
        if (mandate.revokedAt) throw new AppError('conflict', 'the mandate is already revoked');
        const revoked = await repo.updateRepresentation(tx, mandateId, { revokedAt: new Date() });
        await recordAudit(tx, actor, {
          action: 'mandate.revoked',
          targetType: 'organization',
          targetId: organizationId,
          details: { mandateId, reason },
        });
        return revoked;
      }),
  };
}

export type MandatesService = ReturnType<typeof createMandatesService>;
