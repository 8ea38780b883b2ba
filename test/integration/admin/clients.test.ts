// Portal onboarding through the admin API: every registration rule answers with its RFC 7591
// error and stores nothing; secrets are shown once, stored hashed, rotatable with an overlap.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, clients } from '../../../src/db/schema.ts';
import { createAdminCaller, type AdminCaller } from '../../helpers/admin-client.ts';
import { enrolCitizen } from '../../helpers/fixtures.ts';
import { activeOrganization } from '../../helpers/organizations.ts';
import { startTestApp, type RunningApp } from '../../helpers/test-app.ts';
import { publicJwk, secretWorks } from '../../helpers/portals.ts';

describe('portals in the admin API', () => {
  let app: RunningApp;
  let admin: AdminCaller;
  let organizationId: string;
  beforeAll(async () => {
    app = await startTestApp();
    admin = await createAdminCaller(app, ['admin:clients', 'admin:organizations']);
    organizationId = (await activeOrganization(admin, [(await enrolCitizen(app)).personalId])).id;
  });
  afterAll(() => app?.close());

  const portal = (overrides: Record<string, unknown> = {}) => ({
    organizationId,
    name: 'Cổng dịch vụ công Sở Tư pháp',
    redirectUris: ['https://stp.example.gov.vn/callback'],
    postLogoutRedirectUris: ['https://stp.example.gov.vn/'],
    scopes: ['openid', 'profile'],
    tokenEndpointAuthMethod: 'client_secret_basic',
    ...overrides,
  });
  const portalsOfOrganization = async () =>
    (await admin.call('GET', `/admin/clients?organizationId=${organizationId}`)).body.portals.length as number;

  it('registers a portal, shows its secret once, stores only the hash and audits the change', async () => {
    const created = await admin.call('POST', '/admin/clients', portal({ minAccountLevel: 2 }));
    expect(created).toMatchObject({
      status: 201,
      body: { organizationId, enabled: true, minAccountLevel: 2, subjectType: 'public', hasSecret: true },
    });
    const { clientId, clientSecret } = created.body;
    expect(clientSecret).toMatch(/^[\w-]{43}$/);
    const [row] = await app.infrastructure.database.db.select().from(clients).where(eq(clients.clientId, clientId));
    expect(row!.secretHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(row!.metadata)).not.toContain(clientSecret);
    expect((await app.provider.Client.find(clientId))?.['min_account_level']).toBe(2);
    expect(await secretWorks(app, clientId, clientSecret)).toBe(true);

    const read = await admin.call('GET', `/admin/clients/${clientId}`);
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toMatch(/argon2|clientSecret/);
    const audit = await app.infrastructure.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, clientId));
    expect(audit.map((event) => [event.action, event.actorId])).toEqual([['portal.registered', admin.clientId]]);
  });

  const refusals: [string, Record<string, unknown>, string][] = [
    ['an http redirect URI', { redirectUris: ['http://stp.example.gov.vn/cb'] }, 'invalid_redirect_uri'],
    ['a wildcard', { redirectUris: ['https://*.example.gov.vn/cb'] }, 'invalid_redirect_uri'],
    ['a fragment', { redirectUris: ['https://stp.example.gov.vn/cb#x'] }, 'invalid_redirect_uri'],
    ['no redirect URI', { redirectUris: [] }, 'invalid_redirect_uri'],
    [
      'two hosts',
      { redirectUris: ['https://a.example.gov.vn/cb', 'https://b.example.gov.vn/cb'] },
      'invalid_redirect_uri',
    ],
    ['an http post-logout URI', { postLogoutRedirectUris: ['http://stp.example.gov.vn/'] }, 'invalid_redirect_uri'],
    ['an http back-channel URI', { backchannelLogoutUri: 'http://stp.example.gov.vn/bcl' }, 'invalid_client_metadata'],
    ['scopes without openid', { scopes: ['profile'] }, 'invalid_client_metadata'],
    ['an admin scope', { scopes: ['openid', 'admin:citizens'] }, 'invalid_client_metadata'],
    ['an unknown scope', { scopes: ['openid', 'tax_records'] }, 'invalid_client_metadata'],
    ['pairwise without a sector', { subjectType: 'pairwise' }, 'invalid_client_metadata'],
    ['a sector on a public portal', { subjectType: 'public', sector: 'tu-phap' }, 'invalid_client_metadata'],
    ['account level 3', { minAccountLevel: 3 }, 'invalid_client_metadata'],
    ['an unknown auth method', { tokenEndpointAuthMethod: 'client_secret_post' }, 'invalid_client_metadata'],
    ['private_key_jwt without keys', { tokenEndpointAuthMethod: 'private_key_jwt' }, 'invalid_client_metadata'],
    [
      'an http jwks_uri',
      { tokenEndpointAuthMethod: 'private_key_jwt', jwksUri: 'http://stp.example.gov.vn/jwks' },
      'invalid_client_metadata',
    ],
    ['a blank name', { name: '  ' }, 'invalid_client_metadata'],
    ['a missing field', { scopes: undefined }, 'invalid_request'],
  ];

  it.each(refusals)('refuses %s and stores nothing', async (_label, overrides, error) => {
    const before = await portalsOfOrganization();
    const refused = await admin.call('POST', '/admin/clients', portal(overrides));
    expect(refused).toMatchObject({ status: 400, body: { error } });
    expect(await portalsOfOrganization()).toBe(before);
  });

  it('refuses a private signing key in jwks, an unknown or inactive organization', async () => {
    const { privateJwk } = await publicJwk();
    const leaked = await admin.call(
      'POST',
      '/admin/clients',
      portal({ tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [privateJwk] } }),
    );
    expect(leaked).toMatchObject({ status: 400, body: { error: 'invalid_client_metadata' } });
    const unknown = await admin.call('POST', '/admin/clients', portal({ organizationId: crypto.randomUUID() }));
    expect(unknown).toMatchObject({ status: 404, body: { error: 'not_found' } });
    await admin.call('POST', `/admin/organizations/${organizationId}/status`, { status: 'suspended', reason: 'test' });
    const suspended = await admin.call('POST', '/admin/clients', portal());
    await admin.call('POST', `/admin/organizations/${organizationId}/status`, { status: 'active', reason: 'test' });
    expect(suspended).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('updates settings under the same rules and issues a secret only when one becomes needed', async () => {
    const { jwk } = await publicJwk();
    const created = await admin.call(
      'POST',
      '/admin/clients',
      portal({ tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [jwk] } }),
    );
    const path = `/admin/clients/${created.body.clientId}`;
    expect(created.body).not.toHaveProperty('clientSecret');
    const refused = await admin.call('PATCH', path, { redirectUris: ['https://other.example.gov.vn/cb'], sector: 'x' });
    expect(refused.status).toBe(400);
    expect((await admin.call('GET', path)).body.redirectUris).toEqual(['https://stp.example.gov.vn/callback']);

    const changed = await admin.call('PATCH', path, {
      scopes: ['openid', 'personal_id'],
      subjectType: 'pairwise',
      sector: 'tu-phap.gov.vn',
      backchannelLogoutUri: 'https://stp.example.gov.vn/backchannel',
    });
    expect(changed.body).toMatchObject({ scopes: ['openid', 'personal_id'], sector: 'tu-phap.gov.vn' });
    const loaded = await app.provider.Client.find(created.body.clientId);
    expect(loaded).toMatchObject({ subjectType: 'pairwise', subject_mode: 'pairwise', sector: 'tu-phap.gov.vn' });

    const toSecret = await admin.call('PATCH', path, { tokenEndpointAuthMethod: 'client_secret_basic', jwks: null });
    expect(toSecret.body.clientSecret).toMatch(/^[\w-]{43}$/);
    expect(await secretWorks(app, created.body.clientId, toSecret.body.clientSecret)).toBe(true);
  });

  it('rotates a secret with an overlap window, and ends the old one at once with overlap 0', async () => {
    const { clientId, clientSecret: first } = (await admin.call('POST', '/admin/clients', portal())).body;
    const rotated = await admin.call('POST', `/admin/clients/${clientId}/secret`, { overlapSeconds: 3600 });
    expect(rotated.body.previousSecretValidUntil).toBeTruthy();
    const second = rotated.body.clientSecret;
    expect(await secretWorks(app, clientId, first)).toBe(true);
    expect(await secretWorks(app, clientId, second)).toBe(true);
    expect((await admin.call('GET', `/admin/clients/${clientId}`)).body.previousSecretValidUntil).toBe(
      rotated.body.previousSecretValidUntil,
    );

    const third = (await admin.call('POST', `/admin/clients/${clientId}/secret`, { overlapSeconds: 0 })).body;
    expect(await secretWorks(app, clientId, first)).toBe(false);
    expect(await secretWorks(app, clientId, second)).toBe(false);
    expect(await secretWorks(app, clientId, third.clientSecret)).toBe(true);
    const tooLong = await admin.call('POST', `/admin/clients/${clientId}/secret`, { overlapSeconds: 90 * 86400 });
    expect(tooLong).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('needs the admin:clients scope', async () => {
    const other = await createAdminCaller(app, ['admin:citizens']);
    expect((await other.call('POST', '/admin/clients', portal())).status).toBe(403);
    expect((await fetch(`${app.baseUrl}/admin/clients`)).status).toBe(401);
  });
});
