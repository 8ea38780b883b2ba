// The demo data (npm run seed, npm run demo): synthetic citizens, organizations verified
// against the business registry's export, and the demo portal. Idempotent.
import { readFileSync } from 'node:fs';
import type { App } from '../app.ts';
import { AppError } from '../errors.ts';
import type { EnrolCitizenInput } from '../modules/citizens/citizens.service.ts';
import type { RegisterPortalInput } from '../modules/clients/clients.service.ts';
import { createVerifiedImportService } from '../modules/organizations/verified-import.service.ts';

const readSeed = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8')) as T;

export async function seedDemoData(app: App, say: (line: string) => void): Promise<void> {
  if (process.env.NODE_ENV === 'production')
    throw new Error('seeding is refused in production: demo passwords are public');
  for (const citizen of readSeed<EnrolCitizenInput[]>('demo-citizens.json')) {
    try {
      await app.citizens.enrol(citizen);
      say(`enrolled citizen ${citizen.fullName}`);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
      say(`citizen ${citizen.fullName} already enrolled`);
    }
  }
  // There is no live link to the business registry: this file stands for its export.
  const report = await createVerifiedImportService(app.infrastructure.database.db).importRecords(
    readSeed<unknown[]>('verified-organizations.json'),
    { type: 'operator', id: 'seed' },
  );
  say(`organizations: ${report.created} created, ${report.skipped} already there, ${report.rejected.length} rejected`);
  for (const row of report.rejected) say(`  record ${row.line}: ${row.error_description}`);
  const portal = readSeed<RegisterPortalInput>('demo-portal.json');
  await app.clients.register(portal);
  say(`registered portal ${portal.clientId} (${portal.name})`);
}
