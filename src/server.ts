// Entry point: loadConfig() -> buildApp(config) -> listen; graceful close on SIGTERM/SIGINT.
import { setTimeout as sleep } from 'node:timers/promises';
import { assertSupportedRuntime } from './runtime.ts';

assertSupportedRuntime();

const { loadConfig } = await import('./config.ts');
const { buildApp } = await import('./app.ts');

const config = loadConfig();
const { server, drain } = await buildApp(config);

// First the drain (plugins/draining.ts): readiness fails, every answer says Connection: close,
// requests are still served. Then the close: in-flight requests finish, new ones get 503.
let closing = false;
async function shutdown(signal: string): Promise<void> {
  // A second signal, during the drain or the close, changes nothing.
  if (closing) return;
  closing = true;
  if (config.shutdownDrainMs > 0) {
    server.log.info({ signal, drainMs: config.shutdownDrainMs }, 'shutting down: draining, readiness now fails');
    drain.start();
    await sleep(config.shutdownDrainMs);
  }
  server.log.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: finishing in-flight requests');
  const forced = setTimeout(() => process.exit(1), config.shutdownTimeoutMs);
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
