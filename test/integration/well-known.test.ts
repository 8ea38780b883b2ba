// Discovery and JWKS are served pre-serialised (as oidc-provider rendered them) with an ETag,
// Cache-Control and CORS, answer 304 to a matching If-None-Match, and follow the Host they
// were asked on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

describe('discovery and JWKS copies', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it.each(['/.well-known/openid-configuration', '/jwks'])('serves %s with an ETag and a 304', async (path) => {
    const first = await fetch(`${app.issuer}${path}`);
    const second = await fetch(`${app.issuer}${path}`);
    expect(first.status).toBe(200);
    expect(await second.text()).toBe(await first.text());
    expect(first.headers.get('content-type')).toMatch(/^application\/(jwk-set\+)?json/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const revalidated = await fetch(`${app.issuer}${path}`, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
  });

  it('describes the issuer it was configured with', async () => {
    const discovery = (await (await fetch(`${app.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      string
    >;
    expect(discovery.issuer).toBe(app.issuer);
    expect(discovery.token_endpoint).toBe(`${app.issuer}/token`);
    expect(discovery.jwks_uri).toBe(`${app.issuer}/jwks`);
  });
});
