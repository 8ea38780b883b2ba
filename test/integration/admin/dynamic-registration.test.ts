// Dynamic Client Registration (RFC 7591) and management (RFC 7592) for tooling holding an
// initial access token an administrator issued: the same rules as the admin API, nothing
// stored on error, the secret shown once and stored hashed.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients } from '../../../src/db/schema.ts';
import { createAdminCaller, type AdminCaller } from '../../helpers/admin-client.ts';
import { enrolCitizen } from '../../helpers/fixtures.ts';
import { activeOrganization } from '../../helpers/organizations.ts';
import { secretWorks } from '../../helpers/portals.ts';
import { startTestApp, type RunningApp } from '../../helpers/test-app.ts';

const NAME = 'Cổng thủ tục hành chính Sở Xây dựng';

describe('dynamic client registration', () => {
  let app: RunningApp;
  let admin: AdminCaller;
  let organizationId: string;
  let token: string;
  beforeAll(async () => {
    app = await startTestApp();
    admin = await createAdminCaller(app, ['admin:clients', 'admin:organizations']);
    organizationId = (await activeOrganization(admin, [(await enrolCitizen(app)).personalId])).id;
    const issued = await admin.call('POST', '/admin/registration-tokens', { organizationId, clientName: NAME });
    expect(issued.status).toBe(201);
    token = issued.body.initialAccessToken;
  });
  afterAll(() => app?.close());

  const request = async (method: string, path: string, bearer: string | undefined, body?: unknown) => {
    const response = await fetch(`${app.issuer}${path}`, {
      method,
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const metadata = (overrides: Record<string, unknown> = {}) => ({
    redirect_uris: ['https://sxd.example.gov.vn/callback'],
    post_logout_redirect_uris: ['https://sxd.example.gov.vn/'],
    token_endpoint_auth_method: 'client_secret_basic',
    scope: 'openid profile',
    ...overrides,
  });
  const storedCount = async () =>
    (await app.infrastructure.database.db.select().from(clients).where(eq(clients.organizationId, organizationId)))
      .length;

  it('registers with an initial access token: approved name, owner, hashed secret shown once', async () => {
    expect((await request('POST', '/reg', undefined, metadata())).body.error).toBe('invalid_token');
    expect((await request('POST', '/reg', 'made-up-token', metadata())).body.error).toBe('invalid_token');

    const created = await request('POST', '/reg', token, metadata({ min_account_level: 2 }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      client_name: NAME,
      organization_id: organizationId,
      min_account_level: 2,
      subject_type: 'public',
      client_secret_expires_at: 0,
    });
    const { client_id: clientId, client_secret: secret } = created.body;
    const [row] = await app.infrastructure.database.db.select().from(clients).where(eq(clients.clientId, clientId));
    expect(row).toMatchObject({ organizationId, enabled: true, name: NAME });
    expect(row!.secretHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(row!.metadata)).not.toContain(secret);
    expect(await secretWorks(app, clientId, secret)).toBe(true);

    // RFC 7592 read: the secret is not shown again, the registered subject type is.
    const read = await request('GET', `/reg/${clientId}`, created.body.registration_access_token);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('client_secret');
    expect(read.body).not.toHaveProperty('subject_mode');
    expect(read.body.subject_type).toBe('public');
  });

  const refusals: [string, Record<string, unknown>, string][] = [
    ['an http redirect URI', { redirect_uris: ['http://sxd.example.gov.vn/cb'] }, 'invalid_redirect_uri'],
    ['a wildcard', { redirect_uris: ['https://*.example.gov.vn/cb'] }, 'invalid_redirect_uri'],
    ['a fragment', { redirect_uris: ['https://sxd.example.gov.vn/cb#top'] }, 'invalid_redirect_uri'],
    [
      'two hosts',
      { redirect_uris: ['https://a.example.gov.vn/cb', 'https://b.example.gov.vn/cb'] },
      'invalid_redirect_uri',
    ],
    ['an http post-logout URI', { post_logout_redirect_uris: ['http://sxd.example.gov.vn/'] }, 'invalid_redirect_uri'],
    ['the personal_id scope', { scope: 'openid personal_id' }, 'invalid_client_metadata'],
    ['the organization scope', { scope: 'openid organization' }, 'invalid_client_metadata'],
    ['an admin scope', { scope: 'openid admin:clients' }, 'invalid_client_metadata'],
    ['scopes without openid', { scope: 'profile' }, 'invalid_client_metadata'],
    ['another name', { client_name: 'Cổng Dịch vụ công Quốc gia' }, 'invalid_client_metadata'],
    ['client_credentials', { grant_types: ['client_credentials'] }, 'invalid_client_metadata'],
    ['the implicit flow', { response_types: ['id_token'] }, 'invalid_client_metadata'],
    ['account level 3', { min_account_level: 3 }, 'invalid_client_metadata'],
    ['private_key_jwt without keys', { token_endpoint_auth_method: 'private_key_jwt' }, 'invalid_client_metadata'],
    ['an http back-channel URI', { backchannel_logout_uri: 'http://sxd.example.gov.vn/b' }, 'invalid_client_metadata'],
  ];

  it.each(refusals)('refuses %s and stores nothing', async (_label, overrides, error) => {
    const before = await storedCount();
    const refused = await request('POST', '/reg', token, metadata(overrides));
    expect(refused).toMatchObject({ status: 400, body: { error } });
    expect(await storedCount()).toBe(before);
  });

  it('updates through the registration access token (rotated each time) and deletes by disabling', async () => {
    const created = await request('POST', '/reg', token, metadata({ subject_type: 'pairwise' }));
    const { client_id: clientId, registration_access_token: firstToken } = created.body;
    expect(created.body).toMatchObject({ subject_type: 'pairwise', sector: 'sxd.example.gov.vn' });

    const updated = await request('PUT', `/reg/${clientId}`, firstToken, {
      ...metadata({ min_account_level: 2, scope: 'openid profile email' }),
      client_id: clientId,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ min_account_level: 2, scope: 'openid profile email', client_name: NAME });
    expect(updated.body).not.toHaveProperty('client_secret');
    const secondToken = updated.body.registration_access_token;
    expect(secondToken).not.toBe(firstToken);
    expect((await request('GET', `/reg/${clientId}`, firstToken)).status).toBe(401);

    const escalate = await request('PUT', `/reg/${clientId}`, secondToken, {
      ...metadata({ scope: 'openid personal_id' }),
      client_id: clientId,
    });
    expect(escalate).toMatchObject({ status: 400, body: { error: 'invalid_client_metadata' } });
    expect((await app.provider.Client.find(clientId))?.scope).toBe('openid profile email');

    expect((await request('DELETE', `/reg/${clientId}`, secondToken)).status).toBe(204);
    expect(await app.provider.Client.find(clientId)).toBeUndefined();
    const [row] = await app.infrastructure.database.db.select().from(clients).where(eq(clients.clientId, clientId));
    expect(row?.enabled).toBe(false);
  });

  it('issues initial access tokens only for an active organization', async () => {
    const unknown = await admin.call('POST', '/admin/registration-tokens', {
      organizationId: crypto.randomUUID(),
      clientName: NAME,
    });
    expect(unknown).toMatchObject({ status: 404, body: { error: 'not_found' } });
    const blank = await admin.call('POST', '/admin/registration-tokens', { organizationId, clientName: ' ' });
    expect(blank).toMatchObject({ status: 400, body: { error: 'invalid_client_metadata' } });
  });
});
