// Commands use the same services as the server (same validation, same database), without
// listening on a port.
import { buildApp, type App } from '../app.ts';
import { loadConfig } from '../config.ts';
import { assertSupportedRuntime } from '../runtime.ts';

export async function runWithApp(command: (app: App) => Promise<void>): Promise<void> {
  assertSupportedRuntime();
  const app = await buildApp(loadConfig());
  try {
    await command(app);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    await app.server.close();
  }
}
