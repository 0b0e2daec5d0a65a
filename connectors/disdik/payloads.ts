/**
 * Dapodik WebService payloads, as zod schemas: what the connector reads from `unknown`, once.
 *
 * Only the fields the hub uses are declared; everything else (the GTK's `nik`, birth date and place above all) is
 * dropped by the parse and never enters the connector's values.
 */
import { z } from 'zod';

/** How the WebService reports a failure, with HTTP 200. */
export const failureSchema = z.object({
  success: z.literal(false),
  message: z.string().nullish(),
});

/** Counts in the envelope; tolerated as numeric strings, since the service echoes its query parameters. */
const count = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

/** An optional text field: absent, null and "" all mean "not recorded". */
const text = z
  .string()
  .nullish()
  .transform((value) => (value === null || value === undefined || value.trim() === '' ? null : value.trim()));

export const sekolahRowSchema = z.object({
  npsn: z.string().trim().min(1),
  nama: z.string().trim().min(1),
  bentuk_pendidikan_id_str: text,
  status_sekolah_str: text,
  alamat_jalan: text,
  desa_kelurahan: text,
  kecamatan: text,
  kabupaten_kota: text,
  kode_wilayah: text,
});
export type SekolahRow = z.output<typeof sekolahRowSchema>;

/** getSekolah: `rows` is the one school, as an object (not a list). */
export const sekolahEnvelopeSchema = z.object({
  results: count,
  rows: sekolahRowSchema,
});

export const gtkRowSchema = z
  .object({
    ptk_id: z.string().trim().min(1),
    /** Checked (a row whose name is not text is not a row Dapodik would send), then dropped: the hub has BKD's name. */
    nama: z.string(),
    /** Null, "" or "-" for teachers who are not civil servants. */
    nip: z
      .string()
      .nullish()
      .transform((value) => {
        const digits = value?.replace(/\s+/g, '') ?? '';
        return /^\d+$/.test(digits) ? digits : null;
      }),
    jenis_ptk_id_str: z.string().trim().min(1),
    status_kepegawaian_id_str: text,
    mata_pelajaran: text,
  })
  .transform(({ nama: _checked, ...row }) => row);
export type GtkRow = z.output<typeof gtkRowSchema>;

/** getGtk: one page of a school's GTK; `results` is the school's total. */
export const gtkEnvelopeSchema = z.object({
  results: count,
  start: count,
  rows: z.array(gtkRowSchema),
});
export type GtkPage = z.output<typeof gtkEnvelopeSchema>;
