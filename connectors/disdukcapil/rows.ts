/**
 * The statements the connector runs on the civil registry's database and the rows they return, as zod schemas: rows
 * arrive as `unknown` from the driver and are parsed once, here; a row that breaks the contract makes the whole answer
 * MALFORMED.
 *
 * Columns the agency may leave empty (description, address, time limit, legal basis, requirements) are nullable;
 * keys, names and region codes are not.
 */
import { z } from 'zod';

/** Active offices, each with the active services linked to it (codes, sorted). */
export const OFFICES_SQL = `select u.kode_upt, u.nama_upt, u.alamat, u.kode_wilayah,
  coalesce(array_agg(l.kode_layanan::text order by l.kode_layanan) filter (where l.kode_layanan is not null), '{}'::text[]) as layanan
from upt u
left join upt_layanan ul on ul.kode_upt = u.kode_upt
left join layanan l on l.kode_layanan = ul.kode_layanan and l.aktif
where u.aktif
group by u.kode_upt, u.nama_upt, u.alamat, u.kode_wilayah
order by u.kode_upt`;

/** Active service standards. */
export const SERVICES_SQL = `select kode_layanan, nama_layanan, deskripsi, persyaratan, prosedur, waktu_penyelesaian, biaya, dasar_hukum
from layanan
where aktif
order by kode_layanan`;

/** The verification service; parameters NIK, name, birth date (bound, never spliced in). */
export const VERIFY_SQL = 'select nik_ditemukan, nama_sesuai, tanggal_lahir_sesuai from verifikasi_penduduk($1::text, $2::text, $3::date)';

export const HEALTH_SQL = 'select 1 as ok';

/** Text the agency may leave empty: null, "" and blanks all mean "not recorded". */
const optionalText = z
  .string()
  .nullable()
  .transform((value) => (value === null || value.trim() === '' ? null : value.trim()));

const requiredText = z.string().trim().min(1);

/** A jsonb list of steps or documents; null when the agency has not filled it in. */
const textList = z.array(requiredText).nullable();

export const officeRowSchema = z.object({
  kode_upt: requiredText,
  nama_upt: requiredText,
  alamat: optionalText,
  kode_wilayah: z.string().trim().regex(/^\d{4}$/, 'expected a 4-digit regency code'),
  layanan: z.array(requiredText),
});
export type OfficeRow = z.output<typeof officeRowSchema>;

export const serviceRowSchema = z.object({
  kode_layanan: requiredText,
  nama_layanan: requiredText,
  deskripsi: optionalText,
  persyaratan: textList,
  prosedur: textList,
  waktu_penyelesaian: optionalText,
  biaya: z.number().int().nonnegative().nullable(),
  dasar_hukum: optionalText,
});
export type ServiceRow = z.output<typeof serviceRowSchema>;

/** Exactly one row; found means both field answers, not found means neither. */
export const verificationRowsSchema = z
  .array(
    z.discriminatedUnion('nik_ditemukan', [
      z.object({ nik_ditemukan: z.literal(false), nama_sesuai: z.null(), tanggal_lahir_sesuai: z.null() }),
      z.object({ nik_ditemukan: z.literal(true), nama_sesuai: z.boolean(), tanggal_lahir_sesuai: z.boolean() }),
    ]),
  )
  .length(1, 'expected exactly one row');
export type VerificationRow = z.output<typeof verificationRowsSchema>[number];
