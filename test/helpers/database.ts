/**
 * A fresh, empty database for one test hub: in-memory PGlite by default, or, when DATABASE_URL is set (CI's real
 * PostgreSQL run), a new database on that server, dropped afterwards. Tests never share data.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config.js';

export interface TestDatabase {
  config: DatabaseConfig;
  /** The URL of the database on PostgreSQL; null on PGlite. */
  url: string | null;
  drop(): Promise<void>;
}

export const realPostgresUrl: string | undefined = process.env['DATABASE_URL'] || undefined;
export const onRealPostgres = realPostgresUrl !== undefined;

export async function createTestDatabase(): Promise<TestDatabase> {
  if (realPostgresUrl === undefined) {
    return { config: { kind: 'pglite', dataDir: null }, url: null, drop: async () => {} };
  }
  const base = new URL(realPostgresUrl);
  const name = `${base.pathname.slice(1)}_t_${randomBytes(5).toString('hex')}`.toLowerCase();
  await admin(realPostgresUrl, `create database "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: url.toString(), poolMax: 10 },
    url: url.toString(),
    drop: () => admin(realPostgresUrl, `drop database if exists "${name}" with (force)`),
  };
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
