/**
 * A small hand-made world for the SATUSEHAT stand-in and the Dinkes connector: three puskesmas in two regencies, one
 * hospital, four service types and as many practitioners as a test asks for, with ids and NIKs that are easy to
 * predict. The other sectors of the world are empty.
 */
import { nikDatePart } from '../../src/domain/identity.js';
import type { Facility, HealthServiceType, Practitioner, World } from '../../sandbox/world/types.js';

/** A predictable UUID: `kind` picks the family (organizations, locations ...), `n` the member. */
export function uuid(kind: number, n: number): string {
  return `${kind}0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** A valid Kota Jambi NIK (district 157101, a man born 12-03-1985) with serial `n + 1`. */
export function nikOf(n: number): string {
  return `157101${nikDatePart('1985-03-12', 'M')}${String(n + 1).padStart(4, '0')}`;
}

export const SERVICE_TYPES: HealthServiceType[] = [
  { code: 'POLI-UMUM', name: 'Poli Umum', description: 'Pemeriksaan dan pengobatan umum' },
  { code: 'KIA', name: 'Kesehatan Ibu dan Anak', description: 'Pemeriksaan kehamilan, nifas, bayi dan balita' },
  { code: 'POLI-GIGI', name: 'Poli Gigi', description: 'Pemeriksaan dan perawatan gigi dan mulut' },
  { code: 'IGD', name: 'Instalasi Gawat Darurat', description: 'Pelayanan gawat darurat 24 jam' },
];

interface FacilitySketch {
  code: string;
  name: string;
  kind: Facility['kind'];
  address: string;
  village: string;
  district: string;
  regencyCode: string;
  serviceTypes: string[];
}

const SKETCHES: FacilitySketch[] = [
  {
    code: 'P1571010201',
    name: 'UPTD Puskesmas Pakuan Baru',
    kind: 'PUSKESMAS',
    address: 'Jl. Sultan Agung No. 2',
    village: 'Pakuan Baru',
    district: 'Jambi Selatan',
    regencyCode: '1571',
    serviceTypes: ['POLI-UMUM', 'KIA'],
  },
  {
    code: 'P1571030101',
    name: 'UPTD Puskesmas Putri Ayu',
    kind: 'PUSKESMAS',
    address: 'Jl. Lingkar Barat I',
    village: 'Legok',
    district: 'Danau Sipin',
    regencyCode: '1571',
    serviceTypes: ['POLI-UMUM', 'POLI-GIGI'],
  },
  {
    code: 'P1505050101',
    name: 'UPTD Puskesmas Sengeti',
    kind: 'PUSKESMAS',
    address: 'Jl. Lintas Timur KM 5',
    village: 'Sengeti',
    district: 'Sekernan',
    regencyCode: '1505',
    serviceTypes: ['POLI-UMUM'],
  },
  {
    code: '1571015',
    name: 'RSUD Raden Mattaher Jambi',
    kind: 'HOSPITAL',
    address: 'Jl. Letjen Suprapto No. 31',
    village: 'Telanaipura',
    district: 'Telanaipura',
    regencyCode: '1571',
    serviceTypes: ['IGD', 'POLI-GIGI'],
  },
];

export const FACILITIES: Facility[] = SKETCHES.map((sketch, i) => ({
  organizationId: uuid(1, i),
  locationId: uuid(2, i),
  facilityCode: sketch.code,
  name: sketch.name,
  kind: sketch.kind,
  address: sketch.address,
  village: sketch.village,
  district: sketch.district,
  provinceCode: '15',
  regencyCode: sketch.regencyCode,
  districtCode: `${sketch.regencyCode}01`,
  villageCode: `${sketch.regencyCode}011001`,
  phone: `0741-6000${i}`,
  serviceTypes: sketch.serviceTypes,
  healthcareServiceIds: Object.fromEntries(sketch.serviceTypes.map((type, j) => [type, uuid(3, i * 10 + j)])),
}));

export const [PAKUAN_BARU, PUTRI_AYU, SENGETI, RSUD] = FACILITIES as [Facility, Facility, Facility, Facility];

const ROLES = ['Dokter', 'Bidan', 'Perawat'] as const;

/**
 * Practitioner `n` has NIK `nikOf(n)`, id `uuid(5, n)` and one role `uuid(6, n)` (Dokter, Bidan, Perawat in turn) at
 * facility `n % 4`; practitioner 0 also works as Dokter at the hospital (role `uuid(7, 0)`).
 */
export function practitioners(count: number): Practitioner[] {
  return Array.from({ length: count }, (_, n) => {
    const facility = FACILITIES[n % FACILITIES.length]!;
    const roles = [{ id: uuid(6, n), organizationId: facility.organizationId, role: ROLES[n % ROLES.length]! }];
    if (n === 0) roles.push({ id: uuid(7, 0), organizationId: RSUD.organizationId, role: 'Dokter' });
    return {
      id: uuid(5, n),
      nik: nikOf(n),
      ihsNumber: String(10_000_000_000 + n),
      name: n === 0 ? 'dr. Rina Marlina, Sp.A.' : `Tenaga Kesehatan ${n}`,
      sex: 'M',
      birthDate: '1985-03-12',
      roles,
    };
  });
}

export function buildWorld(options: { practitioners?: number } = {}): World {
  return {
    workUnits: [],
    civilServants: [],
    schools: [],
    teachers: [],
    facilities: FACILITIES,
    healthServiceTypes: SERVICE_TYPES,
    practitioners: practitioners(options.practitioners ?? 60),
    registryOffices: [],
    registryServices: [],
    residents: [],
  };
}
