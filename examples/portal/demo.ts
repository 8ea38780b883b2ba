// npm run demo: one command for the whole picture on this machine. chiakhoa on :3000 with its
// embedded database and store (development only), seeded with the demo citizens,
// organizations and portal; the demo portal on :8080. Open http://localhost:8080.
import { buildApp } from '../../src/app.ts';
import { seedDemoData } from '../../src/cli/seed-demo-data.ts';
import { loadConfig } from '../../src/config.ts';
import { assertSupportedRuntime } from '../../src/runtime.ts';
import { buildPortal } from './app.ts';
import { loadPortalKey } from './portal-key.ts';

assertSupportedRuntime();
const portalUrl = new URL('http://localhost:8080');
// chiakhoa calls the portal on loopback (its jwks_uri, back-channel logout): let exactly that
// origin through oidc-provider's SSRF guard.
const config = loadConfig({ ...process.env, OUTBOUND_ALLOWED_ORIGINS: portalUrl.origin });
const chiakhoa = await buildApp(config);
await seedDemoData(chiakhoa, (line) => process.stdout.write(`${line}\n`));
await chiakhoa.server.listen({ host: config.host, port: config.port });

const key = await loadPortalKey('examples/portal/.data/portal-key.json');
const portal = await buildPortal(
  { issuer: new URL(config.issuer), clientId: 'demo-portal', publicUrl: portalUrl },
  key,
);
await portal.listen({ host: '127.0.0.1', port: Number(portalUrl.port) });
process.stdout.write(
  `\nchiakhoa: ${config.issuer}/.well-known/openid-configuration\ndemo portal: ${portalUrl.href} (sign in as 001085012345 / ChiaKhoa@2026)\n`,
);

const stop = async () => {
  await portal.close();
  await chiakhoa.server.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
