/**
 * One HTTP exchange with a source system, on Node's fetch. It reads the body with a size limit, decides by status what
 * kind of failure it is, and returns the JSON (or text) as `unknown`: parsing it is the connector's job.
 */
import type { AgencyCode } from '../../src/domain/catalog.js';
import type { CallContext } from './guard.js';
import { SourceError } from './source-error.js';

export interface HttpRequest {
  method?: 'GET' | 'POST';
  url: URL;
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
}

export interface HttpAnswer {
  status: number;
  /** Lower-cased media type without parameters, e.g. `application/json`. */
  contentType: string;
  /** The parsed JSON when the body is JSON, else the text. */
  body: unknown;
}

/** Larger answers are refused: no source of ours sends more in one page. */
const MAX_BODY_BYTES = 20_000_000;

/**
 * Sends the request. Network errors, 5xx, 408 and 429 are UNAVAILABLE (retryable); other statuses are returned, so
 * that the connector can decide what 401, 404 or a 200 with an error body mean in its protocol.
 */
export async function httpExchange(agency: AgencyCode, request: HttpRequest, context: CallContext): Promise<HttpAnswer> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers: { accept: 'application/json', ...context.headers, ...request.headers },
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: context.signal,
      redirect: 'error',
    });
  } catch (error) {
    // fetch's messages may quote the URL; only its path goes into ours.
    throw new SourceError(agency, 'UNAVAILABLE', `${request.url.pathname}: ${describeNetworkError(error).replaceAll(request.url.href, request.url.pathname)}`, { cause: error });
  }
  if (response.status >= 500 || response.status === 408 || response.status === 429) {
    await response.body?.cancel();
    throw new SourceError(agency, 'UNAVAILABLE', `${request.url.pathname}: HTTP ${response.status}`);
  }
  const text = await readText(agency, request.url, response);
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const isJson = contentType === 'application/json' || contentType.endsWith('+json');
  if (!isJson) return { status: response.status, contentType, body: text };
  try {
    return { status: response.status, contentType, body: JSON.parse(text) as unknown };
  } catch (error) {
    throw new SourceError(agency, 'MALFORMED', `${request.url.pathname}: body is not valid JSON`, { cause: error });
  }
}

async function readText(agency: AgencyCode, url: URL, response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) {
    await response.body?.cancel();
    throw new SourceError(agency, 'MALFORMED', `${url.pathname}: body of ${declared} bytes is over the limit`);
  }
  try {
    const text = await response.text();
    if (text.length > MAX_BODY_BYTES) throw new SourceError(agency, 'MALFORMED', `${url.pathname}: body is over the limit`);
    return text;
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(agency, 'UNAVAILABLE', `${url.pathname}: body not received (${describeNetworkError(error)})`, { cause: error });
  }
}

/** undici wraps the useful part (ECONNREFUSED, ECONNRESET ...) in `cause`. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error && 'code' in cause) return `${error.message} (${String(cause.code)})`;
  return error.message;
}

/** A URL under a base URL that may itself have a path (e.g. `https://api.example/siasn` + `pns/data-utama/1`). */
export function urlUnder(base: string, path: string, query: Record<string, string> = {}): URL {
  const url = new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url;
}

/** The URL as it may be shown (sources status, logs): no credentials, no query. */
export function displayEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}
