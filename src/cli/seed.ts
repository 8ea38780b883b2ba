// npm run seed: synthetic demo citizens, organizations and the demo portal (seed-demo-data.ts).
// Idempotent; refused in production.
import { runWithApp } from './run-with-app.ts';
import { seedDemoData } from './seed-demo-data.ts';

if (process.env.NODE_ENV === 'production') {
  process.stderr.write('seeding is refused in production: demo passwords are public\n');
  process.exit(1);
}

await runWithApp((app) => seedDemoData(app, (line) => process.stdout.write(`${line}\n`)));
