/**
 * Keeps the hub's copy of BKD's staff records (roster, trainings, SKP) that performance summaries are computed from:
 * SIASN has no batch endpoint, so a summary over an agency cannot ask it per person; the copy lets summaries be SQL
 * with no source call at all.
 *
 * Like the catalog sync: started in the background at start-up (readiness never waits for it), again every interval,
 * sooner after a failure; a failed sync keeps the last good copy, served marked stale. A full sync is about three
 * SIASN calls per civil servant (rw-diklat, rw-kursus, rw-skp22) plus the rosters, all through the BKD connector and
 * its guard (budget, breaker, concurrency limit); it keeps only a few calls in flight, so that people's own requests
 * are not queued behind thousands of sync calls.
 *
 * Every instance runs this loop. A start-up finds the copy fresh (synced by another instance, or before a restart) and
 * waits for the rest of the interval instead of syncing again; applying takes a per-source lock (see the store).
 */
import type { BkdConnector } from '../../connectors/types.js';
import { SourceError } from '../../connectors/kit/source-error.js';
import type { Evaluation, StaffSummary, Training } from '../domain/staff.js';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AppliedStaffCopy, StaffCopyStore } from '../store/staff-copy.js';

const AGENCY = 'BKD';

export interface StaffSyncOptions {
  /** Time between syncs after a success; null: no scheduled sync (only {@link StaffSync.sync} on request). */
  intervalMs: number | null;
  /** Time before trying again after a failure. @default min(intervalMs, 60_000) */
  retryAfterFailureMs?: number;
  /**
   * People whose records are read at once (each costs three calls in parallel). Keep it well under the source's
   * concurrency limit, so that interactive requests find room. @default 2
   */
  peopleInFlight?: number;
}

export type StaffSyncOutcome = ({ ok: true } & AppliedStaffCopy) | { ok: false; errorCode: string };

export class StaffSync {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<StaffSyncOutcome> | undefined;
  private stopped = false;
  private readonly retryAfterFailureMs: number;
  private readonly peopleInFlight: number;

  constructor(
    private readonly bkd: BkdConnector,
    private readonly store: StaffCopyStore,
    private readonly log: Logger,
    private readonly options: StaffSyncOptions,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.retryAfterFailureMs = options.retryAfterFailureMs ?? Math.min(options.intervalMs ?? 60_000, 60_000);
    this.peopleInFlight = Math.max(1, options.peopleInFlight ?? 2);
  }

  /** True while a sync runs in this instance. */
  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /**
   * Schedules the syncs and returns at once: the first one now when the copy is missing or older than an interval,
   * else when the interval since the last success is up. Does nothing without an interval.
   */
  async start(): Promise<void> {
    if (this.options.intervalMs === null) return;
    const [state] = await this.store.syncStates([AGENCY]).catch((error: unknown) => {
      this.log.warn({ err: error }, 'staff sync: could not read its state; syncing now');
      return [null];
    });
    const age = state?.lastSuccessAt ? this.now().getTime() - state.lastSuccessAt.getTime() : Number.POSITIVE_INFINITY;
    this.scheduleIn(Math.max(0, this.options.intervalMs - age));
  }

  /** Syncs now; a sync already running in this instance is joined, not repeated. Never throws. */
  sync(): Promise<StaffSyncOutcome> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<StaffSyncOutcome> {
    const startedAt = this.now();
    const clock = performance.now();
    try {
      const units = await this.bkd.staff.workUnits();
      const rosters = await Promise.all(units.map((unit) => this.bkd.staff.roster(unit.id)));
      const staff = uniqueStaff(rosters.flat());
      const records = await this.records(staff.map((s) => s.nip));
      const applied = await this.store.apply(AGENCY, { units, staff, ...records }, startedAt);
      this.log.info({ ...applied, ms: Math.round(performance.now() - clock) }, `staff sync: ${applied.staff} staff, ${applied.trainings} trainings, ${applied.evaluations} SKP`);
      return { ok: true, ...applied };
    } catch (error) {
      const errorCode = error instanceof SourceError ? error.code : ErrorCode.InternalServerError;
      this.log.warn({ err: error, errorCode }, 'staff sync failed: serving the last good copy');
      await this.store.recordFailure(AGENCY, errorCode, startedAt).catch((e: unknown) => this.log.error({ err: e }, 'could not record a failed staff sync'));
      return { ok: false, errorCode };
    }
  }

  /** Trainings and evaluations of every NIP, `peopleInFlight` people at a time. One failure fails the sync. */
  private async records(nips: readonly string[]): Promise<{ trainings: Map<string, Training[]>; evaluations: Map<string, Evaluation[]> }> {
    const trainings = new Map<string, Training[]>();
    const evaluations = new Map<string, Evaluation[]>();
    let next = 0;
    const worker = async () => {
      while (next < nips.length && !this.stopped) {
        const nip = nips[next++] as string;
        const [[personTrainings], [personEvaluations]] = await Promise.all([this.bkd.staff.trainings([nip]), this.bkd.staff.evaluations([nip])]);
        trainings.set(nip, personTrainings ?? []);
        evaluations.set(nip, personEvaluations ?? []);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.peopleInFlight, nips.length) }, worker));
    if (this.stopped) throw new SourceError(AGENCY, 'UNAVAILABLE', 'staff sync: the hub is stopping', { retryable: false });
    return { trainings, evaluations };
  }

  private scheduleIn(delayMs: number): void {
    if (this.stopped || this.options.intervalMs === null) return;
    const interval = this.options.intervalMs;
    const timer = setTimeout(() => {
      void this.sync().then((outcome) => this.scheduleIn(outcome.ok ? interval : this.retryAfterFailureMs));
    }, delayMs);
    // A pending sync must not keep a stopping process alive.
    timer.unref();
    this.timer = timer;
  }
}

/** A NIP listed under two units (the roster moved while it was read) counts once, under the first. */
function uniqueStaff(staff: readonly StaffSummary[]): StaffSummary[] {
  const seen = new Map<string, StaffSummary>();
  for (const person of staff) if (!seen.has(person.nip)) seen.set(person.nip, person);
  return [...seen.values()];
}
