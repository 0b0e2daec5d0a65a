/**
 * The hub over the four source systems (sandbox stand-ins spoken to over HTTP, FHIR and SQL): cross-agency reads,
 * no N+1 towards the sources, partial data when one fails, the breaker, stale catalog copies, timeouts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { errorCodes } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { inAllThreeSystems, practitionersInBkd, teachersInBkd, UNKNOWN_NIP } from '../sandbox/world/queries.js';

// A small budget and breaker so that outages are quick to provoke; no cache across requests, so that every request
// shows its own source calls.
const ENV = { SOURCE_TIMEOUT_MS: '800', SOURCE_BREAKER_THRESHOLD: '3', SOURCE_BREAKER_COOLDOWN_MS: '400', SOURCE_CACHE_TTL_MS: '0' };

const STAFF_FIELDS = `nip fullName rank { code name } position { name kind } workUnit { name }
  agency { code } assignments { kind agency { code } role placeName office { code } } trainings { kind name hours } evaluations { year rating ratingLabel }`;

let sandbox: Sandbox;
let t: TestHub;
let analyst: string;
beforeAll(async () => {
  sandbox = await startSandbox();
  t = await startTestHub({ sandbox, env: ENV });
  analyst = await t.token({ role: 'ANALYST' });
});
afterAll(async () => {
  await t.stop();
  await sandbox.stop();
});
afterEach(() => sandbox.reset());

describe('a cross-agency query', () => {
  it('reads services of all four agencies, and one civil servant joined from BKD, Dapodik and SATUSEHAT', async () => {
    const person = inAllThreeSystems(sandbox.world)[0];
    expect(person).toBeDefined();
    const services = (agency: string) => `${agency.toLowerCase()}: services(filter: { agency: ${agency} }, first: 50) { edges { node { code source { agency ref stale } } } }`;
    const res = await t.query(
      `query CrossAgency($nip: String!) { ${['DISDUKCAPIL', 'DISDIK', 'DINKES', 'BKD'].map(services).join(' ')} staff(nip: $nip) { ${STAFF_FIELDS} } }`,
      { nip: person!.nip },
      { token: analyst },
    );
    expect(res.body.errors).toBeUndefined();
    const data = res.body.data;
    const ktp = data.disdukcapil.edges.find((e: { node: { code: string } }) => e.node.code === 'DUK-KTP-EL');
    expect(ktp.node.source).toEqual({ agency: 'DISDUKCAPIL', ref: 'KTP-EL', stale: false });
    expect(data.dinkes.edges.map((e: { node: { code: string } }) => e.node.code)).toContain('DKS-POLI-UMUM');
    // BKD and Dinas Pendidikan publish no service catalog: their services are the hub's own.
    expect(data.bkd.edges.length).toBeGreaterThan(0);
    expect(data.bkd.edges.every((e: { node: { source: unknown } }) => e.node.source === null)).toBe(true);
    expect(data.disdik.edges.length).toBeGreaterThan(0);

    const staff = data.staff;
    expect(staff).toMatchObject({ nip: person!.nip, rank: { code: person!.ranks.at(-1)!.code } });
    expect(staff.fullName).toContain(person!.name);
    const kinds = staff.assignments.map((a: { kind: string }) => a.kind);
    expect(kinds).toContain('TEACHING');
    expect(kinds).toContain('HEALTH');
    const teaching = staff.assignments.find((a: { kind: string }) => a.kind === 'TEACHING');
    expect(teaching.office.code).toMatch(/^SCH-\d{8}$/);
    const health = staff.assignments.find((a: { kind: string }) => a.kind === 'HEALTH');
    expect(health.agency.code).toBe('DINKES');
    expect(health.office).not.toBeNull();
    expect(staff.trainings).toHaveLength(person!.trainings.length);
    expect(staff.evaluations).toHaveLength(person!.evaluations.length);
    // The NIK joined SATUSEHAT's record and went no further.
    expect(JSON.stringify(res.body)).not.toContain(person!.nik);
  });

  it('answers null for a NIP no system knows', async () => {
    const res = await t.query('query($nip: String!) { staff(nip: $nip) { nip } }', { nip: UNKNOWN_NIP }, { token: analyst });
    expect(res.body).toMatchObject({ data: { staff: null } });
    expect(res.body.errors).toBeUndefined();
  });
});

describe('calls to the sources', () => {
  const SEARCH = `query Teachers($first: Int!) {
    staffSearch(filter: { agency: DISDIK }, first: $first) { edges { node { nip trainings { name } evaluations { year } assignments { role } } } }
  }`;

  async function searchCountingCalls(first: number) {
    await sandbox.reset();
    const res = await t.query(SEARCH, { first }, { token: analyst });
    expect(res.body.errors).toBeUndefined();
    const nips: string[] = res.body.data.staffSearch.edges.map((e: { node: { nip: string } }) => e.node.nip);
    const bkd = sandbox.bkd!.calls;
    return {
      nips,
      profiles: bkd.count('/pns/data-utama/'),
      diklat: bkd.count('/pns/rw-diklat/'),
      kursus: bkd.count('/pns/rw-kursus/'),
      skp: bkd.count('/pns/rw-skp22/'),
      dapodik: sandbox.disdik!.calls.count('/WebService/'),
      fhir: sandbox.dinkes!.calls.count('/fhir-r4/'),
    };
  }

  it('loads 50 staff with trainings and evaluations: one BKD call per NIP per kind of record, and as many Dapodik and FHIR calls as for 5', async () => {
    const small = await searchCountingCalls(5);
    const large = await searchCountingCalls(50);
    expect(large.nips).toHaveLength(50);
    expect(new Set(large.nips).size).toBe(50);
    // One call per distinct NIP and kind: the request's loaders deduplicate, nothing is asked twice.
    expect(large).toMatchObject({ profiles: 50, diklat: 50, kursus: 50, skp: 50 });
    expect(small).toMatchObject({ profiles: 5, diklat: 5, kursus: 5, skp: 5 });
    // The sector systems are asked once per batch, however many people the batch holds.
    expect(large.dapodik).toBe(small.dapodik);
    expect(large.fhir).toBe(small.fhir);
  });
});

describe('a source that fails', () => {
  const QUERY = `query Partial($nip: String!) {
    staff(nip: $nip) { nip assignments { kind agency { code } } }
    dinkes: services(filter: { agency: DINKES }, first: 5) { edges { node { code source { stale } } } }
    disdukcapil: services(filter: { agency: DISDUKCAPIL }, first: 5) { edges { node { code source { stale } } } }
    sources { agency breaker healthy lastErrorCode catalog { stale } }
  }`;

  it('down: the other agencies answer, its fields carry SOURCE_UNAVAILABLE, the breaker opens, its catalog is stale; then all recovers', async () => {
    const person = inAllThreeSystems(sandbox.world)[1] ?? inAllThreeSystems(sandbox.world)[0]!;
    await sandbox.dinkes!.setFaults({ mode: 'down' });
    const ask = () => t.query(QUERY, { nip: person.nip }, { token: analyst });

    const first = await ask();
    expect(first.body.data.staff.assignments.map((a: { kind: string }) => a.kind)).toEqual(expect.arrayContaining(['TEACHING']));
    expect(first.body.data.staff.assignments.some((a: { kind: string }) => a.kind === 'HEALTH')).toBe(false);
    expect(first.body.errors).toEqual([
      expect.objectContaining({ path: ['staff', 'assignments'], extensions: expect.objectContaining({ code: 'SOURCE_UNAVAILABLE', agency: 'DINKES' }) }),
    ]);

    // Two more failures reach the threshold of three: the breaker opens and later calls are not even attempted.
    // (`sources` is read as a request starts, so the request after the third failure shows the breaker open.)
    await ask();
    await ask();
    const open = await ask();
    const dinkes = open.body.data.sources.find((s: { agency: string }) => s.agency === 'DINKES');
    expect(dinkes).toMatchObject({ breaker: 'OPEN', healthy: false, lastErrorCode: 'SOURCE_UNAVAILABLE', catalog: { stale: true } });
    expect(open.body.data.dinkes.edges.every((e: { node: { source: { stale: boolean } } }) => e.node.source.stale)).toBe(true);
    expect(open.body.data.disdukcapil.edges.every((e: { node: { source: { stale: boolean } } }) => !e.node.source.stale)).toBe(true);
    const callsWhileOpen = sandbox.dinkes!.calls.count();
    await ask();
    expect(sandbox.dinkes!.calls.count()).toBe(callsWhileOpen);

    // Back up: after the cool-down one trial call goes through, succeeds, and closes the breaker.
    await sandbox.dinkes!.clearFaults();
    await new Promise((resolve) => setTimeout(resolve, 450));
    const recovered = await ask();
    expect(recovered.body.errors).toBeUndefined();
    expect(recovered.body.data.staff.assignments.map((a: { kind: string }) => a.kind)).toContain('HEALTH');
    const after = await ask();
    expect(after.body.data.sources.find((s: { agency: string }) => s.agency === 'DINKES')).toMatchObject({ breaker: 'CLOSED', healthy: true, catalog: { stale: false } });
    expect(after.body.data.dinkes.edges.every((e: { node: { source: { stale: boolean } } }) => !e.node.source.stale)).toBe(true);
  });

  it('a failed catalog sync keeps the last good copy, marked stale until a sync succeeds', async () => {
    const admin = await t.token({ role: 'ADMIN' });
    const sync = `mutation { syncCatalog(agency: DISDUKCAPIL) { agency catalog { lastErrorCode stale offices services } } }`;
    await sandbox.disdukcapil!.setFaults({ mode: 'fail' });
    const failed = await t.query(sync, undefined, { token: admin });
    expect(failed.body.data.syncCatalog.find((s: { agency: string }) => s.agency === 'DISDUKCAPIL').catalog).toMatchObject({
      lastErrorCode: 'SOURCE_UNAVAILABLE',
      stale: true,
    });
    const served = await t.query('{ service(code: "DUK-KTP-EL") { name requirements source { stale } } }');
    expect(served.body.data.service).toMatchObject({ name: expect.stringContaining('KTP-el'), source: { stale: true } });
    expect(served.body.data.service.requirements.length).toBeGreaterThan(0);

    await sandbox.disdukcapil!.clearFaults();
    const again = await t.query(sync, undefined, { token: admin });
    expect(again.body.data.syncCatalog.find((s: { agency: string }) => s.agency === 'DISDUKCAPIL').catalog).toMatchObject({ lastErrorCode: null, stale: false });
  });

  it('slowed past the budget: the request returns within the budget + 300 ms with SOURCE_TIMEOUT', async () => {
    const [person] = teachersInBkd(sandbox.world).slice(-1);
    await sandbox.bkd!.setFaults({ latencyMs: 5_000 });
    const startedAt = performance.now();
    const res = await t.query('query($nip: String!) { staff(nip: $nip) { nip } }', { nip: person!.nip }, { token: analyst });
    const elapsed = performance.now() - startedAt;
    expect(errorCodes(res)).toEqual(['SOURCE_TIMEOUT']);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ agency: 'BKD' });
    expect(elapsed).toBeLessThan(800 + 300);
  });

  it('a slow sector system costs its own assignments, not the whole answer, within the budget', async () => {
    const person = practitionersInBkd(sandbox.world).find((c) => teachersInBkd(sandbox.world).some((x) => x.nip === c.nip))!;
    await sandbox.dinkes!.setFaults({ latencyMs: 5_000 });
    const startedAt = performance.now();
    const res = await t.query('query($nip: String!) { staff(nip: $nip) { assignments { kind } } }', { nip: person.nip }, { token: analyst });
    expect(performance.now() - startedAt).toBeLessThan(800 + 300 + 500);
    expect(res.body.data.staff.assignments.map((a: { kind: string }) => a.kind)).toContain('TEACHING');
    expect(errorCodes(res)).toEqual(['SOURCE_TIMEOUT']);
  });
});

describe('who may read staff records', () => {
  it('refuses the public and citizens, and an officer asking for someone else, before asking BKD', async () => {
    const [someone] = teachersInBkd(sandbox.world);
    const query = 'query($nip: String!) { staff(nip: $nip) { nip } }';
    await sandbox.reset();
    expect(errorCodes(await t.query(query, { nip: someone!.nip }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.query(query, { nip: someone!.nip }, { token: await t.token({ role: 'CITIZEN' }) }))).toEqual(['FORBIDDEN']);
    const officer = await t.token({ role: 'OFFICER', agency: 'DISDIK', nip: UNKNOWN_NIP });
    expect(errorCodes(await t.query(query, { nip: someone!.nip }, { token: officer }))).toEqual(['FORBIDDEN']);
    expect(sandbox.bkd!.calls.count('/pns/')).toBe(0);
    expect(errorCodes(await t.query(query, { nip: '123' }, { token: analyst }))).toEqual(['BAD_USER_INPUT']);
  });

  it('lets a SUPERVISOR read their own agency\'s staff, personal data included (audited), and nobody else\'s', async () => {
    const [teacher] = teachersInBkd(sandbox.world);
    const [nurse] = practitionersInBkd(sandbox.world).filter((c) => !teachersInBkd(sandbox.world).some((x) => x.nip === c.nip));
    const supervisor = await t.token({ role: 'SUPERVISOR', agency: 'DISDIK', subject: 'supervisor-disdik' });
    const query = 'query Personal($nip: String!) { staff(nip: $nip) { nip phone birthDate } }';
    const own = await t.query(query, { nip: teacher!.nip }, { token: supervisor });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.staff).toEqual({ nip: teacher!.nip, phone: teacher!.phone, birthDate: teacher!.birthDate });
    const audit = await t.hub.database.knex('audit_log').where({ subject: teacher!.nip, actor: 'supervisor-disdik' }).orderBy('action');
    expect(audit.map((row: { action: string; outcome: string }) => [row.action, row.outcome])).toEqual([
      ['staff.birthDate', 'ok'],
      ['staff.phone', 'ok'],
    ]);

    expect(errorCodes(await t.query(query, { nip: nurse!.nip }, { token: supervisor }))).toEqual(['FORBIDDEN']);
    // An analyst reads records, not personal data.
    const byAnalyst = await t.query(query, { nip: teacher!.nip }, { token: analyst });
    expect(byAnalyst.body.data.staff).toEqual({ nip: teacher!.nip, phone: null, birthDate: null });
    expect(errorCodes(byAnalyst)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('scopes a SUPERVISOR\'s search to their agency', async () => {
    const supervisor = await t.token({ role: 'SUPERVISOR', agency: 'DINKES' });
    const other = await t.query('{ staffSearch(filter: { agency: DISDIK }) { totalCount } }', undefined, { token: supervisor });
    expect(errorCodes(other)).toEqual(['FORBIDDEN']);
    const own = await t.query('{ staffSearch(filter: {}, first: 100) { totalCount edges { node { agency { code } } } } }', undefined, { token: supervisor });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.staffSearch.totalCount).toBeGreaterThan(100);
    expect(own.body.data.staffSearch.edges.every((e: { node: { agency: { code: string } } }) => e.node.agency.code === 'DINKES')).toBe(true);
  });

  it('pages a search by name with cursors', async () => {
    const page = (after?: string) =>
      t.query('query($after: String) { staffSearch(filter: { agency: BKD }, first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { nip name } } } }', { after }, { token: analyst });
    const first = await page();
    const second = await page(first.body.data.staffSearch.pageInfo.endCursor);
    const nodes: { nip: string; name: string }[] = [...first.body.data.staffSearch.edges, ...second.body.data.staffSearch.edges].map((e: { node: { nip: string; name: string } }) => e.node);
    expect(nodes).toHaveLength(14);
    expect(new Set(nodes.map((n) => n.nip)).size).toBe(14);
    const names = nodes.map((n) => n.name);
    expect([...names].sort((a, b) => a.localeCompare(b, 'id'))).toEqual(names);
  });
});

describe('resident verification', () => {
  const VERIFY = 'query Verify($input: VerifyResidentInput!) { verifyResident(input: $input) { nikFound name birthDate } }';

  it('answers match or no match per field to an officer, audits it without the NIK, and returns no population data', async () => {
    const resident = sandbox.world.residents[0]!;
    const officer = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL', subject: 'officer-verify' });
    const match = await t.query(VERIFY, { input: { nik: resident.nik, name: resident.name.toUpperCase(), birthDate: resident.birthDate } }, { token: officer });
    expect(match.body).toEqual(expect.objectContaining({ data: { verifyResident: { nikFound: true, name: 'MATCH', birthDate: 'MATCH' } } }));
    const wrongDate = await t.query(VERIFY, { input: { nik: resident.nik, name: resident.name, birthDate: '1900-01-01' } }, { token: officer });
    expect(wrongDate.body.data.verifyResident).toEqual({ nikFound: true, name: 'MATCH', birthDate: 'NO_MATCH' });

    const rows: { subject: string; action: string }[] = await t.hub.database.knex('audit_log').where({ actor: 'officer-verify' });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.action === 'resident.verify' && /^nik:[0-9a-f]{64}$/.test(r.subject))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(resident.nik);
  });

  it('is refused to analysts and citizens, and bad input never reaches the registry', async () => {
    const resident = sandbox.world.residents[1]!;
    const input = { nik: resident.nik, name: resident.name, birthDate: resident.birthDate };
    expect(errorCodes(await t.query(VERIFY, { input }, { token: analyst }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.query(VERIFY, { input }, { token: await t.token({ role: 'CITIZEN' }) }))).toEqual(['FORBIDDEN']);
    const officer = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL' });
    await sandbox.reset();
    const bad = await t.query(VERIFY, { input: { ...input, nik: '1571' } }, { token: officer });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.nik' });
    expect(sandbox.disdukcapil!.calls.count()).toBe(0);
  });
});

describe('sources', () => {
  it('lists the four systems with their protocol, breaker and catalog copy', async () => {
    const res = await t.query('{ sources { agency system protocol sandbox breaker catalog { offices services stale } } agencies { code source { protocol } } }');
    expect(res.body.errors).toBeUndefined();
    const byAgency = Object.fromEntries(res.body.data.sources.map((s: { agency: string }) => [s.agency, s]));
    expect(byAgency).toMatchObject({
      // This hub was given the stand-ins' URLs: to it they are configured sources, not its own sandbox.
      BKD: { protocol: 'REST_JSON', sandbox: false, breaker: 'CLOSED', catalog: null },
      DISDIK: { protocol: 'DAPODIK_WEBSERVICE', catalog: { offices: sandbox.world.schools.length, services: 0 } },
      DINKES: { protocol: 'FHIR_R4', catalog: { offices: sandbox.world.facilities.length, services: sandbox.world.healthServiceTypes.length } },
      DISDUKCAPIL: { protocol: 'SQL', catalog: { offices: sandbox.world.registryOffices.length, stale: false } },
    });
    expect(res.body.data.agencies.find((a: { code: string }) => a.code === 'DINKES').source.protocol).toBe('FHIR_R4');
  });

  it('brings in what a source publishes that the hub did not know, with ticket letters, and keeps the hub\'s own counters', async () => {
    const res = await t.query(`{
      new: office(code: "DUKCAPIL-ALAM-BARAJO") { name kind regencyCode services { code } source { agency ref } }
      known: office(code: "DUKCAPIL-KOTA-JAMBI") { counters { code } source { agency ref } }
    }`);
    expect(res.body.data.new).toMatchObject({ kind: 'CIVIL_REGISTRY_OFFICE', regencyCode: '1571', source: { agency: 'DISDUKCAPIL', ref: 'ALAM-BARAJO' } });
    expect(res.body.data.new.services.map((s: { code: string }) => s.code).sort()).toEqual(['DUK-KK', 'DUK-KTP-EL']);
    expect(res.body.data.known.source).toEqual({ agency: 'DISDUKCAPIL', ref: 'KOTA-JAMBI' });
    expect(res.body.data.known.counters).toHaveLength(4);
    const letters = await t.hub.database.knex('office_service').where('office_code', 'DUKCAPIL-ALAM-BARAJO').pluck('ticket_prefix');
    expect(new Set(letters).size).toBe(2);
  });
});
