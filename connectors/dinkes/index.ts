/**
 * Dinas Kesehatan's connector: SATUSEHAT (Kemenkes' FHIR R4 platform) as the hub's catalog of health facilities and
 * the source of health workers' assignments.
 *
 * - catalog: facility Organizations (puskesmas, hospitals) with their Location and HealthcareServices (catalog.ts);
 * - assignments: PractitionerRoles joined by NIK (assignments.ts);
 * - the wire: token, Bearer calls, paged searches (fhir-client.ts).
 */
import type { SatusehatSettings } from '../../src/config.js';
import type { ConnectorDeps } from '../kit/deps.js';
import { SourceGuard } from '../kit/guard.js';
import { displayEndpoint } from '../kit/http.js';
import { SourceError } from '../kit/source-error.js';
import { TtlCache } from '../kit/ttl-cache.js';
import type { DinkesConnector, SourceCatalog } from '../types.js';
import { AssignmentReader } from './assignments.js';
import { readCatalog } from './catalog.js';
import { FhirClient } from './fhir-client.js';

export function createDinkesConnector(settings: SatusehatSettings, deps: ConnectorDeps): DinkesConnector {
  const guard = new SourceGuard('DINKES', deps.guard, deps.observer);
  const fhir = new FhirClient(settings, guard, deps.log);
  // The catalog is one answer for everyone; the cache makes concurrent syncs share one read.
  const catalog = new TtlCache<SourceCatalog>({ ttlMs: deps.cacheTtlMs, maxEntries: 1 });
  const assignments = new AssignmentReader(fhir, deps.log, deps.cacheTtlMs);
  let closed = false;

  /** A closed connector refuses calls the way a source that is gone does, rather than quietly calling it. */
  function open<T>(what: string, call: () => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(new SourceError('DINKES', 'UNAVAILABLE', `${what}: connector closed`, { retryable: false }));
    return call();
  }

  return {
    agency: 'DINKES',
    system: 'SATUSEHAT FHIR R4',
    protocol: 'FHIR_R4',
    endpoint: displayEndpoint(settings.url),
    status: () => guard.status(),
    health: () => open('health', () => fhir.probe()),
    catalog: {
      fetchCatalog: () => open('fetchCatalog', () => catalog.get('catalog', () => readCatalog(fhir, deps.log))),
    },
    assignments: {
      assignments: (people) => open('assignments', () => assignments.assignments(people)),
    },
    async close() {
      closed = true;
      catalog.clear();
      assignments.clear();
    },
  };
}
