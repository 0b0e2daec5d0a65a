/** Small SQL helpers shared by the stores. */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * `sql` as a named prepared statement: PostgreSQL parses and plans it once per connection instead of on every request
 * (the embedded database ignores the name). Only for the hot reads whose text comes from a small fixed set of shapes,
 * whatever the request's values: pg keeps every named statement for the life of its pooled connection.
 */
export function prepared(knex: Knex, sql: string, bindings: readonly Knex.RawBinding[]): Knex.Raw {
  const name = `sepucuk_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
  return knex.raw(sql, bindings).options({ name });
}

/**
 * Runs as the last step of a change's transaction, with what changed: the caller's audit entry, so that the change and
 * its record are written together or not at all. Last, because appending to the audit chain holds its lock until commit.
 */
export type WithinChange<T> = (trx: Knex.Transaction, changed: T) => Promise<void>;

/** A {@link WithinChange} that adds nothing (callers that record no audit entry: seeds, benchmarks). */
export const nothingMore = async (): Promise<void> => {};

/** A LIKE pattern that matches `text` anywhere, with LIKE's wildcards in `text` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** PostgreSQL rejects a malformed uuid with an error; an id a client made up should just find nothing. */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * A PostgreSQL error a row can cause: a constraint it breaks (class 23: a reused idempotency key, the day's last number
 * given, a missing value) or a value it holds (class 22). Not a lost connection, a timeout or a deadlock.
 */
export function isRowError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && (code.startsWith('23') || code.startsWith('22'));
}

/** The PostgreSQL error for a unique or exclusion violation, with the constraint's name when there is one. */
export function uniqueViolation(error: unknown): { constraint: string | undefined } | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' ? { constraint: typeof constraint === 'string' ? constraint : undefined } : null;
}
