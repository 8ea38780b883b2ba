import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminCaller, type AdminCaller } from '../../helpers/admin-client.ts';
import { enrolCitizen } from '../../helpers/fixtures.ts';
import { activeOrganization, uniqueAgencyCode, uniqueEnterpriseCode } from '../../helpers/organizations.ts';
import { startTestApp, type RunningApp } from '../../helpers/test-app.ts';

describe('organization registration through the admin API', () => {
  let app: RunningApp;
  let admin: AdminCaller;
  let auditor: AdminCaller;
  beforeAll(async () => {
    app = await startTestApp();
    admin = await createAdminCaller(app, ['admin:organizations']);
    auditor = await createAdminCaller(app, ['admin:audit']);
  });
  afterAll(() => app?.close());

  const legalRep = async () => (await enrolCitizen(app, { accountLevel: 2 })).personalId;
  const auditOf = async (id: string) =>
    (await auditor.call('GET', `/admin/audit?targetType=organization&targetId=${id}`)).body.events as {
      action: string;
      actorId: string;
    }[];

  it('follows apply, consent of the other legal representative, verification, and audits each step', async () => {
    const [first, second] = [await legalRep(), await legalRep()];
    const code = uniqueEnterpriseCode();
    const applied = await admin.call('POST', '/admin/organizations', {
      code,
      nameVi: 'Công ty Cổ phần Chìa Khóa',
      applicantPersonalId: first,
      legalRepresentatives: [
        { personalId: first, role: 'Tổng giám đốc' },
        { personalId: second, role: 'Chủ tịch HĐQT' },
      ],
    });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({
      code,
      status: 'pending',
      identificationNumber: expect.stringMatching(/^TC[0-9]{10}$/),
    });
    const early = await admin.call('POST', `/admin/organizations/${applied.body.id}/verification`);
    expect(early).toMatchObject({ status: 409, body: { error: 'conflict' } });
    expect(
      (await admin.call('POST', `/admin/organizations/${applied.body.id}/consents`, { personalId: second })).status,
    ).toBe(204);
    const verified = await admin.call('POST', `/admin/organizations/${applied.body.id}/verification`);
    expect(verified.body).toMatchObject({ status: 'active', verifiedBy: admin.clientId });
    const actions = (await auditOf(applied.body.id)).map((event) => event.action);
    expect(actions).toEqual(['organization.verified', 'organization.consented', 'organization.applied']);
  });

  it.each([
    ['an unknown code format', () => '12345', 400, 'invalid_organization_code'],
    ['an agency code over 35 characters', () => `${'0'.repeat(30)}.G0123`, 400, 'invalid_organization_code'],
    ['a lower-case agency code (canonicalised)', () => uniqueAgencyCode().toLowerCase(), 201, undefined],
  ])('handles %s', async (_name, code, status, error) => {
    const rep = await legalRep();
    const response = await admin.call('POST', '/admin/organizations', {
      nameVi: 'Sở Thử nghiệm',
      applicantPersonalId: rep,
      legalRepresentatives: [{ personalId: rep, role: 'Giám đốc' }],
      code: code(),
    });
    expect(response.status).toBe(status);
    if (error) expect(response.body.error).toBe(error);
  });

  it('refuses a duplicate code and changes nothing', async () => {
    const organization = await activeOrganization(admin, [await legalRep()]);
    const rep = await legalRep();
    const again = await admin.call('POST', '/admin/organizations', {
      code: organization.code,
      nameVi: 'Trùng mã',
      applicantPersonalId: rep,
      legalRepresentatives: [{ personalId: rep, role: 'Giám đốc' }],
    });
    expect(again).toMatchObject({ status: 409, body: { error: 'conflict' } });
  });

  it('refuses a representative who is not a level-2 citizen, and stores nothing', async () => {
    const levelOne = (await enrolCitizen(app, { accountLevel: 1 })).personalId;
    const code = uniqueEnterpriseCode();
    const response = await admin.call('POST', '/admin/organizations', {
      code,
      nameVi: 'Không đủ điều kiện',
      applicantPersonalId: levelOne,
      legalRepresentatives: [{ personalId: levelOne, role: 'Giám đốc' }],
    });
    expect(response).toMatchObject({ status: 400, body: { error: 'representative_not_eligible' } });
    const retry = await admin.call('POST', '/admin/organizations', {
      code,
      nameVi: 'Đủ điều kiện',
      applicantPersonalId: await legalRep(),
      legalRepresentatives: [],
    });
    expect(retry.status).toBe(400);
  });

  it('grants mandates, refuses overlapping ones, and revokes', async () => {
    const director = await legalRep();
    const organization = await activeOrganization(admin, [director]);
    const agent = await legalRep();
    const mandate = {
      grantorPersonalId: director,
      personalId: agent,
      role: 'Kế toán trưởng',
      clientIds: ['portal-a'],
      validUntil: '2099-01-01T00:00:00Z',
    };
    const granted = await admin.call('POST', `/admin/organizations/${organization.id}/mandates`, mandate);
    expect(granted).toMatchObject({
      status: 201,
      body: { kind: 'mandate', role: 'Kế toán trưởng', clientIds: ['portal-a'] },
    });
    const overlap = await admin.call('POST', `/admin/organizations/${organization.id}/mandates`, {
      ...mandate,
      clientIds: null,
    });
    expect(overlap).toMatchObject({ status: 409, body: { error: 'conflict' } });
    const otherPortal = await admin.call('POST', `/admin/organizations/${organization.id}/mandates`, {
      ...mandate,
      clientIds: ['portal-b'],
    });
    expect(otherPortal.status).toBe(201);
    const notGrantor = await admin.call('POST', `/admin/organizations/${organization.id}/mandates`, {
      ...mandate,
      grantorPersonalId: agent,
      clientIds: ['portal-c'],
    });
    expect(notGrantor).toMatchObject({ status: 400, body: { error: 'representative_not_eligible' } });
    const revoked = await admin.call(
      'POST',
      `/admin/organizations/${organization.id}/mandates/${granted.body.id}/revocation`,
      { reason: 'nghỉ việc' },
    );
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const twice = await admin.call(
      'POST',
      `/admin/organizations/${organization.id}/mandates/${granted.body.id}/revocation`,
      { reason: 'again' },
    );
    expect(twice.status).toBe(409);
  });

  it('moves through suspension and dissolution, and never back from dissolved', async () => {
    const organization = await activeOrganization(admin, [await legalRep()]);
    const path = `/admin/organizations/${organization.id}/status`;
    expect((await admin.call('POST', path, { status: 'suspended', reason: 'vi phạm' })).body.status).toBe('suspended');
    expect((await admin.call('POST', path, { status: 'active', reason: 'khắc phục' })).body.status).toBe('active');
    expect((await admin.call('POST', path, { status: 'dissolved', reason: 'giải thể' })).body.status).toBe('dissolved');
    expect((await admin.call('POST', path, { status: 'active', reason: 'x' })).status).toBe(409);
  });

  it('imports verified registry records, reporting bad rows, and is safe to re-run', async () => {
    const rep = await legalRep();
    const records = [
      {
        code: uniqueEnterpriseCode(),
        nameVi: 'Hợp tác xã Thử',
        legalRepresentatives: [{ personalId: rep, role: 'Chủ nhiệm' }],
      },
      { code: 'bad code', nameVi: 'Sai mã', legalRepresentatives: [{ personalId: rep, role: 'x' }] },
      { code: uniqueEnterpriseCode(), nameVi: 'Không người đại diện', legalRepresentatives: [] },
      {
        code: `${uniqueEnterpriseCode()}-001`,
        nameVi: 'Chi nhánh Thử',
        legalRepresentatives: [{ personalId: '000000000000', role: 'x' }],
      },
    ];
    const first = await admin.call('POST', '/admin/organizations/import', records);
    expect(first.body).toMatchObject({ created: 1, skipped: 0 });
    expect(first.body.rejected.map((row: { line: number; error: string }) => [row.line, row.error])).toEqual([
      [2, 'invalid_organization_code'],
      [3, 'invalid_request'],
      [4, 'invalid_personal_id'],
    ]);
    const again = await admin.call('POST', '/admin/organizations/import', records.slice(0, 1));
    expect(again.body).toMatchObject({ created: 0, skipped: 1, rejected: [] });
  });

  it('answers 404 for an unknown organization and 400 for a malformed id', async () => {
    expect((await admin.call('GET', '/admin/organizations/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await admin.call('GET', '/admin/organizations/not-a-uuid')).body.error).toBe('invalid_request');
  });
});
