/**
 * The audit log's hash chains ({@link AUDIT_CHAINS} of them, each verified on its own). Each row carries the hash of
 * the row before it in its chain (`prev_hash`) and its own hash, SHA-256 over a canonical serialisation of its content
 * and `prev_hash`: editing a row breaks its own hash, deleting one breaks the next row's link in its chain, and the
 * chain's head (`audit_chain_head`: last id, last hash, length) catches rows cut off its end. Only a rewrite of a
 * whole chain from the altered row on, head included, goes unnoticed: keep the head hash somewhere else too
 * (`npm run audit:verify` prints one over every chain's head).
 *
 * The serialisation is versioned and must never change for rows already written: a JSON array, in this field order,
 * of the version tag, `prev_hash`, `at` (UTC, microseconds, as PostgreSQL stores it), actor, role, agency, operation,
 * action, subject, related ids, fields, outcome, client address, request id. Missing values are JSON null; lists keep
 * their order. The row id is not part of it: the chain, not the numbering, says what follows what.
 */
import { createHash } from 'node:crypto';

export const CHAIN_VERSION = 'sepucuk.audit.v1';

/**
 * How many chains the log is made of (migration 0009): each writer appends to one of them (its database connection's),
 * so that concurrent writers wait for each other only when they share one. Each chain is verified on its own.
 */
export const AUDIT_CHAINS = 16;

/** `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The SQL expression that renders `at` exactly as the canonical form has it (`2026-11-25T08:15:00.123456Z`). */
export const CANONICAL_AT_SQL = `to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
/** The same, for the transaction's own time, which is what a new row's `at` is. */
export const CANONICAL_NOW_SQL = `to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A row's content as it is hashed (column by column; `at` in its canonical text form). */
export interface ChainedContent {
  at: string;
  actor: string | null;
  role: string;
  agencyCode: string | null;
  operation: string;
  action: string;
  subject: string | null;
  related: readonly string[];
  fields: readonly string[];
  outcome: string;
  clientAddress: string | null;
  requestId: string | null;
}

export function canonicalForm(prevHash: string, content: ChainedContent): string {
  return `${canonicalHead(prevHash, content.at)}${canonicalTail(content)}`;
}

/** The canonical form up to and including `at`: `["sepucuk.audit.v1","<prev_hash>","<at>",`. */
export function canonicalHead(prevHash: string, at: string): string {
  return `[${JSON.stringify(CHAIN_VERSION)},${JSON.stringify(prevHash)},${JSON.stringify(at)},`;
}

/**
 * The rest of the canonical form, from the actor to the closing bracket: all a writer knows before it holds the chain
 * head. The hub sends it with each entry, and `audit_append` (migration 0009) hashes the head and it together.
 */
export function canonicalTail(content: Omit<ChainedContent, 'at'>): string {
  return JSON.stringify([
    content.actor,
    content.role,
    content.agencyCode,
    content.operation,
    content.action,
    content.subject,
    [...content.related],
    [...content.fields],
    content.outcome,
    content.clientAddress,
    content.requestId,
  ]).slice(1);
}

/** Lower-case hex SHA-256 of the canonical form. */
export function rowHash(prevHash: string, content: ChainedContent): string {
  return createHash('sha256').update(canonicalForm(prevHash, content), 'utf8').digest('hex');
}

/** An audit_log row as the chain reads it: the columns, with `at` already rendered by {@link CANONICAL_AT_SQL}. */
export interface ChainRow {
  id: number;
  at_text: string;
  actor: string | null;
  role: string;
  agency_code: string | null;
  operation: string;
  action: string;
  subject: string | null;
  related_ids: string[] | null;
  fields: string[] | null;
  outcome: string;
  client_address: string | null;
  request_id: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** The columns to select for a {@link ChainRow}. */
export const CHAIN_ROW_COLUMNS = `id, ${CANONICAL_AT_SQL} as at_text, actor, role, agency_code, operation, action, subject, related_ids, fields, outcome, client_address, request_id, prev_hash, hash`;

export function contentOf(row: ChainRow): ChainedContent {
  return {
    at: row.at_text,
    actor: row.actor,
    role: row.role,
    agencyCode: row.agency_code,
    operation: row.operation,
    action: row.action,
    subject: row.subject,
    related: row.related_ids ?? [],
    fields: row.fields ?? [],
    outcome: row.outcome,
    clientAddress: row.client_address,
    requestId: row.request_id,
  };
}
