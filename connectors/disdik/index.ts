/**
 * Dinas Pendidikan's connector: schools and teachers from the Dapodik WebService.
 *
 * Dapodik can only be asked per school (NPSN), so both capabilities read the schools the hub has registered: the
 * catalog is one `getSekolah` per school, and assignments are every known school's GTK, joined to people by NIP. That
 * makes the cost of `assignments` a function of the number of schools, never of the number of people asked about;
 * the per-school answers are cached for `deps.cacheTtlMs`, so a burst of requests reads each school once.
 *
 * A failing school fails the whole call (a SourceError) rather than returning a catalog or assignments with that school
 * silently missing; a school Dapodik does not know is left out and logged at warn.
 */
import type { DapodikSettings } from '../../src/config.js';
import type { Assignment } from '../../src/domain/staff.js';
import type { ConnectorDeps } from '../kit/deps.js';
import { SourceGuard } from '../kit/guard.js';
import { displayEndpoint } from '../kit/http.js';
import { SourceError } from '../kit/source-error.js';
import { TtlCache } from '../kit/ttl-cache.js';
import type { DisdikConnector, PersonKey, SourceCatalog } from '../types.js';
import { DapodikClient, HEALTH_PROBE_NPSN } from './client.js';
import { toAssignment, toSourceOffice } from './mapping.js';
import type { GtkRow, SekolahRow } from './payloads.js';

export function createDisdikConnector(settings: DapodikSettings, deps: ConnectorDeps): DisdikConnector {
  const log = deps.log;
  const guard = new SourceGuard('DISDIK', deps.guard, deps.observer);
  const client = new DapodikClient(settings, guard);
  // Per NPSN, as Dapodik answered (GTK rows are parsed without NIK or name); null: Dapodik does not know the school.
  const schools = new TtlCache<SekolahRow | null>({ ttlMs: deps.cacheTtlMs });
  const gtk = new TtlCache<GtkRow[] | null>({ ttlMs: deps.cacheTtlMs });
  let closed = false;

  function ensureOpen(what: string): void {
    if (closed) throw new SourceError('DISDIK', 'UNAVAILABLE', `${what}: connector closed`, { retryable: false });
  }

  /** Logged once per cache lifetime: the hub has registered a school that Dapodik does not know. */
  function unknownSchool<T>(call: string, npsn: string, value: T | null): T | null {
    if (value === null) log.warn({ npsn, call }, 'Dapodik does not know this NPSN; the school is left out');
    return value;
  }

  const school = (npsn: string): Promise<SekolahRow | null> =>
    schools.get(npsn, async () => unknownSchool('getSekolah', npsn, await client.sekolah(npsn)));
  const roster = (npsn: string): Promise<GtkRow[] | null> => gtk.get(npsn, async () => unknownSchool('getGtk', npsn, await client.gtk(npsn)));

  return {
    agency: 'DISDIK',
    system: 'Dapodik WebService',
    protocol: 'DAPODIK_WEBSERVICE',
    endpoint: displayEndpoint(settings.url),

    catalog: {
      async fetchCatalog(knownOfficeRefs: readonly string[]): Promise<SourceCatalog> {
        ensureOpen('fetchCatalog');
        const found = await Promise.all(distinct(knownOfficeRefs).map(school));
        return { offices: found.filter((row) => row !== null).map(toSourceOffice), services: [] };
      },
    },

    assignments: {
      async assignments(people: readonly PersonKey[], knownPlaceRefs: readonly string[]): Promise<Assignment[][]> {
        ensureOpen('assignments');
        if (people.length === 0) return [];
        const wanted = new Set(people.map((person) => person.nip.trim()));
        const rosters = await Promise.all(
          distinct(knownPlaceRefs).map(async (npsn) => {
            const [row, rows] = await Promise.all([school(npsn), roster(npsn)]);
            return { school: row, rows };
          }),
        );
        const byNip = new Map<string, Assignment[]>();
        for (const entry of rosters) {
          if (entry.school === null || entry.rows === null) continue;
          for (const row of entry.rows) {
            if (row.nip === null || !wanted.has(row.nip)) continue;
            const list = byNip.get(row.nip) ?? [];
            list.push(toAssignment(row, entry.school));
            byNip.set(row.nip, list);
          }
        }
        return people.map((person) => [...(byNip.get(person.nip.trim()) ?? [])]);
      },
    },

    status: () => guard.status(),

    async health(): Promise<void> {
      ensureOpen('health');
      // Any school answer proves the service and the token; an unknown NPSN is the cheapest one there is.
      await client.sekolah(HEALTH_PROBE_NPSN, 'health');
    },

    async close(): Promise<void> {
      closed = true;
      client.close();
      schools.clear();
      gtk.clear();
    },
  };
}

/** Trimmed, non-empty, each once, in first-seen order. */
function distinct(refs: readonly string[]): string[] {
  return [...new Set(refs.map((ref) => ref.trim()).filter((ref) => ref !== ''))];
}
