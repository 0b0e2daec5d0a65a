/**
 * The WebService's answers, quirks included: everything is HTTP 200, failures are `{success: false, message}`, a bad
 * token is a plain-text `Access denied`, and `getSekolah` puts its single school in `rows` as an object, not a list.
 */
import type { StandInResponse } from '../kit/http-stand-in.js';
import type { DapodikRow } from './rows.js';

export const ACCESS_DENIED: StandInResponse = { status: 200, contentType: 'text/plain', body: 'Access denied' };

export function failure(message: string): StandInResponse {
  return { status: 200, body: { success: false, message } };
}

/** What the `fail` fault answers: the server's own error, still HTTP 200. */
export const SERVER_ERROR = failure('Terjadi kesalahan pada server Dapodik');

export const schoolNotFound = (npsn: string): StandInResponse => failure(`Data sekolah dengan NPSN ${npsn} tidak ditemukan`);

export function sekolahEnvelope(npsn: string, row: DapodikRow): StandInResponse {
  return { status: 200, body: { results: 1, id: npsn, start: 0, limit: 1, rows: row } };
}

export function gtkEnvelope(npsn: string, rows: readonly DapodikRow[], start: number, limit: number): StandInResponse {
  return { status: 200, body: { results: rows.length, id: npsn, start, limit, rows: rows.slice(start, start + limit) } };
}

/** `malformed` for getSekolah: `rows` is a string. */
export function brokenSekolahEnvelope(npsn: string): StandInResponse {
  return { status: 200, body: { results: 1, id: npsn, start: 0, limit: 1, rows: `sekolah ${npsn}` } };
}

/** `malformed` for getGtk: the first row has no `ptk_id` and a number for `nama`; the others are intact. */
export function brokenGtkEnvelope(npsn: string, rows: readonly DapodikRow[], start: number, limit: number): StandInResponse {
  const page = rows.slice(start, start + limit).map((row) => ({ ...row }));
  const first = page[0] ?? { nip: null, jenis_ptk_id_str: 'Guru Mapel' };
  delete first['ptk_id'];
  first['nama'] = 12345;
  if (page.length === 0) page.push(first);
  return { status: 200, body: { results: rows.length, id: npsn, start, limit, rows: page } };
}
