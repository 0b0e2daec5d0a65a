/**
 * Keeps the hub's copy of the agencies' published catalogs (civil-registry offices and service standards, health
 * facilities and services, registered schools) up to date: once at start, then every interval, and sooner again after
 * a failure. A failed sync keeps the last good copy, which is then served marked stale.
 *
 * Every instance runs this loop; the store's per-agency lock makes concurrent syncs take turns, and one more sync than
 * needed costs only a few source calls.
 */
import { offersCatalog, type CatalogSource, type Connectors } from '../../connectors/types.js';
import { SourceError } from '../../connectors/kit/source-error.js';
import type { AgencyCode } from '../domain/catalog.js';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import type { SourceCatalogStore } from '../store/source-catalog.js';

export interface CatalogSyncOptions {
  /** Time between syncs of one agency after a success. */
  intervalMs: number;
  /** Time before trying again after a failure. @default min(intervalMs, 15_000) */
  retryAfterFailureMs?: number;
}

export type SyncOutcome =
  | { agency: AgencyCode; ok: true; offices: number; services: number; addedOffices: number; addedServices: number }
  | { agency: AgencyCode; ok: false; errorCode: string };

export class CatalogSync {
  private readonly timers = new Map<AgencyCode, NodeJS.Timeout>();
  private readonly running = new Map<AgencyCode, Promise<SyncOutcome>>();
  private stopped = false;
  private readonly retryAfterFailureMs: number;

  constructor(
    private readonly connectors: Connectors,
    private readonly store: SourceCatalogStore,
    private readonly log: Logger,
    private readonly options: CatalogSyncOptions,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.retryAfterFailureMs = options.retryAfterFailureMs ?? Math.min(options.intervalMs, 15_000);
  }

  /** The agencies whose systems publish catalog entries. */
  get agencies(): AgencyCode[] {
    return this.sources().map((s) => s.agency);
  }

  /** Syncs every catalog source now (concurrently), then keeps syncing on the interval. */
  async start(): Promise<SyncOutcome[]> {
    const outcomes = await this.syncAll();
    for (const outcome of outcomes) this.schedule(outcome);
    return outcomes;
  }

  async syncAll(): Promise<SyncOutcome[]> {
    return Promise.all(this.sources().map((source) => this.sync(source.agency)));
  }

  /** Syncs one agency now; a sync already running for it is joined, not repeated. */
  sync(agency: AgencyCode): Promise<SyncOutcome> {
    const source = this.sources().find((s) => s.agency === agency);
    if (source === undefined) return Promise.resolve({ agency, ok: false, errorCode: ErrorCode.NotFound });
    let run = this.running.get(agency);
    if (run === undefined) {
      run = this.run(source).finally(() => this.running.delete(agency));
      this.running.set(agency, run);
    }
    return run;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled(this.running.values());
  }

  private async run(source: CatalogSource): Promise<SyncOutcome> {
    const agency = source.agency;
    const startedAt = this.now();
    try {
      const refs = await this.store.officeRefs(agency);
      const catalog = await source.catalog.fetchCatalog(refs);
      const applied = await this.store.apply(agency, catalog, startedAt, this.log);
      this.log.info({ agency, ...applied }, `catalog sync ${agency}: ${applied.offices} offices, ${applied.services} services`);
      return { agency, ok: true, ...applied };
    } catch (error) {
      const errorCode = error instanceof SourceError ? error.code : ErrorCode.InternalServerError;
      this.log.warn({ agency, err: error, errorCode }, `catalog sync ${agency} failed: serving the last good copy`);
      await this.store.recordFailure(agency, errorCode, startedAt).catch((e: unknown) => this.log.error({ err: e, agency }, 'could not record a failed catalog sync'));
      return { agency, ok: false, errorCode };
    }
  }

  private schedule(outcome: SyncOutcome): void {
    if (this.stopped) return;
    const delay = outcome.ok ? this.options.intervalMs : this.retryAfterFailureMs;
    const timer = setTimeout(() => {
      void this.sync(outcome.agency).then((next) => this.schedule(next));
    }, delay);
    // A pending sync must not keep a stopping process alive.
    timer.unref();
    this.timers.set(outcome.agency, timer);
  }

  private sources(): CatalogSource[] {
    return this.connectors.all.filter(offersCatalog);
  }
}
