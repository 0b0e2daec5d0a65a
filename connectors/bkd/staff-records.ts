/**
 * BKD's staff records capability over SIASN: one guarded call per distinct NIP and kind of record (SIASN has no batch
 * endpoint), in parallel (the guard's concurrency limit protects SIASN), each answer kept for `cacheTtlMs` so that
 * repeated and concurrent loads of the same NIP cost one call.
 *
 * Cached values are shared by every caller within the TTL: callers must not mutate what they get.
 */
import type { Evaluation, Position, Rank, StaffProfile, StaffSummary, Training, WorkUnit } from '../../src/domain/staff.js';
import type { Logger } from '../../src/logger.js';
import type { StaffRecordsCapability } from '../types.js';
import { parseSource } from '../kit/parse.js';
import { SourceError } from '../kit/source-error.js';
import { TtlCache } from '../kit/ttl-cache.js';
import type { SiasnClient } from './client.js';
import {
  fromDiklat,
  fromGolongan,
  fromJabatan,
  fromKursus,
  fromSkp,
  newestEvaluationsFirst,
  newestPositionsFirst,
  newestRanksFirst,
  newestTrainingsFirst,
  toProfile,
  toSummary,
  toWorkUnits,
} from './map.js';
import {
  NIP_PATTERN,
  dataUtamaSchema,
  diklatListSchema,
  golonganListSchema,
  jabatanListSchema,
  kursusListSchema,
  rosterPageSchema,
  skpListSchema,
  unorListSchema,
  type RosterPage,
} from './payloads.js';

const AGENCY = 'BKD';

/** Roster entries asked for per page; SIMPEG may cap it lower, and the pages then follow its `limit`. */
export const ROSTER_PAGE_LIMIT = 100;

/** A roster needing more pages than this is not believed (a runaway `total`): MALFORMED rather than a call storm. */
export const MAX_ROSTER_PAGES = 200;

export interface StaffRecordsOptions {
  /** How long answers are reused (0: never; concurrent identical reads still share one call). */
  cacheTtlMs: number;
  log: Logger;
}

export class SiasnStaffRecords implements StaffRecordsCapability {
  private readonly profileCache: TtlCache<StaffProfile | null>;
  private readonly diklatCache: TtlCache<Training[]>;
  private readonly kursusCache: TtlCache<Training[]>;
  private readonly skpCache: TtlCache<Evaluation[]>;
  private readonly rankCache: TtlCache<Rank[]>;
  private readonly positionCache: TtlCache<Position[]>;
  private readonly unitCache: TtlCache<WorkUnit[]>;
  private readonly rosterCache: TtlCache<StaffSummary[]>;

  constructor(
    private readonly client: SiasnClient,
    private readonly options: StaffRecordsOptions,
  ) {
    const ttl = { ttlMs: options.cacheTtlMs };
    this.profileCache = new TtlCache(ttl);
    this.diklatCache = new TtlCache(ttl);
    this.kursusCache = new TtlCache(ttl);
    this.skpCache = new TtlCache(ttl);
    this.rankCache = new TtlCache(ttl);
    this.positionCache = new TtlCache(ttl);
    this.unitCache = new TtlCache(ttl);
    this.rosterCache = new TtlCache(ttl);
  }

  profiles(nips: readonly string[]): Promise<(StaffProfile | null)[]> {
    return perNip(nips, () => null, (nip) =>
      this.profileCache.get(nip, () =>
        this.client.read('data-utama', `pns/data-utama/${nip}`, {
          parse: (data) => {
            const record = parseSource(AGENCY, 'data-utama', dataUtamaSchema, data);
            if (record === null) return null;
            if (record.nipBaru !== nip) throw new SourceError(AGENCY, 'MALFORMED', 'data-utama: nipBaru is not the NIP asked for');
            return toProfile(record);
          },
          notFound: () => null,
        }),
      ),
    );
  }

  async trainings(nips: readonly string[]): Promise<Training[][]> {
    const [diklat, kursus] = await Promise.all([
      perNip(nips, () => [], (nip) =>
        this.diklatCache.get(nip, () => this.history('rw-diklat', nip, (data) => parseSource(AGENCY, 'rw-diklat', diklatListSchema, data).map(fromDiklat))),
      ),
      perNip(nips, () => [], (nip) =>
        this.kursusCache.get(nip, () => this.history('rw-kursus', nip, (data) => parseSource(AGENCY, 'rw-kursus', kursusListSchema, data).map(fromKursus))),
      ),
    ]);
    return diklat.map((structural, index) => newestTrainingsFirst([...structural, ...(kursus[index] ?? [])]));
  }

  evaluations(nips: readonly string[]): Promise<Evaluation[][]> {
    return perNip(nips, () => [], (nip) =>
      this.skpCache.get(nip, () =>
        this.history('rw-skp22', nip, (data) => newestEvaluationsFirst(parseSource(AGENCY, 'rw-skp22', skpListSchema, data).map(fromSkp))),
      ),
    );
  }

  rankHistory(nips: readonly string[]): Promise<Rank[][]> {
    return perNip(nips, () => [], (nip) =>
      this.rankCache.get(nip, () =>
        this.history('rw-golongan', nip, (data) => newestRanksFirst(parseSource(AGENCY, 'rw-golongan', golonganListSchema, data).map(fromGolongan))),
      ),
    );
  }

  positionHistory(nips: readonly string[]): Promise<Position[][]> {
    return perNip(nips, () => [], (nip) =>
      this.positionCache.get(nip, () =>
        this.history('rw-jabatan', nip, (data) =>
          newestPositionsFirst(
            parseSource(AGENCY, 'rw-jabatan', jabatanListSchema, data).map((record, index) => {
              const position = fromJabatan(record);
              if (position === null) throw new SourceError(AGENCY, 'MALFORMED', `rw-jabatan: ${index}: no jabatan*Nama filled`);
              return position;
            }),
          ),
        ),
      ),
    );
  }

  workUnits(): Promise<WorkUnit[]> {
    return this.unitCache.get('all', () =>
      this.client.read('simpeg-unor', 'simpeg/unor', { parse: (data) => toWorkUnits(parseSource(AGENCY, 'simpeg-unor', unorListSchema, data)) }),
    );
  }

  /**
   * Everyone SIMPEG lists under the unit, all pages. Page 1 says how many there are; the other pages are then read in
   * parallel, at the page size SIMPEG actually used. A NIP on two pages (the list moved while we read) counts once.
   * A unit not in SIMPEG's unit list has nobody (and costs no roster call).
   */
  roster(workUnitId: string): Promise<StaffSummary[]> {
    return this.rosterCache.get(workUnitId, async () => {
      const units = new Map((await this.workUnits()).map((unit) => [unit.id, unit]));
      const unit = units.get(workUnitId);
      if (unit === undefined) return [];
      const first = await this.rosterPage(workUnitId, 1, ROSTER_PAGE_LIMIT);
      const pageCount = Math.ceil(first.total / first.limit);
      if (pageCount > MAX_ROSTER_PAGES) {
        throw new SourceError(AGENCY, 'MALFORMED', `simpeg-roster: total ${first.total} at ${first.limit} per page is over ${MAX_ROSTER_PAGES} pages`);
      }
      const rest = await Promise.all(Array.from({ length: Math.max(0, pageCount - 1) }, (_, i) => this.rosterPage(workUnitId, i + 2, first.limit)));
      const people = new Map<string, StaffSummary>();
      for (const page of [first, ...rest]) {
        for (const item of page.items) {
          if (!people.has(item.nipBaru)) people.set(item.nipBaru, toSummary(item, (item.unorId === null ? undefined : units.get(item.unorId)) ?? unit));
        }
      }
      this.options.log.debug({ workUnitId, pages: pageCount, staff: people.size }, 'SIMPEG roster read');
      return [...people.values()];
    });
  }

  /** Forgets every cached answer. */
  clear(): void {
    for (const cache of [this.profileCache, this.diklatCache, this.kursusCache, this.skpCache, this.rankCache, this.positionCache, this.unitCache, this.rosterCache]) {
      cache.clear();
    }
  }

  private history<T>(call: string, nip: string, parse: (data: unknown) => T[]): Promise<T[]> {
    return this.client.read(call, `pns/${call}/${nip}`, { parse, notFound: () => [] });
  }

  private rosterPage(workUnitId: string, page: number, limit: number): Promise<RosterPage> {
    return this.client.read('simpeg-roster', `simpeg/unor/${encodeURIComponent(workUnitId)}/pns`, {
      query: { page: String(page), limit: String(limit) },
      parse: (data) => {
        const parsed = parseSource(AGENCY, 'simpeg-roster', rosterPageSchema, data);
        if (parsed.page !== page) throw new SourceError(AGENCY, 'MALFORMED', `simpeg-roster: asked for page ${page}, got page ${parsed.page}`);
        return parsed;
      },
    });
  }
}

/**
 * One result per NIP, in key order. A string that is not an 18-digit NIP cannot be in SIASN: it gets `empty()`
 * without a call (which also keeps anything but digits out of the URL path).
 */
function perNip<T>(nips: readonly string[], empty: () => T, load: (nip: string) => Promise<T>): Promise<T[]> {
  return Promise.all(nips.map((nip) => (NIP_PATTERN.test(nip) ? load(nip) : Promise.resolve(empty()))));
}
