// The passkey ceremony's two scripts, served by chiakhoa itself (no CDN: pages load nothing
// external): @simplewebauthn/browser's bundle and our small form handler.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

// The package exports only its modules; the browser bundle sits beside them.
const browserPackage = join(dirname(createRequire(import.meta.url).resolve('@simplewebauthn/browser')), '..');
const SCRIPTS = {
  '/assets/webauthn-browser.js': readFileSync(join(browserPackage, 'dist/bundle/index.umd.min.js')),
  '/assets/passkey.js': readFileSync(new URL('../assets/passkey.js', import.meta.url)),
};

export function registerFactorAssets(app: FastifyInstance): void {
  for (const [path, body] of Object.entries(SCRIPTS)) {
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    app.get(path, async (request, reply) => {
      void reply.header('etag', etag).header('cache-control', 'public, max-age=3600');
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.type('text/javascript; charset=utf-8').send(body);
    });
  }
}
