/**
 * Small hand-made worlds for the BKD (SIASN) connector tests: a handful of work units across the four agencies and a
 * few civil servants whose every field is known, so that assertions are exact. Plus the connector deps the tests use.
 */
import { pino } from 'pino';
import type { ConnectorDeps } from '../../connectors/kit/deps.js';
import { DEFAULT_GUARD_OPTIONS, SILENT_OBSERVER } from '../../connectors/kit/guard.js';
import type { CivilServant, Evaluation, Position, Rank, Training, World, WorkUnit } from '../../sandbox/world/types.js';

export const UNITS = {
  disdik: unit('A1000000000000000000000000000001', 'Dinas Pendidikan Provinsi Jambi', null, 'PROVINSI_JAMBI', 'DISDIK'),
  sma: unit('A1000000000000000000000000000002', 'SMA Negeri 1 Kota Jambi', 'A1000000000000000000000000000001', 'PROVINSI_JAMBI', 'DISDIK'),
  dinkes: unit('A1000000000000000000000000000003', 'Dinas Kesehatan Kota Jambi', null, 'KOTA_JAMBI', 'DINKES'),
  puskesmas: unit('A1000000000000000000000000000004', 'UPTD Puskesmas Pakuan Baru', 'A1000000000000000000000000000003', 'KOTA_JAMBI', 'DINKES'),
  dinkesAdmin: unit('A1000000000000000000000000000005', 'Sub Bagian Umum dan Kepegawaian', 'A1000000000000000000000000000003', 'KOTA_JAMBI', 'DINKES'),
  dukcapil: unit('A1000000000000000000000000000006', 'Dinas Kependudukan dan Pencatatan Sipil Kota Jambi', null, 'KOTA_JAMBI', 'DISDUKCAPIL'),
  bkd: unit('A1000000000000000000000000000007', 'Badan Kepegawaian Daerah Provinsi Jambi', null, 'PROVINSI_JAMBI', 'BKD'),
  bkdTraining: unit('A1000000000000000000000000000008', 'Bidang Pendidikan dan Pelatihan', 'A1000000000000000000000000000007', 'PROVINSI_JAMBI', 'BKD'),
  bappeda: unit('A1000000000000000000000000000009', 'Badan Perencanaan Pembangunan Daerah Provinsi Jambi', null, 'PROVINSI_JAMBI', null),
} as const satisfies Record<string, WorkUnit>;

/** A teacher with titles, a long history, trainings of both kinds and one SKP per rating. */
export const TEACHER: CivilServant = civilServant({
  nip: '197805122005012003',
  nik: '1571015205780003',
  name: 'Siti Aminah',
  sex: 'F',
  birthDate: '1978-05-12',
  birthPlace: 'Jambi',
  frontTitle: 'Dra.',
  backTitle: 'M.Pd.',
  appointedOn: '2005-01-01',
  workUnitId: UNITS.sma.id,
  ranks: [
    rank('III/a', 'Penata Muda', '2005-01-01', '813/001/BKD/2005'),
    rank('III/b', 'Penata Muda Tingkat I', '2009-04-01', '823/114/BKD/2009'),
    rank('III/c', 'Penata', '2013-04-01', '823/207/BKD/2013'),
    rank('III/d', 'Penata Tingkat I', '2017-10-01', '823/391/BKD/2017'),
  ],
  positions: [
    position('Guru Pertama', 'FUNGSIONAL', UNITS.sma.id, '2005-01-01', '821/01/DISDIK/2005'),
    position('Guru Ahli Muda', 'FUNGSIONAL', UNITS.sma.id, '2019-01-02', '800/12/DISDIK/2019'),
    position('Wakil Kepala Sekolah Bidang Kurikulum', 'STRUKTURAL', UNITS.sma.id, '2022-07-18', '800/77/DISDIK/2022'),
  ],
  trainings: [
    training('T-DIKLAT-1', 'DIKLAT', 'Prajabatan Golongan III', 'BKD Provinsi Jambi', '2006-03-06', '2006-03-25', 120, 'PRAJAB/III/2006/0012'),
    training('T-KURSUS-1', 'KURSUS', 'Pelatihan Pelayanan Prima', 'BPSDM Provinsi Jambi', '2019-07-01', '2019-07-03', 24, 'PP/2019/0341'),
    training('T-DIKLAT-2', 'DIKLAT', 'Pelatihan Kepemimpinan Pengawas', 'BPSDM Provinsi Jambi', '2021-03-01', '2021-06-25', 370, 'PKP/2021/0088'),
    training('T-KURSUS-2', 'KURSUS', 'Bimbingan Teknis Kurikulum Merdeka', 'BGP Provinsi Jambi', '2023-02-13', '2023-02-17', 32, 'BGP/KM/2023/1120'),
    // Same end date as T-KURSUS-2, started later: comes first.
    training('T-KURSUS-3', 'KURSUS', 'Literasi Digital', 'Kominfo', '2023-02-16', '2023-02-17', 8, 'LD/2023/77'),
  ],
  // One year per cell of DESIGN.md's SKP matrix that gives a different rating.
  evaluations: [
    evaluation(2022, 'BELOW', 'BELOW'),
    evaluation(2023, 'BELOW', 'AS_EXPECTED'),
    evaluation(2024, 'AS_EXPECTED', 'BELOW'),
    evaluation(2025, 'AS_EXPECTED', 'AS_EXPECTED'),
    evaluation(2026, 'ABOVE', 'ABOVE'),
  ],
});

/** The head of a puskesmas: front and back titles, a structural position, unit under Dinas Kesehatan. */
export const DOCTOR: CivilServant = civilServant({
  nip: '198203152010011002',
  nik: '1571011503820002',
  name: 'Ahmad Fauzi',
  sex: 'M',
  birthDate: '1982-03-15',
  frontTitle: 'dr.',
  backTitle: 'M.Kes.',
  appointedOn: '2010-01-01',
  workUnitId: UNITS.puskesmas.id,
  ranks: [rank('III/b', 'Penata Muda Tingkat I', '2010-01-01', '813/55/BKPSDM/2010'), rank('IV/a', 'Pembina', '2022-04-01', '823/12/BKPSDM/2022')],
  positions: [position('Kepala UPTD Puskesmas Pakuan Baru', 'STRUKTURAL', UNITS.puskesmas.id, '2021-09-01', '821.2/9/BKPSDM/2021')],
});

/** A registry clerk (pelaksana) without titles. */
export const CLERK: CivilServant = civilServant({
  nip: '199001202015032001',
  nik: '1571016001900001',
  name: 'Nurhayati',
  sex: 'F',
  birthDate: '1990-01-20',
  appointedOn: '2015-03-01',
  workUnitId: UNITS.dukcapil.id,
  ranks: [rank('II/c', 'Pengatur', '2015-03-01', '813/3/BKPSDM/2015')],
  positions: [position('Pengadministrasi Kependudukan', 'PELAKSANA', UNITS.dukcapil.id, '2015-03-01', '821/4/BKPSDM/2015')],
});

/** A BKD analyst in a unit whose name says "Pendidikan" but which is BKD's. */
export const ANALYST: CivilServant = civilServant({
  nip: '198507072009121004',
  nik: '1571010707850004',
  name: 'Rahmat Hidayat',
  sex: 'M',
  birthDate: '1985-07-07',
  backTitle: 'S.Sos.',
  appointedOn: '2009-12-01',
  workUnitId: UNITS.bkdTraining.id,
  ranks: [rank('III/c', 'Penata', '2018-04-01', '823/1/BKD/2018')],
  positions: [position('Analis Sumber Daya Manusia Aparatur Ahli Muda', 'FUNGSIONAL', UNITS.bkdTraining.id, '2020-01-02', '800/3/BKD/2020')],
});

/** Someone SIASN knows little about: no rank, no position, no history. */
export const NEWCOMER: CivilServant = civilServant({
  nip: '199912312024011005',
  nik: '1571013112990005',
  name: 'Dimas Pratama',
  sex: 'M',
  birthDate: '1999-12-31',
  appointedOn: '2024-01-01',
  workUnitId: UNITS.bappeda.id,
});

/** Staff of the civil registry office besides the clerk: with the clerk, 7 people, 3 roster pages at 3 per page. */
export const REGISTRY_STAFF: CivilServant[] = Array.from({ length: 6 }, (_, i) =>
  civilServant({
    nip: `19910${i + 1}0${i + 1}2016031${String(i + 10).padStart(3, '0')}`,
    nik: `15710${i + 1}0${i + 1}0${i + 1}91${String(i + 10).padStart(4, '0')}`,
    name: `Petugas Registrasi ${i + 1}`,
    appointedOn: '2016-03-01',
    workUnitId: UNITS.dukcapil.id,
    ranks: [rank('II/d', 'Pengatur Tingkat I', '2020-04-01', `823/${i}/BKPSDM/2020`)],
    positions: [position('Pengolah Data Kependudukan', 'PELAKSANA', UNITS.dukcapil.id, '2016-03-01', `821/${i}/BKPSDM/2016`)],
  }),
);

/** The five people with a full record (profiles the cache tests load). */
export const FIVE_NIPS = [TEACHER.nip, DOCTOR.nip, CLERK.nip, ANALYST.nip, NEWCOMER.nip] as const;

/** A NIP that looks right but belongs to nobody. */
export const UNKNOWN_NIP = '196001011985031999';

export function bkdWorld(): World {
  return {
    workUnits: Object.values(UNITS),
    civilServants: [TEACHER, DOCTOR, CLERK, ANALYST, NEWCOMER, ...REGISTRY_STAFF],
    schools: [],
    teachers: [],
    facilities: [],
    healthServiceTypes: [],
    practitioners: [],
    registryOffices: [],
    registryServices: [],
    residents: [],
  };
}

/** Deps as the hub gives them, quiet and with short budgets. */
export function testDeps(overrides: Partial<ConnectorDeps> = {}): ConnectorDeps {
  return {
    log: pino({ level: 'silent' }),
    guard: { ...DEFAULT_GUARD_OPTIONS, timeoutMs: 500, breakerCooldownMs: 200 },
    observer: SILENT_OBSERVER,
    cacheTtlMs: 30_000,
    ...overrides,
  };
}

function unit(id: string, name: string, parentId: string | null, government: WorkUnit['government'], agency: WorkUnit['agency']): WorkUnit {
  return { id, name, parentId, government, agency };
}

function civilServant(fields: Partial<CivilServant> & Pick<CivilServant, 'nip' | 'nik' | 'name' | 'workUnitId' | 'appointedOn'>): CivilServant {
  return {
    sex: 'M',
    birthDate: '1980-01-01',
    birthPlace: 'Jambi',
    phone: '081266601234',
    address: 'Jl. Kapten Pattimura No. 10, Kenali Besar, Alam Barajo',
    regencyCode: '1571',
    frontTitle: null,
    backTitle: null,
    ranks: [],
    positions: [],
    trainings: [],
    evaluations: [],
    ...fields,
  };
}

function rank(code: string, name: string, since: string, decree: string): Rank {
  return { code, name, since, decree };
}

function position(name: string, kind: Position['kind'], workUnitId: string, since: string, decree: string): Position {
  return { name, kind, workUnitId, since, decree };
}

function training(id: string, kind: Training['kind'], name: string, organizer: string, startDate: string, endDate: string, hours: number, certificateNumber: string): Training {
  return { id, kind, name, organizer, startDate, endDate, hours, certificateNumber };
}

function evaluation(year: number, results: Evaluation['results'], behaviour: Evaluation['behaviour']): Evaluation {
  return { year, results, behaviour };
}
