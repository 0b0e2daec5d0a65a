/**
 * The source systems as resolvers reach them: the connectors (through loaders, for reads by key), which of them the
 * sandbox serves, and the catalog sync.
 */
import type { Connectors } from '../../connectors/types.js';
import type { AgencyCode } from '../domain/catalog.js';
import type { CatalogSync } from './catalog-sync.js';
import type { StaffSync } from './staff-sync.js';

export interface SourcesRuntime {
  connectors: Connectors;
  sandboxed: ReadonlySet<AgencyCode>;
  catalogSync: CatalogSync;
  /** How often catalogs are synced: a copy older than three intervals counts as stale. */
  syncIntervalMs: number;
  /** The copy of BKD's staff records that performance summaries read. */
  staffSync: StaffSync;
  /** How often it is refreshed; null: only on request. */
  staffSyncIntervalMs: number | null;
}
