// npm run organizations:import -- FILE.json: imports organizations already verified against the
// National Business Registration Database (a JSON array, see seeds/verified-organizations.json).
import { readFileSync } from 'node:fs';
import { createVerifiedImportService } from '../modules/organizations/verified-import.service.ts';
import { runWithApp } from './run-with-app.ts';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npm run organizations:import -- FILE.json\n');
  process.exit(2);
}

await runWithApp(async (app) => {
  const records = JSON.parse(readFileSync(file, 'utf8')) as unknown[];
  const report = await createVerifiedImportService(app.infrastructure.database.db).importRecords(records, {
    type: 'operator',
    id: process.env.USER ?? 'operator',
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (report.rejected.length > 0) process.exitCode = 1;
});
