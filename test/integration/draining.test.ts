// The drain before a shutdown (src/plugins/draining.ts) in one process: readiness says the
// instance is shutting down, liveness and everything else still answer, and every answer,
// fastify's and oidc-provider's own, tells a keep-alive client to close its connection.
import { Agent, get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

describe('draining', () => {
  let app: RunningApp;
  const agent = new Agent({ keepAlive: true });
  beforeAll(async () => {
    app = await startTestApp({ backend: 'embedded' });
  });
  afterAll(async () => {
    agent.destroy();
    await app?.close();
  });

  const answer = (path: string) =>
    new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      get(`${app.baseUrl}${path}`, { agent }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode!, connection: response.headers.connection, body }),
        );
      }).on('error', reject);
    });
  const paths = ['/oidc/.well-known/openid-configuration', '/oidc/me', '/health/live', '/no-such-page'];

  it('fails readiness and tells every connection to close, while still serving', async () => {
    const before = await Promise.all(paths.map(answer));
    expect(before.map((response) => response.status)).toEqual([200, 401, 200, 404]);
    expect(before.map((response) => response.connection)).toEqual(paths.map(() => 'keep-alive'));
    expect((await answer('/health/ready')).status).toBe(200);

    app.drain.start();

    const ready = await answer('/health/ready');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({ status: 'shutting_down', message: 'this instance is shutting down' });
    const during = await Promise.all(paths.map(answer));
    // The same answers as before (discovery and liveness 200, the provider's 401, a 404)...
    expect(during.map((response) => response.status)).toEqual(before.map((response) => response.status));
    // ...each telling the client to retire its connection.
    expect([ready, ...during].map((response) => response.connection)).toEqual([ready, ...during].map(() => 'close'));
  });
});
