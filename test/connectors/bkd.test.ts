import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { agencyOfUnit } from '../../connectors/bkd/agency-of-unit.js';
import { createBkdConnector } from '../../connectors/bkd/index.js';
import { SourceError, type SourceFailure } from '../../connectors/kit/source-error.js';
import type { BkdConnector } from '../../connectors/types.js';
import { startBkdStandIn, type BkdStandIn } from '../../sandbox/bkd/stand-in.js';
import { demoWorld } from '../../sandbox/world/generate.js';
import type { World } from '../../sandbox/world/types.js';
import { skpRating, type SkpRating } from '../../src/domain/staff.js';
import { ANALYST, CLERK, DOCTOR, FIVE_NIPS, NEWCOMER, REGISTRY_STAFF, TEACHER, UNITS, UNKNOWN_NIP, bkdWorld, testDeps } from './bkd-fixtures.js';

/** The failure a promise rejects with (and that it is a SourceError of BKD's). */
async function failureOf(promise: Promise<unknown>): Promise<SourceFailure> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SourceError);
  expect((error as SourceError).agency).toBe('BKD');
  return (error as SourceError).failure;
}

describe('BKD connector against the SIASN stand-in', () => {
  let standIn: BkdStandIn;
  const connectors: BkdConnector[] = [];

  /** A fresh connector (own token, cache and breaker) on the stand-in. */
  function connect(overrides: { clientSecret?: string; cacheTtlMs?: number } = {}): BkdConnector {
    const connector = createBkdConnector(
      { url: standIn.url, clientId: standIn.clientId, clientSecret: overrides.clientSecret ?? standIn.clientSecret },
      testDeps(overrides.cacheTtlMs === undefined ? {} : { cacheTtlMs: overrides.cacheTtlMs }),
    );
    connectors.push(connector);
    return connector;
  }

  beforeAll(async () => {
    standIn = await startBkdStandIn({ world: bkdWorld(), rosterPageSize: 3 });
  });

  beforeEach(async () => {
    await standIn.clearFaults();
    standIn.calls.reset();
  });

  afterAll(async () => {
    await Promise.all(connectors.map((c) => c.close()));
    await standIn.stop();
  });

  describe('profiles (data-utama)', () => {
    it('maps names, titles, rank, position, dates and personal data', async () => {
      const [teacher, doctor, clerk, newcomer] = await connect().staff.profiles([TEACHER.nip, DOCTOR.nip, CLERK.nip, NEWCOMER.nip]);
      expect(teacher).toEqual({
        nip: TEACHER.nip,
        name: 'Siti Aminah',
        frontTitle: 'Dra.',
        backTitle: 'M.Pd.',
        sex: 'F',
        rank: { code: 'III/d', name: 'Penata Tingkat I', since: '2017-10-01' },
        position: { name: 'Wakil Kepala Sekolah Bidang Kurikulum', kind: 'STRUKTURAL', since: '2022-07-18', workUnitName: 'SMA Negeri 1 Kota Jambi' },
        workUnit: { id: UNITS.sma.id, name: 'SMA Negeri 1 Kota Jambi', agency: 'DISDIK' },
        phone: '081266601234',
        birthDate: '1978-05-12',
        nik: '1571015205780003',
      });
      expect(doctor).toMatchObject({ name: 'Ahmad Fauzi', frontTitle: 'dr.', backTitle: 'M.Kes.', sex: 'M', rank: { code: 'IV/a', name: 'Pembina', since: '2022-04-01' } });
      expect(doctor?.workUnit).toEqual({ id: UNITS.puskesmas.id, name: 'UPTD Puskesmas Pakuan Baru', agency: 'DINKES' });
      // No titles: SIASN sends null or "", both come out null.
      expect(clerk).toMatchObject({ frontTitle: null, backTitle: null, position: { kind: 'PELAKSANA' }, workUnit: { agency: 'DISDUKCAPIL' } });
      expect(newcomer).toMatchObject({ rank: null, position: null, workUnit: { name: UNITS.bappeda.name, agency: null } });
    });

    it('reads SIASN\'s code 0 "Data tidak ditemukan" as not found: null in the key\'s slot, keys in order', async () => {
      const token = await rawToken();
      const raw = await fetch(`${standIn.url}/pns/data-utama/${UNKNOWN_NIP}`, { headers: { authorization: `Bearer ${token}` } });
      expect(raw.status).toBe(200);
      expect(await raw.json()).toEqual({ code: 0, data: null, message: 'Data tidak ditemukan' });

      const connector = connect();
      const profiles = await connector.staff.profiles([DOCTOR.nip, UNKNOWN_NIP, CLERK.nip]);
      expect(profiles.map((p) => p?.nip ?? null)).toEqual([DOCTOR.nip, null, CLERK.nip]);
      expect(connector.status().healthy).toBe(true);
      // An unknown NIP has empty histories (code 1, data []).
      expect(await connector.staff.trainings([UNKNOWN_NIP])).toEqual([[]]);
    });

    it('answers null for a string that is not a NIP, without calling SIASN', async () => {
      expect(await connect().staff.profiles(['../simpeg/unor', '12345'])).toEqual([null, null]);
      expect(standIn.calls.count('/pns/')).toBe(0);
    });
  });

  describe('histories', () => {
    it('merges diklat and kursus, newest first by end date then start date', async () => {
      const [trainings] = await connect().staff.trainings([TEACHER.nip]);
      expect(trainings?.map((t) => [t.id, t.kind, t.endDate])).toEqual([
        ['T-KURSUS-3', 'KURSUS', '2023-02-17'],
        ['T-KURSUS-2', 'KURSUS', '2023-02-17'],
        ['T-DIKLAT-2', 'DIKLAT', '2021-06-25'],
        ['T-KURSUS-1', 'KURSUS', '2019-07-03'],
        ['T-DIKLAT-1', 'DIKLAT', '2006-03-25'],
      ]);
      expect(trainings?.[2]).toEqual({
        id: 'T-DIKLAT-2',
        kind: 'DIKLAT',
        name: 'Pelatihan Kepemimpinan Pengawas',
        organizer: 'BPSDM Provinsi Jambi',
        startDate: '2021-03-01',
        endDate: '2021-06-25',
        hours: 370,
        certificateNumber: 'PKP/2021/0088',
      });
      expect(standIn.calls.count('/pns/rw-diklat/')).toBe(1);
      expect(standIn.calls.count('/pns/rw-kursus/')).toBe(1);
    });

    it('maps the SKP wording, newest first, and skpRating follows DESIGN.md\'s matrix', async () => {
      const [evaluations] = await connect().staff.evaluations([TEACHER.nip]);
      expect(evaluations).toEqual([
        { year: 2026, results: 'ABOVE', behaviour: 'ABOVE' },
        { year: 2025, results: 'AS_EXPECTED', behaviour: 'AS_EXPECTED' },
        { year: 2024, results: 'AS_EXPECTED', behaviour: 'BELOW' },
        { year: 2023, results: 'BELOW', behaviour: 'AS_EXPECTED' },
        { year: 2022, results: 'BELOW', behaviour: 'BELOW' },
      ]);
      const expected: SkpRating[] = ['SANGAT_BAIK', 'BAIK', 'KURANG', 'BUTUH_PERBAIKAN', 'SANGAT_KURANG'];
      expect(evaluations?.map((e) => skpRating(e.results, e.behaviour))).toEqual(expected);
    });

    it('gives rank and position history newest first, position kinds from rw-jabatan\'s ids', async () => {
      const connector = connect();
      const [[ranks], [positions]] = await Promise.all([connector.staff.rankHistory([TEACHER.nip]), connector.staff.positionHistory([TEACHER.nip])]);
      expect(ranks?.map((r) => `${r.code} ${r.name} ${r.since}`)).toEqual([
        'III/d Penata Tingkat I 2017-10-01',
        'III/c Penata 2013-04-01',
        'III/b Penata Muda Tingkat I 2009-04-01',
        'III/a Penata Muda 2005-01-01',
      ]);
      expect(positions).toEqual([
        { name: 'Wakil Kepala Sekolah Bidang Kurikulum', kind: 'STRUKTURAL', since: '2022-07-18', workUnitName: 'SMA Negeri 1 Kota Jambi' },
        { name: 'Guru Ahli Muda', kind: 'FUNGSIONAL', since: '2019-01-02', workUnitName: 'SMA Negeri 1 Kota Jambi' },
        { name: 'Guru Pertama', kind: 'FUNGSIONAL', since: '2005-01-01', workUnitName: 'SMA Negeri 1 Kota Jambi' },
      ]);
      const [[clerkPositions]] = await Promise.all([connector.staff.positionHistory([CLERK.nip])]);
      expect(clerkPositions?.[0]?.kind).toBe('PELAKSANA');
    });
  });

  describe('work units and rosters (SIMPEG)', () => {
    it('lists work units with the agency read from the unit and the units above it', async () => {
      const units = await connect().staff.workUnits();
      const agencyById = new Map(units.map((u) => [u.id, u.agency]));
      for (const unit of Object.values(UNITS)) expect(agencyById.get(unit.id), unit.name).toBe(unit.agency);
    });

    it('reads every roster page (3 pages at 3 per page) and returns everyone once', async () => {
      const connector = connect();
      const roster = await connector.staff.roster(UNITS.dukcapil.id);
      expect(roster.map((s) => s.nip).sort()).toEqual([CLERK.nip, ...REGISTRY_STAFF.map((s) => s.nip)].sort());
      expect(standIn.calls.count(`/simpeg/unor/${UNITS.dukcapil.id}/pns`)).toBe(3);
      expect(roster.find((s) => s.nip === CLERK.nip)).toEqual({
        nip: CLERK.nip,
        name: 'Nurhayati',
        frontTitle: null,
        backTitle: null,
        rankCode: 'II/c',
        positionName: 'Pengadministrasi Kependudukan',
        workUnit: { id: UNITS.dukcapil.id, name: UNITS.dukcapil.name, agency: 'DISDUKCAPIL' },
      });
      // Cached: no more calls.
      await connector.staff.roster(UNITS.dukcapil.id);
      expect(standIn.calls.count('/simpeg/')).toBe(4);
    });

    it('has an empty roster for a unit SIMPEG does not list, without a roster call', async () => {
      expect(await connect().staff.roster('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF')).toEqual([]);
      expect(standIn.calls.count('/simpeg/unor/')).toBe(0);
    });
  });

  describe('token', () => {
    it('fetches one token for many calls', async () => {
      const before = standIn.tokensIssued();
      const connector = connect();
      await Promise.all([
        connector.staff.profiles(FIVE_NIPS),
        connector.staff.trainings(FIVE_NIPS),
        connector.staff.evaluations(FIVE_NIPS),
        connector.staff.workUnits(),
      ]);
      await connector.staff.rankHistory(FIVE_NIPS);
      expect(standIn.tokensIssued() - before).toBe(1);
      expect(standIn.calls.count('/oauth2/token')).toBe(1);
    });

    it('after every token lapses, the next calls fetch one new token and succeed', async () => {
      const connector = connect();
      await connector.staff.profiles([TEACHER.nip]);
      const before = standIn.tokensIssued();
      standIn.expireTokens();
      const profiles = await connector.staff.profiles([DOCTOR.nip, CLERK.nip, ANALYST.nip]);
      expect(profiles.map((p) => p?.nip)).toEqual([DOCTOR.nip, CLERK.nip, ANALYST.nip]);
      expect(standIn.tokensIssued() - before).toBe(1);
      // Each NIP: the refused call and its retry with the new token.
      expect(standIn.calls.count(`/pns/data-utama/${DOCTOR.nip}`)).toBe(2);
      expect(connector.status().healthy).toBe(true);
    });

    it('is DENIED when SIASN refuses the credentials, without retries', async () => {
      expect(await failureOf(connect({ clientSecret: 'wrong' }).staff.profiles([TEACHER.nip]))).toBe('DENIED');
      expect(standIn.calls.count('/oauth2/token')).toBe(1);

      const connector = connect();
      await connector.staff.profiles([TEACHER.nip]);
      standIn.calls.reset();
      await standIn.setFaults({ mode: 'deny' });
      expect(await failureOf(connector.staff.profiles([DOCTOR.nip]))).toBe('DENIED');
      // The refused call, a token request (refused), no retry.
      expect(standIn.calls.paths()).toEqual([`/pns/data-utama/${DOCTOR.nip}`, '/oauth2/token']);
    });
  });

  describe('failures', () => {
    it('an envelope with code 0 is UNAVAILABLE, retried within the budget', async () => {
      await standIn.setFaults({ mode: 'fail', pathPrefix: '/pns/' });
      const connector = connect();
      expect(await failureOf(connector.staff.profiles([TEACHER.nip]))).toBe('UNAVAILABLE');
      expect(standIn.calls.count('/pns/data-utama/')).toBe(1 + testDeps().guard.retries);
      expect(connector.status()).toMatchObject({ healthy: false, lastFailure: 'UNAVAILABLE' });
      // "Terjadi kesalahan" is a failure even on rw-* (only "tidak ditemukan" means not found). A fresh connector:
      // three more failed attempts would open this one's breaker.
      expect(await failureOf(connect().staff.evaluations([TEACHER.nip]))).toBe('UNAVAILABLE');
    });

    it('a malformed payload is MALFORMED, not retried, and the connector carries on', async () => {
      const connector = connect();
      await standIn.setFaults({ mode: 'malformed', pathPrefix: '/pns/data-utama/' });
      const error = await connector.staff.profiles([TEACHER.nip]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect((error as SourceError).failure).toBe('MALFORMED');
      expect((error as SourceError).message).toContain('nipBaru');
      expect(standIn.calls.count('/pns/data-utama/')).toBe(1);

      await standIn.setFaults({ mode: 'malformed', pathPrefix: '/pns/rw-diklat/' });
      expect(await failureOf(connector.staff.trainings([TEACHER.nip]))).toBe('MALFORMED');
      await standIn.setFaults({ mode: 'malformed', pathPrefix: '/pns/rw-skp22/' });
      expect(await failureOf(connector.staff.evaluations([TEACHER.nip]))).toBe('MALFORMED');
      await standIn.setFaults({ mode: 'malformed', pathPrefix: '/simpeg/unor/' });
      expect(await failureOf(connector.staff.roster(UNITS.dukcapil.id))).toBe('MALFORMED');

      await standIn.clearFaults();
      const [profile] = await connector.staff.profiles([TEACHER.nip]);
      expect(profile?.name).toBe('Siti Aminah');
    });

    it('an unparseable unit list is MALFORMED', async () => {
      await standIn.setFaults({ mode: 'malformed', pathPrefix: '/simpeg/unor' });
      expect(await failureOf(connect().staff.workUnits())).toBe('MALFORMED');
    });
  });

  describe('cache', () => {
    it('loading the same 5 NIPs twice costs 5 data-utama calls', async () => {
      const connector = connect();
      const first = await connector.staff.profiles(FIVE_NIPS);
      const second = await connector.staff.profiles(FIVE_NIPS);
      expect(second).toEqual(first);
      expect(standIn.calls.count('/pns/data-utama/')).toBe(5);
    });

    it('concurrent duplicate loads share one call, even with caching off', async () => {
      const connector = connect({ cacheTtlMs: 0 });
      const [a, b, c] = await Promise.all([
        connector.staff.profiles([TEACHER.nip, TEACHER.nip]),
        connector.staff.profiles([TEACHER.nip]),
        connector.staff.trainings([TEACHER.nip, TEACHER.nip]),
      ]);
      expect(a.map((p) => p?.nip)).toEqual([TEACHER.nip, TEACHER.nip]);
      expect(b[0]?.nip).toBe(TEACHER.nip);
      expect(c[0]).toEqual(c[1]);
      expect(standIn.calls.count('/pns/data-utama/')).toBe(1);
      expect(standIn.calls.count('/pns/rw-diklat/')).toBe(1);
      // Caching off: a later load calls again.
      await connector.staff.profiles([TEACHER.nip]);
      expect(standIn.calls.count('/pns/data-utama/')).toBe(2);
    });
  });

  describe('lifecycle', () => {
    it('describes itself without credentials, checks health with one call, closes twice', async () => {
      const connector = connect();
      expect(connector).toMatchObject({ agency: 'BKD', system: 'SIASN (BKD)', protocol: 'REST_JSON', endpoint: `${standIn.url}/` });
      await connector.health();
      expect(standIn.calls.count('/simpeg/unor')).toBe(1);
      await connector.close();
      await connector.close();
      expect(await failureOf(connector.staff.profiles([TEACHER.nip]))).toBe('UNAVAILABLE');
    });
  });

  async function rawToken(): Promise<string> {
    const response = await fetch(`${standIn.url}/oauth2/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${standIn.clientId}:${standIn.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    return body.access_token;
  }
});

describe('agencyOfUnit', () => {
  it.each([
    [['SD Negeri 47/IV Kota Jambi', null], 'DISDIK'],
    [['UPTD SMK Negeri 2 Kota Jambi', 'Dinas Pendidikan Provinsi Jambi'], 'DISDIK'],
    [['Cabang Dinas Pendidikan Wilayah Kota Jambi', null], 'DISDIK'],
    [['RSUD Raden Mattaher', null], 'DINKES'],
    [['Rumah Sakit Jiwa Daerah', null], 'DINKES'],
    [['Seksi Pelayanan', 'Dinas Kesehatan Provinsi Jambi'], 'DINKES'],
    [['Bidang Pelayanan Pendaftaran Penduduk', 'Dinas Kependudukan dan Pencatatan Sipil Kota Jambi'], 'DISDUKCAPIL'],
    [['Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', null], 'BKD'],
    [['Bidang Pendidikan dan Pelatihan', 'Badan Kepegawaian Daerah Provinsi Jambi'], 'BKD'],
    [['Badan Perencanaan Pembangunan Daerah', null], null],
    [['Sekolah Tinggi Ilmu Administrasi', null], null],
  ] as const)('%j -> %s', (names, agency) => {
    expect(agencyOfUnit(names)).toBe(agency);
  });
});

describe('BKD connector on the demo world (smoke)', () => {
  let standIn: BkdStandIn;
  let connector: BkdConnector;
  let world: World;

  beforeAll(async () => {
    world = demoWorld();
    standIn = await startBkdStandIn({ world });
    connector = createBkdConnector({ url: standIn.url, clientId: standIn.clientId, clientSecret: standIn.clientSecret }, testDeps());
  });

  afterAll(async () => {
    await connector.close();
    await standIn.stop();
  });

  it('reads units, a roster and full records, and groups every unit as the world does', async () => {
    const units = await connector.staff.workUnits();
    expect(units).toHaveLength(world.workUnits.length);
    const agencyById = new Map(units.map((u) => [u.id, u.agency]));
    const disagreements = world.workUnits.filter((u) => agencyById.get(u.id) !== u.agency).map((u) => `${u.name}: ${u.agency} vs ${agencyById.get(u.id)}`);
    expect(disagreements).toEqual([]);

    const servant = world.civilServants.find((s) => s.trainings.length > 0 && s.evaluations.length > 0);
    expect(servant).toBeDefined();
    const nip = servant?.nip ?? '';
    const roster = await connector.staff.roster(servant?.workUnitId ?? '');
    expect(roster.map((s) => s.nip)).toContain(nip);
    expect(new Set(roster.map((s) => s.nip)).size).toBe(world.civilServants.filter((s) => s.workUnitId === servant?.workUnitId).length);

    const [[profile], [trainings], [evaluations], [ranks], [positions]] = await Promise.all([
      connector.staff.profiles([nip]),
      connector.staff.trainings([nip]),
      connector.staff.evaluations([nip]),
      connector.staff.rankHistory([nip]),
      connector.staff.positionHistory([nip]),
    ]);
    expect(profile).toMatchObject({ nip, name: servant?.name, birthDate: servant?.birthDate, rank: { code: servant?.ranks.at(-1)?.code } });
    expect(trainings).toHaveLength(servant?.trainings.length ?? -1);
    expect(evaluations?.map((e) => e.year)).toEqual(servant?.evaluations.map((e) => e.year).reverse());
    expect(ranks).toHaveLength(servant?.ranks.length ?? -1);
    expect(positions?.[0]?.name).toBe(servant?.positions.at(-1)?.name);
  });
});
