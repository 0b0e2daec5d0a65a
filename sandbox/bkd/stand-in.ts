/**
 * A stand-in for BKD's SIASN web service (and the regional SIMPEG's roster addition), rendering the demo world.
 *
 * Protocol, as DESIGN.md describes SIASN:
 * - `POST /oauth2/token`: client credentials in HTTP Basic (`id:secret`, not URL-encoded, as SIASN's API gateway
 *   expects), form body `grant_type=client_credentials`; answers `{access_token, token_type: "bearer", expires_in}`.
 *   Bad credentials: 401 `{"error":"invalid_client"}`; another grant: 400 `{"error":"unsupported_grant_type"}`.
 * - Every other route wants `Authorization: Bearer <token>`; an unknown or lapsed token gets HTTP 401
 *   `{"code":0,"message":"Unauthorized"}` (the gateway checks the token before anything else happens).
 * - Answers are the envelope `{"code":1,"data":...}`; a failure is a `code` other than 1, at HTTP 200.
 * - `GET /pns/data-utama/{nip}` for an unknown NIP answers HTTP 200 `{"code":0,"data":null,"message":"Data tidak
 *   ditemukan"}`; the history routes (`/pns/rw-*`) answer `{"code":1,"data":[]}` for it.
 * - `GET /simpeg/unor` and `GET /simpeg/unor/{unorId}/pns?page=1&limit=100` (1-based pages, `limit` capped at
 *   `rosterPageSize`; a page or limit that is not a positive integer is read as the default, as SIMPEG does). An
 *   unknown unit has an empty roster.
 * - Unknown routes: HTTP 404 `{"code":0,"message":"Resource tidak ditemukan"}`; other methods than GET on the API:
 *   405.
 * Rendering choices where the real system is only partly documented are listed in `siasn-views.ts`.
 *
 * Faults (the mode arrives already narrowed by `pathPrefix`):
 * - `deny`: 401 on every route, the token route included.
 * - `fail`: HTTP 200 `{"code":0,"message":"Terjadi kesalahan pada server SIASN"}` on API routes (after the token
 *   check). The token route keeps issuing tokens (it is a separate gateway) unless the fault targets it by
 *   `pathPrefix`, when it answers HTTP 503.
 * - `malformed`: data-utama has `nipBaru` as a number and no `nama`; rw-skp22 has a wording SIASN does not use;
 *   the other rw-* routes have `data` as a string; the unit list lacks `nama`; roster items have `nipBaru` as a
 *   number; the token route (only when targeted by `pathPrefix`) has no `access_token`.
 * - `down` and latency are applied by the HTTP kit before the router runs.
 */
import type { FaultMode } from '../kit/faults.js';
import { startHttpStandIn, type HttpStandIn, type StandInRequest, type StandInResponse } from '../kit/http-stand-in.js';
import type { World } from '../world/types.js';
import { HISTORY_ROUTES, SiasnViews, type HistoryRoute, type JsonObject } from './siasn-views.js';
import { TokenIssuer } from './tokens.js';

export interface BkdStandInOptions {
  world: World;
  /** @default "sepucuk-sandbox" */
  clientId?: string;
  /** @default "sandbox-secret-bkd" */
  clientSecret?: string;
  /** Lifetime of issued tokens, announced as `expires_in`. @default 3600 */
  tokenLifetimeSeconds?: number;
  /** Most roster entries per page, whatever `limit` a client asks for. @default 100 */
  rosterPageSize?: number;
  /** Port to listen on. @default 0 (an ephemeral port) */
  port?: number;
}

export interface BkdStandIn extends HttpStandIn {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every token issued so far stops working: the next API call with one gets 401, as when a token lapses. */
  expireTokens(): void;
  /** Tokens issued since the start. */
  tokensIssued(): number;
}

export const BKD_SANDBOX_CLIENT_ID = 'sepucuk-sandbox';
export const BKD_SANDBOX_CLIENT_SECRET = 'sandbox-secret-bkd';

const FAILURE_MESSAGE = 'Terjadi kesalahan pada server SIASN';
const NOT_FOUND_MESSAGE = 'Data tidak ditemukan';

const HISTORY_PATH = new RegExp(`^/pns/(${HISTORY_ROUTES.join('|')})/([^/]+)$`);
const DATA_UTAMA_PATH = /^\/pns\/data-utama\/([^/]+)$/;
const ROSTER_PATH = /^\/simpeg\/unor\/([^/]+)\/pns$/;

export async function startBkdStandIn(options: BkdStandInOptions): Promise<BkdStandIn> {
  const clientId = options.clientId ?? BKD_SANDBOX_CLIENT_ID;
  const clientSecret = options.clientSecret ?? BKD_SANDBOX_CLIENT_SECRET;
  const rosterPageSize = positiveInteger('rosterPageSize', options.rosterPageSize ?? 100);
  const tokens = new TokenIssuer(positiveInteger('tokenLifetimeSeconds', options.tokenLifetimeSeconds ?? 3600));
  const views = new SiasnViews(options.world);

  function route(request: StandInRequest): StandInResponse {
    const { pathname } = request.url;
    if (pathname === '/oauth2/token') return tokenRoute(request);
    if (request.faults.mode === 'deny') return unauthorized();
    const token = bearerToken(request.headers.authorization);
    if (token === null || !tokens.accepts(token)) return unauthorized();
    if (request.method !== 'GET') return { status: 405, body: { code: 0, message: 'Method Not Allowed' } };
    const mode = apiMode(request.faults.mode);
    if (mode === 'fail') return ok({ code: 0, message: FAILURE_MESSAGE });

    const dataUtama = DATA_UTAMA_PATH.exec(pathname);
    if (dataUtama !== null) {
      const record = views.dataUtama(decode(dataUtama[1]));
      if (record === null) return ok({ code: 0, data: null, message: NOT_FOUND_MESSAGE });
      return ok({ code: 1, data: mode === 'malformed' ? malformedDataUtama(record) : record });
    }
    const history = HISTORY_PATH.exec(pathname);
    if (history !== null) {
      const kind = history[1] as HistoryRoute;
      const records = views.history(kind, decode(history[2]));
      if (mode === 'malformed') return ok({ code: 1, data: kind === 'rw-skp22' ? malformedSkp(records) : 'Gagal memuat riwayat' });
      return ok({ code: 1, data: records });
    }
    if (pathname === '/simpeg/unor') {
      const units = views.workUnits();
      return ok({ code: 1, data: mode === 'malformed' ? units.map(({ nama: _dropped, ...rest }) => rest) : units });
    }
    const roster = ROSTER_PATH.exec(pathname);
    if (roster !== null) {
      const page = queryInteger(request.url, 'page') ?? 1;
      const limit = Math.min(queryInteger(request.url, 'limit') ?? rosterPageSize, rosterPageSize);
      const data = views.rosterPage(decode(roster[1]), page, limit);
      if (mode === 'malformed') return ok({ code: 1, data: { ...data, items: data.items.map((item) => ({ ...item, nipBaru: Number(item['nipBaru']) })) } });
      return ok({ code: 1, data: { ...data } });
    }
    return { status: 404, body: { code: 0, message: 'Resource tidak ditemukan' } };
  }

  function tokenRoute(request: StandInRequest): StandInResponse {
    const { mode, pathPrefix } = request.faults;
    if (mode === 'deny') return { status: 401, body: { error: 'invalid_client' } };
    if (request.method !== 'POST') return { status: 405, body: { error: 'invalid_request' } };
    // The token gateway is separate from the API: only a fault aimed at it by path makes it fail.
    const targeted = pathPrefix !== null;
    if (mode === 'fail' && targeted) return { status: 503, body: { error: 'temporarily_unavailable' } };
    const credentials = basicCredentials(request.headers.authorization);
    if (credentials === null || credentials.id !== clientId || credentials.secret !== clientSecret) {
      return { status: 401, body: { error: 'invalid_client' } };
    }
    if (new URLSearchParams(request.body).get('grant_type') !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    }
    const issued = tokens.issue();
    if (mode === 'malformed' && targeted) return ok({ token_type: 'bearer', expires_in: issued.expiresInSeconds });
    return ok({ access_token: issued.accessToken, token_type: 'bearer', expires_in: issued.expiresInSeconds });
  }

  const base = await startHttpStandIn(route, options.port === undefined ? {} : { port: options.port });
  return {
    ...base,
    clientId,
    clientSecret,
    expireTokens: () => tokens.expireAll(),
    tokensIssued: () => tokens.count(),
  };
}

/** What an API route renders for the request's fault mode (deny was answered already; down never reaches here). */
function apiMode(mode: FaultMode): 'ok' | 'fail' | 'malformed' {
  switch (mode) {
    case 'ok':
    case 'deny':
    case 'down':
      return 'ok';
    case 'fail':
      return 'fail';
    case 'malformed':
      return 'malformed';
  }
}

function malformedDataUtama(record: JsonObject): JsonObject {
  const { nama: _dropped, ...rest } = record;
  return { ...rest, nipBaru: Number(record['nipBaru']) };
}

function malformedSkp(records: JsonObject[]): JsonObject[] {
  const broken = records.length === 0 ? [{ id: 'X', tahun: 2023 }] : records;
  return broken.map((record) => ({ ...record, hasilKinerja: 'Luar Biasa', perilakuKerja: 'Istimewa' }));
}

function ok(body: JsonObject): StandInResponse {
  return { status: 200, body };
}

function unauthorized(): StandInResponse {
  return { status: 401, body: { code: 0, message: 'Unauthorized' } };
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (match?.[1] === undefined) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function queryInteger(url: URL, name: string): number | null {
  const value = url.searchParams.get(name);
  if (value === null || !/^\d+$/.test(value)) return null;
  const number = Number(value);
  return number >= 1 ? number : null;
}

function decode(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    return segment ?? '';
  }
}

function positiveInteger(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`startBkdStandIn: ${option} must be a positive integer, got ${value}`);
  return value;
}
