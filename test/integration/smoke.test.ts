import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

describe.each(['real', 'embedded'] as const)('service on %s backends', (backend) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startTestApp({ backend });
  });
  afterAll(() => app?.close());

  it('serves discovery with the issuer it was given', async () => {
    const response = await fetch(`${app.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { issuer: string };
    expect(body.issuer).toBe(app.issuer);
  });

  it('reports ready when both stores answer', async () => {
    const response = await fetch(`${app.baseUrl}/health/ready`);
    expect(await response.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });
  });
});
