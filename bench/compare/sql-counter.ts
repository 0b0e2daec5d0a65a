/**
 * Counts the SQL statements a server process sends, for the servers of bench/compare that are not the hub (the hub
 * reports its own per request in `extensions.stats`). Every `pg` client of the process is counted, whoever made it
 * (PostGraphile's pool included), so the figure is what PostgreSQL receives. The benchmark reads the count before
 * and after a run of sequential requests and divides.
 */
import pg from 'pg';

let statements = 0;

/** Starts counting; call once, before any pool is made. */
export function countStatements(): void {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = prototype.query;
  prototype.query = function countedQuery(this: unknown, ...args: unknown[]) {
    statements++;
    return query.apply(this, args);
  };
}

export function statementCount(): number {
  return statements;
}
