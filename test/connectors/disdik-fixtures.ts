/**
 * Small hand-made worlds for the Dapodik stand-in and the Disdik connector: a few schools and teachers whose every
 * value the tests know, so that they can assert exact rows, joins and page counts.
 */
import type { PersonKey } from '../../connectors/types.js';
import type { School, Teacher, World } from '../../sandbox/world/types.js';

export const NPSN = {
  /** SMA in Kota Jambi with three GTK. */
  sma: '10501234',
  /** SMP in Kota Jambi with two GTK, one of whom also teaches at the SMA. */
  smp: '10501235',
  /** SD in Muaro Jambi with seven GTK: several pages at a small page size. */
  sd: '10505001',
  /** No school has it. */
  unknown: '99999999',
} as const;

export const NIP = {
  /** Teaches at the SMA (main) and at the SMP. */
  twoSchools: '198003152005011002',
  /** Head of the SMA. */
  head: '197506102000032001',
  /** A civil servant BKD knows who is in no school's GTK. */
  notATeacher: '199001012015031004',
} as const;

/** The SD's seven GTK, all civil servants or PPPK with a NIP: paging must bring each back exactly once. */
export const SD_NIPS: readonly string[] = Array.from({ length: 7 }, (_, i) => `19851120201001${i % 2 === 0 ? 1 : 2}00${i + 1}`);

export const SCHOOLS: School[] = [
  {
    npsn: NPSN.sma,
    name: 'SMA Negeri 1 Kota Jambi',
    level: 'SMA',
    status: 'Negeri',
    address: 'Jl. Urip Sumoharjo No. 14',
    village: 'Sungai Putri',
    district: 'Telanaipura',
    regencyCode: '1571',
  },
  {
    npsn: NPSN.smp,
    name: 'SMP Negeri 7 Kota Jambi',
    level: 'SMP',
    status: 'Negeri',
    address: 'Jl. Kapten Pattimura No. 2',
    village: 'Kenali Besar',
    district: 'Alam Barajo',
    regencyCode: '1571',
  },
  {
    npsn: NPSN.sd,
    name: 'SD Negeri 12/IX Muaro Jambi',
    level: 'SD',
    status: 'Negeri',
    address: 'Jl. Lintas Timur Km. 20',
    village: 'Sengeti',
    district: 'Sekernan',
    regencyCode: '1505',
  },
];

function teacher(index: number, fields: Partial<Teacher> & Pick<Teacher, 'npsn' | 'role' | 'employment'>): Teacher {
  const nik = fields.nik ?? `157101010185${String(index).padStart(4, '0')}`;
  return {
    ptkId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    name: `Guru Nomor ${index}`,
    sex: index % 2 === 0 ? 'F' : 'M',
    birthDate: '1985-01-01',
    birthPlace: 'Jambi',
    nik,
    nuptk: null,
    nip: null,
    rankCode: null,
    subject: null,
    ...fields,
  };
}

const twoSchoolsTeacher = {
  ptkId: '00000000-0000-4000-8000-000000000001',
  nik: '1571011503800002',
  nip: NIP.twoSchools,
  role: 'Guru Mapel',
  employment: 'PNS',
  rankCode: 'III/d',
  subject: 'Matematika',
};

export const TEACHERS: Teacher[] = [
  teacher(1, { ...twoSchoolsTeacher, npsn: NPSN.sma, name: 'Ahmad Fauzi' }),
  teacher(2, { npsn: NPSN.sma, nip: NIP.head, nik: '1571055006750001', role: 'Kepala Sekolah', employment: 'PNS', rankCode: 'IV/a', name: 'Siti Rahmawati' }),
  teacher(3, { npsn: NPSN.sma, role: 'Guru Mapel', employment: 'Guru Honor Sekolah', subject: 'Bahasa Inggris' }),
  teacher(4, { npsn: NPSN.smp, role: 'Tenaga Administrasi Sekolah', employment: 'Honor Daerah TK.I Provinsi' }),
  teacher(1, { ...twoSchoolsTeacher, npsn: NPSN.smp, name: 'Ahmad Fauzi' }),
  ...SD_NIPS.map((nip, i) => teacher(10 + i, { npsn: NPSN.sd, nip, role: 'Guru Kelas', employment: i < 5 ? 'PNS' : 'PPPK', rankCode: i < 5 ? 'III/b' : null })),
];

/** Every NIK in the fixture: none may appear in what the connector returns or logs. */
export const FIXTURE_NIKS: readonly string[] = [...new Set(TEACHERS.map((t) => t.nik))];

/** The fixture world: only schools and teachers; the other systems' parts are empty. */
export function disdikWorld(overrides: Partial<Pick<World, 'schools' | 'teachers'>> = {}): World {
  return {
    workUnits: [],
    civilServants: [],
    schools: overrides.schools ?? SCHOOLS,
    teachers: overrides.teachers ?? TEACHERS,
    facilities: [],
    healthServiceTypes: [],
    practitioners: [],
    registryOffices: [],
    registryServices: [],
    residents: [],
  };
}

/** `count` people to ask about: the given NIPs first, then NIPs no GTK has. */
export function peopleAsking(count: number, nips: readonly string[] = []): PersonKey[] {
  return Array.from({ length: count }, (_, i) => ({ nip: nips[i] ?? `19700101199501${String(1000 + i).slice(-4)}`, nik: null }));
}
