import { createServer, type Server } from 'node:http';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowProviderRequestsTo } from '../../helpers/portal-client.ts';
import { createAdminCaller, type AdminCaller } from '../../helpers/admin-client.ts';
import { obtainCode } from '../../helpers/code-flow.ts';
import { DEMO_PASSWORD, enrolCitizen, registerPortal, uniquePersonalId } from '../../helpers/fixtures.ts';
import { startTestApp, type RunningApp } from '../../helpers/test-app.ts';
import { tokenClient } from '../../helpers/token-client.ts';

describe('citizens in the admin API', () => {
  let app: RunningApp;
  let admin: AdminCaller;
  beforeAll(async () => {
    app = await startTestApp();
    admin = await createAdminCaller(app, ['admin:citizens']);
  });
  afterAll(() => app?.close());

  const person = (overrides: Record<string, unknown> = {}) => ({
    personalId: uniquePersonalId('079190'),
    fullName: 'Trần Thị Nhập',
    birthDate: '1990-07-01',
    sex: 'female',
    accountLevel: 1,
    ...overrides,
  });

  it('enrols one citizen, never returns the password hash, and refuses a number that contradicts the birth date', async () => {
    const created = await admin.call('POST', '/admin/citizens', { ...person(), password: DEMO_PASSWORD });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('passwordHash');
    const mismatch = await admin.call('POST', '/admin/citizens', {
      ...person({ birthDate: '1991-07-01' }),
      password: DEMO_PASSWORD,
    });
    expect(mismatch).toMatchObject({ status: 400, body: { error: 'invalid_personal_id' } });
    const duplicate = await admin.call('POST', '/admin/citizens', {
      ...person({ personalId: created.body.personalId }),
      password: DEMO_PASSWORD,
    });
    expect(duplicate).toMatchObject({ status: 409, body: { error: 'conflict' } });
  });

  it('imports a CSV export: valid rows committed, bad rows reported, re-running inserts nothing twice', async () => {
    const good = [person(), person({ fullName: 'Lê, Văn "Phẩy"' })];
    const csv = [
      'personalId,fullName,birthDate,sex,accountLevel',
      ...good.map((p) => `${p.personalId},"${String(p.fullName).replaceAll('"', '""')}",${p.birthDate},${p.sex},2`),
      `${uniquePersonalId('079190')},Sai Năm,1985-01-01,female,1`,
      `12345,Sai Số,1990-01-01,female,1`,
      `"unterminated,row`,
    ].join('\n');
    const first = await admin.call('POST', '/admin/citizens/import', csv, 'text/csv');
    expect(first.body).toMatchObject({ received: 5, inserted: 2, duplicates: 0 });
    expect(first.body.rejected.map((row: { line: number; error: string }) => [row.line, row.error])).toEqual([
      [4, 'invalid_personal_id'],
      [5, 'invalid_personal_id'],
      [6, 'invalid_request'],
    ]);
    const found = await admin.call('GET', `/admin/citizens?personalId=${good[1]!.personalId}`);
    expect(found.body).toMatchObject({ fullName: 'Lê, Văn "Phẩy"', accountLevel: 2, status: 'active' });
    const again = await admin.call('POST', '/admin/citizens/import', csv, 'text/csv');
    expect(again.body).toMatchObject({ inserted: 0, duplicates: 2 });
  });

  it('imports JSON Lines', async () => {
    const lines = [JSON.stringify(person()), 'not json', JSON.stringify(person({ sex: 'other' }))].join('\n');
    const report = await admin.call('POST', '/admin/citizens/import', lines, 'application/x-ndjson');
    expect(report.body).toMatchObject({ received: 3, inserted: 1 });
    expect(report.body.rejected).toHaveLength(2);
  });

  it('changes the account level', async () => {
    const { citizen } = await enrolCitizen(app, { accountLevel: 1 });
    const changed = await admin.call('POST', `/admin/citizens/${citizen.id}/level`, { accountLevel: 2 });
    expect(changed.body.accountLevel).toBe(2);
    expect((await admin.call('POST', `/admin/citizens/${citizen.id}/level`, { accountLevel: 3 })).status).toBe(400);
  });

  describe('a lock', () => {
    let receiver: Server;
    const logoutTokens: string[] = [];
    let receiverUrl = '';
    let restoreGuard = () => {};
    beforeAll(async () => {
      receiver = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => (body += chunk));
        request.on('end', () => {
          logoutTokens.push(new URLSearchParams(body).get('logout_token') ?? '');
          response.end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/backchannel`;
      // oidc-provider refuses loopback targets (SSRF guard); let this one receiver through.
      restoreGuard = allowProviderRequestsTo(receiverUrl);
    });
    afterAll(() => {
      restoreGuard();
      return new Promise((resolve) => receiver.close(resolve));
    });

    it('ends the live session, kills the refresh token, and tells the portal by back-channel logout', async () => {
      const { citizen, personalId, password } = await enrolCitizen(app);
      const { client, clientSecret } = await registerPortal(app, { backchannelLogoutUri: receiverUrl });
      const flow = await obtainCode({
        baseUrl: app.baseUrl,
        issuer: app.issuer,
        clientId: client.clientId,
        redirectUri: 'http://127.0.0.1:9/callback',
        personalId,
        password,
        scope: 'openid offline_access',
        params: { prompt: 'consent' },
      });
      const tokens = tokenClient(app.issuer, client.clientId, clientSecret!);
      const issued = await tokens.redeem(flow);
      expect(issued.body.refresh_token).toEqual(expect.any(String));

      const locked = await admin.call('POST', `/admin/citizens/${citizen.id}/lock`, {
        ground: 'holder_request',
        requestedBy: 'Công an phường Hàng Bạc',
      });
      expect(locked.body).toMatchObject({
        citizen: { status: 'locked', statusReason: 'holder_request' },
        ended: { sessions: 1, grants: 1 },
      });

      const refreshed = await tokens.refresh(issued.body.refresh_token);
      expect(refreshed).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
      const silent = new URL(`${app.issuer}/auth`);
      silent.search = new URLSearchParams({
        client_id: client.clientId,
        redirect_uri: flow.redirectUri,
        response_type: 'code',
        scope: 'openid',
        prompt: 'none',
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
      }).toString();
      const response = await fetch(silent, { redirect: 'manual', headers: { cookie: flow.jar.header() } });
      expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('login_required');
      expect(logoutTokens).toHaveLength(1);
      const logout = decodeJwt(logoutTokens[0]!);
      expect(logout).toMatchObject({ iss: app.issuer, aud: client.clientId, sub: citizen.id, sid: expect.any(String) });
      expect(logout.events).toEqual({ 'http://schemas.openid.net/event/backchannel-logout': {} });
    });

    it('refuses to unlock a deceased citizen but unlocks a holder-request lock', async () => {
      const { citizen } = await enrolCitizen(app);
      await admin.call('POST', `/admin/citizens/${citizen.id}/lock`, {
        ground: 'holder_request',
        requestedBy: 'chính chủ',
      });
      const unlocked = await admin.call('POST', `/admin/citizens/${citizen.id}/unlock`, {
        reason: 'chính chủ yêu cầu',
        requestedBy: 'chính chủ',
      });
      expect(unlocked.body.status).toBe('active');
      await admin.call('POST', `/admin/citizens/${citizen.id}/lock`, { ground: 'death', requestedBy: 'UBND xã' });
      const refused = await admin.call('POST', `/admin/citizens/${citizen.id}/unlock`, {
        reason: 'x',
        requestedBy: 'y',
      });
      expect(refused).toMatchObject({ status: 409, body: { error: 'conflict' } });
    });

    it('rejects an unknown lock ground', async () => {
      const { citizen } = await enrolCitizen(app);
      const response = await admin.call('POST', `/admin/citizens/${citizen.id}/lock`, {
        ground: 'dislike',
        requestedBy: 'x',
      });
      expect(response).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    });
  });
});
