/** Dapodik rows in the hub's domain types: a school as a catalog office, a GTK row as a teaching assignment. */
import type { Assignment } from '../../src/domain/staff.js';
import type { SourceOffice } from '../types.js';
import type { GtkRow, SekolahRow } from './payloads.js';
import { regencyCodeOf } from './regions.js';

/** The hub code of a school the hub does not know yet. */
export const schoolOfficeCode = (npsn: string): string => `SCH-${npsn}`;

export function toSourceOffice(school: SekolahRow): SourceOffice {
  const address = [school.alamat_jalan, school.desa_kelurahan, school.kecamatan, school.kabupaten_kota].filter((part) => part !== null).join(', ');
  return {
    ref: school.npsn,
    code: schoolOfficeCode(school.npsn),
    name: school.nama,
    kind: 'SCHOOL',
    address,
    regencyCode: regencyCodeOf(school.kode_wilayah, school.kabupaten_kota),
    // Dapodik publishes no services; the hub's own catalog says what a school offers.
    serviceRefs: [],
  };
}

export function toAssignment(row: GtkRow, school: SekolahRow): Assignment {
  return {
    kind: 'TEACHING',
    agency: 'DISDIK',
    role: row.jenis_ptk_id_str,
    placeName: school.nama,
    placeRef: school.npsn,
    employmentStatus: row.status_kepegawaian_id_str,
    subject: row.mata_pelajaran,
    sourceRef: row.ptk_id,
  };
}
