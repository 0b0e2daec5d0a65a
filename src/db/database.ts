/**
 * Hub-owned data: one knex handle over either real PostgreSQL (`pg`) or the embedded PGlite, chosen by config.
 * Both run the same migrations and the same SQL; only locking and connection handling differ, and they differ here.
 */
import knexFactory, { type Knex } from 'knex';
import ClientPGLite from 'knex-pglite';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { DatabaseConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { lockDataDir } from './data-dir-lock.js';
import { PgListener } from './pg-listener.js';
import { TEXT_PARSERS, pgTypes } from './type-parsers.js';

export interface Database {
  readonly kind: DatabaseConfig['kind'];
  readonly knex: Knex;
  /** Resolves when the database answers `select 1` within `timeoutMs`; rejects otherwise. */
  ping(timeoutMs: number): Promise<void>;
  /**
   * Runs `fn` while no other hub instance on this database runs a function under the same `lockName`
   * (a session-level advisory lock on PostgreSQL). Used for migrations and seeding at start-up.
   */
  withExclusiveLock<T>(lockName: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Calls `onPayload` for every NOTIFY on `channel` from any session of this database (any hub instance); resolves
   * once listening. `onReconnect` runs when a lost LISTEN connection comes back (notifications in between are lost).
   * Returns the function that stops listening.
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  /** False while the LISTEN connection is down (notifications would be missed): the instance is not ready. */
  listenConnected(): boolean;
  /** Connections of the pool right now (PGlite: a pool of one). */
  poolStats(): { used: number; free: number; pending: number; max: number };
  /** Closes every connection. Safe to call more than once. */
  close(): Promise<void>;
}

export async function openDatabase(config: DatabaseConfig, log: Logger): Promise<Database> {
  return config.kind === 'postgres' ? openPostgres(config.url, config.poolMax, log) : openPglite(config.dataDir, log);
}

function openPostgres(url: string, poolMax: number, log: Logger): Database {
  const connection = { connectionString: url, types: pgTypes, application_name: 'sepucuk', options: '-c TimeZone=UTC' };
  const knex = knexFactory({
    client: 'pg',
    connection,
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 10_000,
    // knex would print pool errors (a lost connection during a database restart) to the console.
    log: knexLogger(log),
  });
  const reconnectHandlers = new Set<() => void>();
  const listener = new PgListener({ connection, log, onReconnect: () => reconnectHandlers.forEach((handler) => handler()) });
  return {
    kind: 'postgres',
    knex,
    ping: (timeoutMs) => withTimeout(knex.raw('select 1'), timeoutMs, 'database ping'),
    async withExclusiveLock(lockName, fn) {
      // A dedicated connection outside the pool: the lock must be held by one session for the whole of `fn`,
      // while `fn` itself is free to use the pool.
      const client = new pg.Client(connection);
      await client.connect();
      try {
        await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [lockName]);
        try {
          return await fn();
        } finally {
          await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [lockName]);
        }
      } finally {
        await client.end();
      }
    },
    async listen(channel, onPayload, onReconnect) {
      if (onReconnect !== undefined) reconnectHandlers.add(onReconnect);
      const unlisten = await listener.listen(channel, onPayload);
      return async () => {
        if (onReconnect !== undefined) reconnectHandlers.delete(onReconnect);
        await unlisten();
      };
    },
    listenConnected: () => listener.connected,
    poolStats: () => poolStatsOf(knex),
    close: once(async () => {
      await listener.close();
      await knex.destroy();
    }),
  };
}

async function openPglite(dataDir: string | null, log: Logger): Promise<Database> {
  const releaseDir = dataDir === null ? async () => {} : await lockDataDir(dataDir);
  let pglite: PGlite;
  try {
    // One options object: `new PGlite(undefined, options)` ignores `options` (PGlite 0.5).
    pglite = new PGlite({ ...(dataDir === null ? {} : { dataDir }), parsers: TEXT_PARSERS });
    await pglite.waitReady;
  } catch (error) {
    await releaseDir();
    throw error;
  }
  log.info({ dataDir: dataDir ?? 'memory' }, 'embedded database (PGlite) opened');
  // knex-pglite drives the one PGlite session as a pool of one connection, which is what PGlite supports.
  const knex = knexFactory({ client: ClientPGLite, connection: () => ({ pglite }), log: knexLogger(log) } as Knex.Config);
  return {
    kind: 'pglite',
    knex,
    ping: (timeoutMs) => withTimeout(knex.raw('select 1'), timeoutMs, 'database ping'),
    // One process owns the data directory (see data-dir-lock) and PGlite has one session: nothing to race with.
    withExclusiveLock: (_lockName, fn) => fn(),
    // PGlite delivers NOTIFYs of its one session in-process; it never disconnects, so there is no reconnect.
    listen: async (channel, onPayload) => {
      const unlisten = await pglite.listen(channel, onPayload);
      return async () => {
        if (!pglite.closed) await unlisten();
      };
    },
    listenConnected: () => !pglite.closed,
    poolStats: () => poolStatsOf(knex),
    close: once(async () => {
      try {
        await knex.destroy();
        if (!pglite.closed) await pglite.close();
      } finally {
        await releaseDir();
      }
    }),
  };
}

/** knex's pool is tarn; it exists once the first connection was asked for. */
function poolStatsOf(knex: Knex): { used: number; free: number; pending: number; max: number } {
  const pool = (knex.client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number; max: number } }).pool;
  if (pool === undefined) return { used: 0, free: 0, pending: 0, max: 0 };
  return { used: pool.numUsed(), free: pool.numFree(), pending: pool.numPendingAcquires(), max: pool.max };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}

export async function withTimeout<T>(promise: PromiseLike<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve(promise), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** knex's own messages as structured log lines instead of console output. */
function knexLogger(log: Logger): Knex.Logger {
  const child = log.child({ component: 'knex' });
  return {
    warn: (message: unknown) => child.warn({ detail: String(message) }, 'knex warning'),
    error: (message: unknown) => child.error({ detail: String(message) }, 'knex error'),
    deprecate: (method: string, alternative: string) => child.warn({ method, alternative }, 'knex deprecation'),
    debug: (message: unknown) => child.debug({ detail: String(message) }, 'knex debug'),
  };
}
