// npm run audit:verify: checks the audit trail's hash chain in DATABASE_URL (or the embedded
// PGlite) and reports the first broken link. Exit code 0 when intact, 2 when broken.
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { verifyAuditChain } from '../modules/audit/audit-chain.ts';
import { assertSupportedRuntime } from '../runtime.ts';

assertSupportedRuntime();
const database = await openDatabase(loadConfig());
try {
  const report = await verifyAuditChain(database.db);
  if (report.firstBroken) {
    const { id, reason } = report.firstBroken;
    process.stdout.write(
      `audit chain BROKEN at row ${id ?? '(head)'}: ${reason}; ${report.rows} rows before it are intact\n`,
    );
    process.exitCode = 2;
  } else {
    process.stdout.write(`audit chain intact: ${report.rows} rows, head ${report.headHash ?? '(empty)'}\n`);
  }
} finally {
  await database.close();
}
