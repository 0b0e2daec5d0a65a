/**
 * The demo world rendered as Dapodik's rows: a school as `getSekolah` returns it, a GTK (teacher or education staff)
 * as `getGtk` returns it, with Dapodik's field names and value spellings.
 */
import { createHash } from 'node:crypto';
import type { School, Teacher, World } from '../world/types.js';
import { PROVINCE_NAME, districtCodes, districtKey, regencyName } from './regions.js';

/** The school year the GTK rows belong to (`tahun_ajaran_id`). */
export const TAHUN_AJARAN_ID = '2026';

export type DapodikRow = Record<string, string | number | null>;

/** The world indexed the way the WebService is asked: by NPSN. */
export interface DapodikData {
  schools: ReadonlyMap<string, DapodikRow>;
  /** GTK rows per NPSN, in the world's order (a stable order is what makes paging by `start` work). */
  gtk: ReadonlyMap<string, readonly DapodikRow[]>;
}

export function renderWorld(world: World): DapodikData {
  const districts = districtCodes(world.schools);
  const schools = new Map<string, DapodikRow>();
  for (const school of world.schools) schools.set(school.npsn, sekolahRow(school, districts.get(districtKey(school.regencyCode, school.district)) ?? school.regencyCode));

  // A teacher registered at several schools has one main registration (ptk_induk 1): the first in the world's order.
  const seenPeople = new Set<string>();
  const gtk = new Map<string, DapodikRow[]>();
  for (const teacher of world.teachers) {
    const induk = !seenPeople.has(teacher.nik);
    seenPeople.add(teacher.nik);
    const rows = gtk.get(teacher.npsn) ?? [];
    rows.push(gtkRow(teacher, induk));
    gtk.set(teacher.npsn, rows);
  }
  return { schools, gtk };
}

function sekolahRow(school: School, districtCode: string): DapodikRow {
  return {
    sekolah_id: uuidFrom('sekolah', school.npsn),
    nama: school.name,
    npsn: school.npsn,
    bentuk_pendidikan_id_str: school.level,
    status_sekolah: school.status === 'Negeri' ? '1' : '2',
    status_sekolah_str: school.status,
    alamat_jalan: school.address,
    desa_kelurahan: school.village,
    kecamatan: `Kec. ${school.district}`,
    kabupaten_kota: regencyName(school.regencyCode),
    propinsi: PROVINCE_NAME,
    // Dapodik's kode_wilayah is a char(8) column: shorter codes come back padded with spaces.
    kode_wilayah: districtCode.padEnd(8, ' '),
    nomor_telepon: `0741${school.npsn.slice(-6)}`,
    email: `${school.npsn}@sekolah.jambiprov.go.id`,
  };
}

function gtkRow(teacher: Teacher, induk: boolean): DapodikRow {
  return {
    tahun_ajaran_id: TAHUN_AJARAN_ID,
    ptk_terdaftar_id: uuidFrom('ptk_terdaftar', teacher.ptkId, teacher.npsn),
    ptk_id: teacher.ptkId,
    ptk_induk: induk ? 1 : 0,
    nama: teacher.name,
    jenis_kelamin: teacher.sex === 'M' ? 'L' : 'P',
    tempat_lahir: teacher.birthPlace,
    tanggal_lahir: teacher.birthDate,
    nik: teacher.nik,
    nuptk: teacher.nuptk,
    nip: teacher.nip,
    jenis_ptk_id_str: teacher.role,
    status_kepegawaian_id_str: teacher.employment,
    pangkat_golongan_terakhir: teacher.rankCode,
    bidang_studi_terakhir: teacher.subject === null ? null : `Pendidikan ${teacher.subject}`,
    mata_pelajaran: teacher.subject,
  };
}

/** A UUID that is the same for the same parts (Dapodik's ids are UUIDs; the world only has some of them). */
function uuidFrom(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
