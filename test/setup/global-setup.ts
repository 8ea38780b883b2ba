// Runs once before all test files: checks the Node runtime and migrates the real test
// database so files running in parallel do not race on migrations.
import { openPostgres } from '../../src/db/database.ts';
import { TEST_DATABASE_URL } from '../helpers/env.ts';

export default async function setup(): Promise<void> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) throw new Error(`tests must run on Node 24 (npm test), not ${process.version}`);
  const database = await openPostgres(TEST_DATABASE_URL);
  await database.migrate();
  await database.close();
}
