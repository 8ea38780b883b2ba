// Operations around every request: /metrics in Prometheus' format, X-Request-Id on every
// response (also those oidc-provider writes itself), and the id in JSON error bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

describe('metrics and request ids', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { METRICS_TOKEN: 'scrape-token-for-tests' } });
  });
  afterAll(() => app?.close());

  const scrape = async () => {
    const response = await fetch(`${app.baseUrl}/metrics`, {
      headers: { authorization: 'Bearer scrape-token-for-tests' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    return response.text();
  };

  it('counts requests per endpoint, with latencies, store health and event-loop delay', async () => {
    await fetch(`${app.issuer}/.well-known/openid-configuration`);
    await fetch(`${app.issuer}/no-such-endpoint-${Math.random()}`);
    const text = await scrape();
    expect(text).toMatch(
      /chiakhoa_http_requests_total\{method="GET",endpoint="\/oidc\/\.well-known\/openid-configuration",status="200"\} [1-9]/,
    );
    expect(text).toMatch(/chiakhoa_http_requests_total\{method="GET",endpoint="\/oidc\/\*",status="404"\} [1-9]/);
    expect(text).toContain('chiakhoa_http_request_duration_seconds_bucket{le="0.005",method="GET"');
    expect(text).toContain('chiakhoa_store_up{store="postgres"} 1');
    expect(text).toContain('chiakhoa_store_up{store="redis"} 1');
    expect(text).toContain('chiakhoa_password_hash_queue_depth 0');
    expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
  });

  it('counts token grants by outcome, and puts the request id in protocol errors', async () => {
    const response = await fetch(`${app.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=nobody&client_secret=nothing',
    });
    const body = (await response.json()) as { error: string; request_id: string };
    expect(body).toMatchObject({ error: 'invalid_client', request_id: response.headers.get('x-request-id') });
    expect(await scrape()).toMatch(
      /chiakhoa_token_grants_total\{grant_type="client_credentials",outcome="invalid_client"\} [1-9]/,
    );
  });

  it('refuses a scrape without the metrics token', async () => {
    expect((await fetch(`${app.baseUrl}/metrics`)).status).toBe(401);
  });

  it('puts a request id on every response and in JSON error bodies', async () => {
    const discovery = await fetch(`${app.issuer}/.well-known/openid-configuration`);
    expect(discovery.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await fetch(`${app.baseUrl}/no-such-page`, { headers: { accept: 'application/json' } });
    const body = (await missing.json()) as { request_id: string };
    expect(body.request_id).toBe(missing.headers.get('x-request-id'));
  });

  it('ignores a client-chosen request id unless a trusted proxy set it', async () => {
    const response = await fetch(`${app.baseUrl}/health/live`, {
      headers: { 'x-request-id': 'forged-request-id-123' },
    });
    expect(response.headers.get('x-request-id')).not.toBe('forged-request-id-123');
  });
});
