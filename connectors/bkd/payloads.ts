/**
 * SIASN's payloads as zod schemas, parsed once from `unknown` at the connector boundary.
 *
 * Tolerances, because the real system is loose: a blank is `null`, `""` or whitespace (all read as null); numbers
 * sometimes arrive as numeric strings; ids may be numbers; unknown fields are ignored. What the hub cannot do
 * without (a NIP, a name, the SKP wording) is required, and its absence is MALFORMED.
 */
import { z } from 'zod';
import type { Expectation } from '../../src/domain/staff.js';

/** Trimmed text; a blank (null, "", whitespace or missing) is null. */
const optionalText = z
  .string()
  .nullish()
  .transform((value) => {
    const trimmed = value?.trim() ?? '';
    return trimmed === '' ? null : trimmed;
  });

const requiredText = z.string().trim().min(1);

/** An id SIASN may send as a string or a number. */
const id = z.union([requiredText, z.number().int().transform(String)]);

/** Text or a number (jenis-jabatan ids), as text; blank is null. */
const code = z.union([z.number().int().transform(String), optionalText]);

/** A whole number SIASN may send as a number or a numeric string; blank is null. */
const optionalCount = z
  .union([
    z.number().int().nonnegative(),
    z
      .string()
      .trim()
      .regex(/^\d*$/, 'expected digits')
      .transform((value) => (value === '' ? null : Number(value))),
  ])
  .nullish()
  .transform((value) => value ?? null);

const year = z.union([z.number().int(), z.string().trim().regex(/^\d{4}$/, 'expected a year').transform(Number)]).pipe(z.number().int().min(1900).max(2999));

export const NIP_PATTERN = /^\d{18}$/;
const nip = z.string().trim().regex(NIP_PATTERN, 'expected an 18-digit NIP');

/** A list SIASN may send as `null` when it has nothing. */
const list = <T extends z.ZodType>(item: T) => z.array(item).nullable().transform((items) => items ?? []);

/** `{"code": 1, "data": ...}`; `code` may come as a string. */
export const envelopeSchema = z.object({
  code: z.union([z.number().int(), z.string().trim().regex(/^-?\d+$/, 'expected an integer').transform(Number)]),
  data: z.unknown().optional(),
  /** Only read to recognise "Data tidak ditemukan" and for the log; whatever else it is does not matter. */
  message: z.string().nullish().catch(null),
});

/** How long a token whose issuer does not say (`expires_in` missing) is used: short, as the safe guess. */
export const TOKEN_LIFETIME_UNSTATED_SECONDS = 300;

export const tokenSchema = z.object({
  access_token: requiredText,
  token_type: optionalText.refine((type) => type === null || type.toLowerCase() === 'bearer', 'expected "bearer"'),
  /** Optional in OAuth2 (RFC 6749 5.1); without it a token is kept for {@link TOKEN_LIFETIME_UNSTATED_SECONDS}. */
  expires_in: optionalCount.transform((seconds) => seconds ?? TOKEN_LIFETIME_UNSTATED_SECONDS),
});

export const dataUtamaSchema = z
  .object({
    nipBaru: nip,
    nama: requiredText,
    gelarDepan: optionalText,
    gelarBelakang: optionalText,
    tglLahir: optionalText,
    jenisKelamin: optionalText,
    nik: optionalText,
    noHp: optionalText,
    golRuangAkhir: optionalText,
    pangkatAkhir: optionalText,
    tmtGolAkhir: optionalText,
    jabatanNama: optionalText,
    jenisJabatan: optionalText,
    tmtJabatan: optionalText,
    unorId: code,
    unorNama: optionalText,
    unorIndukNama: optionalText,
  })
  .nullable();
export type DataUtama = NonNullable<z.output<typeof dataUtamaSchema>>;

export const diklatListSchema = list(
  z.object({
    id,
    latihanStrukturalNama: requiredText,
    nomor: optionalText,
    tanggal: optionalText,
    tanggalSelesai: optionalText,
    institusiPenyelenggara: optionalText,
    jumlahJam: optionalCount,
  }),
);
export type Diklat = z.output<typeof diklatListSchema>[number];

export const kursusListSchema = list(
  z.object({
    id,
    namaKursus: requiredText,
    institusiPenyelenggara: optionalText,
    jumlahJam: optionalCount,
    noSertipikat: optionalText,
    tanggalKursus: optionalText,
    tanggalSelesaiKursus: optionalText,
  }),
);
export type Kursus = z.output<typeof kursusListSchema>[number];

/**
 * SKP wording (PermenPAN-RB 6/2022) as SIASN writes it, in any case and with or without the space in "di atas" /
 * "di bawah". Anything else is MALFORMED: an evaluation cannot be guessed.
 */
const EXPECTATION_WORDING = {
  'diatas ekspektasi': 'ABOVE',
  'sesuai ekspektasi': 'AS_EXPECTED',
  'dibawah ekspektasi': 'BELOW',
} as const satisfies Record<string, Expectation>;

const expectation = z
  .string()
  .transform((value) =>
    value
      .trim()
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .replace(/^di (atas|bawah)\b/, 'di$1'),
  )
  .pipe(z.enum(['diatas ekspektasi', 'sesuai ekspektasi', 'dibawah ekspektasi']))
  .transform((wording): Expectation => EXPECTATION_WORDING[wording]);

export const skpListSchema = list(
  z.object({
    tahun: year,
    hasilKinerja: expectation,
    perilakuKerja: expectation,
  }),
);
export type Skp = z.output<typeof skpListSchema>[number];

export const jabatanListSchema = list(
  z.object({
    id,
    jenisJabatan: code,
    jabatanStrukturalNama: optionalText,
    jabatanFungsionalNama: optionalText,
    jabatanFungsionalUmumNama: optionalText,
    tmtJabatan: optionalText,
    unorNama: optionalText,
  }),
);
export type Jabatan = z.output<typeof jabatanListSchema>[number];

export const golonganListSchema = list(
  z.object({
    id,
    golongan: requiredText,
    golonganId: code,
    pangkat: optionalText,
    tmtGolongan: optionalText,
  }),
);
export type Golongan = z.output<typeof golonganListSchema>[number];

export const unorListSchema = list(
  z.object({
    id,
    nama: requiredText,
    indukId: code,
    instansiNama: optionalText,
  }),
);
export type Unor = z.output<typeof unorListSchema>[number];

export const rosterPageSchema = z.object({
  total: z.number().int().nonnegative(),
  page: z.number().int().positive(),
  limit: z.number().int().positive(),
  items: list(
    z.object({
      nipBaru: nip,
      nama: requiredText,
      gelarDepan: optionalText,
      gelarBelakang: optionalText,
      golRuangAkhir: optionalText,
      jabatanNama: optionalText,
      unorId: code,
    }),
  ),
});
export type RosterPage = z.output<typeof rosterPageSchema>;
export type RosterItem = RosterPage['items'][number];
