/**
 * The connector's own small pool of `pg` connections to the civil registry, kept by knex, and the one way statements
 * are run on it: with bound parameters, on a connection held for the call, which is abandoned when the guard gives
 * up on the call. `statement_timeout` makes the server stop a slow statement at the same budget, so neither side holds
 * a connection for a call nobody waits for.
 */
import knexFactory, { type Knex } from 'knex';
import type pg from 'pg';
import type { Logger } from '../../src/logger.js';
import type { CallContext } from '../kit/guard.js';

export interface ReaderPoolOptions {
  databaseUrl: string;
  /** The guard's budget for one call: statement timeout, connect timeout and pool wait. */
  timeoutMs: number;
  /** Connections at most. @default 4 */
  maxConnections?: number;
  /** Idle connections are closed after this long. @default 30_000 */
  idleTimeoutMs?: number;
  log: Logger;
}

/** Runs one statement on the call's connection; resolves with its rows, not yet parsed. */
export type RunStatement = (sql: string, values?: readonly unknown[]) => Promise<unknown[]>;

export interface ReaderPool {
  /**
   * Runs `work` on one pooled connection. When `context.signal` aborts (the guard's budget is spent), the connection
   * is ended, which abandons its statement, and the pool replaces it.
   */
  withConnection<T>(context: CallContext, work: (run: RunStatement) => Promise<T>): Promise<T>;
  /** Closes every connection. Safe to call more than once. */
  destroy(): Promise<void>;
}

/** knex's pool, as far as this module uses it (knex types it loosely). */
interface PgPool {
  acquireConnection(): Promise<pg.Client>;
  releaseConnection(connection: pg.Client): Promise<unknown>;
}

export function createReaderPool(options: ReaderPoolOptions): ReaderPool {
  const { log, timeoutMs } = options;
  const knex: Knex = knexFactory({
    client: 'pg',
    connection: {
      connectionString: options.databaseUrl,
      application_name: 'sepucuk',
      statement_timeout: timeoutMs,
      connectionTimeoutMillis: timeoutMs,
      keepAlive: true,
      // Belt and braces beside the role's grants: this connector never writes.
      options: '-c default_transaction_read_only=on',
    },
    pool: { min: 0, max: options.maxConnections ?? 4, idleTimeoutMillis: options.idleTimeoutMs ?? 30_000, createTimeoutMillis: timeoutMs },
    acquireConnectionTimeout: timeoutMs,
    // knex's warnings (a failed connect, each time) would go to the console; the guard reports failures already.
    log: {
      warn: (message: string) => log.debug({ knex: 'warn' }, message),
      error: (message: string) => log.debug({ knex: 'error' }, message),
      debug: () => {},
      deprecate: () => {},
    },
  });
  const pool = knex.client as PgPool;
  let destroying: Promise<void> | null = null;

  return {
    async withConnection(context, work) {
      const connection = await pool.acquireConnection();
      if (context.signal.aborted) {
        await pool.releaseConnection(connection);
        throw new Error('call abandoned before it started');
      }
      const abandon = () => {
        connection.end().catch(() => undefined);
      };
      context.signal.addEventListener('abort', abandon, { once: true });
      try {
        return await work(async (sql, values = []) => {
          const result = await connection.query<Record<string, unknown>>({ text: withTraceComment(sql, context.headers), values: [...values] });
          return result.rows;
        });
      } finally {
        context.signal.removeEventListener('abort', abandon);
        await pool.releaseConnection(connection);
      }
    },
    destroy() {
      destroying ??= knex.destroy();
      return destroying;
    },
  };
}

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The trace context travels as a sqlcommenter comment (`/*traceparent='...'*\/`), the SQL counterpart of the HTTP
 * header, so that the database's statement log can be matched with the hub's trace. Only a well-formed traceparent is
 * appended: nothing from outside reaches the SQL text.
 */
export function withTraceComment(sql: string, headers: Record<string, string>): string {
  const traceparent = headers['traceparent'];
  if (traceparent === undefined || !TRACEPARENT.test(traceparent)) return sql;
  return `${sql} /*traceparent='${traceparent}'*/`;
}
