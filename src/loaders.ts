/**
 * Per-request DataLoaders. Created in the context of every request (and for every subscription event), never shared
 * between requests: a loader caches what one caller may see, and another caller may not. Each loader is made on
 * first use.
 */
import DataLoader from 'dataloader';
import type { Connectors, PersonKey } from '../connectors/types.js';
import { rethrowForClient } from '../connectors/kit/source-error.js';
import type { Agency, AgencyCode, Counter, Office, Service } from './domain/catalog.js';
import type { Assignment, Evaluation, Position, Rank, StaffProfile, Training } from './domain/staff.js';
import type { CatalogSyncState } from './store/source-catalog.js';
import type { AuditEntry } from './store/audit.js';
import { createComplaintLoaders, type ComplaintLoaders } from './complaint-loaders.js';
import { createPerformanceLoaders, type PerformanceLoaders } from './performance-loaders.js';
import { jakartaDay, type QueueEvent, type ServiceQueueCounts, type Ticket } from './domain/queue.js';
import { ikmOf } from './domain/ikm.js';
import type { SatisfactionFilter, SatisfactionView } from './domain/surveys.js';
import { lazily } from './lazy.js';
import { RememberingLoader } from './remembering-loader.js';
import type { Stores } from './stores.js';

export interface Loaders {
  readonly agency: DataLoader<string, Agency | null>;
  readonly office: DataLoader<string, Office | null>;
  readonly service: DataLoader<string, Service | null>;
  readonly counter: DataLoader<string, Counter | null>;
  readonly ticket: DataLoader<string, Ticket | null>;
  readonly officesOfService: DataLoader<string, Office[]>;
  readonly servicesOfOffice: DataLoader<string, Service[]>;
  readonly countersOfOffice: DataLoader<string, Counter[]>;
  readonly servicesOfCounter: DataLoader<string, Service[]>;
  readonly agencyCodesOfOffice: DataLoader<string, AgencyCode[]>;
  readonly officesOfAgency: DataLoader<string, Office[]>;
  /** The ticket called to or served at a counter, or null. */
  readonly activeTicketOfCounter: DataLoader<string, Ticket | null>;
  /** Today's (Asia/Jakarta) waiting counts per service of an office. */
  readonly queueCountsOfOffice: DataLoader<string, ServiceQueueCounts[]>;
  readonly handlingTimesOfOffice: DataLoader<string, Map<string, { minutes: number; samples: number }>>;
  readonly openCountersOfOffice: DataLoader<string, Map<string, number>>;
  readonly ticketsAhead: DataLoader<string, number | null>;
  readonly queueEvent: DataLoader<number, QueueEvent | null>;
  /** Today's (Asia/Jakarta) waiting tickets of a service, all offices together. */
  readonly waitingTodayOfService: RememberingLoader<string, { waiting: number; priorityWaiting: number }>;
  /**
   * IKM sums and served tickets per filter: one statement for any number of filters (say, a page of services each
   * with its 30-day satisfaction), from the daily rollups.
   */
  readonly satisfaction: RememberingLoader<SatisfactionFilter, SatisfactionView>;

  // Source systems: one call per distinct key per request at most (and the connectors' own short cache across requests).
  readonly staffProfile: DataLoader<string, StaffProfile | null>;
  readonly staffTrainings: DataLoader<string, Training[]>;
  readonly staffEvaluations: DataLoader<string, Evaluation[]>;
  readonly staffRankHistory: DataLoader<string, Rank[]>;
  readonly staffPositionHistory: DataLoader<string, Position[]>;
  /** Dapodik GTK records by NIP. */
  readonly teachingAssignments: DataLoader<PersonKey, Assignment[], string>;
  /** SATUSEHAT practitioner roles by NIK. */
  readonly healthAssignments: DataLoader<PersonKey, Assignment[], string>;
  /** Hub offices by `AGENCY:source key` (an NPSN, a FHIR Organization id). */
  readonly officeBySourceKey: DataLoader<string, Office | null>;
  readonly catalogSync: DataLoader<AgencyCode, CatalogSyncState | null>;
  /** Audit entries of reads, written together: fifty phone numbers in one response are one INSERT. */
  readonly audit: DataLoader<AuditEntry, true>;
  readonly complaints: ComplaintLoaders;
  readonly performance: PerformanceLoaders;
}

/** Rows found through a relation also warm the by-key loader, so a later lookup of the same row is free. */
function primeWith<T>(loader: () => DataLoader<string, T | null>, keyOf: (item: T) => string) {
  return <L extends readonly (T | null)[]>(lists: L[]): L[] => {
    for (const list of lists) for (const item of list) if (item !== null) loader().prime(keyOf(item), item);
    return lists;
  };
}

/** Equal filters share one cache entry (every field, in a fixed order). */
function satisfactionKey(filter: SatisfactionFilter): string {
  return JSON.stringify([filter.agency, filter.serviceCode, filter.officeCode, filter.officerNip, filter.from, filter.to]);
}

/** Told the size of every batch a loader sends (metrics). */
export type BatchObserver = (loader: string, size: number) => void;

/** A source failure reaches resolvers as the client error it will be (SOURCE_TIMEOUT / SOURCE_UNAVAILABLE, with the agency). */
function fromSource<K, V>(load: (keys: readonly K[]) => Promise<V[]>): (keys: readonly K[]) => Promise<V[]> {
  return (keys) => load(keys).catch(rethrowForClient);
}

export function createLoaders(stores: Stores, connectors: Connectors, now: () => Date, observeBatch: BatchObserver = () => {}): Loaders {
  const { catalog, queue, sourceCatalog, surveys } = stores;
  const { staff } = connectors.bkd;
  const batch =
    <K, V>(name: string, load: (keys: readonly K[]) => Promise<V[]>) =>
    (keys: readonly K[]): Promise<V[]> => {
      observeBatch(name, keys.length);
      return load(keys);
    };
  const loaders: Loaders = lazily({
    agency: () => new DataLoader<string, Agency | null>(batch('agency', (codes) => catalog.agenciesByCode(codes))),
    office: () => new DataLoader<string, Office | null>(batch('office', (codes) => catalog.officesByCode(codes))),
    service: () => new DataLoader<string, Service | null>(batch('service', (codes) => catalog.servicesByCode(codes))),
    counter: () => new DataLoader<string, Counter | null>(batch('counter', (ids) => catalog.countersById(ids))),
    ticket: () => new DataLoader<string, Ticket | null>(batch('ticket', (ids) => queue.ticketsById(ids))),

    officesOfService: () =>
      new DataLoader<string, Office[]>(batch('officesOfService', (codes) => catalog.officesOfServices(codes).then(primeWith(() => loaders.office, (o) => o.code)))),
    servicesOfOffice: () =>
      new DataLoader<string, Service[]>(batch('servicesOfOffice', (codes) => catalog.servicesOfOffices(codes).then(primeWith(() => loaders.service, (s) => s.code)))),
    countersOfOffice: () =>
      new DataLoader<string, Counter[]>(batch('countersOfOffice', (codes) => catalog.countersOfOffices(codes).then(primeWith(() => loaders.counter, (c) => c.id)))),
    servicesOfCounter: () =>
      new DataLoader<string, Service[]>(batch('servicesOfCounter', (ids) => catalog.servicesOfCounters(ids).then(primeWith(() => loaders.service, (s) => s.code)))),
    agencyCodesOfOffice: () => new DataLoader<string, AgencyCode[]>(batch('agencyCodesOfOffice', (codes) => catalog.agencyCodesOfOffices(codes))),
    officesOfAgency: () =>
      new DataLoader<string, Office[]>(batch('officesOfAgency', (codes) => catalog.officesOfAgencies(codes).then(primeWith(() => loaders.office, (o) => o.code)))),

    activeTicketOfCounter: () =>
      new DataLoader<string, Ticket | null>(batch('activeTicketOfCounter', (ids) => queue.activeTicketsOfCounters(ids).then((tickets) => primeWith(() => loaders.ticket, (t) => t.id)([tickets])[0] ?? []))),
    queueCountsOfOffice: () => new DataLoader<string, ServiceQueueCounts[]>(batch('queueCountsOfOffice', (codes) => queue.queueCounts(codes, jakartaDay(now())))),
    handlingTimesOfOffice: () => new DataLoader<string, Map<string, { minutes: number; samples: number }>>(batch('handlingTimesOfOffice', (codes) => queue.handlingTimes(codes, now()))),
    openCountersOfOffice: () => new DataLoader<string, Map<string, number>>(batch('openCountersOfOffice', (codes) => queue.openCountersByService(codes))),
    ticketsAhead: () => new DataLoader<string, number | null>(batch('ticketsAhead', (ids) => queue.ticketsAhead(ids))),
    queueEvent: () => new DataLoader<number, QueueEvent | null>(batch('queueEvent', (ids) => queue.eventsById(ids))),
    waitingTodayOfService: () =>
      new RememberingLoader(
        new DataLoader<string, { waiting: number; priorityWaiting: number }>(batch('waitingTodayOfService', (codes) => queue.waitingOfServices(codes, jakartaDay(now())))),
        (code) => code,
      ),
    satisfaction: () =>
      new RememberingLoader(
        new DataLoader<SatisfactionFilter, SatisfactionView, string>(
          batch('satisfaction', async (filters) => {
            const figures = await surveys.satisfactionMany(filters);
            return figures.map(({ sums, served }): SatisfactionView => ({ responses: sums.responses, score: ikmOf(sums), servedTickets: served }));
          }),
          { cacheKeyFn: satisfactionKey },
        ),
        satisfactionKey,
      ),

    staffProfile: () => new DataLoader<string, StaffProfile | null>(batch('staffProfile', fromSource((nips) => staff.profiles(nips)))),
    staffTrainings: () => new DataLoader<string, Training[]>(batch('staffTrainings', fromSource((nips) => staff.trainings(nips)))),
    staffEvaluations: () => new DataLoader<string, Evaluation[]>(batch('staffEvaluations', fromSource((nips) => staff.evaluations(nips)))),
    staffRankHistory: () => new DataLoader<string, Rank[]>(batch('staffRankHistory', fromSource((nips) => staff.rankHistory(nips)))),
    staffPositionHistory: () => new DataLoader<string, Position[]>(batch('staffPositionHistory', fromSource((nips) => staff.positionHistory(nips)))),
    teachingAssignments: () =>
      new DataLoader<PersonKey, Assignment[], string>(
        batch(
          'teachingAssignments',
          fromSource(async (people) => connectors.disdik.assignments.assignments(people, await sourceCatalog.officeRefs('DISDIK'))),
        ),
        { cacheKeyFn: (person) => person.nip },
      ),
    healthAssignments: () =>
      new DataLoader<PersonKey, Assignment[], string>(
        batch('healthAssignments', fromSource((people) => connectors.dinkes.assignments.assignments(people, []))),
        { cacheKeyFn: (person) => person.nip },
      ),
    officeBySourceKey: () => new DataLoader<string, Office | null>(batch('officeBySourceKey', (keys) => sourceCatalog.officesBySourceKey(keys))),
    catalogSync: () => new DataLoader<AgencyCode, CatalogSyncState | null>(batch('catalogSync', (agencies) => sourceCatalog.syncStates(agencies))),
    audit: () =>
      new DataLoader<AuditEntry, true>(
        batch('audit', async (entries) => {
          await stores.audit.record(entries);
          return entries.map(() => true as const);
        }),
        { cache: false },
      ),
    complaints: () => createComplaintLoaders(stores, batch),
    performance: () => createPerformanceLoaders(stores, batch),
  });
  return loaders;
}
