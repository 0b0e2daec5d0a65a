/**
 * The hub's own data, one store per domain. One set serves every request; per-request caching belongs to the
 * loaders. The one exception is the catalog store's snapshot of public catalog rows (src/store/catalog.ts), which
 * every instance drops when any instance changes the catalog.
 */
import type { Knex } from 'knex';
import { AuditStore } from './store/audit.js';
import { CatalogStore } from './store/catalog.js';
import { ComplaintStore } from './store/complaints.js';
import { HolidayStore } from './store/holidays.js';
import { PerformanceStore } from './store/performance.js';
import { QueueStore } from './store/queue.js';
import { RateLimitStore } from './store/rate-limits.js';
import { SourceCatalogStore } from './store/source-catalog.js';
import { StaffCopyStore } from './store/staff-copy.js';
import { SurveyStore } from './store/surveys.js';

export interface Stores {
  catalog: CatalogStore;
  sourceCatalog: SourceCatalogStore;
  queue: QueueStore;
  audit: AuditStore;
  rateLimits: RateLimitStore;
  surveys: SurveyStore;
  complaints: ComplaintStore;
  holidays: HolidayStore;
  /** The hub's copy of BKD's staff records, and organisations' own ratings. */
  staffCopy: StaffCopyStore;
  performance: PerformanceStore;
}

/** `auditKey` keys the pseudonyms the audit log stores instead of NIKs. */
export function createStores(knex: Knex, auditKey: string): Stores {
  // The catalog store keeps an in-process snapshot (src/store/catalog.ts); a source sync drops it like an edit does.
  const catalog = new CatalogStore(knex);
  return {
    catalog,
    sourceCatalog: new SourceCatalogStore(knex, () => catalog.invalidate()),
    queue: new QueueStore(knex),
    audit: new AuditStore(knex, auditKey),
    rateLimits: new RateLimitStore(knex),
    surveys: new SurveyStore(knex),
    complaints: new ComplaintStore(knex),
    holidays: new HolidayStore(knex),
    staffCopy: new StaffCopyStore(knex),
    performance: new PerformanceStore(knex),
  };
}
