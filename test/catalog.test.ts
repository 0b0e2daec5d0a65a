import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SERVICES } from '../src/db/seed/demo-catalog.js';
import { errorCodes, type GraphQLResponse } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';

type ServicePage = { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { name: string } }[] };

const SAVE = `mutation Save($input: SaveServiceInput!) {
  saveService(input: $input) { code name agency { code } offices { code } feeRupiah requirements updatedAt }
}`;

describe('catalog queries', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.stop());

  it('lists an office with its agencies, services and counters', async () => {
    const res = await t.query(`{
      office(code: "MPP-KOTA-JAMBI") {
        name kind regencyCode
        agencies { code }
        services { code agency { code } }
        counters { code name open agency { code } services { code } office { code } }
      }
    }`);
    const office = res.body.data.office;
    expect(office).toMatchObject({ name: 'Mal Pelayanan Publik Kota Jambi', kind: 'PUBLIC_SERVICE_MALL', regencyCode: '1571' });
    expect(office.agencies.map((a: { code: string }) => a.code)).toEqual(['BKD', 'DINKES', 'DISDIK', 'DISDUKCAPIL']);
    expect(office.counters).toHaveLength(5);
    expect(office.counters[2]).toMatchObject({ code: 'L3', agency: { code: 'DINKES' }, services: [{ code: 'DKS-SKS' }], office: { code: 'MPP-KOTA-JAMBI' } });
  });

  it('returns null for an unknown office or service', async () => {
    const res = await t.query('{ office(code: "NOPE") { code } service(code: "NOPE") { code } }');
    expect(res.body).toMatchObject({ data: { office: null, service: null } });
    expect(res.body.errors).toBeUndefined();
  });

  it('filters offices by agency, kind, regency and text', async () => {
    // The demo catalog's three puskesmas, and the others Dinas Kesehatan's FHIR source publishes (synced at start).
    const byKind = await t.query('{ offices(filter: { kind: PUSKESMAS }) { code kind } }');
    const puskesmas = byKind.body.data.offices.map((o: { code: string }) => o.code);
    expect(puskesmas).toHaveLength(t.sandbox.world.facilities.filter((f) => f.kind === 'PUSKESMAS').length);
    expect(puskesmas).toEqual(expect.arrayContaining(['PKM-OLAK-KEMANG', 'PKM-PAKUAN-BARU', 'PKM-SIMPANG-KAWAT']));
    const bkd = await t.query('{ offices(filter: { agency: BKD }) { code } }');
    expect(bkd.body.data.offices.map((o: { code: string }) => o.code).sort()).toEqual(['BKD-PROV-JAMBI', 'MPP-KOTA-JAMBI']);
    const regency = await t.query('{ offices(filter: { regencyCode: "1505" }) { code regencyCode } }');
    expect(regency.body.data.offices).toContainEqual({ code: 'DUKCAPIL-MUARO-JAMBI', regencyCode: '1505' });
    expect(regency.body.data.offices.every((o: { regencyCode: string }) => o.regencyCode === '1505')).toBe(true);
    const text = await t.query('{ offices(filter: { text: "batanghari" }) { code } }');
    expect(text.body.data.offices).toContainEqual({ code: 'DUKCAPIL-BATANGHARI' });
    expect(text.body.data.offices.map((o: { code: string }) => o.code)).not.toContain('DUKCAPIL-KOTA-JAMBI');
    const bad = await t.query('{ offices(filter: { regencyCode: "15" }) { code } }');
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('pages services by name with cursors and a total count', async () => {
    const first = await t.query('{ services(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name } } } }');
    const page1 = first.body.data.services;
    // The demo services, and those the sources' catalogs added (a connector added with `npm run new:connector`).
    const stored = Number((await t.hub.database.knex('service').count<{ count: number }[]>('* as count'))[0]?.count);
    expect(stored).toBeGreaterThanOrEqual(DEMO_SERVICES.length);
    expect(page1.totalCount).toBe(stored);
    expect(page1.edges).toHaveLength(5);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const names: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GraphQLResponse<{ services: ServicePage }> = await t.query('query($after: String) { services(first: 7, after: $after) { pageInfo { hasNextPage endCursor } edges { node { name } } } }', { after });
      const page = res.body.data!.services;
      names.push(...page.edges.map((e: { node: { name: string } }) => e.node.name));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    // Walking the pages gives exactly the order of one big page: no item skipped or repeated at page boundaries.
    const all = await t.query('{ services(first: 100) { edges { node { name } } } }');
    expect(names).toEqual(all.body.data.services.edges.map((e: { node: { name: string } }) => e.node.name));
    expect(names).toHaveLength(stored);
  });

  it('filters services by agency, office and text, with LIKE wildcards taken literally', async () => {
    const dukcapil = await t.query('{ services(filter: { agency: DISDUKCAPIL }) { totalCount } }');
    expect(dukcapil.body.data.services.totalCount).toBe(6);
    const atMpp = await t.query('{ services(filter: { officeCode: "MPP-KOTA-JAMBI" }) { totalCount } }');
    expect(atMpp.body.data.services.totalCount).toBe(6);
    const text = await t.query('{ services(filter: { text: "akta" }) { edges { node { code } } } }');
    expect(text.body.data.services.edges.map((e: { node: { code: string } }) => e.node.code).sort()).toEqual(['DUK-AKTA-LAHIR', 'DUK-AKTA-MATI']);
    const wildcard = await t.query('{ services(filter: { text: "%" }) { totalCount } }');
    expect(wildcard.body.data.services.totalCount).toBe(0);
  });

  it.each([
    ['first over the maximum', '{ services(first: 101) { totalCount } }', 'first'],
    ['a negative first', '{ services(first: -1) { totalCount } }', 'first'],
    ['a cursor that is not ours', '{ services(after: "bm9wZQ") { totalCount } }', 'after'],
    ['an over-long search text', `{ services(filter: { text: "${'x'.repeat(101)}" }) { totalCount } }`, 'filter.text'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_name, query, field) => {
    const res = await t.query(query);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});

describe('saveService', () => {
  let t: TestHub;
  let admin: string;
  beforeAll(async () => {
    t = await startTestHub();
    admin = await t.token({ role: 'ADMIN' });
  });
  afterAll(() => t.stop());

  const input = (overrides: Record<string, unknown> = {}) => ({
    code: 'BKD-LEGALISIR-SK',
    agency: 'BKD',
    name: 'Legalisir SK Kepegawaian',
    requirements: ['SK asli', 'Fotokopi SK'],
    feeRupiah: 0,
    offices: [{ officeCode: 'BKD-PROV-JAMBI', ticketPrefix: 'G' }],
    ...overrides,
  });

  async function serviceCount(): Promise<number> {
    const res = await t.query('{ services { totalCount } }');
    return res.body.data.services.totalCount;
  }

  it('creates a service with its offices, and saving it again changes nothing', async () => {
    const created = await t.query(SAVE, { input: input() }, { token: admin });
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.saveService).toMatchObject({ code: 'BKD-LEGALISIR-SK', agency: { code: 'BKD' }, offices: [{ code: 'BKD-PROV-JAMBI' }] });
    const again = await t.query(SAVE, { input: input() }, { token: admin });
    expect(again.body.data.saveService.updatedAt).toBe(created.body.data.saveService.updatedAt);
    const renamed = await t.query(SAVE, { input: input({ name: 'Legalisir SK dan Ijazah' }) }, { token: admin });
    expect(renamed.body.data.saveService.name).toBe('Legalisir SK dan Ijazah');
    expect(renamed.body.data.saveService.updatedAt > created.body.data.saveService.updatedAt).toBe(true);
    // Taking the service out of its only office is a change too.
    const withdrawn = await t.query(SAVE, { input: input({ name: 'Legalisir SK dan Ijazah', offices: [] }) }, { token: admin });
    expect(withdrawn.body.data.saveService.offices).toEqual([]);
    expect(withdrawn.body.data.saveService.updatedAt > renamed.body.data.saveService.updatedAt).toBe(true);
  });

  it('is refused to the public, to officers and to another agency\'s admin', async () => {
    const before = await serviceCount();
    const anonymous = await t.query(SAVE, { input: input({ code: 'BKD-X-1' }) });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    const officer = await t.query(SAVE, { input: input({ code: 'BKD-X-2' }) }, { token: await t.token({ role: 'OFFICER', agency: 'BKD' }) });
    expect(errorCodes(officer)).toEqual(['FORBIDDEN']);
    const disdikAdmin = await t.token({ role: 'ADMIN', agency: 'DISDIK' });
    const other = await t.query(SAVE, { input: input({ code: 'BKD-X-3' }) }, { token: disdikAdmin });
    expect(errorCodes(other)).toEqual(['FORBIDDEN']);
    // An agency admin cannot take over another agency's service by re-saving its code under their own agency.
    const takeover = await t.query(SAVE, { input: input({ code: 'DUK-KTP-EL', agency: 'DISDIK', offices: null }) }, { token: disdikAdmin });
    expect(errorCodes(takeover)).toEqual(['FORBIDDEN']);
    expect(await serviceCount()).toBe(before);
  });

  it.each([
    [{ code: 'bad code' }, 'input.code'],
    [{ name: 'x' }, 'input.name'],
    [{ feeRupiah: -5 }, 'input.feeRupiah'],
    [{ requirements: [''] }, 'input.requirements.0'],
    [{ offices: [{ officeCode: 'BKD-PROV-JAMBI', ticketPrefix: 'g1' }] }, 'input.offices.0.ticketPrefix'],
    [{ offices: [{ officeCode: 'BKD-PROV-JAMBI', ticketPrefix: 'G' }, { officeCode: 'BKD-PROV-JAMBI', ticketPrefix: 'H' }] }, 'input.offices'],
  ])('refuses %o with BAD_USER_INPUT naming %s, and stores nothing', async (overrides, field) => {
    const before = await serviceCount();
    const res = await t.query(SAVE, { input: input({ code: 'BKD-BAD-INPUT', ...overrides }) }, { token: admin });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await serviceCount()).toBe(before);
  });

  it('writes nothing when an office is unknown (NOT_FOUND) or a ticket letter is taken (CONFLICT)', async () => {
    const before = await serviceCount();
    const unknown = await t.query(
      SAVE,
      { input: input({ code: 'BKD-ATOMIC-1', offices: [{ officeCode: 'BKD-PROV-JAMBI', ticketPrefix: 'X' }, { officeCode: 'NOWHERE', ticketPrefix: 'X' }] }) },
      { token: admin },
    );
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
    // 'A' is Kenaikan Pangkat's letter at BKD Provinsi Jambi.
    const taken = await t.query(SAVE, { input: input({ code: 'BKD-ATOMIC-2', offices: [{ officeCode: 'BKD-PROV-JAMBI', ticketPrefix: 'A' }] }) }, { token: admin });
    expect(errorCodes(taken)).toEqual(['CONFLICT']);
    expect(await serviceCount()).toBe(before);
    const probe = await t.query('{ a: service(code: "BKD-ATOMIC-1") { code } b: service(code: "BKD-ATOMIC-2") { code } }');
    expect(probe.body.data).toEqual({ a: null, b: null });
  });
});

describe('no N+1 in the catalog', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
    const admin = await t.token({ role: 'ADMIN' });
    // 40 more services, spread over the offices, so that a page of 50 exists.
    const offices = ['DUKCAPIL-KOTA-JAMBI', 'MPP-KOTA-JAMBI', 'PKM-PAKUAN-BARU', 'BKD-PROV-JAMBI'];
    for (let i = 0; i < 40; i++) {
      const res = await t.query(
        SAVE,
        {
          input: {
            code: `BKD-EXTRA-${String(i).padStart(2, '0')}`,
            agency: 'BKD',
            name: `Layanan tambahan ${i}`,
            offices: [{ officeCode: offices[i % offices.length], ticketPrefix: `Z${String.fromCharCode(65 + Math.floor(i / 4))}` }],
          },
        },
        { token: admin },
      );
      expect(res.body.errors).toBeUndefined();
    }
  });
  afterAll(() => t.stop());

  const QUERY = `query($first: Int!) {
    services(first: $first) {
      edges { node { code agency { code name offices { code } } offices { code name agencies { code } counters { code services { code } } } } }
    }
  }`;

  it('issues the same small number of SQL statements for 5 and for 50 services with their agency and offices', async () => {
    const small = await t.query(QUERY, { first: 5 });
    const large = await t.query(QUERY, { first: 50 });
    expect(large.body.errors).toBeUndefined();
    expect(large.body.data.services.edges).toHaveLength(50);
    const statements = large.body.extensions?.stats?.sqlStatements;
    expect(statements).toBe(small.body.extensions?.stats?.sqlStatements);
    // page, agencies, offices of services, offices of agencies, agencies of offices, counters, services of counters
    expect(statements).toBeLessThanOrEqual(7);
  });
});
