/**
 * The Dinas Pendidikan stand-in: a Dapodik WebService serving the demo world's schools and GTK.
 *
 * Routes (every call needs `Authorization: Bearer <token>`):
 * - `GET /WebService/getSekolah?npsn=...`: `{results: 1, id, start: 0, limit: 1, rows: {...}}`, `rows` being the one
 *   school as an object.
 * - `GET /WebService/getGtk?npsn=...&start=0&limit=100`: `{results: <total>, id, start, limit, rows: [...]}`, paged by
 *   `start`/`limit`; `limit` is capped at `gtkPageSize` and the envelope echoes the limit actually applied.
 *
 * Quirks reproduced: every answer is HTTP 200; failures are `{success: false, message}` (an unknown NPSN says
 * "Data sekolah dengan NPSN <npsn> tidak ditemukan"); a missing or wrong token is a plain-text `Access denied`.
 *
 * Choices where DESIGN.md is silent (following the real WebService as far as it is known):
 * - `getGtk` of an unknown NPSN answers the same "tidak ditemukan" failure as `getSekolah`; a known school without GTK
 *   answers an empty page (`results: 0`).
 * - Without `limit`, `getGtk` answers one page of `gtkPageSize` rows; a `start` past the end answers an empty page. A
 *   `start` or `limit` that is not a number (or a `limit` below 1), or a missing `npsn`, is a `success: false` failure.
 * - `kode_wilayah` is the school's district code (Kemendagri, see ./regions.ts) padded to 8 characters, as
 *   Dapodik's char(8) column comes back; `kecamatan` is "Kec. <name>", `kabupaten_kota` "Kota Jambi" / "Kab. ...",
 *   `propinsi` "Prov. Jambi".
 * - `bidang_studi_terakhir` is the teacher's field of study ("Pendidikan Matematika"), `mata_pelajaran` the subject taught.
 * - A teacher listed at several schools is `ptk_induk` 1 at the first (in the world's order) and 0 elsewhere, with the
 *   same `ptk_id` wherever the world gives the same id.
 * - Other paths answer HTTP 404 with a `success: false` body; methods other than GET answer HTTP 405.
 *
 * Faults: `fail` answers "Terjadi kesalahan pada server Dapodik" as `success: false`; `malformed` answers envelopes
 * whose rows break the contract (getSekolah: `rows` a string; getGtk: a row without `ptk_id` whose `nama` is a
 * number); `deny` answers `Access denied`; latency and `down` are the kit's.
 */
import { startHttpStandIn, type HttpStandIn, type StandInRequest, type StandInResponse } from '../kit/http-stand-in.js';
import type { World } from '../world/types.js';
import {
  ACCESS_DENIED,
  SERVER_ERROR,
  brokenGtkEnvelope,
  brokenSekolahEnvelope,
  failure,
  gtkEnvelope,
  schoolNotFound,
  sekolahEnvelope,
} from './answers.js';
import { renderWorld, type DapodikData } from './rows.js';

export interface DapodikStandInOptions {
  world: World;
  /** The bearer token the WebService accepts. @default "sandbox-token-dapodik" */
  token?: string;
  /** Most GTK rows in one page, whatever `limit` asks for. @default 100 */
  gtkPageSize?: number;
}

export interface DapodikStandIn extends HttpStandIn {
  /** The token to configure the connector with. */
  readonly token: string;
}

export const DEFAULT_DAPODIK_TOKEN = 'sandbox-token-dapodik';

export async function startDapodikStandIn(options: DapodikStandInOptions): Promise<DapodikStandIn> {
  const token = options.token ?? DEFAULT_DAPODIK_TOKEN;
  const gtkPageSize = options.gtkPageSize ?? 100;
  if (token === '') throw new Error('startDapodikStandIn: token must not be empty');
  if (!Number.isInteger(gtkPageSize) || gtkPageSize < 1) throw new Error(`startDapodikStandIn: gtkPageSize must be a positive integer, got ${String(gtkPageSize)}`);
  const data = renderWorld(options.world);
  const standIn = await startHttpStandIn((request) => route(request, data, token, gtkPageSize));
  return Object.assign(standIn, { token });
}

function route(request: StandInRequest, data: DapodikData, token: string, gtkPageSize: number): StandInResponse {
  const { pathname, searchParams } = request.url;
  if (pathname !== '/WebService/getSekolah' && pathname !== '/WebService/getGtk') {
    return { status: 404, body: { success: false, message: `Service ${pathname} tidak tersedia` } };
  }
  if (request.method !== 'GET') return { status: 405, contentType: 'text/plain', body: 'Method Not Allowed' };
  if (!hasToken(request, token)) return ACCESS_DENIED;

  const mode = request.faults.mode;
  switch (mode) {
    case 'deny':
      return ACCESS_DENIED;
    case 'fail':
      return SERVER_ERROR;
    // `down` never reaches the router (the kit stops listening); treated as ok should it race a restart.
    case 'down':
    case 'ok':
    case 'malformed':
      break;
    default: {
      const unknown: never = mode;
      throw new Error(`unknown fault mode ${String(unknown)}`);
    }
  }

  const npsn = searchParams.get('npsn')?.trim() ?? '';
  if (npsn === '') return failure('Parameter npsn wajib diisi');
  const school = data.schools.get(npsn);
  if (school === undefined) return schoolNotFound(npsn);

  if (pathname === '/WebService/getSekolah') return mode === 'malformed' ? brokenSekolahEnvelope(npsn) : sekolahEnvelope(npsn, school);

  const start = readCount(searchParams.get('start'), 0);
  const limit = readCount(searchParams.get('limit'), gtkPageSize);
  if (start === null || limit === null || limit < 1) return failure('Parameter start atau limit tidak valid');
  const rows = data.gtk.get(npsn) ?? [];
  const applied = Math.min(limit, gtkPageSize);
  return mode === 'malformed' ? brokenGtkEnvelope(npsn, rows, start, applied) : gtkEnvelope(npsn, rows, start, applied);
}

function hasToken(request: StandInRequest, token: string): boolean {
  const header = request.headers.authorization;
  if (header === undefined) return false;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1] === token;
}

/** A non-negative integer query parameter; `fallback` when absent, null when not a number. */
function readCount(value: string | null, fallback: number): number | null {
  if (value === null || value === '') return fallback;
  return /^\d{1,9}$/.test(value) ? Number(value) : null;
}
