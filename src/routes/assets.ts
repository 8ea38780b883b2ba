// The one stylesheet, served from memory with a long cache and an ETag.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const css = readFileSync(new URL('../assets/site.css', import.meta.url));
const etag = `"${createHash('sha256').update(css).digest('base64url').slice(0, 16)}"`;

export function registerAssetRoutes(app: FastifyInstance): void {
  app.get('/assets/site.css', async (request, reply) => {
    void reply.header('etag', etag).header('cache-control', 'public, max-age=86400');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.type('text/css; charset=utf-8').send(css);
  });
}
