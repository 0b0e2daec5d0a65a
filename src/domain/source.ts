/**
 * Source systems as the `sources` query shows them.
 */
import type { SourceHealthStatus } from '../../connectors/kit/guard.js';
import type { SourceProtocol } from '../../connectors/types.js';
import type { AgencyCode } from './catalog.js';

export interface SourceView {
  agency: AgencyCode;
  system: string;
  protocol: SourceProtocol;
  sandbox: boolean;
  status: SourceHealthStatus;
  /** Whether the source publishes a catalog the hub copies. */
  hasCatalog: boolean;
}

/**
 * A catalog copy is stale when the last sync failed, or when this instance's breaker for the source is not closed
 * (the source is failing now, even if the last sync happened before), or when no sync has succeeded for three
 * intervals.
 */
export function isCatalogStale(
  sync: { lastSuccessAt: Date | null; lastErrorCode: string | null } | null,
  breaker: SourceHealthStatus['breaker'],
  now: Date,
  intervalMs: number,
): boolean {
  if (breaker !== 'CLOSED') return true;
  if (sync === null) return false;
  if (sync.lastErrorCode !== null) return true;
  return sync.lastSuccessAt === null || now.getTime() - sync.lastSuccessAt.getTime() > 3 * intervalMs;
}
