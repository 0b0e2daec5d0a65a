/**
 * Civil servants (ASN) as the hub sees them, joined from BKD's records (SIASN), Dinas Pendidikan's GTK (Dapodik) and
 * Dinas Kesehatan's practitioners (SATUSEHAT). Connectors return these; resolvers map them onto the schema.
 */
import type { AgencyCode } from './catalog.js';
import type { Sex } from './identity.js';

/** Golongan/ruang, e.g. "III/d", with its pangkat name, e.g. "Penata Tingkat I" (PP 99/2000). */
export interface Rank {
  code: string;
  name: string;
  /** TMT golongan, `YYYY-MM-DD`; null when the source does not say. */
  since: string | null;
}

export const POSITION_KINDS = ['STRUKTURAL', 'FUNGSIONAL', 'PELAKSANA'] as const;
export type PositionKind = (typeof POSITION_KINDS)[number];

export interface Position {
  name: string;
  kind: PositionKind | null;
  /** TMT jabatan, `YYYY-MM-DD`. */
  since: string | null;
  workUnitName: string | null;
}

export interface WorkUnit {
  id: string;
  name: string;
  /** The agency whose staff work here; null for units outside the four agencies. */
  agency: AgencyCode | null;
}

/** BKD's main record of a civil servant (SIASN data-utama), with what the hub may show and what it may only use. */
export interface StaffProfile {
  nip: string;
  /** Name without academic titles. */
  name: string;
  frontTitle: string | null;
  backTitle: string | null;
  sex: Sex | null;
  rank: Rank | null;
  position: Position | null;
  workUnit: WorkUnit | null;
  /** Personal data: shown only to roles allowed to see it. */
  phone: string | null;
  /** Personal data: shown only to roles allowed to see it. */
  birthDate: string | null;
  /** Used by the hub to join FHIR practitioners; never returned to a caller. */
  nik: string | null;
}

/** A staff member as found in a listing (roster): enough to show a search result and to load the full record. */
export interface StaffSummary {
  nip: string;
  name: string;
  frontTitle: string | null;
  backTitle: string | null;
  rankCode: string | null;
  positionName: string | null;
  workUnit: WorkUnit;
}

export const TRAINING_KINDS = ['DIKLAT', 'KURSUS'] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];

/** A completed training: structural training (diklat) or a course (kursus). */
export interface Training {
  id: string;
  kind: TrainingKind;
  name: string;
  organizer: string | null;
  startDate: string | null;
  endDate: string | null;
  /** Jam pelajaran (lesson hours), as recorded. */
  hours: number | null;
  certificateNumber: string | null;
}

export const EXPECTATIONS = ['BELOW', 'AS_EXPECTED', 'ABOVE'] as const;
export type Expectation = (typeof EXPECTATIONS)[number];

export const SKP_RATINGS = ['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'] as const;
export type SkpRating = (typeof SKP_RATINGS)[number];

export const SKP_RATING_LABELS: Readonly<Record<SkpRating, string>> = {
  SANGAT_BAIK: 'Sangat Baik',
  BAIK: 'Baik',
  BUTUH_PERBAIKAN: 'Butuh Perbaikan',
  KURANG: 'Kurang',
  SANGAT_KURANG: 'Sangat Kurang',
};

/**
 * The SKP rating (PermenPAN-RB 6/2022) from work results (rows) and behaviour (columns). Behaviour below
 * expectation with results as or above expectation is "Kurang" (misconduct).
 */
const SKP_MATRIX: Readonly<Record<Expectation, Readonly<Record<Expectation, SkpRating>>>> = {
  ABOVE: { BELOW: 'KURANG', AS_EXPECTED: 'BAIK', ABOVE: 'SANGAT_BAIK' },
  AS_EXPECTED: { BELOW: 'KURANG', AS_EXPECTED: 'BAIK', ABOVE: 'BAIK' },
  BELOW: { BELOW: 'SANGAT_KURANG', AS_EXPECTED: 'BUTUH_PERBAIKAN', ABOVE: 'BUTUH_PERBAIKAN' },
};

export function skpRating(results: Expectation, behaviour: Expectation): SkpRating {
  return SKP_MATRIX[results][behaviour];
}

/** One year's SKP. */
export interface Evaluation {
  year: number;
  results: Expectation;
  behaviour: Expectation;
}

export const ASSIGNMENT_KINDS = ['TEACHING', 'HEALTH'] as const;
export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number];

/** Where a civil servant works according to a sector system: a school in Dapodik, a facility in SATUSEHAT. */
export interface Assignment {
  kind: AssignmentKind;
  agency: AgencyCode;
  /** As the sector system names it: "Guru Mapel", "Kepala Sekolah", "Bidan", "Dokter" ... */
  role: string;
  /** School or facility name. */
  placeName: string;
  /** The source's own key of the place (the school's NPSN, the FHIR Organization id): the hub finds its office by it. */
  placeRef: string;
  /** status_kepegawaian as Dapodik says it ("PNS", "PPPK" ...); null for FHIR. */
  employmentStatus: string | null;
  /** Subject taught, for teachers. */
  subject: string | null;
  /** The source's own id of the record (ptk_id, PractitionerRole id). */
  sourceRef: string;
}

/**
 * A staff member as a resolver holds it: the NIP, and whatever was already loaded (a roster line from a search, the
 * full record). Fields load the rest through the request's loaders.
 */
export interface StaffRef {
  nip: string;
  summary: StaffSummary | null;
  profile: StaffProfile | null;
}

export type StaffConnection = import('./paging.js').Connection<StaffRef>;
