import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.js';
import { createLogger } from '../src/logger.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

describe(`the database layer (${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'})`, () => {
  let testDb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await openDatabase(testDb.config, createLogger('silent'));
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('returns the same JavaScript types from both drivers', async () => {
    const { rows } = await db.knex.raw(`select '2026-11-25'::date as day, 5::int8 as count, 1.25::numeric as ratio,
      '2026-11-25T01:02:03Z'::timestamptz as at, '{"a":1}'::jsonb as doc, true as flag`);
    expect(rows[0]).toEqual({ day: '2026-11-25', count: 5, ratio: 1.25, at: new Date('2026-11-25T01:02:03Z'), doc: { a: 1 }, flag: true });
  });

  it('delivers a NOTIFY sent inside a transaction only when it commits', async () => {
    const received: string[] = [];
    let delivered: () => void = () => {};
    const arrived = new Promise<void>((resolve) => (delivered = resolve));
    const unlisten = await db.listen('db_test', (payload) => {
      received.push(payload);
      delivered();
    });
    await db.knex.transaction(async (trx) => {
      await trx.raw(`select pg_notify('db_test', 'rolled back')`);
      await trx.rollback();
    }).catch(() => undefined);
    await db.knex.transaction(async (trx) => {
      await trx.raw(`select pg_notify('db_test', 'committed')`);
    });
    await arrived;
    expect(received).toEqual(['committed']);
    await unlisten();
  });

  it('answers ping, and closing twice is safe', async () => {
    await expect(db.ping(1_000)).resolves.toBeDefined();
    const otherDb = await createTestDatabase();
    const other = await openDatabase(otherDb.config, createLogger('silent'));
    await Promise.all([other.close(), other.close()]);
    await otherDb.drop();
  });
});
