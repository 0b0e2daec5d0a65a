/**
 * A SATUSEHAT stand-in for Dinas Kesehatan: the client-credentials token route and the FHIR R4 API, serving the demo
 * world's health facilities and workers the way SATUSEHAT (Kemenkes' FHIR platform) serves them.
 *
 * What it does as SATUSEHAT does:
 * - `POST /oauth2/v1/accesstoken?grant_type=client_credentials` with a form body (`client_id`, `client_secret`)
 *   answers the gateway's JSON, where `expires_in` and `issued_at` are STRINGS; bad credentials are 401 with the
 *   gateway's `{ErrorCode, Error}` body, not an OperationOutcome.
 * - FHIR under `/fhir-r4/v1`, `application/fhir+json`, Bearer token on every call; a missing, unknown or expired token
 *   is 401 with an OperationOutcome (issue code `login`).
 * - Searchsets are `Bundle` `type: searchset` with `total`, a `self` link and, while more pages remain, a `next` link:
 *   an absolute URL carrying an opaque `_page_token` (the Cloud Healthcare API style SATUSEHAT's links follow). No
 *   `entry` at all when a page is empty. `_count` defaults to `pageSize` and is capped at `maxPageSize`.
 * - Reads `GET /fhir-r4/v1/<Type>/<id>`; an unknown id is 404 with an OperationOutcome (`not-found`).
 * - Errors are OperationOutcomes (`issue[].severity/code/diagnostics`).
 *
 * Choices where the real system is not documented (see render.ts for how resources are rendered):
 * - Unknown search parameters are refused with 400 rather than ignored (see search.ts).
 * - `_include` is supported for `PractitionerRole:organization` (and :practitioner, Location:organization,
 *   HealthcareService:organization); included resources come after the page's matches with `search.mode: include`.
 * - Links are written under the Host header the request came with, or under `publicBaseUrl` when set (as a server
 *   behind a proxy writes its public name, rightly or, when misconfigured, wrongly).
 *
 * Faults: `fail` is HTTP 500 with an OperationOutcome (`exception`); `deny` is 401 everywhere, the token route
 * included; `malformed` sends answers that break the contract (see malformed.ts); latency and `down` are the kit's.
 */
import type { World } from '../world/types.js';
import { startHttpStandIn, type HttpStandIn, type StandInRequest, type StandInResponse } from '../kit/http-stand-in.js';
import { MalformedAnswers } from './malformed.js';
import { isResourceType, renderWorld } from './render.js';
import { fhirAnswer, gatewayError, operationOutcome, unauthorized } from './responses.js';
import { search, type PagingSettings } from './search.js';
import { FHIR_BASE_PATH, TOKEN_PATH } from './systems.js';
import { TokenIssuer, bearerToken } from './tokens.js';

export interface SatusehatStandInOptions {
  world: World;
  /** The client id the token route accepts. @default 'sepucuk-sandbox' */
  clientId?: string;
  /** The client secret the token route accepts. @default 'sandbox-secret-dinkes' */
  clientSecret?: string;
  /** Lifetime of issued tokens, declared in `expires_in` and enforced. @default 14399 */
  tokenLifetimeSeconds?: number;
  /** Resources per page when a search has no `_count`. @default 20 */
  pageSize?: number;
  /** Largest page served, whatever `_count` asks (tests lower it to page a small world). @default 100 */
  maxPageSize?: number;
  /**
   * The base URL written into Bundle links and `fullUrl`s instead of the request's Host, e.g. to play a server behind
   * a misconfigured proxy. @default the request's Host header
   */
  publicBaseUrl?: string;
}

export interface SatusehatStandIn extends HttpStandIn {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every token issued so far expires now: the next FHIR call with one gets 401. */
  expireTokens(): void;
  /** How many tokens the token route has issued. */
  tokensIssued(): number;
}

const DEFAULT_CLIENT_ID = 'sepucuk-sandbox';
const DEFAULT_CLIENT_SECRET = 'sandbox-secret-dinkes';

export async function startSatusehatStandIn(options: SatusehatStandInOptions): Promise<SatusehatStandIn> {
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const tokens = new TokenIssuer(positiveInteger('tokenLifetimeSeconds', options.tokenLifetimeSeconds, 14_399));
  const maxCount = positiveInteger('maxPageSize', options.maxPageSize, 100);
  const paging: PagingSettings = { defaultCount: Math.min(positiveInteger('pageSize', options.pageSize, 20), maxCount), maxCount };
  const publicBaseUrl = options.publicBaseUrl?.replace(/\/+$/, '') ?? null;
  const store = renderWorld(options.world);
  const malformed = new MalformedAnswers();

  const router = (request: StandInRequest): StandInResponse => {
    const path = request.url.pathname;
    if (path === TOKEN_PATH) return tokenRoute(request);
    if (path === FHIR_BASE_PATH || path.startsWith(`${FHIR_BASE_PATH}/`)) return fhirRoute(request);
    return operationOutcome(404, 'not-found', `No route for ${path}`);
  };

  function tokenRoute(request: StandInRequest): StandInResponse {
    switch (request.faults.mode) {
      case 'fail':
        return operationOutcome(500, 'exception', 'Internal server error');
      case 'deny':
        return gatewayError(401, 'invalid_client', 'ClientId is Invalid');
      case 'ok':
      case 'malformed':
      case 'down': // the kit stops listening; a request that still arrives is answered normally
        break;
    }
    if (request.method !== 'POST') return gatewayError(405, 'invalid_request', 'Method not allowed');
    const grantType = request.url.searchParams.get('grant_type');
    if (grantType !== 'client_credentials') return gatewayError(400, 'invalid_request', `Unsupported grant type : ${grantType ?? ''}`);
    const form = new URLSearchParams(request.body);
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
      return gatewayError(401, 'invalid_client', 'ClientId is Invalid');
    }
    const { token, issuedAtMs } = tokens.issue();
    const answer = {
      refresh_token_expires_in: '0',
      api_product_list: '[api-sandbox]',
      api_product_list_json: ['api-sandbox'],
      organization_name: 'ihs-sandbox-jambi',
      'developer.email': 'dinkes@jambiprov.go.id',
      token_type: 'BearerToken',
      issued_at: String(issuedAtMs),
      client_id: clientId,
      access_token: token,
      application_name: 'sepucuk',
      scope: '',
      expires_in: String(tokens.lifetimeSeconds),
      refresh_count: '0',
      status: 'approved',
    };
    const body = request.faults.mode === 'malformed' ? malformed.token(answer) : answer;
    return { status: 200, body, contentType: 'application/json' };
  }

  function fhirRoute(request: StandInRequest): StandInResponse {
    switch (request.faults.mode) {
      case 'fail':
        return operationOutcome(500, 'exception', 'Internal server error');
      case 'deny':
        return unauthorized('Invalid access token');
      case 'ok':
      case 'malformed':
      case 'down': // the kit stops listening; a request that still arrives is answered normally
        break;
    }
    const token = bearerToken(request.headers.authorization);
    if (token === null) return unauthorized('Missing access token');
    switch (tokens.check(token)) {
      case 'unknown':
        return unauthorized('Invalid access token');
      case 'expired':
        return unauthorized('Access token expired');
      case 'valid':
        break;
    }
    if (request.method !== 'GET') return operationOutcome(405, 'not-supported', `${request.method} is not supported by this server`);

    const segments = request.url.pathname.slice(FHIR_BASE_PATH.length).split('/').filter((s) => s !== '');
    const [type, id, ...rest] = segments;
    if (type === undefined || rest.length > 0) return operationOutcome(404, 'not-supported', 'Unknown FHIR interaction');
    if (!isResourceType(type)) return operationOutcome(404, 'not-supported', `Resource type ${type} is not supported`);
    const base = `${publicBaseUrl ?? `http://${request.headers.host ?? 'localhost'}`}${FHIR_BASE_PATH}`;
    const malformedMode = request.faults.mode === 'malformed';

    if (id !== undefined) {
      const found = store.read(type, id)?.json;
      if (found === undefined) return operationOutcome(404, 'not-found', `Resource ${type}/${id} is not found`);
      return fhirAnswer(200, malformedMode ? malformed.resource(found) : found);
    }
    const answer = search(store, type, request.url.searchParams, base, paging);
    if (!answer.ok) return operationOutcome(answer.status, answer.code, answer.diagnostics);
    return fhirAnswer(200, malformedMode ? malformed.bundle(answer.bundle) : answer.bundle);
  }

  const standIn = await startHttpStandIn(router);
  return {
    ...standIn,
    clientId,
    clientSecret,
    expireTokens: () => tokens.expireAll(),
    tokensIssued: () => tokens.count(),
  };
}

/** Validates a numeric option the way DataLoader does: the message names the option and the bad value. */
function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`startSatusehatStandIn: ${name} must be a positive integer, got ${String(value)}`);
  return value;
}
