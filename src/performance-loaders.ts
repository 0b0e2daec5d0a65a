/**
 * Per-request loaders of the performance domain. Whatever is read per person (service totals, trainings and SKP from
 * the hub's copy of BKD's records) is read for every person a response holds at once: a page of 100 staff with their
 * performance costs the statements a page of 5 does, and no source call.
 *
 * Keys of per-person loaders are `nip|from|to` (see {@link personPeriodKey}); a batch is split by period, so one
 * request asking two periods costs two sets of statements.
 */
import DataLoader from 'dataloader';
import type { AgencyCode } from './domain/catalog.js';
import type { Period, ServiceTotals, StaffSyncState } from './domain/performance.js';
import { EMPTY_TOTALS } from './domain/performance.js';
import type { Evaluation, Training, WorkUnit } from './domain/staff.js';
import { lazily } from './lazy.js';
import type { CopiedStaff } from './store/staff-copy.js';
import type { Stores } from './stores.js';

export interface PerformanceLoaders {
  readonly staffSync: DataLoader<AgencyCode, StaffSyncState | null>;
  /** Staff by NIP as the copy of BKD's roster has them. */
  readonly copiedStaff: DataLoader<string, CopiedStaff | null>;
  readonly workUnit: DataLoader<string, WorkUnit | null>;
  readonly serviceTotals: DataLoader<string, ServiceTotals>;
  readonly trainingsEnded: DataLoader<string, Training[]>;
  readonly evaluations: DataLoader<string, Evaluation[]>;
}

export function personPeriodKey(nip: string, period: Period): string {
  return `${nip}|${period.from}|${period.to}`;
}

function parseKey(key: string): { nip: string; period: Period } {
  const [nip = '', from = '', to = ''] = key.split('|');
  return { nip, period: { from, to } };
}

/** Runs `load` once per distinct period among the keys, with that period's NIPs, and puts the answers in key order. */
function perPeriod<V>(load: (nips: string[], period: Period) => Promise<V[]>) {
  return async (keys: readonly string[]): Promise<V[]> => {
    const groups = new Map<string, { period: Period; nips: string[]; indexes: number[] }>();
    keys.forEach((key, index) => {
      const { nip, period } = parseKey(key);
      const id = `${period.from}|${period.to}`;
      let group = groups.get(id);
      if (group === undefined) groups.set(id, (group = { period, nips: [], indexes: [] }));
      group.nips.push(nip);
      group.indexes.push(index);
    });
    const results = new Array<V>(keys.length);
    await Promise.all(
      [...groups.values()].map(async (group) => {
        const values = await load(group.nips, group.period);
        group.indexes.forEach((index, i) => (results[index] = values[i] as V));
      }),
    );
    return results;
  };
}

/** `batch` wraps a batch function so that its sizes reach the metrics (see src/loaders.ts). */
export function createPerformanceLoaders(
  stores: Stores,
  batch: <K, V>(name: string, load: (keys: readonly K[]) => Promise<V[]>) => (keys: readonly K[]) => Promise<V[]>,
): PerformanceLoaders {
  const { staffCopy, performance } = stores;
  return lazily({
    staffSync: () => new DataLoader<AgencyCode, StaffSyncState | null>(batch('staffSync', (agencies) => staffCopy.syncStates(agencies))),
    copiedStaff: () => new DataLoader<string, CopiedStaff | null>(batch('copiedStaff', (nips) => staffCopy.staffByNip(nips))),
    workUnit: () => new DataLoader<string, WorkUnit | null>(batch('staffWorkUnit', (ids) => staffCopy.workUnitsById(ids))),
    serviceTotals: () =>
      new DataLoader<string, ServiceTotals>(
        batch(
          'officerServiceTotals',
          perPeriod(async (nips, period) => {
            const totals = await performance.serviceTotals({ population: { kind: 'officers', nips }, groupBy: 'OFFICER', period, relativeHandling: false });
            return nips.map((nip) => totals.get(nip) ?? EMPTY_TOTALS);
          }),
        ),
      ),
    trainingsEnded: () => new DataLoader<string, Training[]>(batch('trainingsEnded', perPeriod((nips, period) => staffCopy.trainingsEnded(nips, period)))),
    evaluations: () => new DataLoader<string, Evaluation[]>(batch('evaluationsInPeriod', perPeriod((nips, period) => staffCopy.evaluationsIn(nips, period)))),
  });
}
