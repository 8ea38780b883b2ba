// Registration as Decree 69/2024 Art. 12 describes it: a level-2 legal representative applies,
// the other legal representatives consent, an authorised agency verifies, then the organization
// is active. Every step runs in one transaction with its audit row.
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.repository.ts';
import type { Citizen } from '../citizens/citizens.repository.ts';
import { tryCanonicalPersonalId } from '../citizens/personal-id.ts';
import { citizens } from '../../db/schema.ts';
import { eq } from 'drizzle-orm';
import { OrganizationCodeError, parseOrganizationCode } from './organization-code.ts';
import * as repo from './organizations.repository.ts';
import { isEligibleRepresentative } from './representation-rules.ts';

export interface OrganizationDetails {
  code: string;
  nameVi: string;
  nameAbbr?: string | undefined;
  nameForeign?: string | undefined;
  establishedOn?: string | undefined;
  headOfficeAddress?: string | undefined;
}

export interface ApplyInput extends OrganizationDetails {
  applicantPersonalId: string;
  legalRepresentatives: { personalId: string; role: string }[];
}

export type OrganizationStatus = repo.Organization['status'];

function parseCode(input: string) {
  try {
    return parseOrganizationCode(input);
  } catch (error) {
    if (error instanceof OrganizationCodeError) throw new AppError('invalid_organization_code', error.message);
    throw error;
  }
}

/** The citizen behind a number, who must hold an active level-2 account to represent anyone. */
export async function eligibleRepresentative(db: Database, personalIdInput: string): Promise<Citizen> {
  const personalId = tryCanonicalPersonalId(personalIdInput);
  if (!personalId)
    throw new AppError('invalid_personal_id', 'a representative personal identification number is malformed');
  const [citizen] = await db.select().from(citizens).where(eq(citizens.personalId, personalId)).limit(1);
  if (!citizen || !isEligibleRepresentative(citizen)) {
    throw new AppError(
      'representative_not_eligible',
      'every representative must be an enrolled citizen with an active level-2 account',
    );
  }
  return citizen;
}

/** Validated, canonical organization columns (code parsed, names trimmed). */
export function detailsRow(input: OrganizationDetails) {
  if (typeof input.nameVi !== 'string' || !input.nameVi.trim())
    throw new AppError('invalid_request', 'nameVi (the Vietnamese name) is required');
  const { code, kind } = parseCode(String(input.code ?? ''));
  return {
    code,
    codeKind: kind,
    nameVi: input.nameVi.trim(),
    nameAbbr: input.nameAbbr ?? null,
    nameForeign: input.nameForeign ?? null,
    establishedOn: input.establishedOn ?? null,
    headOfficeAddress: input.headOfficeAddress ?? null,
  };
}

export function createOrganizationsService(db: Database) {
  const transaction = <T>(work: (tx: Database) => Promise<T>) => guardPostgres(() => db.transaction((tx) => work(tx)));

  async function mustFind(tx: Database, id: string) {
    const organization = /^[0-9a-f-]{36}$/i.test(id)
      ? await repo.findOrganization(tx, id, { forUpdate: true })
      : undefined;
    if (!organization) throw new AppError('not_found', 'no organization with this id');
    return organization;
  }

  return {
    apply: (input: ApplyInput, actor: Actor) =>
      transaction(async (tx) => {
        const row = detailsRow(input);
        const applicant = await eligibleRepresentative(tx, input.applicantPersonalId);
        const representatives = await Promise.all(
          input.legalRepresentatives.map(async (rep) => ({
            citizen: await eligibleRepresentative(tx, rep.personalId),
            role: rep.role,
          })),
        );
        if (!representatives.some((rep) => rep.citizen.id === applicant.id)) {
          throw new AppError('invalid_request', 'the applicant must be one of the legal representatives');
        }
        if (new Set(representatives.map((rep) => rep.citizen.id)).size !== representatives.length) {
          throw new AppError('invalid_request', 'a legal representative is listed twice');
        }
        const organization = await repo.insertOrganization(tx, { ...row, status: 'pending' });
        if (!organization)
          throw new AppError('conflict', `an organization with code ${row.code} is already registered`);
        await repo.insertRepresentations(
          tx,
          representatives.map((rep) => ({
            organizationId: organization.id,
            citizenId: rep.citizen.id,
            kind: 'legal_representative' as const,
            role: rep.role,
            consentedAt: rep.citizen.id === applicant.id ? new Date() : null,
          })),
        );
        await recordAudit(tx, actor, {
          action: 'organization.applied',
          targetType: 'organization',
          targetId: organization.id,
          details: { code: row.code, legalRepresentatives: representatives.length },
        });
        return organization;
      }),

    consent: (id: string, personalId: string, actor: Actor) =>
      transaction(async (tx) => {
        const organization = await mustFind(tx, id);
        if (organization.status !== 'pending')
          throw new AppError('conflict', 'consent is only given while the application is pending');
        const citizen = await eligibleRepresentative(tx, personalId);
        const rep = (await repo.listRepresentations(tx, id)).find(
          (r) => r.kind === 'legal_representative' && r.citizenId === citizen.id,
        );
        if (!rep)
          throw new AppError(
            'representative_not_eligible',
            'this citizen is not a legal representative of the organization',
          );
        await repo.updateRepresentation(tx, rep.id, { consentedAt: rep.consentedAt ?? new Date() });
        await recordAudit(tx, actor, {
          action: 'organization.consented',
          targetType: 'organization',
          targetId: id,
          details: { representationId: rep.id },
        });
      }),

    verify: (id: string, actor: Actor) =>
      transaction(async (tx) => {
        const organization = await mustFind(tx, id);
        if (organization.status !== 'pending')
          throw new AppError('conflict', `the organization is ${organization.status}, not pending`);
        const legal = (await repo.listRepresentations(tx, id)).filter((r) => r.kind === 'legal_representative');
        if (legal.some((rep) => !rep.consentedAt))
          throw new AppError('conflict', 'every legal representative must consent before verification');
        const updated = await repo.updateOrganization(tx, id, {
          status: 'active',
          verifiedBy: actor.id,
          verifiedAt: new Date(),
        });
        await recordAudit(tx, actor, { action: 'organization.verified', targetType: 'organization', targetId: id });
        return updated;
      }),

    changeStatus: (id: string, status: 'active' | 'suspended' | 'dissolved', reason: string, actor: Actor) =>
      transaction(async (tx) => {
        const organization = await mustFind(tx, id);
        const allowed: Record<OrganizationStatus, OrganizationStatus[]> = {
          pending: ['dissolved'],
          active: ['suspended', 'dissolved'],
          suspended: ['active', 'dissolved'],
          dissolved: [],
        };
        if (!allowed[organization.status].includes(status)) {
          throw new AppError('conflict', `an organization that is ${organization.status} cannot become ${status}`);
        }
        const updated = await repo.updateOrganization(tx, id, { status });
        await recordAudit(tx, actor, {
          action: `organization.${status}`,
          targetType: 'organization',
          targetId: id,
          details: { reason },
        });
        return updated;
      }),

    async get(id: string) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
      const organization = await guardPostgres(() => repo.findOrganization(db, id));
      if (!organization) return undefined;
      return { organization, representations: await guardPostgres(() => repo.listRepresentations(db, id)) };
    },
  };
}

export type OrganizationsService = ReturnType<typeof createOrganizationsService>;
