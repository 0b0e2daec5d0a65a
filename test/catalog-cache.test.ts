/**
 * The catalog snapshot (src/store/catalog.ts): catalog reads cost no SQL once it is loaded, it answers exactly what
 * SQL answers, a saveService is seen at once on the instance that made it and, through NOTIFY, within a second on
 * another instance sharing the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogStore } from '../src/store/catalog.js';
import { createTestDatabase, onRealPostgres, type TestDatabase } from './helpers/database.js';
import { startTestHub, type TestHub } from './helpers/hub.js';

const SAVE = `mutation($input: SaveServiceInput!) { saveService(input: $input) { code name } }`;
const Q0 = `{ services(first: 50) { edges { node { code name agency { name } } } } }`;
const SERVICE = `query($code: String!) { service(code: $code) { name offices { code } agency { code } } office(code: "BKD-PROV-JAMBI") { services { code } } }`;

const draft = (name: string) => ({ code: 'BKD-CACHE-TEST', agency: 'BKD', name, offices: [{ officeCode: 'BKD-PROV-JAMBI', ticketPrefix: 'Q' }] });

describe('the catalog snapshot', () => {
  let t: TestHub;
  let admin: string;
  beforeAll(async () => {
    t = await startTestHub();
    admin = await t.token({ role: 'ADMIN' });
  });
  afterAll(() => t.stop());

  it('serves a page of services with their agency name at no SQL cost once loaded', async () => {
    await t.query(Q0);
    const res = await t.query(Q0);
    expect(res.body.errors).toBeUndefined();
    // Every service of the demo catalog (fewer than 50).
    expect(res.body.data.services.edges.length).toBeGreaterThan(20);
    expect(res.body.extensions?.stats?.sqlStatements).toBe(0);
  });

  it('resolves catalog relations from the loaded snapshot as values, with no loader batch', async () => {
    const relations = `{ services(first: 50) { edges { cursor node { agency { name } offices { code agencies { code } services { code } } } } }
      agencies { offices { code } } service(code: "BKD-PENSIUN") { name } office(code: "BKD-PROV-JAMBI") { name } }`;
    const catalogBatches = async () => {
      const { values } = await t.hub.metrics.loaderBatchSize.get();
      const catalogLoaders = new Set(['agency', 'office', 'service', 'officesOfService', 'servicesOfOffice', 'agencyCodesOfOffice', 'officesOfAgency']);
      return values.filter((v) => v.metricName === 'sepucuk_dataloader_batch_size_count' && catalogLoaders.has(String(v.labels['loader']))).reduce((sum, v) => sum + v.value, 0);
    };
    await t.query(Q0);
    const before = await catalogBatches();
    const res = await t.query(relations);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.service?.name).toBeTruthy();
    expect(res.body.data.services.edges[0].node.offices[0].agencies.length).toBeGreaterThan(0);
    expect(await catalogBatches()).toBe(before);
  });

  it('answers every relation exactly as SQL does, order included', async () => {
    const store = new CatalogStore(t.hub.database.knex);
    const knex = t.hub.database.knex;
    const offices: string[] = await knex('office').pluck('code');
    const services: string[] = await knex('service').pluck('code');
    const agencies: string[] = await knex('agency').pluck('code');
    expect(await store.officesOfServices(services)).toEqual(await store.officesOfServicesInSql(services));
    expect(await store.servicesOfOffices(offices)).toEqual(await store.servicesOfOfficesInSql(offices));
    expect(await store.agencyCodesOfOffices(offices)).toEqual(await store.agencyCodesOfOfficesInSql(offices));
    expect(await store.officesOfAgencies(agencies)).toEqual(await store.officesOfAgenciesInSql(agencies));
    // Unknown keys: empty lists and nulls, one per key.
    expect(await store.officesByCode(['NOPE', offices[0] as string])).toEqual([null, expect.objectContaining({ code: offices[0] })]);
    expect(await store.servicesOfOffices(['NOPE'])).toEqual([[]]);
  });

  it('shows a saved service at once on the instance that saved it', async () => {
    await t.query(SERVICE, { code: 'BKD-CACHE-TEST' });
    const saved = await t.query(SAVE, { input: draft('Layanan uji cache') }, { token: admin });
    expect(saved.body.errors).toBeUndefined();
    const read = await t.query(SERVICE, { code: 'BKD-CACHE-TEST' });
    expect(read.body.data.service).toEqual({ name: 'Layanan uji cache', offices: [{ code: 'BKD-PROV-JAMBI' }], agency: { code: 'BKD' } });
    expect(read.body.data.office.services.map((s: { code: string }) => s.code)).toContain('BKD-CACHE-TEST');
  });
});

describe.skipIf(!onRealPostgres)('the catalog snapshot on two instances', () => {
  let database: TestDatabase;
  let a: TestHub;
  let b: TestHub;
  beforeAll(async () => {
    database = await createTestDatabase();
    a = await startTestHub({ database, env: { HUB_INSTANCE_ID: 'hub-a' } });
    b = await startTestHub({ database, env: { HUB_INSTANCE_ID: 'hub-b' } });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await database?.drop();
  });

  it('lets the other instance see a saveService within a second, through NOTIFY', async () => {
    const admin = await a.token({ role: 'ADMIN' });
    expect((await a.query(SAVE, { input: draft('Sebelum') }, { token: admin })).body.errors).toBeUndefined();
    await expect.poll(async () => (await b.query(SERVICE, { code: 'BKD-CACHE-TEST' })).body.data.service?.name, { timeout: 1_000, interval: 20 }).toBe('Sebelum');
    // b holds it in its snapshot now (no SQL for it) ...
    expect((await b.query(Q0)).body.extensions?.stats?.sqlStatements).toBe(0);
    // ... and drops it when a changes it.
    const changedAt = Date.now();
    expect((await a.query(SAVE, { input: draft('Sesudah') }, { token: admin })).body.errors).toBeUndefined();
    await expect.poll(async () => (await b.query(SERVICE, { code: 'BKD-CACHE-TEST' })).body.data.service?.name, { timeout: 1_000, interval: 20 }).toBe('Sesudah');
    expect(Date.now() - changedAt).toBeLessThan(1_000);
  });
});
