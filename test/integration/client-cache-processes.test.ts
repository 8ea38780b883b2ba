// Two chiakhoa instances on one Redis and one PostgreSQL, each with its own portal cache: a
// portal disabled through one instance is refused by the other at once (the change is
// announced over Redis), while a change written behind the services' back is only seen once
// the cache TTL has passed, which shows the rows really come from memory in between.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients } from '../../src/db/schema.ts';
import { registerPortal } from '../helpers/fixtures.ts';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

const TTL_SECONDS = 2;

describe('portal cache across processes', () => {
  let first: RunningApp;
  let second: RunningApp;
  beforeAll(async () => {
    const env = { CLIENT_CACHE_SECONDS: String(TTL_SECONDS) };
    [first, second] = await Promise.all([startTestApp({ env }), startTestApp({ env })]);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  /** Introspection authenticates the portal: 200 while it is enabled, 401 once it is not. */
  async function introspectAt(app: RunningApp, clientId: string, secret: string) {
    const response = await fetch(`${app.issuer}/token/introspection`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'token=not-a-token',
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('refuses a portal disabled through the other instance at once', async () => {
    const { client, clientSecret } = await registerPortal(first);
    expect((await introspectAt(second, client.clientId, clientSecret!)).status).toBe(200);

    await first.portals.setEnabled(client.clientId, false, 'security review', { type: 'operator', id: 'test' });
    const started = Date.now();
    let answer = await introspectAt(second, client.clientId, clientSecret!);
    while (answer.status === 200 && Date.now() - started < 1000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      answer = await introspectAt(second, client.clientId, clientSecret!);
    }
    expect(answer).toEqual({ status: 401, body: expect.objectContaining({ error: 'invalid_client' }) });
    // Well inside the TTL: the announcement did it, not the expiry.
    expect(Date.now() - started).toBeLessThan(TTL_SECONDS * 1000);

    await first.portals.setEnabled(client.clientId, true, 'review done', { type: 'operator', id: 'test' });
    await expect.poll(async () => (await introspectAt(second, client.clientId, clientSecret!)).status).toBe(200);
  });

  it('serves an unannounced change only after the TTL', async () => {
    const { client, clientSecret } = await registerPortal(first);
    expect((await introspectAt(second, client.clientId, clientSecret!)).status).toBe(200);
    const { db } = first.infrastructure.database;
    await db.update(clients).set({ enabled: false }).where(eq(clients.clientId, client.clientId));

    expect((await introspectAt(second, client.clientId, clientSecret!)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, TTL_SECONDS * 1000 + 100));
    expect((await introspectAt(second, client.clientId, clientSecret!)).status).toBe(401);
  });
});
