/**
 * The Dapodik WebService, one guarded HTTP call at a time: `getSekolah` for a school, `getGtk` for a school's GTK (all
 * pages). Answers come back parsed (./payloads.ts) or as `null` for a school Dapodik does not know.
 */
import type { DapodikSettings } from '../../src/config.js';
import type { SourceGuard } from '../kit/guard.js';
import { httpExchange, urlUnder } from '../kit/http.js';
import { parseSource } from '../kit/parse.js';
import { SourceError } from '../kit/source-error.js';
import { readAnswer } from './answer.js';
import { gtkEnvelopeSchema, sekolahEnvelopeSchema, type GtkPage, type GtkRow, type SekolahRow } from './payloads.js';

/** GTK rows asked for per page. The service may cap it lower; paging follows what it actually sends. */
export const GTK_PAGE_LIMIT = 100;

/** Pages read at most per school: a service that keeps promising more rows cannot keep the connector paging forever. */
const MAX_GTK_PAGES = 1_000;

/** An NPSN nobody has: `health()` asks for it, and "not found" proves the service and the token work. */
export const HEALTH_PROBE_NPSN = '00000000';

type Parsed<T> = { found: true; value: T } | { found: false };

export class DapodikClient {
  private closed = false;

  constructor(
    private readonly settings: DapodikSettings,
    private readonly guard: SourceGuard,
  ) {}

  /** Refuses further attempts, retries of calls already under way included (they would outlive their caller). */
  close(): void {
    this.closed = true;
  }

  /** The school, or null when Dapodik does not know the NPSN. */
  async sekolah(npsn: string, call = 'getSekolah'): Promise<SekolahRow | null> {
    const answer = await this.get(call, 'WebService/getSekolah', { npsn }, (body) => {
      const envelope = parseSource('DISDIK', 'getSekolah', sekolahEnvelopeSchema, body);
      if (envelope.rows.npsn !== npsn) throw new SourceError('DISDIK', 'MALFORMED', `getSekolah: asked for NPSN ${npsn}, rows.npsn is ${envelope.rows.npsn}`);
      return envelope.rows;
    });
    return answer.found ? answer.value : null;
  }

  /**
   * Every GTK row of the school, each once, reading page after page (one guarded call each) until the envelope's
   * `results` are collected; null when Dapodik does not know the NPSN.
   */
  async gtk(npsn: string): Promise<GtkRow[] | null> {
    const rows: GtkRow[] = [];
    let total = 0;
    for (let page = 0; page < MAX_GTK_PAGES; page += 1) {
      const start = rows.length;
      const answer = await this.gtkPage(npsn, start);
      if (!answer.found) {
        if (page === 0) return null;
        throw new SourceError('DISDIK', 'UNAVAILABLE', `getGtk: NPSN ${npsn} not found at start=${start} after earlier pages listed it`, { retryable: false });
      }
      if (page === 0) total = answer.value.results;
      rows.push(...answer.value.rows);
      if (rows.length >= total) return rows;
      if (answer.value.rows.length === 0) throw new SourceError('DISDIK', 'MALFORMED', `getGtk: results says ${total} rows, the page at start=${start} is empty`);
    }
    throw new SourceError('DISDIK', 'MALFORMED', `getGtk: NPSN ${npsn} still has rows after ${MAX_GTK_PAGES} pages`);
  }

  private gtkPage(npsn: string, start: number): Promise<Parsed<GtkPage>> {
    const query = { npsn, start: String(start), limit: String(GTK_PAGE_LIMIT) };
    return this.get('getGtk', 'WebService/getGtk', query, (body) => {
      const page = parseSource('DISDIK', 'getGtk', gtkEnvelopeSchema, body);
      // A service that ignored `start` would hand back the first page again and every row would be counted twice.
      if (page.start !== start) throw new SourceError('DISDIK', 'MALFORMED', `getGtk: asked for start=${start}, got start=${page.start}`);
      return page;
    });
  }

  /** One guarded exchange; the answer is told apart and parsed inside the attempt, so the guard sees MALFORMED too. */
  private get<T>(call: string, path: string, query: Record<string, string>, parse: (body: unknown) => T): Promise<Parsed<T>> {
    const url = urlUnder(this.settings.url, path, query);
    return this.guard.run(call, async (context) => {
      if (this.closed) throw new SourceError('DISDIK', 'UNAVAILABLE', `${call}: connector closed`, { retryable: false });
      const http = await httpExchange('DISDIK', { url, headers: { authorization: `Bearer ${this.settings.token}` } }, context);
      const answer = readAnswer(call, http);
      switch (answer.kind) {
        case 'not-found':
          return { found: false };
        case 'data':
          return { found: true, value: parse(answer.body) };
        default: {
          const unknown: never = answer;
          throw new SourceError('DISDIK', 'MALFORMED', `${call}: unexpected answer ${String(unknown)}`);
        }
      }
    });
  }
}
