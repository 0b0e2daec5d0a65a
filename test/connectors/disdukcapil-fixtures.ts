/**
 * A small hand-made world for the civil-registry stand-in and the Disdukcapil connector: three services, two offices
 * and three residents whose every value the tests know.
 */
import { pino, type Logger } from 'pino';
import { DEFAULT_GUARD_OPTIONS, SILENT_OBSERVER } from '../../connectors/kit/guard.js';
import type { ConnectorDeps } from '../../connectors/kit/deps.js';
import type { Person, RegistryOffice, RegistryService, World } from '../../sandbox/world/types.js';

export const RESIDENTS = {
  /** A man from Kota Jambi, born 1 January 1985. */
  rizki: {
    nik: '1571010101850001',
    name: 'Muhammad Rizki Saputra',
    sex: 'M',
    birthDate: '1985-01-01',
    birthPlace: 'Jambi',
    phone: '081234567801',
    address: 'Jl. Gatot Subroto No. 5, Kel. Sungai Asam, Kec. Pasar Jambi',
    regencyCode: '1571',
  },
  /** A woman from Muaro Jambi (day of birth + 40 in the NIK), with an apostrophe in her name. */
  nuraini: {
    nik: '1505035507900002',
    name: "Siti Nur'aini",
    sex: 'F',
    birthDate: '1990-07-15',
    birthPlace: 'Sengeti',
    phone: '081234567802',
    address: 'RT 04, Desa Sengeti, Kec. Sekernan',
    regencyCode: '1505',
  },
  /** Titles and a comma in the registered name. */
  hasan: {
    nik: '1504021203620003',
    name: 'Drs. H. Hasan Basri, M.Si.',
    sex: 'M',
    birthDate: '1962-03-12',
    birthPlace: 'Muara Bulian',
    phone: '081234567803',
    address: 'Jl. Jenderal Sudirman, Muara Bulian',
    regencyCode: '1504',
  },
} as const satisfies Record<string, Person>;

/** A well-formed NIK nobody in the fixture has. */
export const UNKNOWN_NIK = '1571016612990009';

export const SERVICES: RegistryService[] = [
  {
    code: 'KTP-EL',
    name: 'Kartu Tanda Penduduk Elektronik',
    description: 'Perekaman dan pencetakan KTP-el bagi penduduk berusia 17 tahun atau sudah menikah.',
    requirements: ['Fotokopi Kartu Keluarga', 'Surat pengantar RT/RW'],
    procedure: ['Ambil nomor antrean', 'Perekaman biometrik', 'Pencetakan KTP-el'],
    timeLimit: '1 hari kerja',
    feeRupiah: 0,
    legalBasis: 'UU Nomor 24 Tahun 2013',
  },
  {
    code: 'KK',
    name: 'Kartu Keluarga',
    description: 'Penerbitan Kartu Keluarga baru atau perubahan data.',
    requirements: ['Kartu Keluarga lama', 'Buku nikah atau akta perkawinan'],
    procedure: ['Serahkan berkas', 'Verifikasi data', 'Pencetakan KK'],
    timeLimit: '1 hari kerja',
    feeRupiah: 0,
    legalBasis: 'Permendagri Nomor 108 Tahun 2019',
  },
  {
    code: 'AKTA-LAHIR',
    name: 'Akta Kelahiran',
    description: 'Pencatatan kelahiran dan penerbitan kutipan akta kelahiran.',
    requirements: ['Surat keterangan lahir dari bidan atau rumah sakit', 'Kartu Keluarga orang tua', 'KTP-el orang tua'],
    procedure: ['Serahkan berkas', 'Verifikasi', 'Penerbitan akta'],
    timeLimit: '1 hari kerja',
    feeRupiah: 0,
    legalBasis: 'Perpres Nomor 96 Tahun 2018',
  },
];

export const OFFICES: RegistryOffice[] = [
  {
    code: 'KOTA-JAMBI',
    name: 'Disdukcapil Kota Jambi',
    address: 'Jl. Jenderal Basuki Rahmat, Kec. Jambi Selatan, Kota Jambi',
    regencyCode: '1571',
    serviceCodes: ['KTP-EL', 'KK', 'AKTA-LAHIR'],
  },
  {
    code: 'MUARO-JAMBI',
    name: 'Disdukcapil Kabupaten Muaro Jambi',
    address: 'Sengeti, Kec. Sekernan, Kabupaten Muaro Jambi',
    regencyCode: '1505',
    serviceCodes: ['KK', 'KTP-EL'],
  },
];

/** The fixture world: only what the civil registry renders is filled in. */
export function registryWorld(): World {
  return {
    workUnits: [],
    civilServants: [],
    schools: [],
    teachers: [],
    facilities: [],
    healthServiceTypes: [],
    practitioners: [],
    registryOffices: OFFICES.map((office) => ({ ...office, serviceCodes: [...office.serviceCodes] })),
    registryServices: SERVICES.map((service) => ({ ...service, requirements: [...service.requirements], procedure: [...service.procedure] })),
    residents: Object.values(RESIDENTS).map((person) => ({ ...person })),
  };
}

/** Every value of the fixture's residents that must never reach a log line. */
export const PERSONAL_VALUES: string[] = Object.values(RESIDENTS).flatMap((person) => [person.nik, person.name, person.birthDate, person.phone]);

/** The deps the connector tests use: a tight budget and a short breaker cooldown, so fault tests are quick. */
export function testDeps(overrides: { cacheTtlMs?: number; log?: Logger } = {}): ConnectorDeps {
  return {
    log: overrides.log ?? pino({ level: 'silent' }),
    guard: { ...DEFAULT_GUARD_OPTIONS, timeoutMs: 500, breakerCooldownMs: 200 },
    observer: SILENT_OBSERVER,
    cacheTtlMs: overrides.cacheTtlMs ?? 30_000,
  };
}
