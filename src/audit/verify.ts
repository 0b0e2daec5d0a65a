/**
 * Walks the audit log's hash chain from the first row and reports the first row that does not hold up: a row whose
 * content no longer matches its hash (edited), a row whose link does not match the row before it (a row before it was
 * deleted, or edited and re-hashed), or a chain head that names a row the walk did not end on (rows cut off the end).
 * Reads in batches of ids, so memory stays flat however long the log is.
 */
import type { Knex } from 'knex';
import { CHAIN_ROW_COLUMNS, GENESIS_HASH, contentOf, rowHash, type ChainRow } from './chain.js';

export type ChainVerdict =
  | { ok: true; rows: number; headHash: string; lastId: number | null }
  | {
      ok: false;
      /** The first row that does not hold up; null when the chain head itself is missing. */
      rowId: number | null;
      problem: 'edited' | 'broken-link' | 'truncated' | 'no-head';
      /** One sentence for people: what is wrong and what it means. */
      message: string;
      /** Rows that checked out before it. */
      rowsChecked: number;
    };

export interface VerifyOptions {
  /** Rows read per statement. @default 2_000 */
  batchSize?: number;
}

interface HeadRow {
  last_id: number | string | null;
  last_hash: string;
  length: number | string;
}

/**
 * Reads the head and the rows in one snapshot (a repeatable-read, read-only transaction), so that rows appended while
 * it runs are not mistaken for a head that runs ahead of the log.
 */
export async function verifyAuditChain(knex: Knex, options: VerifyOptions = {}): Promise<ChainVerdict> {
  const batchSize = options.batchSize ?? 2_000;
  return knex.transaction((trx) => walk(trx, batchSize), { isolationLevel: 'repeatable read', readOnly: true });
}

async function walk(knex: Knex.Transaction, batchSize: number): Promise<ChainVerdict> {
  const head: HeadRow | undefined = await knex('audit_chain_head').where('id', 1).first('last_id', 'last_hash', 'length');
  if (head === undefined) {
    return { ok: false, rowId: null, problem: 'no-head', message: 'the chain head (audit_chain_head) is missing: it was deleted', rowsChecked: 0 };
  }
  let prevHash = GENESIS_HASH;
  let prevId: number | null = null;
  let checked = 0;
  for (;;) {
    const batch: { rows: ChainRow[] } = await knex.raw(`select ${CHAIN_ROW_COLUMNS} from audit_log where id > ? order by id limit ?`, [prevId ?? 0, batchSize]);
    for (const row of batch.rows) {
      const id = Number(row.id);
      if (row.prev_hash !== prevHash) {
        const before = prevId === null ? 'the start of the log' : `row ${prevId}`;
        return {
          ok: false,
          rowId: id,
          problem: 'broken-link',
          message: `row ${id} does not follow ${before}: a row between them was deleted, or ${before} was altered and re-hashed`,
          rowsChecked: checked,
        };
      }
      if (row.hash !== rowHash(row.prev_hash, contentOf(row))) {
        return { ok: false, rowId: id, problem: 'edited', message: `row ${id} does not match its hash: it was edited after it was written`, rowsChecked: checked };
      }
      prevHash = row.hash;
      prevId = id;
      checked += 1;
    }
    if (batch.rows.length < batchSize) break;
  }
  const headId = head.last_id === null ? null : Number(head.last_id);
  if (headId !== prevId || head.last_hash !== prevHash || Number(head.length) !== checked) {
    return {
      ok: false,
      rowId: headId,
      problem: 'truncated',
      message:
        headId !== null && (prevId === null || headId > prevId)
          ? `the chain head names row ${headId} (${Number(head.length)} rows) but the log ends at ${prevId === null ? 'nothing' : `row ${prevId}`} (${checked} rows): rows at the end were deleted`
          : `the chain head (row ${headId ?? 'none'}, ${Number(head.length)} rows) does not match the log's last row (${prevId ?? 'none'}, ${checked} rows): the head was altered`,
      rowsChecked: checked,
    };
  }
  return { ok: true, rows: checked, headHash: prevHash, lastId: prevId };
}
