/**
 * Per-request DataLoaders. Created in the context of every request (and for every subscription event), never shared
 * between requests: a loader caches what one caller may see, and another caller may not.
 */
import DataLoader from 'dataloader';
import type { Agency, AgencyCode, Counter, Office, Service } from './domain/catalog.js';
import { jakartaDay, type QueueEvent, type ServiceQueueCounts, type Ticket } from './domain/queue.js';
import type { Stores } from './stores.js';

export type Loaders = ReturnType<typeof createLoaders>;

export function createLoaders(stores: Stores, now: () => Date) {
  const { catalog, queue } = stores;
  const agency = new DataLoader<string, Agency | null>((codes) => catalog.agenciesByCode(codes));
  const office = new DataLoader<string, Office | null>((codes) => catalog.officesByCode(codes));
  const service = new DataLoader<string, Service | null>((codes) => catalog.servicesByCode(codes));
  const counter = new DataLoader<string, Counter | null>((ids) => catalog.countersById(ids));
  const ticket = new DataLoader<string, Ticket | null>((ids) => queue.ticketsById(ids));

  /** Lists found through a relation also warm the by-key loaders, so a later lookup of the same row is free. */
  const priming = <T>(loader: DataLoader<string, T | null>, keyOf: (item: T) => string) =>
    <L extends readonly (T | null)[]>(lists: L[]): L[] => {
      for (const list of lists) for (const item of list) if (item !== null) loader.prime(keyOf(item), item);
      return lists;
    };

  return {
    agency,
    office,
    service,
    counter,
    ticket,
    officesOfService: new DataLoader<string, Office[]>((codes) => catalog.officesOfServices(codes).then(priming(office, (o) => o.code))),
    servicesOfOffice: new DataLoader<string, Service[]>((codes) => catalog.servicesOfOffices(codes).then(priming(service, (s) => s.code))),
    countersOfOffice: new DataLoader<string, Counter[]>((codes) => catalog.countersOfOffices(codes).then(priming(counter, (c) => c.id))),
    servicesOfCounter: new DataLoader<string, Service[]>((ids) => catalog.servicesOfCounters(ids).then(priming(service, (s) => s.code))),
    agencyCodesOfOffice: new DataLoader<string, AgencyCode[]>((codes) => catalog.agencyCodesOfOffices(codes)),
    officesOfAgency: new DataLoader<string, Office[]>((codes) => catalog.officesOfAgencies(codes).then(priming(office, (o) => o.code))),

    activeTicketOfCounter: new DataLoader<string, Ticket | null>((ids) =>
      queue.activeTicketsOfCounters(ids).then((tickets) => priming(ticket, (t) => t.id)([tickets])[0] ?? []),
    ),
    /** Today's (Asia/Jakarta) waiting counts per service of an office. */
    queueCountsOfOffice: new DataLoader<string, ServiceQueueCounts[]>((codes) => queue.queueCounts(codes, jakartaDay(now()))),
    handlingTimesOfOffice: new DataLoader<string, Map<string, { minutes: number; samples: number }>>((codes) => queue.handlingTimes(codes, now())),
    openCountersOfOffice: new DataLoader<string, Map<string, number>>((codes) => queue.openCountersByService(codes)),
    ticketsAhead: new DataLoader<string, number | null>((ids) => queue.ticketsAhead(ids)),
    queueEvent: new DataLoader<number, QueueEvent | null>((ids) => queue.eventsById(ids)),
  };
}
