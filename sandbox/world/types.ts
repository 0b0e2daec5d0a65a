/**
 * The demo world the sandbox stand-ins serve: one deterministic set of people, work units, schools and health
 * facilities in Jambi, from which every stand-in renders its own system's view (SIASN for BKD, Dapodik for Dinas
 * Pendidikan, SATUSEHAT FHIR for Dinas Kesehatan, the civil registry's SQL database for Disdukcapil).
 *
 * The views overlap the way the real systems do: a teacher in Dapodik with a `nip` is a civil servant in SIASN with the
 * same name and birth date; a practitioner in FHIR with a NIK is a civil servant in SIASN with that NIK; every civil
 * servant is a resident in the civil registry. That overlap is what the hub's joins are tested against.
 *
 * Dates are `YYYY-MM-DD` strings here; each stand-in formats them as its system does (SIASN: `dd-mm-yyyy`).
 */
import type { AgencyCode } from '../../src/domain/catalog.js';
import type { Sex } from '../../src/domain/identity.js';

export type { Sex };

/** A resident of Jambi as the civil registry knows them. */
export interface Person {
  /** 16 digits: province(2) regency(2) district(2) DDMMYY (day + 40 for women) serial(4); Jambi is 15. */
  nik: string;
  name: string;
  sex: Sex;
  birthDate: string;
  birthPlace: string;
  /** Mobile number, `08...` (personal data). */
  phone: string;
  /** Street address, village and district. */
  address: string;
  /** Kemendagri code of the regency or city, e.g. 1571 (Kota Jambi). */
  regencyCode: string;
}

/** A SIASN work unit (unit organisasi, "unor"). */
export interface WorkUnit {
  /** SIASN-style opaque id (32 hex characters). */
  id: string;
  /** e.g. "Dinas Pendidikan Provinsi Jambi", "UPTD Puskesmas Pakuan Baru". */
  name: string;
  /** The unit it belongs to (a puskesmas belongs to Dinas Kesehatan Kota Jambi); null for a top-level unit. */
  parentId: string | null;
  /** Which government the unit belongs to. */
  government: 'PROVINSI_JAMBI' | 'KOTA_JAMBI';
  /** The agency whose staff work here, as the hub groups them; null for units outside the four (e.g. Bappeda). */
  agency: AgencyCode | null;
}

/** Golongan/ruang with its pangkat name, as in PP 99/2000: I/a .. IV/e. */
export interface Rank {
  code: string;
  name: string;
  /** TMT golongan: the date it took effect. */
  since: string;
  /** SK number of the decision. */
  decree: string;
}

export type PositionKind = 'STRUKTURAL' | 'FUNGSIONAL' | 'PELAKSANA';

export interface Position {
  name: string;
  kind: PositionKind;
  workUnitId: string;
  /** TMT jabatan. */
  since: string;
  decree: string;
}

export type TrainingKind = 'DIKLAT' | 'KURSUS';

/** A training record: structural training (rw-diklat) or a course (rw-kursus). */
export interface Training {
  /** SIASN-style opaque id. */
  id: string;
  kind: TrainingKind;
  /** e.g. "Pelatihan Kepemimpinan Administrator", "Pelatihan Pelayanan Prima". */
  name: string;
  organizer: string;
  startDate: string;
  endDate: string;
  /** Jam pelajaran (JP) as recorded. */
  hours: number;
  certificateNumber: string;
}

export type Expectation = 'BELOW' | 'AS_EXPECTED' | 'ABOVE';

/** One year's SKP (PermenPAN-RB 6/2022): work results and behaviour, each against expectation. */
export interface Evaluation {
  year: number;
  results: Expectation;
  behaviour: Expectation;
}

export interface CivilServant extends Person {
  /** 18 digits: birth date YYYYMMDD, first appointment YYYYMM, sex digit (1 man, 2 woman), serial(3). */
  nip: string;
  /** e.g. "dr.", "Drs.", "Ir.", "Hj."; null when none. */
  frontTitle: string | null;
  /** e.g. "S.Pd.", "S.Kep., Ns.", "M.Kes."; null when none. */
  backTitle: string | null;
  /** TMT CPNS: first appointment (matches the NIP's YYYYMM). */
  appointedOn: string;
  workUnitId: string;
  /** Oldest first; the last one is the current rank. */
  ranks: Rank[];
  /** Oldest first; the last one is the current position. */
  positions: Position[];
  /** Oldest first. */
  trainings: Training[];
  /** Oldest first, one per year from 2022 (the SKP 2022 regime) for those appointed before it. */
  evaluations: Evaluation[];
}

export type SchoolLevel = 'SD' | 'SMP' | 'SMA' | 'SMK' | 'SLB';

export interface School {
  /** Nomor Pokok Sekolah Nasional: 8 digits. */
  npsn: string;
  /** e.g. "SMA Negeri 1 Kota Jambi", "SD Negeri 47/IV Kota Jambi". */
  name: string;
  level: SchoolLevel;
  status: 'Negeri' | 'Swasta';
  address: string;
  village: string;
  district: string;
  regencyCode: string;
}

/** GTK: a teacher or education staff member at one school, as Dapodik records them. */
export interface Teacher {
  /** Dapodik's ptk_id: a UUID. */
  ptkId: string;
  npsn: string;
  name: string;
  sex: Sex;
  birthDate: string;
  birthPlace: string;
  nik: string;
  /** 16 digits, or null (many non-civil-servant teachers have none). */
  nuptk: string | null;
  /** The civil servant's NIP, or null when the teacher is not a civil servant (honorer, GTY, most PPPK here). */
  nip: string | null;
  /** jenis_ptk_id_str: "Guru Mapel", "Guru Kelas", "Kepala Sekolah", "Guru BK", "Tenaga Administrasi Sekolah". */
  role: string;
  /** status_kepegawaian_id_str: "PNS", "PPPK", "Honor Daerah TK.I Provinsi", "GTY/PTY", "Guru Honor Sekolah". */
  employment: string;
  /** pangkat_golongan_terakhir, e.g. "III/c", or null for non civil servants. */
  rankCode: string | null;
  /** Subject taught, for Guru Mapel; null otherwise. */
  subject: string | null;
}

export type FacilityKind = 'PUSKESMAS' | 'HOSPITAL';

/** A health facility: a FHIR Organization with one Location and the HealthcareServices it offers. */
export interface Facility {
  /** FHIR Organization id: a UUID. */
  organizationId: string;
  /** FHIR Location id: a UUID. */
  locationId: string;
  /** Kemenkes facility code (kode faskes), e.g. "P1571010201" for a puskesmas, "1571015" for a hospital. */
  facilityCode: string;
  /** e.g. "UPTD Puskesmas Pakuan Baru", "RSUD Raden Mattaher Jambi". */
  name: string;
  kind: FacilityKind;
  address: string;
  village: string;
  district: string;
  /** Kemendagri codes for the Location's administrative-code extension. */
  provinceCode: string;
  regencyCode: string;
  districtCode: string;
  villageCode: string;
  phone: string;
  /** Health service types offered here (codes of {@link HealthServiceType}). */
  serviceTypes: string[];
  /** FHIR HealthcareService id per service type offered here. */
  healthcareServiceIds: Record<string, string>;
}

/** A kind of health service, shared by the facilities that offer it (HealthcareService.type). */
export interface HealthServiceType {
  /** e.g. "POLI-UMUM"; the hub's service code is "DKS-" + this. */
  code: string;
  name: string;
  description: string;
}

export interface PractitionerRole {
  /** FHIR PractitionerRole id: a UUID. */
  id: string;
  organizationId: string;
  /** e.g. "Dokter", "Dokter Gigi", "Bidan", "Perawat", "Apoteker", "Analis Kesehatan". */
  role: string;
}

/** A health worker as SATUSEHAT records them. */
export interface Practitioner {
  /** FHIR Practitioner id: a UUID. */
  id: string;
  /** `https://fhir.kemkes.go.id/id/nik`. */
  nik: string;
  /** `https://fhir.kemkes.go.id/id/nakes-his-number`, 11 digits. */
  ihsNumber: string;
  /** As registered (with academic titles, e.g. "dr. Rina Marlina"). */
  name: string;
  sex: Sex;
  birthDate: string;
  roles: PractitionerRole[];
}

/** A civil-registry office (UPT) and the service standards it publishes. */
export interface RegistryOffice {
  /** kode_upt, e.g. "KOTA-JAMBI"; the hub office code is "DUKCAPIL-" + this. */
  code: string;
  name: string;
  address: string;
  regencyCode: string;
  /** kode_layanan of the services offered here. */
  serviceCodes: string[];
}

export interface RegistryService {
  /** kode_layanan, e.g. "KTP-EL"; the hub service code is "DUK-" + this. */
  code: string;
  name: string;
  description: string;
  requirements: string[];
  procedure: string[];
  timeLimit: string;
  /** Rp0 by law (UU 24/2013 art. 79A: civil-registry documents carry no fee). */
  feeRupiah: number;
  legalBasis: string;
}

export interface World {
  workUnits: WorkUnit[];
  /** About 2,000, in provincial and Kota Jambi work units. */
  civilServants: CivilServant[];
  /** About 40. */
  schools: School[];
  /** About 600 GTK; most have a `nip` that is a civil servant's. */
  teachers: Teacher[];
  /** About 20 puskesmas and one hospital. */
  facilities: Facility[];
  healthServiceTypes: HealthServiceType[];
  /** About 300; most have the NIK of a civil servant. */
  practitioners: Practitioner[];
  registryOffices: RegistryOffice[];
  registryServices: RegistryService[];
  /** Everyone the civil registry can verify: every civil servant, teacher and practitioner, and others. */
  residents: Person[];
}
