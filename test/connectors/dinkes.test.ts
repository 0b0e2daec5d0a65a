import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { pino, type Logger } from 'pino';
import { createDinkesConnector } from '../../connectors/dinkes/index.js';
import type { ConnectorDeps } from '../../connectors/kit/deps.js';
import { DEFAULT_GUARD_OPTIONS, SILENT_OBSERVER } from '../../connectors/kit/guard.js';
import { SourceError, type SourceFailure } from '../../connectors/kit/source-error.js';
import type { DinkesConnector, PersonKey, SourceCatalog } from '../../connectors/types.js';
import { startSatusehatStandIn, type SatusehatStandIn } from '../../sandbox/satusehat/stand-in.js';
import { demoWorld } from '../../sandbox/world/generate.js';
import type { World } from '../../sandbox/world/types.js';
import { FACILITIES, PAKUAN_BARU, PUTRI_AYU, RSUD, SENGETI, buildWorld, nikOf, uuid } from './dinkes-fixtures.js';

const FHIR = '/fhir-r4/v1';

function deps(log: Logger = pino({ level: 'silent' })): ConnectorDeps {
  return { log, guard: { ...DEFAULT_GUARD_OPTIONS, timeoutMs: 500, breakerCooldownMs: 200 }, observer: SILENT_OBSERVER, cacheTtlMs: 30_000 };
}

const connectors: DinkesConnector[] = [];
function connect(standIn: SatusehatStandIn, options: { log?: Logger; clientSecret?: string } = {}): DinkesConnector {
  const connector = createDinkesConnector(
    { url: standIn.url, clientId: standIn.clientId, clientSecret: options.clientSecret ?? standIn.clientSecret },
    deps(options.log),
  );
  connectors.push(connector);
  return connector;
}

async function failureOf(promise: Promise<unknown>): Promise<SourceFailure> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof SourceError)) throw new Error(`expected a SourceError, got ${String(error)}`);
  return error.failure;
}

const person = (n: number): PersonKey => ({ nip: `19850312201001100${n % 10}`, nik: nikOf(n) });

const EXPECTED_CATALOG: SourceCatalog = {
  offices: [
    {
      ref: PAKUAN_BARU.organizationId,
      code: 'PKM-PAKUAN-BARU',
      name: 'UPTD Puskesmas Pakuan Baru',
      kind: 'PUSKESMAS',
      address: 'Jl. Sultan Agung No. 2, Pakuan Baru, Jambi Selatan, Kota Jambi',
      regencyCode: '1571',
      serviceRefs: ['POLI-UMUM', 'KIA'],
    },
    {
      ref: PUTRI_AYU.organizationId,
      code: 'PKM-PUTRI-AYU',
      name: 'UPTD Puskesmas Putri Ayu',
      kind: 'PUSKESMAS',
      address: 'Jl. Lingkar Barat I, Legok, Danau Sipin, Kota Jambi',
      regencyCode: '1571',
      serviceRefs: ['POLI-UMUM', 'POLI-GIGI'],
    },
    {
      ref: SENGETI.organizationId,
      code: 'PKM-SENGETI',
      name: 'UPTD Puskesmas Sengeti',
      kind: 'PUSKESMAS',
      address: 'Jl. Lintas Timur KM 5, Sengeti, Sekernan, Kabupaten Muaro Jambi',
      regencyCode: '1505',
      serviceRefs: ['POLI-UMUM'],
    },
    {
      ref: RSUD.organizationId,
      code: 'RS-1571015',
      name: 'RSUD Raden Mattaher Jambi',
      kind: 'HOSPITAL',
      address: 'Jl. Letjen Suprapto No. 31, Telanaipura, Kota Jambi',
      regencyCode: '1571',
      serviceRefs: ['IGD', 'POLI-GIGI'],
    },
  ],
  services: [
    { code: 'DKS-POLI-UMUM', ref: 'POLI-UMUM', name: 'Poli Umum', description: 'Pemeriksaan dan pengobatan umum' },
    { code: 'DKS-KIA', ref: 'KIA', name: 'Kesehatan Ibu dan Anak', description: 'Pemeriksaan kehamilan, nifas, bayi dan balita' },
    { code: 'DKS-POLI-GIGI', ref: 'POLI-GIGI', name: 'Poli Gigi', description: 'Pemeriksaan dan perawatan gigi dan mulut' },
    { code: 'DKS-IGD', ref: 'IGD', name: 'Instalasi Gawat Darurat', description: 'Pelayanan gawat darurat 24 jam' },
  ].map((s) => ({ ...s, requirements: null, procedure: null, timeLimit: null, feeRupiah: null, legalBasis: null })),
};

let standIn: SatusehatStandIn;

beforeAll(async () => {
  standIn = await startSatusehatStandIn({ world: buildWorld({ practitioners: 60 }) });
});

afterEach(async () => {
  await standIn.clearFaults();
  standIn.calls.reset();
});

afterAll(async () => {
  await Promise.all(connectors.map((c) => c.close()));
  await standIn.stop();
});

describe('SATUSEHAT stand-in', () => {
  async function token(): Promise<string> {
    const response = await fetch(`${standIn.url}/oauth2/v1/accesstoken?grant_type=client_credentials`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: standIn.clientId, client_secret: standIn.clientSecret }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    return String(body.access_token);
  }

  const get = async (path: string, bearer?: string) => {
    const response = await fetch(`${standIn.url}${path}`, bearer === undefined ? {} : { headers: { authorization: `Bearer ${bearer}` } });
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
  };

  it('issues tokens the SATUSEHAT way: expires_in and issued_at as strings; bad credentials are 401', async () => {
    const response = await fetch(`${standIn.url}/oauth2/v1/accesstoken?grant_type=client_credentials`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: standIn.clientId, client_secret: standIn.clientSecret }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ expires_in: '14399', token_type: 'BearerToken', client_id: 'sepucuk-sandbox', status: 'approved' });
    expect(body.issued_at).toMatch(/^\d{13}$/);
    expect(body.access_token).toEqual(expect.any(String));

    const refused = await fetch(`${standIn.url}/oauth2/v1/accesstoken?grant_type=client_credentials`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: standIn.clientId, client_secret: 'wrong' }),
    });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ ErrorCode: 'invalid_client' });
  });

  it('answers errors as OperationOutcomes: no token 401, unknown id 404, unknown parameter 400', async () => {
    const bearer = await token();
    const noToken = await get(`${FHIR}/Organization`);
    expect(noToken.status).toBe(401);
    expect(noToken.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] });
    const unknown = await get(`${FHIR}/Organization/does-not-exist`, bearer);
    expect(unknown.status).toBe(404);
    expect(unknown.type).toMatch(/^application\/fhir\+json/);
    expect(unknown.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
    const badParam = await get(`${FHIR}/Organization?colour=blue`, bearer);
    expect(badParam.status).toBe(400);
    const read = await get(`${FHIR}/Organization/${PAKUAN_BARU.organizationId}`, bearer);
    expect(read.body).toMatchObject({ resourceType: 'Organization', id: PAKUAN_BARU.organizationId, name: PAKUAN_BARU.name });
  });

  it('ORs comma-separated identifiers and pages with an absolute next link carrying a page token', async () => {
    const bearer = await token();
    const system = encodeURIComponent('https://fhir.kemkes.go.id/id/nik|');
    const found = await get(`${FHIR}/Practitioner?identifier=${system}${nikOf(1)},${system}${nikOf(2)}`, bearer);
    expect(found.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 2 });
    expect((found.body.entry as { resource: { id: string } }[]).map((e) => e.resource.id)).toEqual([uuid(5, 1), uuid(5, 2)]);

    const first = await get(`${FHIR}/Practitioner`, bearer);
    expect(first.body.total).toBe(60);
    expect(first.body.entry).toHaveLength(20);
    const next = (first.body.link as { relation: string; url: string }[]).find((l) => l.relation === 'next')?.url ?? '';
    expect(next.startsWith(`${standIn.url}${FHIR}/Practitioner?`)).toBe(true);
    expect(new URL(next).searchParams.get('_page_token')).toEqual(expect.any(String));
    const tampered = new URL(next);
    tampered.searchParams.set('_page_token', 'bm90LWEtdG9rZW4');
    expect((await get(`${tampered.pathname}${tampered.search}`, bearer)).status).toBe(400);
  });
});

describe('Dinkes connector', () => {
  it('describes itself without credentials', () => {
    const connector = connect(standIn);
    expect(connector).toMatchObject({ agency: 'DINKES', system: 'SATUSEHAT FHIR R4', protocol: 'FHIR_R4', endpoint: `${standIn.url}/` });
  });

  it('closes twice without complaint and then refuses calls without calling the source', async () => {
    const connector = connect(standIn);
    await connector.close();
    await connector.close();
    expect(await failureOf(connector.assignments.assignments([person(1)], []))).toBe('UNAVAILABLE');
    expect(standIn.calls.count()).toBe(0);
  });

  it('parses the string expires_in and reuses one token across calls', async () => {
    const before = standIn.tokensIssued();
    const connector = connect(standIn);
    await connector.health();
    await connector.catalog.fetchCatalog([]);
    await connector.assignments.assignments([person(1)], []);
    expect(standIn.tokensIssued() - before).toBe(1);
    expect(standIn.calls.count('/oauth2/v1/accesstoken')).toBe(1);
  });

  it('fetches a new token transparently when the old one expired (401, then one retry)', async () => {
    const connector = connect(standIn);
    await connector.health();
    const before = standIn.tokensIssued();
    standIn.expireTokens();
    await expect(connector.catalog.fetchCatalog([])).resolves.toEqual(EXPECTED_CATALOG);
    expect(standIn.tokensIssued() - before).toBe(1);
    expect(connector.status().healthy).toBe(true);
  });

  it('is DENIED when the token route refuses the credentials', async () => {
    const wrongSecret = connect(standIn, { clientSecret: 'not-the-secret' });
    expect(await failureOf(wrongSecret.health())).toBe('DENIED');
    await standIn.setFaults({ mode: 'deny' });
    expect(await failureOf(connect(standIn).catalog.fetchCatalog([]))).toBe('DENIED');
  });

  it('is DENIED when the FHIR API refuses a freshly issued token too, after exactly one refresh', async () => {
    const connector = connect(standIn);
    await connector.health();
    const before = standIn.tokensIssued();
    await standIn.setFaults({ mode: 'deny', pathPrefix: FHIR });
    standIn.calls.reset();
    expect(await failureOf(connector.assignments.assignments([person(1)], []))).toBe('DENIED');
    expect(standIn.tokensIssued() - before).toBe(1);
    expect(standIn.calls.count(`${FHIR}/Practitioner`)).toBe(2);
  });

  it('maps facilities to offices and service types to services', async () => {
    const connector = connect(standIn);
    await expect(connector.catalog.fetchCatalog([])).resolves.toEqual(EXPECTED_CATALOG);
    // One token, then one search each for Organizations, Locations and HealthcareServices.
    expect(standIn.calls.count()).toBe(4);
    expect(standIn.calls.count(`${FHIR}/Organization`)).toBe(1);
  });

  it('reuses the catalog within the TTL and shares one read between concurrent callers', async () => {
    const connector = connect(standIn);
    const [a, b] = await Promise.all([connector.catalog.fetchCatalog([]), connector.catalog.fetchCatalog([])]);
    await connector.catalog.fetchCatalog([]);
    expect(a).toEqual(b);
    expect(standIn.calls.count(`${FHIR}/Organization`)).toBe(1);
  });

  it('joins practitioners by NIK: roles, places and role ids', async () => {
    const connector = connect(standIn);
    const [first, second, noNik, unknown, badNik] = await connector.assignments.assignments(
      [person(0), person(1), { nip: '198503122010011001', nik: null }, { nip: '198503122010011002', nik: nikOf(9_000) }, { nip: '1', nik: '12,34' }],
      [],
    );
    expect(first).toEqual([
      { kind: 'HEALTH', agency: 'DINKES', role: 'Dokter', placeName: PAKUAN_BARU.name, placeRef: PAKUAN_BARU.organizationId, employmentStatus: null, subject: null, sourceRef: uuid(6, 0) },
      { kind: 'HEALTH', agency: 'DINKES', role: 'Dokter', placeName: RSUD.name, placeRef: RSUD.organizationId, employmentStatus: null, subject: null, sourceRef: uuid(7, 0) },
    ]);
    expect(second).toEqual([
      { kind: 'HEALTH', agency: 'DINKES', role: 'Bidan', placeName: PUTRI_AYU.name, placeRef: PUTRI_AYU.organizationId, employmentStatus: null, subject: null, sourceRef: uuid(6, 1) },
    ]);
    expect(noNik).toEqual([]);
    expect(unknown).toEqual([]);
    expect(badNik).toEqual([]);
  });

  it('makes as many calls for 50 people as for 1', async () => {
    await connect(standIn).assignments.assignments([person(7)], []);
    const forOne = standIn.calls.count(`${FHIR}/Practitioner`);
    standIn.calls.reset();
    const fifty = Array.from({ length: 50 }, (_, n) => person(n));
    const result = await connect(standIn).assignments.assignments(fifty, []);
    expect(standIn.calls.count(`${FHIR}/Practitioner`)).toBe(forOne);
    expect(forOne).toBe(2); // one Practitioner search, one PractitionerRole search with its organizations included
    expect(result.map((list) => list.length)).toEqual(fifty.map((_, n) => (n === 0 ? 2 : 1)));
    expect(result[13]?.[0]?.placeRef).toBe(FACILITIES[13 % 4]!.organizationId);
  });

  it('calls nobody for people without a NIK, and caches answers per NIK', async () => {
    const connector = connect(standIn);
    await expect(connector.assignments.assignments([{ nip: '198503122010011001', nik: null }], [])).resolves.toEqual([[]]);
    expect(standIn.calls.count()).toBe(0);
    await Promise.all([connector.assignments.assignments([person(3)], []), connector.assignments.assignments([person(3), person(4)], [])]);
    const afterFirst = standIn.calls.count(`${FHIR}/Practitioner`);
    expect(afterFirst).toBe(2);
    await connector.assignments.assignments([person(4), person(3)], []);
    expect(standIn.calls.count(`${FHIR}/Practitioner`)).toBe(afterFirst);
  });

  it('never returns or logs a NIK', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const connector = connect(standIn, { log });
    const people = Array.from({ length: 50 }, (_, n) => person(n));
    const result = await connector.assignments.assignments(people, []);
    await connector.catalog.fetchCatalog([]);
    await standIn.setFaults({ mode: 'fail', pathPrefix: `${FHIR}/Practitioner` });
    const error: unknown = await connect(standIn, { log }).assignments.assignments(people, []).catch((e: unknown) => e);
    const text = JSON.stringify(result) + lines.join('\n') + String(error) + JSON.stringify(error);
    expect(lines.length).toBeGreaterThan(0);
    for (const { nik } of people) expect(text).not.toContain(nik);
  });

  it('turns a 500 OperationOutcome into UNAVAILABLE', async () => {
    await standIn.setFaults({ mode: 'fail' });
    expect(await failureOf(connect(standIn).catalog.fetchCatalog([]))).toBe('UNAVAILABLE');
    expect(await failureOf(connect(standIn).health())).toBe('UNAVAILABLE');
  });

  it('turns contract-breaking answers into MALFORMED, token route included', async () => {
    const connector = connect(standIn);
    await connector.health();
    await standIn.setFaults({ mode: 'malformed' });
    // Each call gets the next kind of breakage: total as a string, an entry without resource, a wrong resourceType...
    for (let i = 0; i < 4; i += 1) expect(await failureOf(connector.catalog.fetchCatalog([]))).toBe('MALFORMED');
    expect(await failureOf(connect(standIn).health())).toBe('MALFORMED');
  });
});

describe('Dinkes connector: paging', () => {
  let paged: SatusehatStandIn;
  let decoy: SatusehatStandIn;
  let misdirected: SatusehatStandIn;

  beforeAll(async () => {
    paged = await startSatusehatStandIn({ world: buildWorld({ practitioners: 60 }), pageSize: 2, maxPageSize: 3 });
    decoy = await startSatusehatStandIn({ world: buildWorld({ practitioners: 1 }) });
    misdirected = await startSatusehatStandIn({ world: buildWorld({ practitioners: 60 }), maxPageSize: 3, publicBaseUrl: decoy.url });
  });

  afterAll(async () => {
    await Promise.all([paged.stop(), decoy.stop(), misdirected.stop()]);
  });

  it('reads every page of every search', async () => {
    const connector = connect(paged);
    await expect(connector.catalog.fetchCatalog([])).resolves.toEqual(EXPECTED_CATALOG);
    // 4 facilities, 3 a page: 2 Organization pages; 4 Locations: 2 pages; 7 HealthcareServices: 3 pages.
    expect(paged.calls.count(`${FHIR}/Organization`)).toBe(2);
    expect(paged.calls.count(`${FHIR}/Location`)).toBe(2);
    expect(paged.calls.count(`${FHIR}/HealthcareService`)).toBe(3);
    const people = Array.from({ length: 10 }, (_, n) => person(n));
    const result = await connector.assignments.assignments(people, []);
    expect(result.map((list) => list.length)).toEqual([2, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('refuses a next link to another host as MALFORMED and never calls it', async () => {
    const connector = connect(misdirected);
    expect(await failureOf(connector.catalog.fetchCatalog([]))).toBe('MALFORMED');
    expect(misdirected.calls.count(`${FHIR}/Organization`)).toBe(1);
    expect(decoy.calls.count()).toBe(0);
  });
});

describe('Dinkes connector on the demo world', () => {
  let world: World;
  let demo: SatusehatStandIn;

  beforeAll(async () => {
    world = demoWorld();
    demo = await startSatusehatStandIn({ world });
  });

  afterAll(async () => {
    await demo.stop();
  });

  it('lists every facility and finds every practitioner\'s roles', async () => {
    const connector = connect(demo);
    const catalog = await connector.catalog.fetchCatalog([]);
    expect(catalog.offices.map((o) => o.ref)).toEqual(world.facilities.map((f) => f.organizationId));
    expect(catalog.offices.every((o) => /^(PKM|RS)-[A-Z0-9-]+$/.test(o.code) && /^\d{4}$/.test(o.regencyCode))).toBe(true);
    expect(new Set(catalog.services.map((s) => s.ref))).toEqual(new Set(world.facilities.flatMap((f) => f.serviceTypes)));

    const sample = world.practitioners.slice(0, 50);
    demo.calls.reset();
    const result = await connector.assignments.assignments(sample.map((p) => ({ nip: '', nik: p.nik })), []);
    expect(demo.calls.count(`${FHIR}/Practitioner`)).toBe(2);
    expect(result.map((list) => list.map((a) => a.sourceRef))).toEqual(sample.map((p) => p.roles.map((r) => r.id)));
  });
});
