import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { pino } from 'pino';
import { readAnswer } from '../../connectors/disdik/answer.js';
import { createDisdikConnector } from '../../connectors/disdik/index.js';
import { regencyCodeOf } from '../../connectors/disdik/regions.js';
import { DEFAULT_GUARD_OPTIONS, SILENT_OBSERVER } from '../../connectors/kit/guard.js';
import { SourceError, type SourceFailure } from '../../connectors/kit/source-error.js';
import type { DisdikConnector } from '../../connectors/types.js';
import { startDapodikStandIn, type DapodikStandIn } from '../../sandbox/dapodik/stand-in.js';
import { demoWorld } from '../../sandbox/world/generate.js';
import { FIXTURE_NIKS, NIP, NPSN, SD_NIPS, TEACHERS, disdikWorld, peopleAsking } from './disdik-fixtures.js';

/** Small pages, so that the SD's seven GTK take three calls. */
const GTK_PAGE_SIZE = 3;
const ALL_SCHOOLS = [NPSN.sma, NPSN.smp, NPSN.sd];

let standIn: DapodikStandIn;
const opened: DisdikConnector[] = [];

function connect(options: { cacheTtlMs?: number; token?: string; logLines?: string[] } = {}): DisdikConnector {
  const lines = options.logLines;
  const log = lines === undefined ? pino({ level: 'silent' }) : pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  const connector = createDisdikConnector(
    { url: standIn.url, token: options.token ?? standIn.token },
    { log, guard: { ...DEFAULT_GUARD_OPTIONS, timeoutMs: 500, breakerCooldownMs: 200 }, observer: SILENT_OBSERVER, cacheTtlMs: options.cacheTtlMs ?? 30_000 },
  );
  opened.push(connector);
  return connector;
}

async function failureOf(promise: Promise<unknown>): Promise<SourceFailure> {
  const error: unknown = await promise.then(
    () => new Error('expected a SourceError, the call succeeded'),
    (e: unknown) => e,
  );
  if (!(error instanceof SourceError)) throw error;
  expect(error.agency).toBe('DISDIK');
  return error.failure;
}

async function getJson(path: string, token: string | null = standIn.token): Promise<{ status: number; contentType: string | null; body: unknown }> {
  const response = await fetch(`${standIn.url}${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const contentType = response.headers.get('content-type');
  const text = await response.text();
  return { status: response.status, contentType, body: contentType?.includes('json') === true ? (JSON.parse(text) as unknown) : text };
}

beforeAll(async () => {
  standIn = await startDapodikStandIn({ world: disdikWorld(), gtkPageSize: GTK_PAGE_SIZE });
});

beforeEach(async () => {
  // A connector of an earlier test may still have an attempt on the wire (a loaded machine stretches the budget):
  // close them, so that no late call lands in this test's count.
  for (const connector of opened.splice(0)) await connector.close();
  await standIn.clearFaults();
  standIn.calls.reset();
});

afterAll(async () => {
  for (const connector of opened) await connector.close();
  await standIn.stop();
});

describe('Dapodik stand-in', () => {
  it('answers getSekolah with the one school as an object in rows', async () => {
    const { status, body } = await getJson(`/WebService/getSekolah?npsn=${NPSN.sma}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ results: 1, id: NPSN.sma, start: 0, limit: 1 });
    const rows = (body as { rows: unknown }).rows;
    expect(Array.isArray(rows)).toBe(false);
    expect(rows).toMatchObject({
      nama: 'SMA Negeri 1 Kota Jambi',
      npsn: NPSN.sma,
      bentuk_pendidikan_id_str: 'SMA',
      status_sekolah_str: 'Negeri',
      kecamatan: 'Kec. Telanaipura',
      kabupaten_kota: 'Kota Jambi',
      propinsi: 'Prov. Jambi',
    });
    // Telanaipura's Kemendagri code, padded like Dapodik's char(8) column.
    expect((rows as { kode_wilayah: string }).kode_wilayah).toBe('157105  ');
    expect((rows as { sekolah_id: string }).sekolah_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('pages getGtk by start and limit, capping limit at the page size', async () => {
    const first = await getJson(`/WebService/getGtk?npsn=${NPSN.sd}&start=0&limit=100`);
    expect(first.body).toMatchObject({ results: 7, id: NPSN.sd, start: 0, limit: GTK_PAGE_SIZE });
    expect((first.body as { rows: unknown[] }).rows).toHaveLength(3);
    const last = await getJson(`/WebService/getGtk?npsn=${NPSN.sd}&start=6&limit=100`);
    expect((last.body as { rows: unknown[] }).rows).toHaveLength(1);
  });

  it('renders GTK rows with Dapodik field names, nip null for non civil servants, ptk_induk 0 at a second school', async () => {
    const sma = (await getJson(`/WebService/getGtk?npsn=${NPSN.sma}`)).body as { rows: Record<string, unknown>[] };
    const smp = (await getJson(`/WebService/getGtk?npsn=${NPSN.smp}`)).body as { rows: Record<string, unknown>[] };
    expect(sma.rows[0]).toMatchObject({
      ptk_id: TEACHERS[0]?.ptkId,
      nip: NIP.twoSchools,
      jenis_kelamin: 'L',
      tanggal_lahir: '1985-01-01',
      jenis_ptk_id_str: 'Guru Mapel',
      status_kepegawaian_id_str: 'PNS',
      pangkat_golongan_terakhir: 'III/d',
      mata_pelajaran: 'Matematika',
      tahun_ajaran_id: '2026',
      ptk_induk: 1,
    });
    expect(sma.rows[2]).toMatchObject({ nip: null, status_kepegawaian_id_str: 'Guru Honor Sekolah' });
    expect(smp.rows.find((row) => row['nip'] === NIP.twoSchools)).toMatchObject({ ptk_id: TEACHERS[0]?.ptkId, ptk_induk: 0 });
  });

  it('answers a missing or wrong token with a plain-text Access denied, HTTP 200', async () => {
    for (const token of [null, 'wrong-token']) {
      const answer = await getJson(`/WebService/getSekolah?npsn=${NPSN.sma}`, token);
      expect(answer).toEqual({ status: 200, contentType: 'text/plain', body: 'Access denied' });
    }
  });

  it('answers an unknown NPSN with success false, HTTP 200', async () => {
    const answer = await getJson(`/WebService/getSekolah?npsn=${NPSN.unknown}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ success: false, message: `Data sekolah dengan NPSN ${NPSN.unknown} tidak ditemukan` });
  });
});

describe('Disdik connector: catalog', () => {
  it('maps each known school to a SCHOOL office, leaving unknown NPSNs out, one getSekolah per NPSN', async () => {
    const lines: string[] = [];
    const connector = connect({ logLines: lines });
    const catalog = await connector.catalog.fetchCatalog([NPSN.sma, NPSN.unknown, NPSN.sd, NPSN.sma]);
    expect(catalog.services).toEqual([]);
    expect(catalog.offices.map((office) => office.ref)).toEqual([NPSN.sma, NPSN.sd]);
    expect(catalog.offices[0]).toEqual({
      ref: NPSN.sma,
      code: `SCH-${NPSN.sma}`,
      name: 'SMA Negeri 1 Kota Jambi',
      kind: 'SCHOOL',
      address: 'Jl. Urip Sumoharjo No. 14, Sungai Putri, Kec. Telanaipura, Kota Jambi',
      regencyCode: '1571',
      serviceRefs: [],
    });
    expect(catalog.offices[1]).toMatchObject({ regencyCode: '1505', address: 'Jl. Lintas Timur Km. 20, Sengeti, Kec. Sekernan, Kab. Muaro Jambi' });
    expect(standIn.calls.count('/WebService/getSekolah')).toBe(3);
    const warnings = lines.map((line) => JSON.parse(line) as { level: number; npsn?: string }).filter((entry) => entry.level === 40);
    expect(warnings).toEqual([expect.objectContaining({ npsn: NPSN.unknown })]);
  });

  it('takes the regency from a Kemendagri kode_wilayah, else from the regency name', () => {
    expect(regencyCodeOf('157105  ', 'Kota Jambi')).toBe('1571');
    expect(regencyCodeOf('15.05.03', null)).toBe('1505');
    // Kemendikbud's own codes (Jambi is 10....) are not Kemendagri's: the name decides.
    expect(regencyCodeOf('100502  ', 'Kab. Muaro Jambi')).toBe('1505');
    expect(regencyCodeOf('106001  ', 'Kota Jambi')).toBe('1571');
    expect(regencyCodeOf(null, 'Kabupaten Batang Hari')).toBe('1504');
    expect(regencyCodeOf('106001  ', null)).toBe('');
  });
});

describe('Disdik connector: assignments', () => {
  it('joins GTK to people by NIP, one assignment per school, [] for people without GTK, in key order', async () => {
    const connector = connect();
    const people = [{ nip: NIP.notATeacher, nik: null }, { nip: NIP.twoSchools, nik: '1571011503800002' }, { nip: NIP.head, nik: null }, { nip: NIP.notATeacher, nik: null }];
    const result = await connector.assignments.assignments(people, [NPSN.sma, NPSN.smp]);
    expect(result).toEqual([
      [],
      [
        {
          kind: 'TEACHING',
          agency: 'DISDIK',
          role: 'Guru Mapel',
          placeName: 'SMA Negeri 1 Kota Jambi',
          placeRef: NPSN.sma,
          employmentStatus: 'PNS',
          subject: 'Matematika',
          sourceRef: TEACHERS[0]?.ptkId,
        },
        {
          kind: 'TEACHING',
          agency: 'DISDIK',
          role: 'Guru Mapel',
          placeName: 'SMP Negeri 7 Kota Jambi',
          placeRef: NPSN.smp,
          employmentStatus: 'PNS',
          subject: 'Matematika',
          sourceRef: TEACHERS[0]?.ptkId,
        },
      ],
      [{ kind: 'TEACHING', agency: 'DISDIK', role: 'Kepala Sekolah', placeName: 'SMA Negeri 1 Kota Jambi', placeRef: NPSN.sma, employmentStatus: 'PNS', subject: null, sourceRef: TEACHERS[1]?.ptkId }],
      [],
    ]);
  });

  it('reads every GTK page of a school and collects every row once', async () => {
    const connector = connect();
    const result = await connector.assignments.assignments(peopleAsking(SD_NIPS.length, SD_NIPS), [NPSN.sd]);
    expect(standIn.calls.count('/WebService/getGtk')).toBe(3);
    expect(result.map((list) => list.length)).toEqual(SD_NIPS.map(() => 1));
    expect(new Set(result.map((list) => list[0]?.sourceRef)).size).toBe(SD_NIPS.length);
    expect(result[5]?.[0]).toMatchObject({ placeRef: NPSN.sd, role: 'Guru Kelas', employmentStatus: 'PPPK' });
  });

  it('costs the same number of calls for 1 person as for 50', async () => {
    await connect().assignments.assignments(peopleAsking(1, [NIP.head]), ALL_SCHOOLS);
    const forOne = { gtk: standIn.calls.count('/WebService/getGtk'), all: standIn.calls.count() };
    standIn.calls.reset();
    await connect().assignments.assignments(peopleAsking(50, [NIP.head, NIP.twoSchools, ...SD_NIPS]), ALL_SCHOOLS);
    expect(forOne.gtk).toBe(1 + 1 + 3);
    expect({ gtk: standIn.calls.count('/WebService/getGtk'), all: standIn.calls.count() }).toEqual(forOne);
  });

  it('makes no call for a second request within the cache lifetime, and one set of calls for concurrent requests', async () => {
    const connector = connect();
    const [first, concurrent] = await Promise.all([
      connector.assignments.assignments(peopleAsking(1, [NIP.head]), ALL_SCHOOLS),
      connector.assignments.assignments(peopleAsking(2, [NIP.twoSchools, NIP.head]), ALL_SCHOOLS),
    ]);
    expect(first[0]).toHaveLength(1);
    expect(concurrent[0]).toHaveLength(2);
    const calls = standIn.calls.count();
    expect(calls).toBe(3 + 5);
    const again = await connector.assignments.assignments(peopleAsking(3, SD_NIPS), ALL_SCHOOLS);
    expect(again.map((list) => list.length)).toEqual([1, 1, 1]);
    await connector.catalog.fetchCatalog(ALL_SCHOOLS);
    expect(standIn.calls.count()).toBe(calls);
  });

  it('leaves an unknown school out of the join', async () => {
    const result = await connect().assignments.assignments(peopleAsking(1, [NIP.head]), [NPSN.unknown, NPSN.sma]);
    expect(result[0]?.map((assignment) => assignment.placeRef)).toEqual([NPSN.sma]);
  });

  it('never returns or logs a NIK or a name from Dapodik', async () => {
    const lines: string[] = [];
    const connector = connect({ logLines: lines });
    const result = await connector.assignments.assignments(peopleAsking(3, [NIP.twoSchools, NIP.head, SD_NIPS[0] ?? '']), [...ALL_SCHOOLS, NPSN.unknown]);
    await standIn.setFaults({ mode: 'malformed', pathPrefix: '/WebService/getGtk' });
    await failureOf(connect({ logLines: lines }).assignments.assignments(peopleAsking(1), [NPSN.sma]));
    const text = JSON.stringify(result) + lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const nik of FIXTURE_NIKS) expect(text).not.toContain(nik);
    for (const teacher of TEACHERS) expect(text).not.toContain(teacher.name);
  });
});

describe('Disdik connector: failures as Dapodik sends them', () => {
  it('turns an HTTP-200 success:false into UNAVAILABLE', async () => {
    await standIn.setFaults({ mode: 'fail' });
    expect(await failureOf(connect().catalog.fetchCatalog([NPSN.sma]))).toBe('UNAVAILABLE');
    expect(await failureOf(connect().assignments.assignments(peopleAsking(1), [NPSN.sma]))).toBe('UNAVAILABLE');
    // Retryable: the guard tried again within the budget.
    expect(standIn.calls.count('/WebService/getSekolah')).toBeGreaterThan(1);
  });

  it('turns a plain-text Access denied into DENIED, without retrying', async () => {
    expect(await failureOf(connect({ token: 'wrong-token' }).catalog.fetchCatalog([NPSN.sma]))).toBe('DENIED');
    expect(standIn.calls.paths()).toEqual([`/WebService/getSekolah?npsn=${NPSN.sma}`]);
    await standIn.setFaults({ mode: 'deny' });
    expect(await failureOf(connect().assignments.assignments(peopleAsking(1), [NPSN.sma]))).toBe('DENIED');
  });

  it('turns broken rows into MALFORMED naming the field', async () => {
    await standIn.setFaults({ mode: 'malformed', pathPrefix: '/WebService/getSekolah' });
    const sekolah = await connect().catalog.fetchCatalog([NPSN.sma]).catch((e: unknown) => e);
    expect(sekolah).toBeInstanceOf(SourceError);
    expect(sekolah).toMatchObject({ failure: 'MALFORMED', message: expect.stringContaining('rows') });

    await standIn.setFaults({ mode: 'malformed', pathPrefix: '/WebService/getGtk' });
    const gtk = await connect().assignments.assignments(peopleAsking(1), [NPSN.sma]).catch((e: unknown) => e);
    expect(gtk).toMatchObject({ failure: 'MALFORMED', message: expect.stringMatching(/rows\.0\.(ptk_id|nama)/) });
  });
});

describe('Disdik connector: telling answers apart', () => {
  const answer = (body: unknown, contentType = 'application/json', status = 200) => readAnswer('getSekolah', { status, contentType, body });
  const failure = (body: unknown, contentType?: string, status?: number): SourceFailure | null => {
    try {
      answer(body, contentType, status);
      return null;
    } catch (error) {
      if (error instanceof SourceError) return error.failure;
      throw error;
    }
  };

  it('reads "tidak ditemukan" as not found and any other success:false as UNAVAILABLE', () => {
    expect(answer({ success: false, message: 'Data sekolah dengan NPSN 1 tidak ditemukan' })).toMatchObject({ kind: 'not-found' });
    expect(failure({ success: false, message: 'Terjadi kesalahan pada server Dapodik' })).toBe('UNAVAILABLE');
    expect(failure({ success: false })).toBe('UNAVAILABLE');
  });

  it('reads any text body as DENIED, unless it is JSON with the wrong content type', () => {
    expect(failure('Access denied', 'text/plain')).toBe('DENIED');
    expect(failure('<html>Login</html>', 'text/html')).toBe('DENIED');
    expect(answer('{"results":1,"rows":{}}', 'text/html')).toEqual({ kind: 'data', body: { results: 1, rows: {} } });
    expect(failure('{"success":false,"message":"gagal"}', 'text/html')).toBe('UNAVAILABLE');
  });

  it('reads 401 and 403 as DENIED and other non-2xx statuses as UNAVAILABLE that is not worth retrying', () => {
    expect(failure('', 'text/plain', 401)).toBe('DENIED');
    expect(failure({ success: false, message: 'x' }, 'application/json', 403)).toBe('DENIED');
    expect(() => answer({ success: false, message: 'Not found' }, 'application/json', 404)).toThrow(expect.objectContaining({ failure: 'UNAVAILABLE', retryable: false }));
  });
});

describe('Disdik connector: lifecycle', () => {
  it('reports itself, checks health with an unknown NPSN, and closes twice', async () => {
    const connector = connect();
    expect(connector).toMatchObject({ agency: 'DISDIK', system: 'Dapodik WebService', protocol: 'DAPODIK_WEBSERVICE', endpoint: `${standIn.url}/` });
    await connector.health();
    expect(standIn.calls.paths()).toEqual(['/WebService/getSekolah?npsn=00000000']);
    expect(connector.status()).toMatchObject({ healthy: true, breaker: 'CLOSED' });
    expect(await failureOf(connect({ token: 'wrong-token' }).health())).toBe('DENIED');
    await connector.close();
    await connector.close();
    expect(await failureOf(connector.assignments.assignments(peopleAsking(1), [NPSN.sma]))).toBe('UNAVAILABLE');
  });
});

describe('Disdik connector on the demo world', () => {
  it('reads every school and joins every teacher with a NIP', async () => {
    const world = demoWorld();
    const demo = await startDapodikStandIn({ world });
    try {
      const connector = createDisdikConnector(
        { url: demo.url, token: demo.token },
        { log: pino({ level: 'silent' }), guard: { ...DEFAULT_GUARD_OPTIONS, timeoutMs: 2_000 }, observer: SILENT_OBSERVER, cacheTtlMs: 30_000 },
      );
      opened.push(connector);
      const npsns = world.schools.map((school) => school.npsn);
      const catalog = await connector.catalog.fetchCatalog(npsns);
      expect(catalog.offices.map((office) => [office.ref, office.name, office.regencyCode])).toEqual(world.schools.map((school) => [school.npsn, school.name, school.regencyCode]));

      const expected = new Map<string, string[]>();
      for (const teacher of world.teachers) if (teacher.nip !== null) expected.set(teacher.nip, [...(expected.get(teacher.nip) ?? []), teacher.npsn]);
      expect(expected.size).toBeGreaterThan(0);
      const people = [...expected.keys()].map((nip) => ({ nip, nik: null }));
      const result = await connector.assignments.assignments(people, npsns);
      expect(result.map((list) => list.map((assignment) => assignment.placeRef))).toEqual([...expected.values()]);
      expect(demo.calls.count('/WebService/getGtk')).toBe(npsns.length);
    } finally {
      await demo.stop();
    }
  });
});
