// The audit trail is append-only and tamper-evident: the database refuses UPDATE, DELETE and
// TRUNCATE, parallel writers extend one chain, and `npm run audit:verify` names the first row
// edited (or removed) behind the triggers' back. An action whose audit row cannot be written
// does not happen. Runs on a scratch database: the shared one must never be tampered with.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/db/database.ts';
import { verifyAuditChain } from '../../src/modules/audit/audit-chain.ts';
import { recordAudit } from '../../src/modules/audit/audit.repository.ts';
import { createAdminCaller } from '../helpers/admin-client.ts';
import { uniquePersonalId } from '../helpers/fixtures.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/scratch-database.ts';
import { startTestApp } from '../helpers/test-app.ts';

const run = promisify(execFile);
const actor = { type: 'system' as const, id: 'audit-chain-test' };

async function verifyCommand(databaseUrl: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['src/cli/verify-audit.ts'], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, out: failed.stdout };
  }
}

describe('the audit chain on PostgreSQL', () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
  });
  afterAll(() => scratch?.drop());

  it('chains 40 rows written by parallel transactions into one intact chain', async () => {
    const { db } = scratch.handle;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.transaction((tx) =>
          recordAudit(tx, actor, { action: 'test.parallel', details: { i, nested: { b: 1, a: [i] } } }),
        ),
      ),
    );
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ rows: 40, firstBroken: undefined });
    expect(await verifyCommand(scratch.url)).toMatchObject({
      code: 0,
      out: expect.stringContaining('audit chain intact: 40 rows'),
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows, and moving the chain head', async () => {
    for (const statement of [
      `update audit_events set action = 'edited'`,
      'delete from audit_events',
      'truncate audit_events',
      `update audit_chain_head set last_hash = 'forged'`,
      'delete from audit_chain_head',
    ]) {
      await expect(scratch.superuser.unsafe(statement), statement).rejects.toThrow(/append-only|moves only/);
    }
  });

  it('names the first row edited behind the triggers’ back', async () => {
    const [row] = await scratch.superuser`select id from audit_events order by id offset 10 limit 1`;
    await scratch.superuser.begin(async (tx) => {
      await tx.unsafe('alter table audit_events disable trigger user');
      await tx`update audit_events set details = '{"i": 999}' where id = ${row!.id}`;
      await tx.unsafe('alter table audit_events enable trigger user');
    });
    expect((await verifyAuditChain(scratch.handle.db)).firstBroken).toEqual({
      id: Number(row!.id),
      reason: 'hash_mismatch',
    });
    const command = await verifyCommand(scratch.url);
    expect(command.code).toBe(2);
    expect(command.out).toContain(`audit chain BROKEN at row ${row!.id}: hash_mismatch; 10 rows before it are intact`);
  });
});

describe('removing the newest rows', () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
  });
  afterAll(() => scratch?.drop());

  it('is caught by the chain head', async () => {
    for (let i = 0; i < 3; i += 1) await recordAudit(scratch.handle.db, actor, { action: 'test.tail' });
    await scratch.superuser.begin(async (tx) => {
      await tx.unsafe('alter table audit_events disable trigger user');
      await tx`delete from audit_events where id = (select max(id) from audit_events)`;
      await tx.unsafe('alter table audit_events enable trigger user');
    });
    expect((await verifyAuditChain(scratch.handle.db)).firstBroken).toMatchObject({ reason: 'head_mismatch' });
  });
});

describe('an action whose audit row cannot be written', () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
  });
  afterAll(() => scratch?.drop());

  it('fails and changes nothing', async () => {
    const app = await startTestApp({ env: { DATABASE_URL: scratch.url } });
    try {
      const admin = await createAdminCaller(app, ['admin:citizens']);
      // An operator's mistake or an attack removed the chain head: no row can be appended.
      await scratch.superuser.begin(async (tx) => {
        await tx.unsafe('alter table audit_chain_head disable trigger user');
        await tx.unsafe('delete from audit_chain_head');
        await tx.unsafe('alter table audit_chain_head enable trigger user');
      });
      const personalId = uniquePersonalId();
      const response = await admin.call('POST', '/admin/citizens', {
        personalId,
        fullName: 'Nguyễn Văn Thử',
        birthDate: '1985-03-12',
        sex: 'male',
        password: 'ChiaKhoa@2026',
      });
      expect(response.status).toBe(500);
      expect(response.body).toMatchObject({ error: 'server_error' });
      const stored = await scratch.superuser`select 1 from citizens where personal_id = ${personalId}`;
      expect(stored).toHaveLength(0);
    } finally {
      await app.close();
    }
  });
});

describe('the audit chain on the embedded database', () => {
  it('chains, refuses edits and verifies', async () => {
    const handle = await openPglite(undefined);
    try {
      await handle.migrate();
      for (let i = 0; i < 5; i += 1) await recordAudit(handle.db, actor, { action: 'test.embedded', details: { i } });
      await expect(handle.db.execute(sql`delete from audit_events`)).rejects.toThrow();
      expect(await verifyAuditChain(handle.db)).toMatchObject({ rows: 5, firstBroken: undefined });
    } finally {
      await handle.close();
    }
  });
});
