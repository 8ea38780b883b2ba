import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminCaller, tokenFor, type AdminCaller } from '../helpers/admin-client.ts';
import { obtainCode } from '../helpers/code-flow.ts';
import { enrolCitizen, registerPortal } from '../helpers/fixtures.ts';
import { activeOrganization, uniqueAgencyCode } from '../helpers/organizations.ts';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';
import { tokenClient } from '../helpers/token-client.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';

describe('signing in for an organization', () => {
  let app: RunningApp;
  let admin: AdminCaller;
  beforeAll(async () => {
    app = await startTestApp();
    admin = await createAdminCaller(app, ['admin:organizations']);
  });
  afterAll(() => app?.close());

  async function orgPortal(sector?: string) {
    const { client, clientSecret } = await registerPortal(app, {
      scopes: ['openid', 'profile', 'organization', 'offline_access'],
      sector,
    });
    return { client, tokens: tokenClient(app.issuer, client.clientId, clientSecret!) };
  }
  const signIn = (clientId: string, who: { personalId: string; password: string }, organizationCode: string) =>
    obtainCode({
      baseUrl: app.baseUrl,
      issuer: app.issuer,
      clientId,
      redirectUri: REDIRECT,
      ...who,
      scope: 'openid organization offline_access',
      params: { prompt: 'consent' },
      organizationCode,
    });

  it('gives a legal representative a token whose sub is the enterprise and act names them', async () => {
    const director = await enrolCitizen(app);
    const organization = await activeOrganization(admin, [director.personalId]);
    const { client, tokens } = await orgPortal();
    const issued = await tokens.redeem(await signIn(client.clientId, director, organization.code));
    expect(issued.status).toBe(200);
    const idToken = decodeJwt(issued.body.id_token);
    expect(idToken.sub).toBe(organization.id);
    expect(idToken.act).toEqual({ sub: director.citizen.id, basis: 'legal_representative', role: 'Giám đốc' });
    const userinfo = await (
      await fetch(`${app.issuer}/me`, { headers: { authorization: `Bearer ${issued.body.access_token}` } })
    ).json();
    expect(userinfo).toMatchObject({
      sub: organization.id,
      org_code: organization.code,
      org_identification_number: organization.identificationNumber,
      org_status: 'active',
      org_role: 'Giám đốc',
    });
    expect(JSON.stringify(userinfo)).not.toContain(director.personalId);
  });

  it('keeps the organization sub stable across representatives and pairwise per sector', async () => {
    const [first, second] = [await enrolCitizen(app), await enrolCitizen(app)];
    const organization = await activeOrganization(admin, [first.personalId, second.personalId]);
    const { client, tokens } = await orgPortal('bo-ke-hoach');
    const a = decodeJwt((await tokens.redeem(await signIn(client.clientId, first, organization.code))).body.id_token);
    const b = decodeJwt((await tokens.redeem(await signIn(client.clientId, second, organization.code))).body.id_token);
    expect(a.sub).toBe(b.sub);
    expect(a.sub).not.toBe(organization.id);
    expect((a.act as { sub: string }).sub).not.toBe((b.act as { sub: string }).sub);
  });

  it('lets an authorised person act for an agency within their mandate only, and refuses after revocation', async () => {
    const director = await enrolCitizen(app);
    const agent = await enrolCitizen(app);
    const agency = await activeOrganization(admin, [director.personalId], uniqueAgencyCode());
    const covered = await orgPortal();
    const other = await orgPortal();
    const mandate = await admin.call('POST', `/admin/organizations/${agency.id}/mandates`, {
      grantorPersonalId: director.personalId,
      personalId: agent.personalId,
      role: 'Chuyên viên',
      clientIds: [covered.client.clientId],
    });
    const issued = await covered.tokens.redeem(await signIn(covered.client.clientId, agent, agency.code));
    expect(decodeJwt(issued.body.id_token).act).toEqual({
      sub: agent.citizen.id,
      basis: 'mandate',
      mandate_id: mandate.body.id,
      role: 'Chuyên viên',
    });
    await expect(signIn(other.client.clientId, agent, agency.code)).rejects.toThrow(/not offered/);
    await admin.call('POST', `/admin/organizations/${agency.id}/mandates/${mandate.body.id}/revocation`, {
      reason: 'hết nhiệm vụ',
    });
    expect(await covered.tokens.refresh(issued.body.refresh_token)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    await expect(signIn(covered.client.clientId, agent, agency.code)).rejects.toThrow(/not offered/);
  });

  it('fails the refresh token of a dissolved organization with invalid_grant', async () => {
    const director = await enrolCitizen(app);
    const organization = await activeOrganization(admin, [director.personalId]);
    const { client, tokens } = await orgPortal();
    const issued = await tokens.redeem(await signIn(client.clientId, director, organization.code));
    expect((await tokens.refresh(issued.body.refresh_token)).status).toBe(200);
    await admin.call('POST', `/admin/organizations/${organization.id}/status`, {
      status: 'dissolved',
      reason: 'giải thể',
    });
    const issuedAgain = await tokens.refresh(issued.body.refresh_token);
    expect(issuedAgain).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('ties a machine client to its organization code, and refuses it once the organization is suspended', async () => {
    const director = await enrolCitizen(app);
    const organization = await activeOrganization(admin, [director.personalId], uniqueAgencyCode());
    const { generateKeyPair, exportJWK } = await import('jose');
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const { client } = await app.clients.registerMachine({
      name: 'Hệ thống một cửa',
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [{ ...(await exportJWK(publicKey)), alg: 'ES256', kid: 'k1' }] },
      scopes: [],
      organizationId: organization.id,
    });
    const token = await tokenFor(app, client.clientId, privateKey);
    const stored = await app.provider.ClientCredentials.find(token);
    expect(stored?.extra).toEqual({
      org_identification_number: organization.identificationNumber,
      org_code: organization.code,
      org_name: expect.any(String),
    });
    await admin.call('POST', `/admin/organizations/${organization.id}/status`, {
      status: 'suspended',
      reason: 'tạm dừng',
    });
    const refused = await tokenFor(app, client.clientId, privateKey).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      error: 'invalid_client',
      error_description: 'the organization of this client is not active',
    });
  });
});
