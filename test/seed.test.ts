import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { prepareDatabase } from '../src/db/migrate.js';
import { seedDemoData } from '../src/db/seed/seed.js';
import { DEMO_AGENCIES, DEMO_OFFICES, DEMO_SCHOOLS, DEMO_SERVICES } from '../src/db/seed/demo-catalog.js';
import { AGENCY_CODES } from '../src/domain/catalog.js';
import { createLogger } from '../src/logger.js';
import { startTestHub, type TestHub } from './helpers/hub.js';

const TABLES = ['agency', 'office', 'service', 'office_service', 'counter', 'counter_service'];

/** Every row of every catalog table, in a stable order: equal snapshots mean nothing changed. */
async function snapshot(knex: Knex): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows: unknown[] = await knex(table).select('*');
    result[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return result;
}

describe('demo seed', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.stop());

  it('holds the four agencies, the offices with their counters, and the catalog services', async () => {
    const knex = t.hub.database.knex;
    // The demo agencies, and any added since with `npm run new:connector` (its migration inserts the agency).
    expect(await knex('agency').orderBy('code').pluck('code')).toEqual([...new Set([...DEMO_AGENCIES.map((a) => a.code), ...AGENCY_CODES])].sort());
    // The catalog sync at start adds what the sources publish beyond the demo catalog (more puskesmas, a new UPT).
    const offices = await knex('office').pluck('code');
    expect(offices).toEqual(expect.arrayContaining([...DEMO_OFFICES.map((o) => o.code), ...DEMO_SCHOOLS.map((s) => `SCH-${s.npsn}`)]));
    expect(await knex('service').pluck('code')).toEqual(expect.arrayContaining(DEMO_SERVICES.map((s) => s.code)));
    const counters = DEMO_OFFICES.reduce((n, o) => n + o.counters.length, 0);
    expect(await knex('counter').count<{ count: number }[]>('* as count')).toEqual([{ count: counters }]);
    expect(offices).toEqual(expect.arrayContaining(['DUKCAPIL-KOTA-JAMBI', 'MPP-KOTA-JAMBI', 'PKM-PAKUAN-BARU', 'BKD-PROV-JAMBI']));
  });

  it('changes nothing when run again, directly or through start-up preparation', async () => {
    const knex = t.hub.database.knex;
    const before = await snapshot(knex);
    await seedDemoData(knex, createLogger('silent'));
    const report = await prepareDatabase(t.hub.database, { seedDemoData: true }, createLogger('silent'));
    expect(report.applied).toEqual([]);
    expect(await snapshot(knex)).toEqual(before);
  });

  it('leaves an admin edit of a seeded row alone', async () => {
    const knex = t.hub.database.knex;
    await knex('service').where('code', 'DUK-KIA').update({ name: 'Kartu Identitas Anak (KIA)' });
    await seedDemoData(knex, createLogger('silent'));
    expect(await knex('service').where('code', 'DUK-KIA').first('name')).toEqual({ name: 'Kartu Identitas Anak (KIA)' });
  });
});
