/**
 * The {{NAME}} stand-in: the agency's REST/JSON API as ../../connectors/{{code}}/client.ts expects it, serving
 * ./data.ts.
 *
 * Routes (every call needs `Authorization: Bearer <token>`; anything else answers 401 with an error envelope):
 * - `GET /api/v1/unit-layanan?page=1&per_page=100`: `{status: "success", data: [...], meta: {page, per_page, total}}`;
 *   `per_page` is capped at `pageSize` and `meta` echoes what was applied.
 * - `GET /api/v1/unit-layanan/{kode_unit}`: `{status: "success", data: {...}}`, or HTTP 404
 *   `{status: "error", message: "Unit layanan ... tidak ditemukan"}`.
 * - `GET /api/v1/layanan`: `{status: "success", data: [...]}`.
 * - Other paths: HTTP 404 with an error envelope; other methods: HTTP 405.
 *
 * Faults: `fail` answers the system's error envelope with HTTP 200 (its quirk); `malformed` answers rows that break the
 * contract (`kode_unit` missing, `nama_unit` a number; `data` of the service list an object); `deny` answers 401;
 * latency and `down` are the kit's.
 */
import { startHttpStandIn, type HttpStandIn, type StandInRequest, type StandInResponse } from '../kit/http-stand-in.js';
import { SAMPLE_SERVICES, SAMPLE_UNITS, type ServiceRecord, type UnitRecord } from './data.js';

export interface {{Code}}StandInOptions {
  /** The bearer token the API accepts. @default "sandbox-token-{{code}}" */
  token?: string;
  /** Most units in one page, whatever `per_page` asks for. @default 100 */
  pageSize?: number;
  /** @default SAMPLE_UNITS */
  units?: readonly UnitRecord[];
  /** @default SAMPLE_SERVICES */
  services?: readonly ServiceRecord[];
}

export interface {{Code}}StandIn extends HttpStandIn {
  /** The token to configure the connector with. */
  readonly token: string;
}

export const DEFAULT_{{CODE}}_TOKEN = 'sandbox-token-{{code}}';

const UNIT_PATH = /^\/api\/v1\/unit-layanan\/([^/]+)$/;

export async function start{{Code}}StandIn(options: {{Code}}StandInOptions = {}): Promise<{{Code}}StandIn> {
  const token = options.token ?? DEFAULT_{{CODE}}_TOKEN;
  const pageSize = options.pageSize ?? 100;
  if (token === '') throw new Error('start{{Code}}StandIn: token must not be empty');
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`start{{Code}}StandIn: pageSize must be a positive integer, got ${String(pageSize)}`);
  const data = { units: options.units ?? SAMPLE_UNITS, services: options.services ?? SAMPLE_SERVICES, pageSize };
  const standIn = await startHttpStandIn((request) => route(request, data, token));
  return Object.assign(standIn, { token });
}

interface Published {
  units: readonly UnitRecord[];
  services: readonly ServiceRecord[];
  pageSize: number;
}

const failure = (status: number, message: string): StandInResponse => ({ status, body: { status: 'error', message } });

function route(request: StandInRequest, data: Published, token: string): StandInResponse {
  const { pathname, searchParams } = request.url;
  const unitMatch = UNIT_PATH.exec(pathname);
  if (pathname !== '/api/v1/unit-layanan' && pathname !== '/api/v1/layanan' && unitMatch === null) return failure(404, `Route ${pathname} tidak ditemukan`);
  if (request.method !== 'GET') return { status: 405, contentType: 'text/plain', body: 'Method Not Allowed' };
  if (request.headers.authorization !== `Bearer ${token}`) return failure(401, 'Unauthenticated');

  const mode = request.faults.mode;
  switch (mode) {
    case 'deny':
      return failure(401, 'Unauthenticated');
    case 'fail':
      return failure(200, 'Terjadi kesalahan pada server');
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
  const malformed = mode === 'malformed';

  if (unitMatch !== null) {
    const kode = decodeURIComponent(unitMatch[1] ?? '');
    const unit = data.units.find((u) => u.kode_unit === kode);
    if (unit === undefined) return failure(404, `Unit layanan ${kode} tidak ditemukan`);
    return { status: 200, body: { status: 'success', data: malformed ? broken(unit) : unit } };
  }
  if (pathname === '/api/v1/layanan') return { status: 200, body: { status: 'success', data: malformed ? { jumlah: data.services.length } : data.services } };

  const page = readPositive(searchParams.get('page'), 1);
  const perPage = readPositive(searchParams.get('per_page'), data.pageSize);
  if (page === null || perPage === null) return failure(400, 'Parameter page atau per_page tidak valid');
  const applied = Math.min(perPage, data.pageSize);
  const rows = data.units.slice((page - 1) * applied, page * applied);
  return {
    status: 200,
    body: { status: 'success', data: malformed ? rows.map(broken) : rows, meta: { page, per_page: applied, total: data.units.length } },
  };
}

/** A unit that breaks the contract: no `kode_unit`, a number for `nama_unit`. */
function broken(unit: UnitRecord): Record<string, unknown> {
  const { kode_unit: _dropped, ...rest } = unit;
  return { ...rest, nama_unit: 12345 };
}

/** A positive integer query parameter; `fallback` when absent, null when not one. */
function readPositive(value: string | null, fallback: number): number | null {
  if (value === null || value === '') return fallback;
  return /^[1-9]\d{0,8}$/.test(value) ? Number(value) : null;
}
