// npm run db:migrate: applies drizzle/ migrations to DATABASE_URL (or the embedded PGlite).
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { assertSupportedRuntime } from '../runtime.ts';

assertSupportedRuntime();
const config = loadConfig();
const database = await openDatabase(config);
await database.migrate();
await database.close();
process.stdout.write(`migrations applied (${database.kind})\n`);
