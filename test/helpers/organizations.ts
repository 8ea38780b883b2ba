// Unique organization codes and ready-made organizations for tests.
import { randomInt } from 'node:crypto';
import type { AdminCaller } from './admin-client.ts';

export const uniqueEnterpriseCode = () => String(randomInt(1_000_000_000, 9_999_999_999));
export const uniqueAgencyCode = () =>
  `000.${String(randomInt(10, 99))}.${String(randomInt(10, 99))}.G${String(randomInt(10, 99))}${String(randomInt(0, 9999)).padStart(4, '0')}`;

/** Applies, (co-)consents and verifies: an active organization with these legal representatives. */
export async function activeOrganization(
  admin: AdminCaller,
  legalRepresentatives: string[],
  code = uniqueEnterpriseCode(),
) {
  const applied = await admin.call('POST', '/admin/organizations', {
    code,
    nameVi: `Công ty TNHH Thử nghiệm ${code}`,
    nameAbbr: 'TNHH TN',
    applicantPersonalId: legalRepresentatives[0],
    legalRepresentatives: legalRepresentatives.map((personalId) => ({ personalId, role: 'Giám đốc' })),
  });
  if (applied.status !== 201) throw new Error(`apply failed: ${JSON.stringify(applied.body)}`);
  for (const personalId of legalRepresentatives.slice(1)) {
    await admin.call('POST', `/admin/organizations/${applied.body.id}/consents`, { personalId });
  }
  const verified = await admin.call('POST', `/admin/organizations/${applied.body.id}/verification`);
  if (verified.status !== 200) throw new Error(`verify failed: ${JSON.stringify(verified.body)}`);
  return verified.body as { id: string; code: string; identificationNumber: string; status: string };
}
