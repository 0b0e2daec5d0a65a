import type { Knex } from 'knex';

/**
 * Runs SQL statements one at a time, in order. PGlite (like any extended-protocol client) accepts one statement per
 * query, so migrations list their statements rather than sending one script.
 */
export async function runStatements(knex: Knex, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await knex.raw(statement);
}
