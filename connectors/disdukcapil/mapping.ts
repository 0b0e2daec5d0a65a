/**
 * From the civil registry's rows to the hub's types, and from a claim to the verification's parameters.
 */
import type { ResidentClaim, ResidentVerification, SourceOffice, SourceService } from '../types.js';
import type { OfficeRow, ServiceRow, VerificationRow } from './rows.js';

export function toSourceOffice(row: OfficeRow): SourceOffice {
  return {
    ref: row.kode_upt,
    code: `DUKCAPIL-${row.kode_upt}`,
    name: row.nama_upt,
    kind: 'CIVIL_REGISTRY_OFFICE',
    address: row.alamat ?? '',
    regencyCode: row.kode_wilayah,
    serviceRefs: [...row.layanan],
  };
}

export function toSourceService(row: ServiceRow): SourceService {
  return {
    ref: row.kode_layanan,
    code: `DUK-${row.kode_layanan}`,
    name: row.nama_layanan,
    description: row.deskripsi ?? '',
    requirements: row.persyaratan,
    procedure: row.prosedur,
    timeLimit: row.waktu_penyelesaian,
    feeRupiah: row.biaya,
    legalBasis: row.dasar_hukum,
  };
}

export function toVerification(row: VerificationRow): ResidentVerification {
  return row.nik_ditemukan
    ? { nikFound: true, nameMatches: row.nama_sesuai, birthDateMatches: row.tanggal_lahir_sesuai }
    : { nikFound: false, nameMatches: null, birthDateMatches: null };
}

/**
 * The claim as the verification function's parameters. The hub validates claims before it asks (a 16-digit NIK, an
 * ISO date); whatever still arrives is sent only as bound parameters, and a value PostgreSQL could not even take is
 * sent as null, which the function answers as "no match" for that field instead of failing the call: a text with a
 * NUL character, a date that is not a real `YYYY-MM-DD` day.
 */
export function verificationParameters(claim: ResidentClaim): [nik: string | null, name: string | null, birthDate: string | null] {
  return [representableText(claim.nik), representableText(claim.name), isoDate(claim.birthDate)];
}

function representableText(value: unknown): string | null {
  return typeof value === 'string' && !value.includes('\u0000') ? value : null;
}

function isoDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days ? value : null;
}
