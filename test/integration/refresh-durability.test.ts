// A refresh token survives a state-store failure in the middle of its rotation: the token
// endpoint answers 503, and the same refresh token works on the retry (not a replay that would
// revoke the grant). See src/plugins/refresh-rotation.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/errors.ts';
import type { StateStore } from '../../src/oidc/adapters/state-store.ts';
import { obtainCode } from '../helpers/code-flow.ts';
import { enrolCitizen, registerPortal } from '../helpers/fixtures.ts';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

const REDIRECT_URI = 'http://127.0.0.1:9/callback';

describe('refresh-token rotation under a store failure', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it('gives the old refresh token back when the new access token cannot be saved', async () => {
    const { personalId, password } = await enrolCitizen(app);
    const { client, clientSecret } = await registerPortal(app, { redirectUris: [REDIRECT_URI] });
    const token = async (fields: Record<string, string>) => {
      const response = await fetch(`${app.issuer}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${client.clientId}:${clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(fields).toString(),
      });
      return { status: response.status, body: (await response.json()) as Record<string, string> };
    };
    const { code, codeVerifier } = await obtainCode({
      baseUrl: app.baseUrl,
      issuer: app.issuer,
      clientId: client.clientId,
      redirectUri: REDIRECT_URI,
      personalId,
      password,
      scope: 'openid offline_access',
      params: { prompt: 'consent' },
    });
    const issued = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: codeVerifier,
    });
    const refreshToken = issued.body.refresh_token!;

    // Redis fails after the refresh token was consumed, when the access token is written.
    const store = app.infrastructure.store as { -readonly [K in keyof StateStore]: StateStore[K] };
    const putRecord = store.putRecord.bind(store);
    store.putRecord = async (key, ...rest) => {
      store.putRecord = putRecord;
      if (key.includes('AccessToken')) throw new StoreUnavailableError('redis');
      return putRecord(key, ...rest);
    };
    const failed = await token({ grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(failed).toMatchObject({ status: 503, body: { error: 'temporarily_unavailable' } });

    const retried = await token({ grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(retried.status).toBe(200);
    expect(retried.body.refresh_token).toEqual(expect.any(String));
    expect((await token({ grant_type: 'refresh_token', refresh_token: retried.body.refresh_token! })).status).toBe(200);
  });
});
