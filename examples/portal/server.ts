// The demo portal alone, against a chiakhoa that already runs and knows it:
//   CHIAKHOA_ISSUER=https://id.example.gov.vn/oidc CLIENT_ID=… PORTAL_URL=https://portal.example.gov.vn \
//   PORTAL_KEY_FILE=portal-key.json PORT=8080 node examples/portal/server.ts
// Register the portal with jwks_uri = $PORTAL_URL/jwks.json, redirect URI $PORTAL_URL/callback,
// post-logout URI $PORTAL_URL/ and back-channel logout URI $PORTAL_URL/backchannel-logout.
import { buildPortal } from './app.ts';
import { loadPortalKey } from './portal-key.ts';

const env = (name: string, fallback?: string) => {
  const value = process.env[name] ?? fallback;
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const publicUrl = new URL(env('PORTAL_URL', 'http://localhost:8080'));
const key = await loadPortalKey(env('PORTAL_KEY_FILE', 'examples/portal/.data/portal-key.json'));
const portal = await buildPortal(
  {
    issuer: new URL(env('CHIAKHOA_ISSUER', 'http://localhost:3000/oidc')),
    clientId: env('CLIENT_ID', 'demo-portal'),
    publicUrl,
  },
  key,
);
await portal.listen({ host: env('HOST', '127.0.0.1'), port: Number(env('PORT', publicUrl.port || '8080')) });
process.stdout.write(`demo portal on ${publicUrl.href}\n`);
