/**
 * Walks each of the audit log's hash chains from its first row and reports the first row that does not hold up: a row
 * whose content no longer matches its hash (edited), a row whose link does not match the row before it in its chain (a
 * row before it was deleted, or edited and re-hashed), or a chain head that names a row the walk did not end on (rows
 * cut off the end). Reads in batches of ids, so memory stays flat however long the log is.
 */
import type { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { AUDIT_CHAINS, CHAIN_ROW_COLUMNS, GENESIS_HASH, contentOf, rowHash, type ChainRow } from './chain.js';

export type ChainVerdict =
  | {
      ok: true;
      rows: number;
      /** SHA-256 over every chain's head hash, in chain order: the fingerprint to keep somewhere else. */
      headHash: string;
      lastId: number | null;
    }
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
  id: number;
  last_id: number | string | null;
  last_hash: string;
  length: number | string;
}

type Problem = Extract<ChainVerdict, { ok: false }>;

/**
 * Reads the heads and the rows in one snapshot (a repeatable-read, read-only transaction), so that rows appended while
 * it runs are not mistaken for a head that runs ahead of the log.
 */
export async function verifyAuditChain(knex: Knex, options: VerifyOptions = {}): Promise<ChainVerdict> {
  const batchSize = options.batchSize ?? 2_000;
  return knex.transaction((trx) => walkAll(trx, batchSize), { isolationLevel: 'repeatable read', readOnly: true });
}

/**
 * Every chain, each on its own; of the problems found, the one at the lowest row id is reported (the first row that
 * does not hold up, whichever chain it is in). `headHash` when intact: the SHA-256 of every chain's head hash, in
 * chain order, one fingerprint to keep elsewhere.
 */
async function walkAll(knex: Knex.Transaction, batchSize: number): Promise<ChainVerdict> {
  const heads: HeadRow[] = await knex('audit_chain_head').select('id', 'last_id', 'last_hash', 'length').orderBy('id');
  const missing = Array.from({ length: AUDIT_CHAINS }, (_, i) => i + 1).filter((chain) => !heads.some((head) => Number(head.id) === chain));
  if (missing.length > 0) {
    return { ok: false, rowId: null, problem: 'no-head', message: `the head of chain ${missing.join(', ')} (audit_chain_head) is missing: it was deleted`, rowsChecked: 0 };
  }
  let rows = 0;
  let lastId: number | null = null;
  const problems: Problem[] = [];
  for (const head of heads) {
    const verdict = await walk(knex, head, batchSize);
    rows += verdict.checked;
    if (verdict.problem !== null) problems.push(verdict.problem);
    else if (verdict.lastId !== null && (lastId === null || verdict.lastId > lastId)) lastId = verdict.lastId;
  }
  const first = problems.sort((a, b) => (a.rowId ?? Infinity) - (b.rowId ?? Infinity))[0];
  if (first !== undefined) return { ...first, rowsChecked: rows };
  const headHash = createHash('sha256').update(heads.map((head) => head.last_hash).join(',')).digest('hex');
  return { ok: true, rows, headHash, lastId };
}

/** One chain from its first row; stops at its first problem. */
async function walk(knex: Knex.Transaction, head: HeadRow, batchSize: number): Promise<{ checked: number; lastId: number | null; problem: Problem | null }> {
  const chain = Number(head.id);
  let prevHash = GENESIS_HASH;
  let prevId: number | null = null;
  let checked = 0;
  const stop = (problem: Omit<Problem, 'ok' | 'rowsChecked'>) => ({ checked, lastId: prevId, problem: { ok: false as const, ...problem, rowsChecked: checked } });
  for (;;) {
    const batch: { rows: ChainRow[] } = await knex.raw(`select ${CHAIN_ROW_COLUMNS} from audit_log where chain = ? and id > ? order by id limit ?`, [
      chain,
      prevId ?? 0,
      batchSize,
    ]);
    for (const row of batch.rows) {
      const id = Number(row.id);
      if (row.prev_hash !== prevHash) {
        const before = prevId === null ? `the start of chain ${chain}` : `row ${prevId}`;
        return stop({
          rowId: id,
          problem: 'broken-link',
          message: `row ${id} does not follow ${before}: a row between them was deleted, or ${before} was altered and re-hashed`,
        });
      }
      if (row.hash !== rowHash(row.prev_hash, contentOf(row))) {
        return stop({ rowId: id, problem: 'edited', message: `row ${id} does not match its hash: it was edited after it was written` });
      }
      prevHash = row.hash;
      prevId = id;
      checked += 1;
    }
    if (batch.rows.length < batchSize) break;
  }
  const headId = head.last_id === null ? null : Number(head.last_id);
  if (headId !== prevId || head.last_hash !== prevHash || Number(head.length) !== checked) {
    return stop({
      rowId: headId,
      problem: 'truncated',
      message:
        headId !== null && (prevId === null || headId > prevId)
          ? `the head of chain ${chain} names row ${headId} (${Number(head.length)} rows) but the chain ends at ${prevId === null ? 'nothing' : `row ${prevId}`} (${checked} rows): rows at the end were deleted`
          : `the head of chain ${chain} (row ${headId ?? 'none'}, ${Number(head.length)} rows) does not match the chain's last row (${prevId ?? 'none'}, ${checked} rows): the head was altered`,
    });
  }
  return { checked, lastId: prevId, problem: null };
}
