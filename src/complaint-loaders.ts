/**
 * Per-request loaders of the complaints domain: whatever is read per complaint (its history, its responses, the
 * holidays its deadlines skip) is read for a whole page at once, so a page of 25 costs the statements a page of 5
 * does. They return rows unfiltered; what a caller may see of them is decided in resolvers/complaints.ts.
 */
import DataLoader from 'dataloader';
import type { Complaint, ComplaintHistoryEntry, ComplaintReply, Holiday } from './domain/complaints.js';
import { lazily } from './lazy.js';
import type { Stores } from './stores.js';

export interface ComplaintLoaders {
  readonly byId: DataLoader<string, Complaint | null>;
  /** By canonical tracking code (see `normalizeTrackingCode`). */
  readonly byTrackingCode: DataLoader<string, Complaint | null>;
  /** History of a complaint (by id), oldest first. */
  readonly events: DataLoader<string, ComplaintHistoryEntry[]>;
  /** Responses to a complaint (by id), oldest first. */
  readonly responses: DataLoader<string, ComplaintReply[]>;
  readonly holidaysOfYear: DataLoader<number, Holiday[]>;
}

/** `batch` wraps a batch function so that its sizes reach the metrics (see src/loaders.ts). */
export function createComplaintLoaders(
  stores: Stores,
  batch: <K, V>(name: string, load: (keys: readonly K[]) => Promise<V[]>) => (keys: readonly K[]) => Promise<V[]>,
): ComplaintLoaders {
  const { complaints, holidays } = stores;
  const loaders: ComplaintLoaders = lazily({
    byId: () =>
      new DataLoader<string, Complaint | null>(
        batch('complaint', async (ids) => {
          const found = await complaints.byIds(ids);
          for (const complaint of found) if (complaint !== null) loaders.byTrackingCode.prime(complaint.trackingCode, complaint);
          return found;
        }),
      ),
    byTrackingCode: () =>
      new DataLoader<string, Complaint | null>(
        batch('complaintByTrackingCode', async (codes) => {
          const found = await complaints.byTrackingCodes(codes);
          for (const complaint of found) if (complaint !== null) loaders.byId.prime(complaint.id, complaint);
          return found;
        }),
      ),
    events: () => new DataLoader<string, ComplaintHistoryEntry[]>(batch('complaintEvents', (ids) => complaints.eventsOf(ids))),
    responses: () => new DataLoader<string, ComplaintReply[]>(batch('complaintResponses', (ids) => complaints.responsesOf(ids))),
    holidaysOfYear: () => new DataLoader<number, Holiday[]>(batch('holidaysOfYear', (years) => holidays.ofYears(years))),
  });
  return loaders;
}
