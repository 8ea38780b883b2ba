// Discovery and JWKS are the most requested documents and never change while the process
// runs (keys and issuer are read at start). They are rendered once by oidc-provider itself,
// through an internal request, then served pre-serialised with an ETag and Cache-Control.
// oidc-provider builds their URLs from the request's host (and X-Forwarded-* behind a trusted
// proxy), so one copy is kept per host; an unexpected flood of hosts just passes through.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export interface WellKnownOptions {
  readonly issuerPath: string;
}

interface Rendered {
  readonly body: Buffer;
  readonly headers: Record<string, string>;
}

const MAX_HOSTS = 16;
const BYPASS = 'x-chiakhoa-render';
// Caches must revalidate often enough to see a key rotation's new key (keys/README.md).
const CACHE_CONTROL = 'public, max-age=300';

const header = (request: FastifyRequest, name: string) => String(request.headers[name] ?? '');

async function wellKnownPlugin(app: FastifyInstance, options: WellKnownOptions): Promise<void> {
  const paths = new Set([`${options.issuerPath}/.well-known/openid-configuration`, `${options.issuerPath}/jwks`]);
  // Only our own internal request may skip the copy: a random token, never a fixed header.
  const token = randomBytes(16).toString('hex');
  const rendered = new Map<string, Promise<Rendered | undefined>>();

  async function render(request: FastifyRequest): Promise<Rendered | undefined> {
    const forwarded = ['host', 'x-forwarded-proto', 'x-forwarded-host'].filter((name) => request.headers[name]);
    const response = await app.inject({
      method: 'GET',
      url: request.url,
      headers: { ...Object.fromEntries(forwarded.map((name) => [name, header(request, name)])), [BYPASS]: token },
    });
    if (response.statusCode !== 200) return undefined;
    const body = response.rawPayload;
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    return {
      body,
      headers: {
        'content-type': String(response.headers['content-type']),
        'access-control-allow-origin': '*',
        'cache-control': CACHE_CONTROL,
        etag,
      },
    };
  }

  app.addHook('onRequest', async (request, reply) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !paths.has(request.url)) return;
    if (request.headers[BYPASS] === token) return;
    const key = [request.url, ...['host', 'x-forwarded-proto', 'x-forwarded-host'].map((h) => header(request, h))].join(
      ' ',
    );
    let entry = rendered.get(key);
    if (!entry) {
      if (rendered.size >= MAX_HOSTS) return;
      entry = render(request);
      rendered.set(key, entry);
    }
    const copy = await entry;
    if (!copy) {
      rendered.delete(key); // the provider could not render it: let it answer, try again next time
      return;
    }
    void reply.headers(copy.headers);
    if (request.headers['if-none-match'] === copy.headers.etag) return reply.code(304).send();
    return reply.code(200).send(copy.body);
  });
}

export default fp(wellKnownPlugin, { name: 'chiakhoa-well-known', fastify: '5.x' });
