/**
 * Generates the demo world (see types.ts): work units, civil servants with their careers, schools and teachers,
 * health facilities and practitioners, the civil registry's offices and services, and the residents behind them all.
 *
 * Everything follows from the seed: the same seed gives a deep-equal world on every machine, so tests can assert on
 * it and stand-ins started separately in one process agree on who exists. Each part of the world draws from its own
 * forked stream, so growing one part does not reshuffle the others.
 */
import { DEMO_OFFICES, DEMO_SCHOOLS, DEMO_SERVICES } from '../../src/db/seed/demo-catalog.js';
import { nikDatePart } from '../../src/domain/identity.js';
import {
  COURSES,
  ENTRY_RANK,
  HEALTH_SERVICE_TYPES,
  HOSPITAL,
  HOSPITAL_SERVICE_TYPES,
  LADDER_GRADES,
  LATSAR,
  LEADERSHIP_TRAINING,
  MIN_APPOINTMENT_AGE,
  NAME_GROUPS,
  NON_CIVIL_SERVANT_EMPLOYMENT,
  PHONE_PREFIXES,
  PROFESSIONS,
  PUSKESMAS,
  RANKS,
  RANK_CEILING,
  SUBJECTS,
  districtNamed,
  districtsOf,
  rankIndex,
  villageNamed,
} from './names.js';
import type { CourseTemplate, DiklatTemplate, District, Field, NameGroup, Profession, ProfessionKey, TitleOption } from './names.js';
import { Random } from './random.js';
import type {
  CivilServant,
  Evaluation,
  Expectation,
  Facility,
  Person,
  Position,
  Practitioner,
  Rank,
  RegistryOffice,
  RegistryService,
  School,
  Sex,
  Teacher,
  Training,
  WorkUnit,
  World,
} from './types.js';

/** The day the world is seen from: ages, "the last 24 months" and "not in the future" are measured from here. */
export const WORLD_DATE = '2026-11-25';

/** Seed of the world the stand-ins serve. */
export const DEFAULT_SEED = 2026;

/** No first appointment (TMT CPNS) after this month: the 2024 intake is the last one in the records. */
const LAST_APPOINTMENT = '2024-12-01';

/** Latsar replaced Prajabatan for CPNS appointed from 2018 on (PerLAN 12/2018). */
const LATSAR_SINCE = '2018-01-01';

/** SKP under PermenPAN-RB 6/2022 runs from 2022; those appointed before it have one evaluation a year since. */
const FIRST_SKP_YEAR = 2022;
const LAST_SKP_YEAR = 2025;

/** Start of "the last 24 months" before {@link WORLD_DATE}. */
const RECENT_TRAINING_FROM = '2024-11-25';

let memo: World | null = null;

/**
 * The world for the default seed, generated once per process: every stand-in in one process renders the same world.
 * Treat it as read-only; a test that needs to change data should call {@link generateWorld} for its own copy.
 */
export function demoWorld(): World {
  memo ??= generateWorld();
  return memo;
}

/**
 * A complete world for `seed` (default {@link DEFAULT_SEED}). Pure: no clock, no `Math.random`, no I/O; about 2,000
 * civil servants, 600 teachers, 300 practitioners and 2,700 residents. Throws only on an inconsistency between the
 * vocabulary tables (a bug), never because of the seed.
 */
export function generateWorld(seed: number = DEFAULT_SEED): World {
  const root = new Random(seed);
  const ids = new IdentityRegistry();
  const units = buildWorkUnits(root.fork('units'));
  const hired: Hire[] = [];
  const hire = (rng: Random, unit: WorkUnit, profession: ProfessionKey, options: HireOptions): CivilServant => {
    const cs = hireCivilServant(rng, ids, unit, units.fieldOf.get(unit.id) ?? 'ADMIN', PROFESSIONS[profession], options);
    hired.push({ cs, profession: PROFESSIONS[profession] });
    return cs;
  };

  const schools: School[] = DEMO_SCHOOLS.map((s) => ({ ...s }));
  const teachersAndPeople = staffSchools(root.fork('schools'), ids, units, schools, hire);
  const facilities = buildFacilities(root.fork('facilities'), ids);
  staffFacilities(root.fork('health-staff'), units, facilities, hire);
  const target = root.fork('size').int(1_970, 2_030);
  staffOffices(root.fork('offices'), units, target - hired.length, hire);
  const practitionersAndPeople = registerPractitioners(root.fork('practitioners'), ids, units, facilities, hired);
  const civilServants = hired.map((h) => h.cs);
  teachersAndPeople.teachers.push(...visitingHealthTeachers(root.fork('visiting-teachers'), schools, civilServants, practitionersAndPeople.practitioners));

  const residents = new Map<string, Person>();
  for (const person of [...civilServants, ...teachersAndPeople.people, ...practitionersAndPeople.people]) {
    if (!residents.has(person.nik)) residents.set(person.nik, toPerson(person));
  }
  for (const person of otherResidents(root.fork('residents'), ids)) residents.set(person.nik, person);

  return {
    workUnits: units.list,
    civilServants,
    schools,
    teachers: teachersAndPeople.teachers,
    facilities,
    healthServiceTypes: HEALTH_SERVICE_TYPES.map((type) => ({ ...type })),
    practitioners: practitionersAndPeople.practitioners,
    registryOffices: registryOffices(),
    registryServices: registryServices(),
    residents: [...residents.values()],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Dates: `YYYY-MM-DD` strings, which compare correctly as strings.

// Plain integer arithmetic rather than Date objects: the generator does hundreds of thousands of date steps, and
// a cold run (every test file starts one) must stay well under a second.

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const isoDate = (y: number, m: number, d: number): string => `${y}-${pad2(m)}-${pad2(d)}`;
const digit = (date: string, i: number): number => date.charCodeAt(i) - 48;
const yearOf = (date: string): number => digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
const monthOf = (date: string): number => digit(date, 5) * 10 + digit(date, 6);
const dayOf = (date: string): number => digit(date, 8) * 10 + digit(date, 9);
const minDate = (a: string, b: string): string => (a < b ? a : b);
const maxDate = (a: string, b: string): string => (a > b ? a : b);

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Years here are 1900..2100, so every quotient below is of non-negative numbers and `(a / b) | 0` is floor division.

/** Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
function toDay(date: string): number {
  const m = monthOf(date);
  const y = yearOf(date) - (m <= 2 ? 1 : 0);
  const era = (y / 400) | 0;
  const yoe = y - era * 400;
  const doy = (((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) | 0) + dayOf(date) - 1;
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The date `day` days after 1970-01-01 (Hinnant's civil_from_days). */
function fromDay(day: number): string {
  const z = day + 719_468;
  const era = (z / 146_097) | 0;
  const doe = z - era * 146_097;
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36_524) | 0) - ((doe / 146_096) | 0)) / 365) | 0;
  const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0));
  const mp = ((5 * doy + 2) / 153) | 0;
  const d = doy - (((153 * mp + 2) / 5) | 0) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return isoDate(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

const addDays = (date: string, days: number): string => fromDay(toDay(date) + days);

/** Calendar months later (or earlier), the day clamped to the month's length (31 Jan + 1 month = 28/29 Feb). */
function addMonths(date: string, months: number): string {
  const total = yearOf(date) * 12 + monthOf(date) - 1 + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return isoDate(year, month, Math.min(dayOf(date), daysInMonth(year, month)));
}

const addYears = (date: string, years: number): string => addMonths(date, years * 12);

const firstOfMonthOnOrBefore = (date: string): string => `${date.slice(0, 8)}01`;
const firstOfMonthOnOrAfter = (date: string): string => (date.endsWith('-01') ? date : addMonths(firstOfMonthOnOrBefore(date), 1));

function dateBetween(rng: Random, from: string, to: string): string {
  return fromDay(rng.int(toDay(from), toDay(to)));
}

/** A birth date that makes someone exactly `age` on {@link WORLD_DATE}. */
function birthDateForAge(rng: Random, age: number): string {
  return dateBetween(rng, addDays(addYears(WORLD_DATE, -(age + 1)), 1), addYears(WORLD_DATE, -age));
}

/** Kenaikan pangkat takes effect on 1 April or 1 October: the first such date on or after `date`. */
function nextPromotionPeriod(date: string): string {
  const year = yearOf(date);
  const month = monthOf(date);
  const day = dayOf(date);
  if (month < 4 || (month === 4 && day === 1)) return isoDate(year, 4, 1);
  if (month < 10 || (month === 10 && day === 1)) return isoDate(year, 10, 1);
  return isoDate(year + 1, 4, 1);
}

// ---------------------------------------------------------------------------------------------------------------
// Identity numbers and phones: unique across the whole world.

class IdentityRegistry {
  private readonly nikSerials = new Map<string, number>();
  private readonly nipSerials = new Map<string, number>();
  private readonly used = new Set<string>();

  /** province+regency+district, DDMMYY (+40 for women), then the next serial for that district and date. */
  nik(districtCode: string, birthDate: string, sex: Sex): string {
    const prefix = `${districtCode}${nikDatePart(birthDate, sex)}`;
    const serial = (this.nikSerials.get(prefix) ?? 0) + 1;
    this.nikSerials.set(prefix, serial);
    return `${prefix}${String(serial).padStart(4, '0')}`;
  }

  /** Birth date, TMT CPNS month, sex digit, then the next serial for that combination. */
  nip(birthDate: string, appointedOn: string, sex: Sex): string {
    const prefix = `${birthDate.slice(0, 4)}${birthDate.slice(5, 7)}${birthDate.slice(8, 10)}${appointedOn.slice(0, 4)}${appointedOn.slice(5, 7)}${sex === 'M' ? '1' : '2'}`;
    const serial = (this.nipSerials.get(prefix) ?? 0) + 1;
    if (serial > 999) throw new Error(`NIP serials exhausted for ${prefix}`);
    this.nipSerials.set(prefix, serial);
    return `${prefix}${String(serial).padStart(3, '0')}`;
  }

  /** A value from `make` not handed out before under this kind (retries on the rare collision). */
  unique(kind: string, make: () => string): string {
    for (let attempt = 0; attempt < 100; attempt++) {
      const value = make();
      const key = `${kind}:${value}`;
      if (!this.used.has(key)) {
        this.used.add(key);
        return value;
      }
    }
    throw new Error(`Could not find a unique ${kind}`);
  }

  /** "08" + operator digit pair + 7..9 digits: 9..11 digits after "08". */
  phone(rng: Random): string {
    return this.unique('phone', () => `08${rng.pick(PHONE_PREFIXES)}${rng.digits(rng.int(7, 9))}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// People

interface PersonSpec {
  sex: Sex;
  birthDate: string;
  /** Where they live (NIK district and address). */
  regencyCode: string;
  /** Naming tradition; drawn by population share when not given. */
  group?: NameGroup;
}

function personName(rng: Random, group: NameGroup, sex: Sex): string {
  const pool = sex === 'M' ? group.male : group.female;
  const roll = rng.next();
  let name: string;
  if (pool.single.length > 0 && roll < 0.1) {
    name = rng.pick(pool.single);
  } else {
    const given = rng.pick(pool.given);
    let second = rng.pick(pool.second);
    while (second === given) second = rng.pick(pool.second);
    const hasFamilyName = group.id === 'BATAK' || group.id === 'TIONGHOA';
    if (!hasFamilyName && roll > 0.9) {
      let middle = rng.pick(pool.second);
      while (middle === given || middle === second) middle = rng.pick(pool.second);
      name = `${given} ${middle} ${second}`;
    } else {
      name = `${given} ${second}`;
    }
  }
  if (pool.prefixes.length > 0 && rng.chance(0.04)) name = `${rng.pick(pool.prefixes)} ${name}`;
  return name;
}

function address(rng: Random, district: District, villageName?: string): { address: string; village: string } {
  const village = villageName === undefined ? rng.pick(district.villages) : villageNamed(district, villageName);
  const street = `${rng.pick(district.streets)} No. ${rng.int(1, 150)}, RT ${pad2(rng.int(1, 40))}`;
  const prefix = village.kind === 'Kelurahan' ? 'Kel.' : 'Desa';
  return { address: `${street}, ${prefix} ${village.name}, Kec. ${district.name}`, village: village.name };
}

const NAME_GROUP_WEIGHTS = NAME_GROUPS.map((g) => [g, g.weight] as const);

function makePerson(rng: Random, ids: IdentityRegistry, spec: PersonSpec): Person {
  const group = spec.group ?? rng.weighted(NAME_GROUP_WEIGHTS);
  const district = rng.pick(districtsOf(spec.regencyCode));
  return {
    nik: ids.nik(district.code, spec.birthDate, spec.sex),
    name: personName(rng, group, spec.sex),
    sex: spec.sex,
    birthDate: spec.birthDate,
    birthPlace: rng.weighted(group.birthPlaces),
    phone: ids.phone(rng),
    address: address(rng, district).address,
    regencyCode: spec.regencyCode,
  };
}

/** Just the Person fields: the civil registry knows nothing of ranks or schools. */
function toPerson(p: Person): Person {
  return { nik: p.nik, name: p.name, sex: p.sex, birthDate: p.birthDate, birthPlace: p.birthPlace, phone: p.phone, address: p.address, regencyCode: p.regencyCode };
}

const COMMUTER_RESIDENCE: readonly (readonly [string, number])[] = [['1571', 78], ['1505', 18], ['1504', 4]];

/** Civil servants and teachers of Kota Jambi's offices mostly live in the city; some commute from next door. */
function residenceNear(rng: Random, workRegency: string): string {
  if (workRegency !== '1571') return rng.chance(0.75) ? workRegency : '1571';
  return rng.weighted(COMMUTER_RESIDENCE);
}

/** Share of women by profession (midwives are women; traffic officers mostly men); 0.5 when not listed. */
const FEMALE_SHARE: Partial<Record<ProfessionKey, number>> = {
  GURU: 0.68, BIDAN_D3: 1, BIDAN_AHLI: 1, PERAWAT_D3: 0.68, PERAWAT_NERS: 0.65, DOKTER: 0.6, DOKTER_GIGI: 0.7,
  APOTEKER: 0.75, ASISTEN_APOTEKER: 0.75, PRANATA_LAB: 0.65, NUTRISIONIS: 0.85, PEREKAM_MEDIS: 0.6,
  PENGATUR_LALU_LINTAS: 0.1, PENGUJI_KENDARAAN: 0.15, TENAGA_ADMINISTRASI_SEKOLAH: 0.55,
};

// ---------------------------------------------------------------------------------------------------------------
// Work units

type HeadLevel = 'JPT' | 'ADMINISTRATOR' | 'PENGAWAS';

/** A structural post and the kind of person who holds it. */
interface HeadPlan {
  title: string;
  level: HeadLevel;
  profession: ProfessionKey;
  /** For a head of unit: the administrator post held before. */
  priorTitle: string | null;
}

interface OfficePlan {
  name: string;
  government: WorkUnit['government'];
  agency: WorkUnit['agency'];
  /** Name of the parent unit, or null. */
  parent: string | null;
  field: Field;
  /** Relative size among the offices. */
  weight: number;
  heads: readonly HeadPlan[];
  mix: readonly (readonly [ProfessionKey, number])[];
}

function officeHeads(
  unitName: string,
  lead: ProfessionKey,
  staff: ProfessionKey,
  administratorTitles: readonly string[],
  headTitle = `Kepala ${unitName}`,
): HeadPlan[] {
  const secretary = `Sekretaris ${unitName}`;
  return [
    { title: headTitle, level: 'JPT', profession: lead, priorTitle: administratorTitles[0] ?? secretary },
    { title: secretary, level: 'ADMINISTRATOR', profession: staff, priorTitle: null },
    ...administratorTitles.map((title): HeadPlan => ({ title, level: 'ADMINISTRATOR', profession: staff, priorTitle: null })),
    { title: 'Kepala Subbagian Umum dan Kepegawaian', level: 'PENGAWAS', profession: 'ANALIS_KEPEGAWAIAN', priorTitle: null },
  ];
}

const PROVINCE_DISDIK = 'Dinas Pendidikan Provinsi Jambi';
const PROVINCE_DINKES = 'Dinas Kesehatan Provinsi Jambi';
const CITY_DISDIK = 'Dinas Pendidikan Kota Jambi';
const CITY_DINKES = 'Dinas Kesehatan Kota Jambi';

const EDUCATION_OFFICE_MIX = [
  ['PENGAWAS_SEKOLAH', 22], ['ANALIS_KEPEGAWAIAN', 8], ['ANALIS_KEBIJAKAN', 8], ['PRANATA_KOMPUTER', 5],
  ['PENGADMINISTRASI_UMUM', 18], ['PENGELOLA_KEUANGAN', 6], ['PENGOLAH_DATA', 10], ['ARSIPARIS', 3],
] as const;
const HEALTH_OFFICE_MIX = [
  ['ADMINISTRATOR_KESEHATAN', 12], ['EPIDEMIOLOG', 10], ['PENYULUH_KESMAS', 8], ['NUTRISIONIS', 4], ['SANITARIAN', 4],
  ['APOTEKER', 4], ['ANALIS_KEPEGAWAIAN', 4], ['PENGADMINISTRASI_UMUM', 14], ['PENGELOLA_KEUANGAN', 5], ['PRANATA_KOMPUTER', 3],
] as const;
const REGISTRY_OFFICE_MIX = [
  ['PENGADMINISTRASI_KEPENDUDUKAN', 30], ['ADMINISTRATOR_DATABASE_KEPENDUDUKAN', 12], ['ANALIS_KEBIJAKAN', 4],
  ['PRANATA_KOMPUTER', 5], ['PENGADMINISTRASI_UMUM', 8], ['PENGELOLA_KEUANGAN', 3], ['ARSIPARIS', 2],
] as const;
const PLANNING_OFFICE_MIX = [
  ['PERENCANA', 30], ['STATISTISI', 6], ['ANALIS_KEBIJAKAN', 6], ['PRANATA_KOMPUTER', 4], ['PENGADMINISTRASI_UMUM', 12],
  ['PENGELOLA_KEUANGAN', 5], ['PENGOLAH_DATA', 6],
] as const;

const OFFICES: readonly OfficePlan[] = [
  {
    name: 'Badan Kepegawaian Daerah Provinsi Jambi', government: 'PROVINSI_JAMBI', agency: 'BKD', parent: null, field: 'HR', weight: 90,
    heads: officeHeads('Badan Kepegawaian Daerah Provinsi Jambi', 'ANALIS_SDM', 'ANALIS_SDM', [
      'Kepala Bidang Pengadaan, Pemberhentian dan Informasi', 'Kepala Bidang Mutasi dan Promosi',
      'Kepala Bidang Pengembangan Aparatur', 'Kepala Bidang Penilaian Kinerja dan Penghargaan',
    ]),
    mix: [
      ['ANALIS_SDM', 30], ['PRANATA_SDM', 12], ['PRANATA_KOMPUTER', 6], ['ARSIPARIS', 4], ['PENGADMINISTRASI_UMUM', 16],
      ['PENGELOLA_KEUANGAN', 6], ['PENGOLAH_DATA', 10], ['ANALIS_KEBIJAKAN', 4],
    ],
  },
  {
    name: PROVINCE_DISDIK, government: 'PROVINSI_JAMBI', agency: 'DISDIK', parent: null, field: 'EDUCATION', weight: 85,
    heads: officeHeads(PROVINCE_DISDIK, 'PENGAWAS_SEKOLAH', 'ANALIS_KEBIJAKAN', [
      'Kepala Bidang Pembinaan SMA', 'Kepala Bidang Pembinaan SMK', 'Kepala Bidang Pembinaan Pendidikan Khusus',
      'Kepala Bidang Guru dan Tenaga Kependidikan',
    ]),
    mix: EDUCATION_OFFICE_MIX,
  },
  {
    name: PROVINCE_DINKES, government: 'PROVINSI_JAMBI', agency: 'DINKES', parent: null, field: 'HEALTH', weight: 70,
    heads: officeHeads(PROVINCE_DINKES, 'DOKTER', 'ADMINISTRATOR_KESEHATAN', [
      'Kepala Bidang Pelayanan Kesehatan', 'Kepala Bidang Kesehatan Masyarakat',
      'Kepala Bidang Pencegahan dan Pengendalian Penyakit', 'Kepala Bidang Sumber Daya Kesehatan',
    ]),
    mix: HEALTH_OFFICE_MIX,
  },
  {
    name: 'Dinas Kependudukan dan Pencatatan Sipil Provinsi Jambi', government: 'PROVINSI_JAMBI', agency: 'DISDUKCAPIL', parent: null, field: 'REGISTRY', weight: 40,
    heads: officeHeads('Dinas Kependudukan dan Pencatatan Sipil Provinsi Jambi', 'ANALIS_KEBIJAKAN', 'ADMINISTRATOR_DATABASE_KEPENDUDUKAN', [
      'Kepala Bidang Pelayanan Pendaftaran Penduduk', 'Kepala Bidang Pelayanan Pencatatan Sipil',
      'Kepala Bidang Pengelolaan Informasi Administrasi Kependudukan dan Pemanfaatan Data',
    ]),
    mix: REGISTRY_OFFICE_MIX,
  },
  {
    name: 'Badan Perencanaan Pembangunan Daerah Provinsi Jambi', government: 'PROVINSI_JAMBI', agency: null, parent: null, field: 'PLANNING', weight: 70,
    heads: officeHeads('Badan Perencanaan Pembangunan Daerah Provinsi Jambi', 'PERENCANA', 'PERENCANA', [
      'Kepala Bidang Perencanaan Ekonomi', 'Kepala Bidang Infrastruktur dan Pengembangan Wilayah',
      'Kepala Bidang Pemerintahan dan Pembangunan Manusia', 'Kepala Bidang Penelitian, Pengembangan, Pengendalian dan Evaluasi',
    ]),
    mix: PLANNING_OFFICE_MIX,
  },
  {
    name: 'Inspektorat Provinsi Jambi', government: 'PROVINSI_JAMBI', agency: null, parent: null, field: 'AUDIT', weight: 60,
    heads: officeHeads('Inspektorat Provinsi Jambi', 'AUDITOR', 'AUDITOR', [
      'Inspektur Pembantu Wilayah I', 'Inspektur Pembantu Wilayah II', 'Inspektur Pembantu Wilayah III', 'Inspektur Pembantu Wilayah IV',
    ], 'Inspektur Provinsi Jambi'),
    mix: [['AUDITOR', 25], ['P2UPD', 15], ['PENGADMINISTRASI_UMUM', 10], ['PENGELOLA_KEUANGAN', 3], ['ARSIPARIS', 2]],
  },
  {
    name: CITY_DISDIK, government: 'KOTA_JAMBI', agency: 'DISDIK', parent: null, field: 'EDUCATION', weight: 65,
    heads: officeHeads(CITY_DISDIK, 'PENGAWAS_SEKOLAH', 'ANALIS_KEBIJAKAN', [
      'Kepala Bidang Pembinaan Sekolah Dasar', 'Kepala Bidang Pembinaan Sekolah Menengah Pertama',
      'Kepala Bidang Pembinaan PAUD dan Pendidikan Nonformal', 'Kepala Bidang Guru dan Tenaga Kependidikan',
    ]),
    mix: EDUCATION_OFFICE_MIX,
  },
  {
    name: CITY_DINKES, government: 'KOTA_JAMBI', agency: 'DINKES', parent: null, field: 'HEALTH', weight: 55,
    heads: officeHeads(CITY_DINKES, 'DOKTER', 'ADMINISTRATOR_KESEHATAN', [
      'Kepala Bidang Pelayanan dan Sumber Daya Kesehatan', 'Kepala Bidang Kesehatan Masyarakat',
      'Kepala Bidang Pencegahan dan Pengendalian Penyakit',
    ]),
    mix: HEALTH_OFFICE_MIX,
  },
  {
    name: 'Dinas Kependudukan dan Pencatatan Sipil Kota Jambi', government: 'KOTA_JAMBI', agency: 'DISDUKCAPIL', parent: null, field: 'REGISTRY', weight: 70,
    heads: officeHeads('Dinas Kependudukan dan Pencatatan Sipil Kota Jambi', 'ANALIS_KEBIJAKAN', 'ADMINISTRATOR_DATABASE_KEPENDUDUKAN', [
      'Kepala Bidang Pelayanan Pendaftaran Penduduk', 'Kepala Bidang Pelayanan Pencatatan Sipil',
      'Kepala Bidang Pengelolaan Informasi Administrasi Kependudukan', 'Kepala Bidang Pemanfaatan Data dan Inovasi Pelayanan',
    ]),
    mix: REGISTRY_OFFICE_MIX,
  },
  {
    name: 'Badan Perencanaan Pembangunan Daerah Kota Jambi', government: 'KOTA_JAMBI', agency: null, parent: null, field: 'PLANNING', weight: 45,
    heads: officeHeads('Badan Perencanaan Pembangunan Daerah Kota Jambi', 'PERENCANA', 'PERENCANA', [
      'Kepala Bidang Perekonomian dan Sumber Daya Alam', 'Kepala Bidang Infrastruktur dan Kewilayahan',
      'Kepala Bidang Pemerintahan dan Pembangunan Manusia',
    ]),
    mix: PLANNING_OFFICE_MIX,
  },
  {
    name: 'Dinas Perhubungan Kota Jambi', government: 'KOTA_JAMBI', agency: null, parent: null, field: 'TRANSPORT', weight: 55,
    heads: officeHeads('Dinas Perhubungan Kota Jambi', 'ANALIS_KEBIJAKAN', 'ANALIS_KEBIJAKAN', [
      'Kepala Bidang Lalu Lintas', 'Kepala Bidang Angkutan', 'Kepala Bidang Sarana dan Prasarana',
    ]),
    mix: [['PENGATUR_LALU_LINTAS', 25], ['PENGUJI_KENDARAAN', 8], ['PENGADMINISTRASI_UMUM', 10], ['ANALIS_KEBIJAKAN', 3], ['PENGELOLA_KEUANGAN', 3]],
  },
];

interface WorkUnits {
  list: WorkUnit[];
  byName: Map<string, WorkUnit>;
  /** Each unit's field by unit id: which courses its staff take. */
  fieldOf: Map<string, Field>;
}

/** The unit named so; throws when missing (a mismatch between tables is a bug). */
function unitNamed(units: WorkUnits, name: string): WorkUnit {
  const unit = units.byName.get(name);
  if (unit === undefined) throw new Error(`No work unit "${name}"`);
  return unit;
}

/**
 * Offices first, then one unit per public school (SMA/SMK/SLB under the province's Dinas Pendidikan, SD/SMP under the
 * city's), then the hospital and each puskesmas under their Dinas Kesehatan. Private schools are no government's units.
 */
function buildWorkUnits(rng: Random): WorkUnits {
  const units: WorkUnits = { list: [], byName: new Map(), fieldOf: new Map() };
  const add = (name: string, government: WorkUnit['government'], agency: WorkUnit['agency'], parent: string | null, field: Field): void => {
    const unit: WorkUnit = { id: rng.hex(32), name, parentId: parent === null ? null : unitNamed(units, parent).id, government, agency };
    units.list.push(unit);
    units.byName.set(name, unit);
    units.fieldOf.set(unit.id, field);
  };
  for (const office of OFFICES) add(office.name, office.government, office.agency, office.parent, office.field);
  add(HOSPITAL.name, 'PROVINSI_JAMBI', 'DINKES', PROVINCE_DINKES, 'HEALTH');
  for (const school of DEMO_SCHOOLS) {
    if (school.status !== 'Negeri') continue;
    const provincial = school.level === 'SMA' || school.level === 'SMK' || school.level === 'SLB';
    add(school.name, provincial ? 'PROVINSI_JAMBI' : 'KOTA_JAMBI', 'DISDIK', provincial ? PROVINCE_DISDIK : CITY_DISDIK, 'EDUCATION');
  }
  for (const p of PUSKESMAS) add(p.name, 'KOTA_JAMBI', 'DINKES', CITY_DINKES, 'HEALTH');
  return units;
}

// ---------------------------------------------------------------------------------------------------------------
// Civil servants and their careers

interface HireOptions {
  head: HeadPlan | null;
  minAge: number;
  maxAge: number;
  minServiceYears: number;
  /** Regency where the unit is, for where the person lives. */
  workRegency: string;
}

interface Hire {
  cs: CivilServant;
  profession: Profession;
}

type HireFn = (rng: Random, unit: WorkUnit, profession: ProfessionKey, options: HireOptions) => CivilServant;

const STAFF: Omit<HireOptions, 'workRegency'> = { head: null, minAge: 22, maxAge: 58, minServiceYears: 0 };

function headOptions(head: HeadPlan, workRegency: string): HireOptions {
  switch (head.level) {
    case 'JPT':
      return { head, minAge: 48, maxAge: 58, minServiceYears: 20, workRegency };
    case 'ADMINISTRATOR':
      return { head, minAge: 42, maxAge: 58, minServiceYears: 14, workRegency };
    case 'PENGAWAS':
      return { head, minAge: 35, maxAge: 57, minServiceYears: 8, workRegency };
  }
}

/** Relative weight of each age among civil servants: an older service with a few young intakes. */
function ageWeight(age: number): number {
  if (age < 30) return 1.25;
  if (age < 40) return 2.5;
  if (age < 50) return 3.2;
  return 3.7;
}

const AGE_TABLES = new Map<string, readonly (readonly [number, number])[]>();

/** Ages from min to max with their weights (cached: only a handful of ranges occur). */
function ageTable(min: number, max: number): readonly (readonly [number, number])[] {
  const key = `${min}-${max}`;
  let table = AGE_TABLES.get(key);
  if (table === undefined) {
    table = Array.from({ length: max - min + 1 }, (_, i) => [min + i, ageWeight(min + i)] as const);
    AGE_TABLES.set(key, table);
  }
  return table;
}

/** Months in which TMT CPNS usually falls (1 January, 1 March, 1 April ...), with relative weights. */
const APPOINTMENT_MONTHS: readonly (readonly [number, number])[] = [[1, 5], [2, 1], [3, 4], [4, 3], [5, 1], [6, 1], [7, 1], [8, 1], [9, 1], [10, 1], [11, 1], [12, 2]];

/** A first-of-month TMT CPNS between the earliest age education allows and 35, no later than 2024; null if none fits. */
function chooseAppointment(rng: Random, birthDate: string, profession: Profession, minServiceYears: number): string | null {
  const earliest = firstOfMonthOnOrAfter(addYears(birthDate, MIN_APPOINTMENT_AGE[profession.education]));
  const lastAt35 = addDays(addYears(birthDate, 36), -1);
  const latest = firstOfMonthOnOrBefore(minDate(minDate(lastAt35, LAST_APPOINTMENT), addYears(WORLD_DATE, -minServiceYears)));
  if (earliest > latest) return null;
  // Most are appointed within a few years of qualifying; some after years of contract work.
  const upper = rng.chance(0.75) ? minDate(latest, addYears(earliest, 8)) : latest;
  for (let attempt = 0; attempt < 10; attempt++) {
    const candidate = isoDate(rng.int(yearOf(earliest), yearOf(upper)), rng.weighted(APPOINTMENT_MONTHS), 1);
    if (candidate >= earliest && candidate <= upper) return candidate;
  }
  return earliest;
}

function chooseTitles(rng: Random, profession: Profession, group: NameGroup, sex: Sex, birthDate: string): { frontTitle: string | null; backTitle: string | null } {
  const option: TitleOption = rng.weighted(profession.titles.map((o) => [o, o.weight] as const));
  let front = option.front;
  // Some older Muslim staff write their hajj title in front of the name.
  if (front === null && group.hajjTitle && yearOf(birthDate) < 1978 && rng.chance(0.07)) front = sex === 'M' ? 'H.' : 'Hj.';
  return { frontTitle: front, backTitle: option.back };
}

/** The issuer in SK numbers: the province's BKD, or the city's BKPSDM. */
const decreeIssuer = (unit: WorkUnit): string => (unit.government === 'PROVINSI_JAMBI' ? 'BKD' : 'BKPSDM');

function decree(rng: Random, classification: string, issuer: string, date: string): string {
  return `${classification}/${rng.int(100, 9999)}/${issuer}/${yearOf(date)}`;
}

const IV_A = rankIndex('IV/a');
const PROMOTION_DELAY_MONTHS: readonly (readonly [number, number])[] = [[0, 70], [6, 15], [12, 10], [24, 5]];
const SENIOR_PROMOTION_DELAY_MONTHS: readonly (readonly [number, number])[] = [[0, 35], [12, 25], [24, 20], [48, 20]];

/** Entry rank at TMT CPNS, then a promotion every four years or a little more, up to the career's ceiling. */
function rankHistory(rng: Random, appointedOn: string, profession: Profession, ceiling: string, issuer: string): Rank[] {
  let index = rankIndex(ENTRY_RANK[profession.education]);
  const top = rankIndex(ceiling);
  let since = appointedOn;
  const ranks: Rank[] = [];
  for (;;) {
    const rank = RANKS[index];
    if (rank === undefined) throw new Error(`rank index ${index}`);
    ranks.push({ code: rank.code, name: rank.name, since, decree: decree(rng, '800', issuer, since) });
    if (index >= top) break;
    // Up to IV/a a promotion every four years is the rule; beyond it credit points and publications slow most people.
    const delayMonths = rng.weighted(index < IV_A ? PROMOTION_DELAY_MONTHS : SENIOR_PROMOTION_DELAY_MONTHS);
    const next = nextPromotionPeriod(addMonths(addYears(since, 4), delayMonths));
    if (next > WORLD_DATE) break;
    since = next;
    index++;
  }
  return ranks;
}

/** For each functional ladder, the grade that applies at each rank index (the highest grade the rank has reached). */
const GRADE_AT_RANK: Readonly<Record<'TERAMPIL' | 'AHLI', readonly string[]>> = {
  TERAMPIL: gradesByRank(LADDER_GRADES.TERAMPIL),
  AHLI: gradesByRank(LADDER_GRADES.AHLI),
};

function gradesByRank(grades: readonly { grade: string; fromRank: string }[]): string[] {
  return RANKS.map((_, index) => {
    let grade = grades[0]?.grade ?? '';
    for (const g of grades) if (rankIndex(g.fromRank) <= index) grade = g.grade;
    return grade;
  });
}

function gradeFor(profession: Profession, rankCode: string): string {
  if (profession.ladder === 'PELAKSANA') return profession.position;
  return `${profession.position} ${GRADE_AT_RANK[profession.ladder][rankIndex(rankCode)] ?? ''}`;
}

/** A functional career moves up a grade when the rank does; a pelaksana keeps one position. */
function positionHistory(rng: Random, profession: Profession, ranks: readonly Rank[], workUnitId: string, issuer: string): Position[] {
  const positions: Position[] = [];
  const kind = profession.ladder === 'PELAKSANA' ? 'PELAKSANA' : 'FUNGSIONAL';
  for (const rank of ranks) {
    const name = gradeFor(profession, rank.code);
    if (positions.at(-1)?.name === name) continue;
    positions.push({ name, kind, workUnitId, since: rank.since, decree: decree(rng, '821', issuer, rank.since) });
  }
  return positions;
}

/** Earliest and latest TMT of a structural post by level, relative to the first appointment. */
const STRUCTURAL_WINDOW: Readonly<Record<HeadLevel, { afterYears: number; notBefore: string }>> = {
  JPT: { afterYears: 18, notBefore: '2016-01-01' },
  ADMINISTRATOR: { afterYears: 12, notBefore: '2014-01-01' },
  PENGAWAS: { afterYears: 6, notBefore: '2016-01-01' },
};

/** Replaces the functional career from the structural appointment on: a head holds the post, not a grade. */
function appointToPost(rng: Random, positions: Position[], head: HeadPlan, appointedOn: string, workUnitId: string, issuer: string): { positions: Position[]; since: string; priorSince: string | null } {
  const window = STRUCTURAL_WINDOW[head.level];
  const from = firstOfMonthOnOrAfter(maxDate(addYears(appointedOn, window.afterYears), window.notBefore));
  const since = firstOfMonthOnOrBefore(dateBetween(rng, from, maxDate(from, '2025-10-01')));
  const kept = positions.filter((p) => p.since < since);
  let priorSince: string | null = null;
  if (head.priorTitle !== null) {
    const priorFrom = maxDate(addYears(appointedOn, 12), kept.at(-1)?.since ?? appointedOn);
    const priorTo = addYears(since, -2);
    if (priorFrom < priorTo) {
      const prior = firstOfMonthOnOrBefore(dateBetween(rng, priorFrom, priorTo));
      const before = kept.filter((p) => p.since < prior);
      kept.length = 0;
      kept.push(...before, { name: head.priorTitle, kind: 'STRUKTURAL', workUnitId, since: prior, decree: decree(rng, '821.2', issuer, prior) });
      priorSince = prior;
    }
  }
  kept.push({ name: head.title, kind: 'STRUKTURAL', workUnitId, since, decree: decree(rng, '821.2', issuer, since) });
  return { positions: kept, since, priorSince };
}

function hireCivilServant(rng: Random, ids: IdentityRegistry, unit: WorkUnit, unitField: Field, profession: Profession, options: HireOptions): CivilServant {
  const sex: Sex = rng.chance(FEMALE_SHARE[profession.key] ?? 0.5) ? 'F' : 'M';
  const minAge = Math.max(options.minAge, MIN_APPOINTMENT_AGE[profession.education] + 2);
  const ages = ageTable(minAge, options.maxAge);
  let birthDate = '';
  let appointedOn: string | null = null;
  for (let attempt = 0; appointedOn === null; attempt++) {
    if (attempt === 50) throw new Error(`No career fits ${profession.key} aged ${minAge}..${options.maxAge}`);
    birthDate = birthDateForAge(rng, rng.weighted(ages));
    appointedOn = chooseAppointment(rng, birthDate, profession, options.minServiceYears);
  }
  const group = rng.weighted(NAME_GROUP_WEIGHTS);
  const person = makePerson(rng, ids, { sex, birthDate, regencyCode: residenceNear(rng, options.workRegency), group });
  const issuer = decreeIssuer(unit);
  const ceiling = options.head?.level === 'JPT' ? 'IV/d' : options.head?.level === 'ADMINISTRATOR' ? 'IV/c' : RANK_CEILING[profession.ladder];
  const ranks = rankHistory(rng, appointedOn, profession, ceiling, issuer);
  let positions = positionHistory(rng, profession, ranks, unit.id, issuer);
  let post: { since: string; priorSince: string | null } | null = null;
  if (options.head !== null) {
    const appointed = appointToPost(rng, positions, options.head, appointedOn, unit.id, issuer);
    positions = appointed.positions;
    post = appointed;
  }
  const titles = chooseTitles(rng, profession, group, sex, birthDate);
  const nip = ids.nip(birthDate, appointedOn, sex);
  const evaluated = evaluations(rng, appointedOn);
  const trainings = trainingHistory(rng, { appointedOn, profession, unitField, head: options.head, post });
  return {
    nik: person.nik,
    name: person.name,
    sex,
    birthDate,
    birthPlace: person.birthPlace,
    phone: person.phone,
    address: person.address,
    regencyCode: person.regencyCode,
    nip,
    frontTitle: titles.frontTitle,
    backTitle: titles.backTitle,
    appointedOn,
    workUnitId: unit.id,
    ranks,
    positions,
    trainings,
    evaluations: evaluated,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Trainings and evaluations

interface TrainingContext {
  appointedOn: string;
  profession: Profession;
  /** The work unit's field: registry staff take registry courses whatever their profession. */
  unitField: Field;
  head: HeadPlan | null;
  post: { since: string; priorSince: string | null } | null;
}

/** Dates of a `days`-long training lying wholly in [from, until] and before {@link WORLD_DATE}; null when it cannot fit. */
function trainingDates(rng: Random, from: string, until: string, days: number): { startDate: string; endDate: string } | null {
  const latestStart = addDays(minDate(until, addDays(WORLD_DATE, -1)), -(days - 1));
  if (from > latestStart) return null;
  const startDate = dateBetween(rng, from, latestStart);
  return { startDate, endDate: addDays(startDate, days - 1) };
}

function diklat(rng: Random, template: DiklatTemplate, suffix: string, dates: { startDate: string; endDate: string }): Training {
  const year = yearOf(dates.startDate);
  const name = year >= template.renamedIn ? template.name : template.oldName;
  return {
    id: rng.uuid(),
    kind: 'DIKLAT',
    name: `${name}${suffix}`,
    organizer: template.organizer,
    ...dates,
    hours: template.hours,
    certificateNumber: `${String(rng.int(1, 9999)).padStart(4, '0')}/${template.code}/${year}`,
  };
}

const COURSE_COUNTS: readonly (readonly [number, number])[] = [[0, 12], [1, 22], [2, 25], [3, 19], [4, 12], [5, 7], [6, 3]];
/** A course with the first and last day it could have run. */
interface Course extends CourseTemplate {
  firstDay: string;
  lastDay: string;
}

const SUITABLE_COURSES = new Map<string, readonly Course[]>();

/** Courses for a profession in a unit of some field (cached per combination). */
function suitableCourses(profession: Profession, unitField: Field): readonly Course[] {
  const key = `${profession.key}/${unitField}`;
  let courses = SUITABLE_COURSES.get(key);
  if (courses === undefined) {
    const audience = new Set<string>(['ALL', profession.field, profession.key, unitField]);
    courses = COURSES.filter((c) => c.audience.some((a) => audience.has(a))).map((c) => ({
      ...c,
      firstDay: `${c.fromYear}-01-01`,
      lastDay: `${c.untilYear}-12-31`,
    }));
    SUITABLE_COURSES.set(key, courses);
  }
  return courses;
}

/**
 * Basic training after appointment, leadership training around a structural appointment, and courses that suit the
 * profession. About one in six has had nothing in the last 24 months; a few older staff have no record at all.
 */
function trainingHistory(rng: Random, ctx: TrainingContext): Training[] {
  // Only those whose basic training lies safely in the past can have had nothing recent.
  const canBeIdle = ctx.appointedOn < '2022-06-01';
  const idle = canBeIdle && rng.chance(0.165);
  if (idle && ctx.appointedOn < LATSAR_SINCE && ctx.head === null && rng.chance(0.3)) return [];
  const to = idle ? addDays(RECENT_TRAINING_FROM, -1) : addDays(WORLD_DATE, -1);
  const trainings: Training[] = [];

  const education = ctx.profession.education;
  const golongan = education === 'SLTA' || education === 'D3' ? ' Golongan II' : ' Golongan III';
  const basic = ctx.appointedOn >= LATSAR_SINCE || rng.chance(0.6);
  if (basic) {
    const from = addMonths(ctx.appointedOn, 3);
    const dates = trainingDates(rng, from, minDate(to, addMonths(ctx.appointedOn, 13)), rng.int(LATSAR.days[0], LATSAR.days[1]));
    if (dates !== null) trainings.push(diklat(rng, LATSAR, golongan, dates));
  }

  if (ctx.head !== null && ctx.post !== null) {
    const level = ctx.head.level;
    const held: (readonly [DiklatTemplate, string])[] = [];
    if (level === 'JPT') {
      held.push([LEADERSHIP_TRAINING.ADMINISTRATOR, ctx.post.priorSince ?? addYears(ctx.post.since, -4)]);
      held.push([LEADERSHIP_TRAINING.JPT, ctx.post.since]);
    } else {
      held.push([LEADERSHIP_TRAINING[level], ctx.post.since]);
    }
    for (const [template, around] of held) {
      const from = maxDate(addYears(around, -2), addYears(ctx.appointedOn, 2));
      const dates = trainingDates(rng, from, minDate(to, addYears(around, 1)), rng.int(template.days[0], template.days[1]));
      if (dates !== null) trainings.push(diklat(rng, template, '', dates));
    }
  }

  const count = rng.weighted(COURSE_COUNTS);
  const courses = rng.shuffle(suitableCourses(ctx.profession, ctx.unitField));

  const addCourse = (from: string, until: string): boolean => {
    for (const course of courses) {
      const lo = maxDate(maxDate(from, ctx.appointedOn), course.firstDay);
      const hi = minDate(until, course.lastDay);
      if (lo > hi) continue;
      const dates = trainingDates(rng, lo, hi, rng.int(course.days[0], course.days[1]));
      if (dates === null) continue;
      courses.splice(courses.indexOf(course), 1);
      trainings.push({
        id: rng.uuid(),
        kind: 'KURSUS',
        name: course.name,
        organizer: course.organizer,
        ...dates,
        hours: rng.int(course.hours[0], course.hours[1]),
        certificateNumber: `${String(rng.int(1, 9999)).padStart(4, '0')}/${course.code}/${yearOf(dates.startDate)}`,
      });
      return true;
    }
    return false;
  };

  if (!idle) addCourse(RECENT_TRAINING_FROM, to);
  for (let i = 0; i < count; i++) addCourse(ctx.appointedOn, to);

  trainings.sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0));
  return trainings;
}

type Tendency = 'usual' | 'strong' | 'weak';
/** A few people do consistently better or worse than the rest. */
const TENDENCIES: readonly (readonly [Tendency, number])[] = [['usual', 82], ['strong', 11], ['weak', 7]];
const EXPECTATION_WEIGHTS: Readonly<Record<Tendency, readonly (readonly [Expectation, number])[]>> = {
  usual: [['AS_EXPECTED', 74], ['ABOVE', 20], ['BELOW', 6]],
  strong: [['AS_EXPECTED', 45], ['ABOVE', 53], ['BELOW', 2]],
  weak: [['AS_EXPECTED', 55], ['ABOVE', 5], ['BELOW', 40]],
};

function evaluations(rng: Random, appointedOn: string): Evaluation[] {
  if (appointedOn >= `${FIRST_SKP_YEAR}-01-01`) return [];
  const weights = EXPECTATION_WEIGHTS[rng.weighted(TENDENCIES)];
  const result: Evaluation[] = [];
  for (let year = FIRST_SKP_YEAR; year <= LAST_SKP_YEAR; year++) {
    result.push({ year, results: rng.weighted(weights), behaviour: rng.weighted(weights) });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Schools and teachers

interface Slot {
  role: 'Kepala Sekolah' | 'Guru Mapel' | 'Guru Kelas' | 'Guru BK' | 'Tenaga Administrasi Sekolah';
  subject: string | null;
}

/** How many GTK each kind of school has, and how many of them are counsellors and administrative staff. */
function schoolSlots(rng: Random, school: School): Slot[] {
  const size = {
    SMA: school.status === 'Negeri' ? rng.int(16, 21) : rng.int(14, 17),
    SMK: rng.int(16, 21),
    SLB: rng.int(12, 14),
    SMP: rng.int(12, 15),
    SD: school.status === 'Negeri' ? rng.int(8, 10) : rng.int(9, 11),
  }[school.level];
  const administrative = { SMA: rng.int(2, 3), SMK: rng.int(2, 3), SLB: 1, SMP: rng.int(1, 2), SD: rng.int(0, 1) }[school.level];
  const counsellors = { SMA: rng.int(1, 2), SMK: rng.int(1, 2), SLB: 0, SMP: 1, SD: 0 }[school.level];
  const slots: Slot[] = [{ role: 'Kepala Sekolah', subject: null }];
  for (let i = 0; i < administrative; i++) slots.push({ role: 'Tenaga Administrasi Sekolah', subject: null });
  for (let i = 0; i < counsellors; i++) slots.push({ role: 'Guru BK', subject: null });
  const catholic = school.name.includes('Xaverius');
  const subjects = rng
    .shuffle(SUBJECTS[school.level])
    .map((s) => (catholic && s.startsWith('Pendidikan Agama Islam') ? 'Pendidikan Agama Katolik dan Budi Pekerti' : s));
  let classes = school.level === 'SD' ? 6 : 0;
  for (let i = 0; slots.length < size; i++) {
    if (classes > 0) {
      classes--;
      slots.push({ role: 'Guru Kelas', subject: null });
    } else {
      slots.push({ role: 'Guru Mapel', subject: subjects[i % subjects.length] ?? null });
    }
  }
  return slots;
}

function nuptk(rng: Random, ids: IdentityRegistry): string {
  return ids.unique('nuptk', () => `${rng.int(1, 9)}${rng.digits(15)}`);
}

function staffSchools(rng: Random, ids: IdentityRegistry, units: WorkUnits, schools: readonly School[], hire: HireFn): { teachers: Teacher[]; people: Person[] } {
  const teachers: Teacher[] = [];
  const people: Person[] = [];
  for (const school of schools) {
    const publicSchool = school.status === 'Negeri';
    const provincial = school.level === 'SMA' || school.level === 'SMK' || school.level === 'SLB';
    const unit = publicSchool ? unitNamed(units, school.name) : null;
    const employment = !publicSchool ? NON_CIVIL_SERVANT_EMPLOYMENT.PRIVATE : provincial ? NON_CIVIL_SERVANT_EMPLOYMENT.PROVINCIAL : NON_CIVIL_SERVANT_EMPLOYMENT.CITY;
    for (const slot of schoolSlots(rng, school)) {
      const head = slot.role === 'Kepala Sekolah';
      const administrative = slot.role === 'Tenaga Administrasi Sekolah';
      const civilServant = unit !== null && (head || rng.chance(administrative ? 0.45 : 0.84));
      if (civilServant) {
        const options: HireOptions = head
          ? { head: null, minAge: 42, maxAge: 58, minServiceYears: 12, workRegency: school.regencyCode }
          : { ...STAFF, workRegency: school.regencyCode };
        const cs = hire(rng, unit, administrative ? 'TENAGA_ADMINISTRASI_SEKOLAH' : 'GURU', options);
        teachers.push({
          ptkId: rng.uuid(),
          npsn: school.npsn,
          name: cs.name,
          sex: cs.sex,
          birthDate: cs.birthDate,
          birthPlace: cs.birthPlace,
          nik: cs.nik,
          nuptk: !administrative && rng.chance(0.9) ? nuptk(rng, ids) : null,
          nip: cs.nip,
          role: slot.role,
          employment: 'PNS',
          rankCode: cs.ranks.at(-1)?.code ?? null,
          subject: slot.subject,
        });
        continue;
      }
      const status = head ? 'GTY/PTY' : rng.weighted<string>(employment);
      const age = head ? rng.int(42, 58) : status === 'PPPK' ? rng.int(26, 52) : rng.int(22, 45);
      const sex: Sex = rng.chance(administrative ? 0.55 : 0.68) ? 'F' : 'M';
      const person = makePerson(rng, ids, { sex, birthDate: birthDateForAge(rng, age), regencyCode: residenceNear(rng, school.regencyCode) });
      people.push(person);
      const hasNuptk = rng.chance(status === 'PPPK' ? 0.6 : status === 'GTY/PTY' ? 0.5 : 0.25);
      teachers.push({
        ptkId: rng.uuid(),
        npsn: school.npsn,
        name: person.name,
        sex,
        birthDate: person.birthDate,
        birthPlace: person.birthPlace,
        nik: person.nik,
        nuptk: hasNuptk && !administrative ? nuptk(rng, ids) : null,
        nip: null,
        role: slot.role,
        employment: status,
        rankCode: null,
        subject: slot.subject,
      });
    }
  }
  return { teachers, people };
}

/** What the health workers who also teach at an SMK teach (a productive subject of the health programmes). */
export const VISITING_HEALTH_SUBJECT = 'Dasar-dasar Layanan Kesehatan';

/**
 * A few health workers of the puskesmas also teach the productive subjects of an SMK's health programme, and Dapodik
 * lists them with their NIP. They are the people every sector system knows: BKD (their record), Dapodik (a school)
 * and SATUSEHAT (a facility); the hub's three-way join is tested on them.
 */
function visitingHealthTeachers(rng: Random, schools: readonly School[], civilServants: readonly CivilServant[], practitioners: readonly Practitioner[]): Teacher[] {
  const vocational = schools.filter((s) => s.level === 'SMK' && s.status === 'Negeri');
  const byNik = new Map(civilServants.map((cs) => [cs.nik, cs] as const));
  const candidates = practitioners.flatMap((p) => {
    const cs = byNik.get(p.nik);
    return cs !== undefined && p.roles.some((r) => r.role === 'Perawat' || r.role === 'Bidan') ? [cs] : [];
  });
  return rng
    .shuffle(candidates)
    .slice(0, 6)
    .map((cs) => ({
      ptkId: rng.uuid(),
      npsn: rng.pick(vocational).npsn,
      name: cs.name,
      sex: cs.sex,
      birthDate: cs.birthDate,
      birthPlace: cs.birthPlace,
      nik: cs.nik,
      nuptk: null,
      nip: cs.nip,
      role: 'Guru Mapel',
      employment: 'PNS',
      rankCode: cs.ranks.at(-1)?.code ?? null,
      subject: VISITING_HEALTH_SUBJECT,
    }));
}

// ---------------------------------------------------------------------------------------------------------------
// Health facilities and their staff

function buildFacilities(rng: Random, ids: IdentityRegistry): Facility[] {
  const perDistrict = new Map<string, number>();
  const facility = (name: string, kind: Facility['kind'], district: District, villageName: string, street: string | null, facilityCode: string | null, serviceTypes: readonly string[]): Facility => {
    const village = villageNamed(district, villageName);
    const serial = (perDistrict.get(district.code) ?? 0) + 1;
    perDistrict.set(district.code, serial);
    return {
      organizationId: rng.uuid(),
      locationId: rng.uuid(),
      // Kode faskes: P + district code + a serial within the district, as in the example "P1571010201".
      facilityCode: facilityCode ?? `P${district.code}02${pad2(serial)}`,
      name,
      kind,
      address: street ?? `${rng.pick(district.streets)} No. ${rng.int(1, 120)}`,
      village: village.name,
      district: district.name,
      provinceCode: '15',
      regencyCode: district.regencyCode,
      districtCode: district.code,
      villageCode: village.code,
      // Landline with Jambi's area code: a facility's phone is not a person's mobile number.
      phone: ids.unique('facility-phone', () => `0741${rng.digits(6)}`),
      serviceTypes: [...serviceTypes],
      healthcareServiceIds: Object.fromEntries(serviceTypes.map((code) => [code, rng.uuid()])),
    };
  };
  const all = HEALTH_SERVICE_TYPES.map((t) => t.code);
  const facilities = PUSKESMAS.map((p) => facility(p.name, 'PUSKESMAS', districtNamed('1571', p.district), p.village, null, null, all));
  facilities.push(facility(HOSPITAL.name, 'HOSPITAL', districtNamed('1571', HOSPITAL.district), HOSPITAL.village, HOSPITAL.street, HOSPITAL.facilityCode, HOSPITAL_SERVICE_TYPES));
  return facilities;
}

/** A puskesmas's civil servants: doctors, a dentist, midwives, nurses and the people who keep it running. */
function puskesmasStaff(rng: Random): [ProfessionKey, number][] {
  return [
    ['DOKTER', rng.int(2, 3)], ['DOKTER_GIGI', 1], ['BIDAN_D3', rng.int(3, 5)], ['BIDAN_AHLI', rng.int(1, 2)],
    ['PERAWAT_D3', rng.int(2, 4)], ['PERAWAT_NERS', rng.int(2, 3)], ['APOTEKER', 1], ['ASISTEN_APOTEKER', 1],
    ['PRANATA_LAB', rng.int(1, 2)], ['NUTRISIONIS', 1], ['SANITARIAN', 1], ['PENYULUH_KESMAS', 1], ['EPIDEMIOLOG', rng.int(0, 1)],
    ['PEREKAM_MEDIS', 1], ['PENGADMINISTRASI_UMUM', rng.int(1, 2)], ['PENGELOLA_KEUANGAN', 1],
  ];
}

const HOSPITAL_MIX: readonly (readonly [ProfessionKey, number])[] = [
  ['DOKTER_SPESIALIS', 35], ['DOKTER', 20], ['DOKTER_GIGI', 3], ['PERAWAT_D3', 55], ['PERAWAT_NERS', 45], ['BIDAN_D3', 14],
  ['BIDAN_AHLI', 5], ['APOTEKER', 8], ['ASISTEN_APOTEKER', 8], ['PRANATA_LAB', 12], ['RADIOGRAFER', 6], ['FISIOTERAPIS', 4],
  ['NUTRISIONIS', 5], ['PEREKAM_MEDIS', 8], ['ADMINISTRATOR_KESEHATAN', 4], ['PENGADMINISTRASI_UMUM', 14], ['PENGELOLA_KEUANGAN', 6],
];

const HOSPITAL_HEADS: readonly HeadPlan[] = [
  { title: `Direktur ${HOSPITAL.name}`, level: 'JPT', profession: 'DOKTER_SPESIALIS', priorTitle: 'Wakil Direktur Pelayanan' },
  { title: 'Wakil Direktur Pelayanan', level: 'ADMINISTRATOR', profession: 'DOKTER', priorTitle: null },
  { title: 'Wakil Direktur Umum dan Keuangan', level: 'ADMINISTRATOR', profession: 'ADMINISTRATOR_KESEHATAN', priorTitle: null },
  { title: 'Kepala Seksi Pelayanan Medik', level: 'PENGAWAS', profession: 'DOKTER', priorTitle: null },
  { title: 'Kepala Seksi Keperawatan', level: 'PENGAWAS', profession: 'PERAWAT_NERS', priorTitle: null },
];

function staffFacilities(rng: Random, units: WorkUnits, facilities: readonly Facility[], hire: HireFn): void {
  for (const facility of facilities) {
    const unit = unitNamed(units, facility.name);
    if (facility.kind === 'HOSPITAL') {
      for (const head of HOSPITAL_HEADS) hire(rng, unit, head.profession, headOptions(head, '1571'));
      for (const [key, n] of allocate(rng.int(245, 265) - HOSPITAL_HEADS.length, HOSPITAL_MIX)) {
        for (let i = 0; i < n; i++) hire(rng, unit, key, { ...STAFF, workRegency: '1571' });
      }
      continue;
    }
    const head: HeadPlan = { title: `Kepala ${facility.name}`, level: 'PENGAWAS', profession: rng.chance(0.5) ? 'DOKTER' : 'ADMINISTRATOR_KESEHATAN', priorTitle: null };
    hire(rng, unit, head.profession, headOptions(head, '1571'));
    for (const [key, n] of puskesmasStaff(rng)) {
      for (let i = 0; i < n; i++) hire(rng, unit, key, { ...STAFF, workRegency: '1571' });
    }
  }
}

/** Splits `total` by weight, rounding by largest remainder so the parts add up exactly. */
function allocate<K>(total: number, mix: readonly (readonly [K, number])[]): [K, number][] {
  const sum = mix.reduce((s, [, w]) => s + w, 0);
  const parts = mix.map(([key, w], index) => ({ key, index, exact: (total * w) / sum, n: Math.floor((total * w) / sum) }));
  let left = total - parts.reduce((s, p) => s + p.n, 0);
  for (const part of [...parts].sort((a, b) => b.exact - b.n - (a.exact - a.n) || a.index - b.index)) {
    if (left <= 0) break;
    part.n++;
    left--;
  }
  return parts.map((p) => [p.key, p.n]);
}

function staffOffices(rng: Random, units: WorkUnits, total: number, hire: HireFn): void {
  const sizes = allocate(total, OFFICES.map((o) => [o, o.weight] as const));
  for (const [office, size] of sizes) {
    const unit = unitNamed(units, office.name);
    for (const head of office.heads) hire(rng, unit, head.profession, headOptions(head, '1571'));
    for (const [key, n] of allocate(Math.max(0, size - office.heads.length), office.mix)) {
      for (let i = 0; i < n; i++) hire(rng, unit, key, { ...STAFF, workRegency: '1571' });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Practitioners (SATUSEHAT)

function ihsNumber(rng: Random, ids: IdentityRegistry): string {
  return ids.unique('ihs', () => `100${rng.digits(8)}`);
}

/**
 * About 300 practitioners: most are civil servants of a facility (not every one is registered in SATUSEHAT yet),
 * every facility has at least one doctor registered, the rest are contract staff. A few work at two facilities.
 */
function registerPractitioners(rng: Random, ids: IdentityRegistry, units: WorkUnits, facilities: readonly Facility[], hired: readonly Hire[]): { practitioners: Practitioner[]; people: Person[] } {
  const facilityOfUnit = new Map(facilities.map((f) => [unitNamed(units, f.name).id, f] as const));
  const eligible = hired.filter((h) => h.profession.practitionerRole !== null && facilityOfUnit.has(h.cs.workUnitId));
  const total = rng.int(290, 310);
  const fromCivilService = Math.round(total * (0.84 + rng.next() * 0.03));

  const doctorsAt = new Map<Facility, Hire[]>();
  for (const h of eligible) {
    const facility = facilityOfUnit.get(h.cs.workUnitId);
    if (facility !== undefined && h.profession.practitionerRole === 'Dokter') doctorsAt.set(facility, [...(doctorsAt.get(facility) ?? []), h]);
  }
  const chosen = new Set<Hire>();
  for (const facility of facilities) {
    const doctors = doctorsAt.get(facility) ?? [];
    if (doctors.length > 0) chosen.add(rng.pick(doctors));
  }
  for (const h of rng.shuffle(eligible)) {
    if (chosen.size >= fromCivilService) break;
    chosen.add(h);
  }

  const practitioners: Practitioner[] = [];
  const people: Person[] = [];
  const titled = (front: string | null, name: string): string => (front === 'dr.' || front === 'drg.' ? `${front} ${name}` : name);
  for (const h of eligible.filter((e) => chosen.has(e))) {
    const facility = facilityOfUnit.get(h.cs.workUnitId);
    if (facility === undefined) continue;
    practitioners.push({
      id: rng.uuid(),
      nik: h.cs.nik,
      ihsNumber: ihsNumber(rng, ids),
      name: titled(h.cs.frontTitle, h.cs.name),
      sex: h.cs.sex,
      birthDate: h.cs.birthDate,
      roles: [{ id: rng.uuid(), organizationId: facility.organizationId, role: h.profession.practitionerRole ?? '' }],
    });
  }

  const contractMix: readonly (readonly [ProfessionKey, number])[] = [
    ['PERAWAT_NERS', 30], ['PERAWAT_D3', 20], ['BIDAN_D3', 25], ['DOKTER', 12], ['APOTEKER', 6], ['PRANATA_LAB', 7],
  ];
  for (let i = practitioners.length; i < total; i++) {
    const profession = PROFESSIONS[rng.weighted(contractMix)];
    const facility = rng.chance(0.3) ? facilities[facilities.length - 1] : rng.pick(facilities.slice(0, -1));
    if (facility === undefined) throw new Error('no facilities');
    const sex: Sex = rng.chance(FEMALE_SHARE[profession.key] ?? 0.5) ? 'F' : 'M';
    const person = makePerson(rng, ids, { sex, birthDate: birthDateForAge(rng, rng.int(23, 45)), regencyCode: residenceNear(rng, '1571') });
    people.push(person);
    practitioners.push({
      id: rng.uuid(),
      nik: person.nik,
      ihsNumber: ihsNumber(rng, ids),
      name: titled(profession.titles[0]?.front ?? null, person.name),
      sex,
      birthDate: person.birthDate,
      roles: [{ id: rng.uuid(), organizationId: facility.organizationId, role: profession.practitionerRole ?? '' }],
    });
  }

  // Doctors and midwives who also serve a shift elsewhere (a puskesmas doctor on the hospital's roster, ...).
  const movable = practitioners.filter((p) => p.roles[0]?.role === 'Dokter' || p.roles[0]?.role === 'Bidan');
  for (const p of rng.shuffle(movable).slice(0, rng.int(6, 10))) {
    const first = p.roles[0];
    if (first === undefined) continue;
    const elsewhere = rng.pick(facilities.filter((f) => f.organizationId !== first.organizationId));
    p.roles.push({ id: rng.uuid(), organizationId: elsewhere.organizationId, role: first.role });
  }
  return { practitioners, people };
}

// ---------------------------------------------------------------------------------------------------------------
// Civil registry

const stripPrefix = (code: string, prefix: string): string => (code.startsWith(prefix) ? code.slice(prefix.length) : code);

/** The hub's demo DISDUKCAPIL services as the registry publishes them (code without "DUK-"). */
function registryServices(): RegistryService[] {
  return DEMO_SERVICES.filter((s) => s.agency === 'DISDUKCAPIL').map((s) => {
    if (s.timeLimit === null || s.feeRupiah === null || s.legalBasis === null) {
      throw new Error(`Demo service ${s.code} lacks a time limit, fee or legal basis the registry publishes`);
    }
    return {
      code: stripPrefix(s.code, 'DUK-'),
      name: s.name,
      description: s.description,
      requirements: [...s.requirements],
      procedure: [...s.procedure],
      timeLimit: s.timeLimit,
      feeRupiah: s.feeRupiah,
      legalBasis: s.legalBasis,
    };
  });
}

/** The hub's demo civil-registry offices (code without "DUKCAPIL-"), plus one the hub does not know yet. */
function registryOffices(): RegistryOffice[] {
  const known = DEMO_OFFICES.filter((o) => o.kind === 'CIVIL_REGISTRY_OFFICE').map((o) => ({
    code: stripPrefix(o.code, 'DUKCAPIL-'),
    name: o.name,
    address: o.address,
    regencyCode: o.regencyCode,
    serviceCodes: Object.keys(o.services).filter((c) => c.startsWith('DUK-')).map((c) => stripPrefix(c, 'DUK-')),
  }));
  return [
    ...known,
    {
      code: 'ALAM-BARAJO',
      name: 'UPT Disdukcapil Kecamatan Alam Barajo',
      address: 'Jl. Kapten Pattimura, Kel. Kenali Besar, Kec. Alam Barajo, Kota Jambi',
      regencyCode: '1571',
      serviceCodes: ['KTP-EL', 'KK'],
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Everyone else

/** About 500 residents of every age: babies, schoolchildren born after 2010, working adults and the elderly. */
function otherResidents(rng: Random, ids: IdentityRegistry): Person[] {
  const bands: readonly (readonly [readonly [number, number], number])[] = [
    [[0, 5], 8], [[6, 15], 17], [[16, 25], 15], [[26, 45], 25], [[46, 60], 18], [[61, 88], 17],
  ];
  const count = rng.int(490, 520);
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const [min, max] = rng.weighted(bands);
    const regencyCode = rng.weighted([['1571', 60], ['1505', 25], ['1504', 15]]);
    people.push(makePerson(rng, ids, { sex: rng.chance(0.5) ? 'F' : 'M', birthDate: birthDateForAge(rng, rng.int(min, max)), regencyCode }));
  }
  return people;
}
