// Entry point: loadConfig() -> buildApp(config) -> listen; graceful close on SIGTERM/SIGINT.
import { assertSupportedRuntime } from './runtime.ts';

assertSupportedRuntime();

const { loadConfig } = await import('./config.ts');
const { buildApp } = await import('./app.ts');

const config = loadConfig();
const { server } = await buildApp(config);

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  server.log.info({ signal }, 'shutting down: finishing in-flight requests');
  const forced = setTimeout(() => process.exit(1), 10_000);
  forced.unref();
  // A keep-alive connection whose request finishes during the close would otherwise stay open
  // until keepAliveTimeout (a minute) and hold the exit: close each as soon as it is idle.
  const idle = setInterval(() => server.server.closeIdleConnections(), 100);
  idle.unref();
  await server.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

await server.listen({ host: config.host, port: config.port });
server.log.info(
  { issuer: config.issuer, discovery: `${config.issuer}/.well-known/openid-configuration` },
  'chiakhoa is ready',
);
