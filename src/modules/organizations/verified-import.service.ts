// Bulk import of organizations already verified against the National Business Registration
// Database (there is no live link here: the registry's export is the source). Each record is
// validated and committed on its own; re-running skips codes already registered.
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.repository.ts';
import { detailsRow, eligibleRepresentative, type OrganizationDetails } from './organizations.service.ts';
import * as repo from './organizations.repository.ts';

export interface VerifiedRecord extends OrganizationDetails {
  legalRepresentatives: { personalId: string; role: string }[];
}

export interface ImportReport {
  created: number;
  skipped: number;
  rejected: { line: number; error: string; error_description: string }[];
}

function describe(error: unknown): { error: string; error_description: string } {
  if (error instanceof AppError) return { error: error.code, error_description: error.message };
  throw error;
}

export function createVerifiedImportService(db: Database) {
  async function importOne(record: VerifiedRecord, actor: Actor): Promise<'created' | 'skipped'> {
    return guardPostgres(() =>
      db.transaction(async (tx) => {
        const row = detailsRow(record);
        if (!Array.isArray(record.legalRepresentatives) || record.legalRepresentatives.length === 0) {
          throw new AppError('invalid_request', 'at least one legal representative is required');
        }
        const reps = await Promise.all(
          record.legalRepresentatives.map(async (rep) => ({
            citizen: await eligibleRepresentative(tx, rep.personalId),
            role: rep.role || 'Người đại diện theo pháp luật',
          })),
        );
        const organization = await repo.insertOrganization(tx, {
          ...row,
          status: 'active',
          verifiedBy: actor.id,
          verifiedAt: new Date(),
        });
        if (!organization) return 'skipped';
        await repo.insertRepresentations(
          tx,
          reps.map((rep) => ({
            organizationId: organization.id,
            citizenId: rep.citizen.id,
            kind: 'legal_representative' as const,
            role: rep.role,
            consentedAt: new Date(),
          })),
        );
        await recordAudit(tx, actor, {
          action: 'organization.imported',
          targetType: 'organization',
          targetId: organization.id,
          details: { code: row.code },
        });
        return 'created';
      }),
    );
  }

  return {
    async importRecords(records: unknown[], actor: Actor): Promise<ImportReport> {
      const report: ImportReport = { created: 0, skipped: 0, rejected: [] };
      for (const [index, record] of records.entries()) {
        try {
          const outcome = await importOne(record as VerifiedRecord, actor);
          report[outcome] += 1;
        } catch (error) {
          report.rejected.push({ line: index + 1, ...describe(error) });
        }
      }
      return report;
    },
  };
}
