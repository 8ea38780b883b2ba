// npm run citizen:enrol -- --personal-id 001085012345 --name "Nguyễn Văn An" --birth-date 1985-03-12
//   --sex male [--phone +849...] [--email ...] [--level 1|2]   (the password is read from CITIZEN_PASSWORD)
import { parseArgs } from 'node:util';
import type { Sex } from '../modules/citizens/personal-id.ts';
import { maskPersonalId } from '../modules/citizens/personal-id.ts';
import { runWithApp } from './run-with-app.ts';

const { values } = parseArgs({
  options: {
    'personal-id': { type: 'string' },
    name: { type: 'string' },
    'birth-date': { type: 'string' },
    sex: { type: 'string' },
    phone: { type: 'string' },
    email: { type: 'string' },
    level: { type: 'string', default: '1' },
  },
});

await runWithApp(async (app) => {
  // The password comes from the environment, not argv, so it stays out of shell history and ps.
  const password = process.env.CITIZEN_PASSWORD ?? '';
  const citizen = await app.citizens.enrol({
    personalId: values['personal-id'] ?? '',
    fullName: values.name ?? '',
    birthDate: values['birth-date'] ?? '',
    sex: values.sex as Sex,
    phone: values.phone,
    email: values.email,
    accountLevel: Number(values.level) as 1 | 2,
    password,
  });
  process.stdout.write(`enrolled ${maskPersonalId(citizen.personalId)} as account ${citizen.id}\n`);
});
