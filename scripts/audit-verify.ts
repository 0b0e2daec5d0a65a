/**
 * Checks the audit log's hash chains (src/audit/verify.ts) in the hub's database: `DATABASE_URL`, or the embedded
 * database in `PGLITE_DATA_DIR` (default `.data/pglite`; stop the hub first: one process owns that directory).
 *
 *   npm run audit:verify
 *
 * Exit codes: 0 the chain is intact (prints the row count and the head hash: keep it somewhere else, so that a rewrite
 * of the whole chain can be noticed too); 1 the chain is broken (prints the first bad row's id and what is wrong with
 * it); 2 the check could not run (bad configuration, database unreachable, log not migrated).
 */
import { ConfigError, loadDatabaseConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { createLogger } from '../src/logger.js';
import { verifyAuditChain } from '../src/audit/verify.js';

/** Reports why the check could not run; the database (if open) is still closed before the process ends. */
function couldNotRun(message: string): void {
  process.stderr.write(`audit:verify: ${message}\n`);
  process.exitCode = 2;
}

let database: Database | undefined;
try {
  const config = loadDatabaseConfig(process.env);
  database = await openDatabase(config, createLogger('silent'));
  const verdict = await verifyAuditChain(database.knex);
  if (verdict.ok) {
    process.stdout.write(`audit chain intact: ${verdict.rows} rows, last row ${verdict.lastId ?? 'none'}, head hash ${verdict.headHash}\n`);
    process.exitCode = 0;
  } else {
    process.stdout.write(`audit chain BROKEN at row ${verdict.rowId ?? 'none'} (${verdict.problem}): ${verdict.message}; ${verdict.rowsChecked} rows before it check out\n`);
    process.exitCode = 1;
  }
} catch (error) {
  couldNotRun(error instanceof ConfigError ? `invalid configuration: ${error.message}` : error instanceof Error ? error.message : String(error));
} finally {
  await database?.close();
}
