// HSTS only in production; the same strict CSP everywhere (src/plugins/security-headers.ts).
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerSecurityHeaders } from '../../src/plugins/security-headers.ts';

async function headersOf(production: boolean) {
  const app = Fastify();
  registerSecurityHeaders(app, { production });
  app.get('/', async () => 'ok');
  const response = await app.inject('/');
  await app.close();
  return response.headers;
}

describe('security headers', () => {
  it('send HSTS for a year with subdomains in production', async () => {
    expect((await headersOf(true))['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('send no HSTS outside production, and the same strict CSP in both', async () => {
    const development = await headersOf(false);
    expect(development['strict-transport-security']).toBeUndefined();
    expect(development['content-security-policy']).toBe((await headersOf(true))['content-security-policy']);
    expect(development['content-security-policy']).toBe(
      "default-src 'none';script-src 'self';style-src 'self';img-src 'self' data:;connect-src 'self';base-uri 'none';frame-ancestors 'none'",
    );
  });
});
