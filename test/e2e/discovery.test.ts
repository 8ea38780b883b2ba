// The discovery document is chiakhoa's public contract with every portal: any change to it
// shows up here as a snapshot diff. Issuer-dependent URLs are normalised to "ISSUER".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

describe('discovery document', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it('matches the published contract', async () => {
    const response = await fetch(`${app.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    expect((JSON.parse(text) as { issuer: string }).issuer).toBe(app.issuer);

    const normalised = JSON.parse(text.replaceAll(app.issuer, 'ISSUER')) as Record<string, unknown>;
    expect(normalised).toMatchSnapshot();
  });
});
