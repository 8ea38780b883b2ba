// The registry at national scale: synthetic citizens bulk-loaded with COPY into a schema of
// their own (a copy of the citizens table with its indexes and checks), then lookups by
// identification number; the same for organizations. The schema is dropped afterwards.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { PROVINCE_CODES } from '../src/modules/citizens/personal-id.ts';
import { percentile } from './stats.ts';

const SCHEMA = 'bench_registry';
const PROVINCES = [...PROVINCE_CODES];

/** The i-th synthetic citizen's number, consistent with sex and birth year, unique per i. */
export function syntheticPersonalId(i: number): { personalId: string; birthDate: string; sex: 'male' | 'female' } {
  const province = PROVINCES[i % PROVINCES.length]!;
  const rest = Math.floor(i / PROVINCES.length);
  const female = rest % 2;
  const year = 1920 + (Math.floor(rest / 2) % 80);
  const serial = String(Math.floor(rest / 160)).padStart(6, '0');
  const personalId = `${province}${female}${String(year % 100).padStart(2, '0')}${serial}`;
  return { personalId, birthDate: `${year}-06-15`, sex: female ? 'female' : 'male' };
}

function rows(count: number, line: (i: number) => string): Readable {
  let i = 0;
  return new Readable({
    read() {
      const batch: string[] = [];
      for (let end = Math.min(i + 5000, count); i < end; i += 1) batch.push(line(i));
      this.push(batch.length ? batch.join('') : null);
    },
  });
}

async function timeLookups(query: (i: number) => Promise<unknown>, count: number) {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < 5000) {
        const i = Math.floor(Math.random() * count);
        next += 1;
        const started = performance.now();
        await query(i);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export interface RegistryResult {
  readonly citizens: number;
  readonly importRowsPerSecond: number;
  readonly citizenLookup: { p50: number; p99: number };
  readonly organizations: number;
  readonly organizationImportRowsPerSecond: number;
  readonly organizationLookup: { p50: number; p99: number };
}

export async function benchRegistry(
  databaseUrl: string,
  citizens: number,
  passwordHash: string,
): Promise<RegistryResult> {
  const sql = postgres(databaseUrl, { max: 16, onnotice: () => {} });
  const organizations = Math.max(1000, Math.floor(citizens / 10));
  try {
    await sql.unsafe(`drop schema if exists ${SCHEMA} cascade; create schema ${SCHEMA}`);
    await sql.unsafe(`create table ${SCHEMA}.citizens (like public.citizens including all)`);
    // Organizations: a 10-digit enterprise code (tax code), unique, as the registry keys them.
    await sql.unsafe(`create table ${SCHEMA}.organizations (id uuid primary key default gen_random_uuid(),
      code char(10) not null unique, name text not null, created_at timestamptz not null default now())`);

    let started = performance.now();
    const copyCitizens =
      await sql`copy bench_registry.citizens (personal_id, full_name, birth_date, sex, account_level, password_hash) from stdin`.writable();
    await pipeline(
      rows(citizens, (i) => {
        const { personalId, birthDate, sex } = syntheticPersonalId(i);
        return `${personalId}\tCông dân ${i}\t${birthDate}\t${sex}\t${1 + (i % 2)}\t${passwordHash}\n`;
      }),
      copyCitizens,
    );
    const importRowsPerSecond = citizens / ((performance.now() - started) / 1000);
    started = performance.now();
    const copyOrganizations = await sql`copy bench_registry.organizations (code, name) from stdin`.writable();
    await pipeline(
      rows(organizations, (i) => `${String(100000000 + i * 7).padStart(10, '0')}\tDoanh nghiệp ${i}\n`),
      copyOrganizations,
    );
    const organizationImportRowsPerSecond = organizations / ((performance.now() - started) / 1000);
    await sql.unsafe(`analyze ${SCHEMA}.citizens; analyze ${SCHEMA}.organizations`);

    const citizenLookup = await timeLookups(
      (i) => sql`select id, full_name, account_level, status, password_hash
      from bench_registry.citizens where personal_id = ${syntheticPersonalId(i).personalId}`,
      citizens,
    );
    const organizationLookup = await timeLookups(
      (i) => sql`select id, name from bench_registry.organizations
      where code = ${String(100000000 + i * 7).padStart(10, '0')}`,
      organizations,
    );
    return {
      citizens,
      importRowsPerSecond,
      citizenLookup,
      organizations,
      organizationImportRowsPerSecond,
      organizationLookup,
    };
  } finally {
    await sql.unsafe(`drop schema if exists ${SCHEMA} cascade`);
    await sql.end({ timeout: 5 });
  }
}
