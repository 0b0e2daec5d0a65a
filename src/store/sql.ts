/** Small SQL helpers shared by the stores. */
import type { Knex } from 'knex';

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

/** The PostgreSQL error for a unique or exclusion violation, with the constraint's name when there is one. */
export function uniqueViolation(error: unknown): { constraint: string | undefined } | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' ? { constraint: typeof constraint === 'string' ? constraint : undefined } : null;
}
