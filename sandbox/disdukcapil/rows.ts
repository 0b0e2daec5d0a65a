/**
 * The demo world as the civil registry's tables hold it, plus the history such tables carry: one retired service and
 * one closed office (`aktif = false`), which a reader must leave out.
 */
import type { World } from '../world/types.js';

export interface LayananRow {
  kode_layanan: string;
  nama_layanan: string;
  deskripsi: string;
  persyaratan: string[];
  prosedur: string[];
  waktu_penyelesaian: string;
  biaya: number;
  dasar_hukum: string;
  aktif: boolean;
}

export interface UptRow {
  kode_upt: string;
  nama_upt: string;
  alamat: string;
  kode_wilayah: string;
  aktif: boolean;
}

export interface UptLayananRow {
  kode_upt: string;
  kode_layanan: string;
}

export interface PendudukRow {
  nik: string;
  nama_lengkap: string;
  tempat_lahir: string;
  tanggal_lahir: string;
  jenis_kelamin: 'LAKI-LAKI' | 'PEREMPUAN';
  alamat: string;
  kode_wilayah: string;
}

export interface RegistryTables {
  layanan: LayananRow[];
  upt: UptRow[];
  uptLayanan: UptLayananRow[];
  penduduk: PendudukRow[];
}

/** The paper KTP, replaced by KTP-el: still in the table, no longer served. */
export const RETIRED_SERVICE: LayananRow = {
  kode_layanan: 'KTP-NON-EL',
  nama_layanan: 'KTP Non-Elektronik',
  deskripsi: 'KTP kertas; diganti KTP-el sejak 2014 dan tidak lagi diterbitkan.',
  persyaratan: ['Surat pengantar RT/RW', 'Fotokopi Kartu Keluarga'],
  prosedur: ['Pemohon mengisi formulir', 'Petugas mencetak KTP'],
  waktu_penyelesaian: '7 hari kerja',
  biaya: 0,
  dasar_hukum: 'UU Nomor 23 Tahun 2006',
  aktif: false,
};

/** A service point merged into the city office: still in the table, closed. */
export const CLOSED_OFFICE: UptRow = {
  kode_upt: 'PASAR-JAMBI',
  nama_upt: 'Pos Pelayanan Dukcapil Pasar Jambi (ditutup)',
  alamat: 'Jl. Sultan Agung, Pasar Jambi, Kota Jambi',
  kode_wilayah: '1571',
  aktif: false,
};

export function registryTables(world: World): RegistryTables {
  const layanan: LayananRow[] = world.registryServices.map((service) => ({
    kode_layanan: service.code,
    nama_layanan: service.name,
    deskripsi: service.description,
    persyaratan: service.requirements,
    prosedur: service.procedure,
    waktu_penyelesaian: service.timeLimit,
    biaya: service.feeRupiah,
    dasar_hukum: service.legalBasis,
    aktif: true,
  }));
  const upt: UptRow[] = world.registryOffices.map((office) => ({
    kode_upt: office.code,
    nama_upt: office.name,
    alamat: office.address,
    kode_wilayah: office.regencyCode,
    aktif: true,
  }));
  const known = new Set(layanan.map((row) => row.kode_layanan));
  const uptLayanan: UptLayananRow[] = world.registryOffices.flatMap((office) =>
    office.serviceCodes.filter((code) => known.has(code)).map((code) => ({ kode_upt: office.code, kode_layanan: code })),
  );
  const firstOffice = upt[0];
  const firstService = layanan[0];
  if (!known.has(RETIRED_SERVICE.kode_layanan)) {
    layanan.push(RETIRED_SERVICE);
    // Offices still list it, as such tables do long after a service ends.
    if (firstOffice !== undefined) uptLayanan.push({ kode_upt: firstOffice.kode_upt, kode_layanan: RETIRED_SERVICE.kode_layanan });
  }
  if (!upt.some((row) => row.kode_upt === CLOSED_OFFICE.kode_upt)) {
    upt.push(CLOSED_OFFICE);
    if (firstService !== undefined) uptLayanan.push({ kode_upt: CLOSED_OFFICE.kode_upt, kode_layanan: firstService.kode_layanan });
  }
  const penduduk: PendudukRow[] = world.residents.map((person) => ({
    nik: person.nik,
    nama_lengkap: person.name,
    tempat_lahir: person.birthPlace,
    tanggal_lahir: person.birthDate,
    jenis_kelamin: person.sex === 'F' ? 'PEREMPUAN' : 'LAKI-LAKI',
    alamat: person.address,
    kode_wilayah: person.regencyCode,
  }));
  return { layanan, upt, uptLayanan: distinctLinks(uptLayanan), penduduk: distinctResidents(penduduk) };
}

function distinctLinks(rows: UptLayananRow[]): UptLayananRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = `${row.kode_upt}\u0000${row.kode_layanan}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * One row per NIK: the world should list each resident once, and if it ever lists a NIK twice the registry keeps the
 * first record (its primary key allows one) rather than failing to start.
 */
function distinctResidents(rows: PendudukRow[]): PendudukRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    if (seen.has(row.nik)) return false;
    seen.add(row.nik);
    return true;
  });
}
