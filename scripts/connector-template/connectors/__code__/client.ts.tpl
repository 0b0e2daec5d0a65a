/**
 * The {{NAME}} REST/JSON API, one guarded HTTP call at a time, bearer token on every call:
 * - `GET api/v1/unit-layanan?page=&per_page=`: the service units, paged (`meta.total` says how many in all);
 * - `GET api/v1/unit-layanan/{kode_unit}`: one unit, HTTP 404 with an error envelope when the system does not know it;
 * - `GET api/v1/layanan`: every service, unpaged.
 *
 * Each answer is told apart (denied, not found, the system's own failure, data) and parsed inside the guarded attempt,
 * so that the guard counts a MALFORMED answer against the source like any other failure.
 */
import type { z } from 'zod';
import type { SourceGuard } from '../kit/guard.js';
import { httpExchange, urlUnder, type HttpAnswer } from '../kit/http.js';
import { parseSource } from '../kit/parse.js';
import { SourceError } from '../kit/source-error.js';
import type { {{Code}}Settings } from './index.js';
import { errorEnvelopeSchema, serviceListSchema, unitAnswerSchema, unitPageSchema, type ServiceRow, type UnitRow } from './payloads.js';

/** Units asked for per page. The system may send fewer; paging follows `meta`, not this number. */
export const UNIT_PAGE_SIZE = 100;

/** Pages read at most: a system that keeps promising more units cannot keep the connector paging forever. */
const MAX_UNIT_PAGES = 100;

/** A unit code nobody has: `health()` asks for it, and "not found" proves that the API and the token work. */
export const HEALTH_PROBE_UNIT = 'HEALTH-PROBE';

type Found<T> = { found: true; value: T } | { found: false };

export class {{Code}}Client {
  private closed = false;

  constructor(
    private readonly settings: {{Code}}Settings,
    private readonly guard: SourceGuard,
  ) {}

  /** Refuses further attempts, retries of calls already under way included (they would outlive their caller). */
  close(): void {
    this.closed = true;
  }

  /** Every unit, page after page (one guarded call each). */
  async units(): Promise<UnitRow[]> {
    const rows: UnitRow[] = [];
    for (let page = 1; page <= MAX_UNIT_PAGES; page += 1) {
      const answer = await this.list('unit-layanan', 'api/v1/unit-layanan', { page: String(page), per_page: String(UNIT_PAGE_SIZE) }, unitPageSchema);
      // A system that ignored `page` would send the first page again and every unit would be counted twice.
      if (answer.meta.page !== page) throw new SourceError('{{CODE}}', 'MALFORMED', `unit-layanan: asked for page ${page}, got page ${answer.meta.page}`);
      rows.push(...answer.data);
      if (rows.length >= answer.meta.total) return rows;
      if (answer.data.length === 0) throw new SourceError('{{CODE}}', 'MALFORMED', `unit-layanan: meta.total says ${answer.meta.total} units, page ${page} is empty`);
    }
    throw new SourceError('{{CODE}}', 'MALFORMED', `unit-layanan: still more units after ${MAX_UNIT_PAGES} pages`);
  }

  /** One unit, or null when the system does not know the code. */
  async unit(kodeUnit: string, call = 'unit-layanan/{kode}'): Promise<UnitRow | null> {
    const answer = await this.get(call, `api/v1/unit-layanan/${encodeURIComponent(kodeUnit)}`, {}, unitAnswerSchema);
    if (!answer.found) return null;
    const row = answer.value.data;
    if (row.kode_unit !== kodeUnit) throw new SourceError('{{CODE}}', 'MALFORMED', `${call}: asked for ${kodeUnit}, data.kode_unit is ${row.kode_unit}`);
    return row;
  }

  async services(): Promise<ServiceRow[]> {
    return (await this.list('layanan', 'api/v1/layanan', {}, serviceListSchema)).data;
  }

  /** A listing: "not found" there means the URL is wrong, which is the source not serving, not an empty answer. */
  private async list<S extends z.ZodType>(call: string, path: string, query: Record<string, string>, schema: S): Promise<z.output<S>> {
    const answer = await this.get(call, path, query, schema);
    if (!answer.found) throw new SourceError('{{CODE}}', 'UNAVAILABLE', `${call}: HTTP 404 for a listing`, { retryable: false });
    return answer.value;
  }

  private get<S extends z.ZodType>(call: string, path: string, query: Record<string, string>, schema: S): Promise<Found<z.output<S>>> {
    const url = urlUnder(this.settings.url, path, query);
    return this.guard.run(call, async (context) => {
      if (this.closed) throw new SourceError('{{CODE}}', 'UNAVAILABLE', `${call}: connector closed`, { retryable: false });
      const http = await httpExchange('{{CODE}}', { url, headers: { authorization: `Bearer ${this.settings.token}` } }, context);
      return readAnswer(call, http, schema);
    });
  }
}

/**
 * What an answer means. httpExchange has already turned network errors, 5xx, 408 and 429 into UNAVAILABLE; this decides
 * the rest: 401/403 is DENIED (not retried: the same token would be refused again), 404 with the system's error
 * envelope is "not found", an error envelope with any other status (HTTP 200 included) is the system's own failure.
 */
export function readAnswer<S extends z.ZodType>(call: string, http: HttpAnswer, schema: S): Found<z.output<S>> {
  if (http.status === 401 || http.status === 403) throw new SourceError('{{CODE}}', 'DENIED', `${call}: HTTP ${http.status}`, { retryable: false });
  const failure = errorEnvelopeSchema.safeParse(http.body);
  if (http.status === 404 && failure.success) return { found: false };
  if (failure.success) {
    // The system's message goes to the log with the error; clients only ever see the hub's own wording.
    throw new SourceError('{{CODE}}', 'UNAVAILABLE', `${call}: the system reports an error (HTTP ${http.status}): ${failure.data.message.slice(0, 200)}`);
  }
  if (http.status < 200 || http.status > 299) throw new SourceError('{{CODE}}', 'UNAVAILABLE', `${call}: HTTP ${http.status}`, { retryable: false });
  if (typeof http.body === 'string') throw new SourceError('{{CODE}}', 'MALFORMED', `${call}: expected JSON, got ${http.contentType || 'no content type'}`);
  return { found: true, value: parseSource('{{CODE}}', call, schema, http.body) };
}
