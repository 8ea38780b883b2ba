import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { createAdminCaller } from '../../helpers/admin-client.ts';
import { startTestApp, type RunningApp } from '../../helpers/test-app.ts';

describe('admin API authentication', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it('issues admin clients JWT access tokens pinned to the admin audience', async () => {
    const admin = await createAdminCaller(app, ['admin:audit']);
    const claims = decodeJwt(admin.token);
    expect(claims).toMatchObject({
      iss: app.issuer,
      aud: 'urn:chiakhoa:admin-api',
      client_id: admin.clientId,
      scope: 'admin:audit',
    });
    const { status, body } = await admin.call('GET', '/admin/audit?limit=5');
    expect(status).toBe(200);
    expect(Array.isArray(body.events)).toBe(true);
  });

  it('answers 401 invalid_token without a token or with a forged one', async () => {
    const none = await fetch(`${app.baseUrl}/admin/audit`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: 'invalid_token' });
    const admin = await createAdminCaller(app, ['admin:audit']);
    const [header, payload] = admin.token.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not-a-signature').toString('base64url')}`;
    const response = await fetch(`${app.baseUrl}/admin/audit`, { headers: { authorization: `Bearer ${forged}` } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('answers 403 insufficient_scope for another area', async () => {
    const admin = await createAdminCaller(app, ['admin:audit']);
    const { status, body } = await admin.call('POST', '/admin/organizations/import', []);
    expect(status).toBe(403);
    expect(body).toEqual({
      error: 'insufficient_scope',
      error_description: expect.stringContaining('admin:organizations'),
    });
  });

  it('refuses a portal access token (wrong audience) at the admin API', async () => {
    const other = await startTestApp();
    try {
      const admin = await createAdminCaller(other, ['admin:audit']);
      const response = await fetch(`${app.baseUrl}/admin/audit`, {
        headers: { authorization: `Bearer ${admin.token}` },
      });
      expect(response.status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('serves the OpenAPI document and a reference page', async () => {
    const document = (await (await fetch(`${app.baseUrl}/admin/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/admin/organizations', '/admin/citizens/{id}/lock', '/admin/audit']),
    );
    const page = await fetch(`${app.baseUrl}/admin/docs/`);
    expect(page.status).toBe(200);
  });
});
