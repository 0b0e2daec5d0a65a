/**
 * The hub catalog in PostgreSQL: agencies, offices, services and counters. Every read that loads by key takes a
 * list of keys and returns one result per key, in order, for the per-request DataLoaders.
 *
 * Agencies, offices, services and which service is offered where change rarely (an admin's saveService, a source's
 * catalog sync) and are read by nearly every request, so each instance keeps them in a snapshot ({@link
 * CatalogSnapshot}): loaded in four statements on first use, then read at no SQL cost. A change drops it: at once on
 * the instance that committed it, and on every other instance through a NOTIFY on the event bus
 * ({@link CATALOG_TOPIC}, sent by the committing transaction, so only if it commits); a lost LISTEN connection's
 * resync drops it too. The snapshot holds public rows only (per-user visibility is decided in resolvers), frozen,
 * in PostgreSQL's own order (each list is loaded with its ORDER BY). Counters are not in it: their open state is live
 * queue data. Searches by text go to SQL, whose ILIKE the snapshot does not imitate.
 */
import { AsyncResource } from 'node:async_hooks';
import type { Knex } from 'knex';
import { conflict, forbidden, notFound } from '../errors.js';
import {
  isAgencyCode,
  type Agency,
  type AgencyCode,
  type Counter,
  type Office,
  type OfficeFilter,
  type OfficeKind,
  type Service,
  type ServiceDraft,
  type ServiceFilter,
  type SourceLink,
} from '../domain/catalog.js';
import { publishOnCommit, type BusMessage } from '../pubsub/event-bus.js';
import { alignMany, alignOne } from './keyed.js';
import { containsPattern, isUuid, nothingMore, uniqueViolation, type WithinChange } from './sql.js';

/** Bus topic of catalog changes (key {@link CATALOG_KEY}); the message names nothing: every instance drops its snapshot. */
export const CATALOG_TOPIC = 'catalog';
export const CATALOG_KEY = '*';

/** Announces a catalog change to every instance when `trx` commits (see {@link CatalogStore.invalidate}). */
export function publishCatalogChange(trx: Knex.Transaction): Promise<void> {
  const message: BusMessage = { topic: CATALOG_TOPIC, key: CATALOG_KEY, body: {} };
  return publishOnCommit(trx, message);
}

/** The slowly-changing part of the catalog, as one instance holds it. Every list is in the order SQL gives it. */
export interface CatalogSnapshot {
  readonly agencies: readonly Agency[];
  readonly agencyByCode: ReadonlyMap<string, Agency>;
  /** Ordered by (name, code). */
  readonly offices: readonly Office[];
  readonly officeByCode: ReadonlyMap<string, Office>;
  /** Ordered by (name, code): the order of the services connection. */
  readonly services: readonly Service[];
  readonly serviceByCode: ReadonlyMap<string, Service>;
  /** By ticket prefix, as servicesOfOffices orders them. */
  readonly servicesOfOffice: ReadonlyMap<string, readonly Service[]>;
  /** By office (name, code). */
  readonly officesOfService: ReadonlyMap<string, readonly Office[]>;
  /** The owner and every agency with a service there, by code. */
  readonly agencyCodesOfOffice: ReadonlyMap<string, readonly AgencyCode[]>;
  /** By office (name, code). */
  readonly officesOfAgency: ReadonlyMap<string, readonly Office[]>;
}

interface AgencyRow {
  code: string;
  name: string;
  short_name: string;
  description: string;
}
interface SourceColumns {
  source_agency: string | null;
  source_ref: string | null;
  synced_at: Date | null;
}
export interface OfficeRow extends SourceColumns {
  code: string;
  name: string;
  kind: string;
  agency_code: string | null;
  address: string;
  regency_code: string;
}
interface ServiceRow extends SourceColumns {
  code: string;
  agency_code: string;
  name: string;
  description: string;
  requirements: unknown;
  procedure: unknown;
  time_limit: string | null;
  fee_rupiah: number | null;
  legal_basis: string | null;
  updated_at: Date;
}
export interface CounterRow {
  id: string;
  office_code: string;
  code: string;
  name: string;
  agency_code: string;
  is_open: boolean;
}

/** Position in the name-ordered service list; opaque to clients (see resolvers/catalog). */
export interface ServiceCursor {
  name: string;
  code: string;
}

export interface ServicePage {
  services: Service[];
  hasNextPage: boolean;
}

export const OFFICE_COLUMNS = ['o.code', 'o.name', 'o.kind', 'o.agency_code', 'o.address', 'o.regency_code', 'o.source_agency', 'o.source_ref', 'o.synced_at'];
const SERVICE_COLUMNS = [
  's.code',
  's.agency_code',
  's.name',
  's.description',
  's.requirements',
  's.procedure',
  's.time_limit',
  's.fee_rupiah',
  's.legal_basis',
  's.updated_at',
  's.source_agency',
  's.source_ref',
  's.synced_at',
];
export const COUNTER_COLUMNS = ['c.id', 'c.office_code', 'c.code', 'c.name', 'c.agency_code', 'c.is_open'];

export class CatalogStore {
  private snapshot: Promise<CatalogSnapshot> | null = null;
  /** The snapshot once loaded, for {@link loadedSnapshot}; null while none is, or while one loads. */
  private loaded: CatalogSnapshot | null = null;
  /** Bumped by every invalidation: a snapshot whose load overlapped one is used once, not kept. */
  private generation = 0;

  /**
   * The async context the store was made in (the hub's start, outside any request): reloads run in it, so that their
   * statements are not counted against the request whose change (or whose read) set them off.
   */
  private readonly background = new AsyncResource('CatalogSnapshot');

  constructor(private readonly knex: Knex) {}

  /**
   * Drops the snapshot and starts loading a fresh one, which reads wait for. Called after this instance commits a
   * catalog change, and for every {@link CATALOG_TOPIC} message (another instance's change) and bus resync.
   */
  invalidate(): void {
    this.generation++;
    this.snapshot = null;
    this.loaded = null;
    // Loaded now rather than by the next request: a request's cost does not depend on whether a change preceded it.
    this.background.runInAsyncScope(() => void this.current().catch(() => {}));
  }

  private current(): Promise<CatalogSnapshot> {
    if (this.snapshot !== null) return this.snapshot;
    const generation = this.generation;
    const loading = this.background.runInAsyncScope(() => this.loadSnapshot());
    this.snapshot = loading;
    loading.then(
      (snapshot) => {
        // Changed while loading: what was read may mix before and after; the next read loads again.
        if (this.generation !== generation && this.snapshot === loading) this.snapshot = null;
        else if (this.snapshot === loading) this.loaded = snapshot;
      },
      () => {
        if (this.snapshot === loading) this.snapshot = null;
      },
    );
    return loading;
  }

  /**
   * The current snapshot if it is loaded, else null (the caller then goes through the loaders, which wait for it).
   * For resolvers of catalog fields: a value rather than a promise lets graphql-js complete a page of services and
   * their agencies without a promise per field.
   */
  loadedSnapshot(): CatalogSnapshot | null {
    return this.loaded;
  }

  private async loadSnapshot(): Promise<CatalogSnapshot> {
    const [agencyRows, officeRows, serviceRows, links] = await Promise.all([
      this.knex('agency').select('*').orderBy('code') as Promise<AgencyRow[]>,
      this.knex('office as o').select(OFFICE_COLUMNS).orderBy(['o.name', 'o.code']) as Promise<OfficeRow[]>,
      this.knex('service as s').select(SERVICE_COLUMNS).orderBy(['s.name', 's.code']) as Promise<ServiceRow[]>,
      this.knex('office_service').select('office_code', 'service_code').orderBy('ticket_prefix') as Promise<{ office_code: string; service_code: string }[]>,
    ]);
    const agencies = agencyRows.map((row) => Object.freeze(toAgency(row)));
    const offices = officeRows.map((row) => frozenOffice(toOffice(row)));
    const services = serviceRows.map((row) => frozenService(toService(row)));
    const agencyByCode = new Map(agencies.map((a) => [a.code as string, a]));
    const officeByCode = new Map(offices.map((o) => [o.code, o]));
    const serviceByCode = new Map(services.map((x) => [x.code, x]));

    const servicesOfOffice = new Map<string, Service[]>();
    const serviceOffices = new Map<string, Set<string>>();
    for (const link of links) {
      const service = serviceByCode.get(link.service_code);
      if (service === undefined) continue;
      listAt(servicesOfOffice, link.office_code).push(service);
      setAt(serviceOffices, link.service_code).add(link.office_code);
    }
    const presence = new Map<string, Set<string>>();
    for (const office of offices) if (office.agencyCode !== null) setAt(presence, office.code).add(office.agencyCode);
    for (const [officeCode, list] of servicesOfOffice) for (const service of list) setAt(presence, officeCode).add(service.agencyCode);

    const officesOfService = new Map<string, Office[]>();
    const officesOfAgency = new Map<string, Office[]>();
    const agencyCodesOfOffice = new Map<string, AgencyCode[]>();
    for (const office of offices) {
      const present = presence.get(office.code);
      if (present !== undefined) {
        const codes = agencies.map((a) => a.code).filter((code) => present.has(code));
        agencyCodesOfOffice.set(office.code, codes);
        for (const code of codes) listAt(officesOfAgency, code).push(office);
      }
    }
    for (const [serviceCode, at] of serviceOffices) officesOfService.set(serviceCode, offices.filter((o) => at.has(o.code)));
    return { agencies, agencyByCode, offices, officeByCode, services, serviceByCode, servicesOfOffice, officesOfService, agencyCodesOfOffice, officesOfAgency };
  }

  async listAgencies(): Promise<Agency[]> {
    return [...(await this.current()).agencies];
  }

  async agenciesByCode(codes: readonly string[]): Promise<(Agency | null)[]> {
    const { agencyByCode } = await this.current();
    return codes.map((code) => agencyByCode.get(code) ?? null);
  }

  async officesByCode(codes: readonly string[]): Promise<(Office | null)[]> {
    const { officeByCode } = await this.current();
    return codes.map((code) => officeByCode.get(code) ?? null);
  }

  async servicesByCode(codes: readonly string[]): Promise<(Service | null)[]> {
    const { serviceByCode } = await this.current();
    return codes.map((code) => serviceByCode.get(code) ?? null);
  }

  async countersById(ids: readonly string[]): Promise<(Counter | null)[]> {
    const valid = ids.filter(isUuid);
    const rows: CounterRow[] = valid.length === 0 ? [] : await this.knex('counter as c').select(COUNTER_COLUMNS).whereIn('c.id', valid);
    return alignOne(ids, rows, (r) => r.id, toCounter);
  }

  async officesOfServices(serviceCodes: readonly string[]): Promise<Office[][]> {
    const { officesOfService } = await this.current();
    return serviceCodes.map((code) => [...(officesOfService.get(code) ?? [])]);
  }

  async servicesOfOffices(officeCodes: readonly string[]): Promise<Service[][]> {
    const { servicesOfOffice } = await this.current();
    return officeCodes.map((code) => [...(servicesOfOffice.get(code) ?? [])]);
  }

  /** Agencies present at each office: its owner and every agency with a service there. */
  async agencyCodesOfOffices(officeCodes: readonly string[]): Promise<AgencyCode[][]> {
    const { agencyCodesOfOffice } = await this.current();
    return officeCodes.map((code) => [...(agencyCodesOfOffice.get(code) ?? [])]);
  }

  /** Offices each agency runs or offers services in. */
  async officesOfAgencies(agencyCodes: readonly string[]): Promise<Office[][]> {
    const { officesOfAgency } = await this.current();
    return agencyCodes.map((code) => [...(officesOfAgency.get(code) ?? [])]);
  }

  /** {@link officesOfServices} in SQL, bypassing the snapshot. */
  async officesOfServicesInSql(serviceCodes: readonly string[]): Promise<Office[][]> {
    const rows: (OfficeRow & { service_code: string })[] = await this.knex('office_service as os')
      .join('office as o', 'o.code', 'os.office_code')
      .select([...OFFICE_COLUMNS, 'os.service_code'])
      .whereIn('os.service_code', serviceCodes)
      .orderBy(['o.name', 'o.code']);
    return alignMany(serviceCodes, rows, (r) => r.service_code, toOffice);
  }

  /** {@link servicesOfOffices} in SQL, bypassing the snapshot. */
  async servicesOfOfficesInSql(officeCodes: readonly string[]): Promise<Service[][]> {
    const rows: (ServiceRow & { office_code: string })[] = await this.knex('office_service as os')
      .join('service as s', 's.code', 'os.service_code')
      .select([...SERVICE_COLUMNS, 'os.office_code'])
      .whereIn('os.office_code', officeCodes)
      .orderBy(['os.ticket_prefix']);
    return alignMany(officeCodes, rows, (r) => r.office_code, toService);
  }

  async countersOfOffices(officeCodes: readonly string[]): Promise<Counter[][]> {
    const rows: CounterRow[] = await this.knex('counter as c').select(COUNTER_COLUMNS).whereIn('c.office_code', officeCodes).orderBy('c.code');
    return alignMany(officeCodes, rows, (r) => r.office_code, toCounter);
  }

  async servicesOfCounters(counterIds: readonly string[]): Promise<Service[][]> {
    const valid = counterIds.filter(isUuid);
    const rows: (ServiceRow & { counter_id: string })[] =
      valid.length === 0
        ? []
        : await this.knex('counter_service as cs')
            .join('service as s', 's.code', 'cs.service_code')
            .select([...SERVICE_COLUMNS, 'cs.counter_id'])
            .whereIn('cs.counter_id', valid)
            .orderBy('s.name');
    return alignMany(counterIds, rows, (r) => r.counter_id, toService);
  }

  /** {@link agencyCodesOfOffices} in SQL, bypassing the snapshot. */
  async agencyCodesOfOfficesInSql(officeCodes: readonly string[]): Promise<AgencyCode[][]> {
    const rows: { office_code: string; agency_code: string }[] = await this.knex
      .select('office_code', 'agency_code')
      .from(
        this.knex
          .select('os.office_code', 's.agency_code')
          .from('office_service as os')
          .join('service as s', 's.code', 'os.service_code')
          .whereIn('os.office_code', officeCodes)
          .union((q) => q.select('o.code as office_code', 'o.agency_code').from('office as o').whereIn('o.code', officeCodes).whereNotNull('o.agency_code'))
          .as('present'),
      )
      .orderBy('agency_code');
    return alignMany(officeCodes, rows, (r) => r.office_code, (r) => asAgencyCode(r.agency_code));
  }

  /** {@link officesOfAgencies} in SQL, bypassing the snapshot. */
  async officesOfAgenciesInSql(agencyCodes: readonly string[]): Promise<Office[][]> {
    const rows: (OfficeRow & { present_agency: string })[] = await this.knex
      .select([...OFFICE_COLUMNS, 'present.agency_code as present_agency'])
      .from(
        this.knex
          .select('os.office_code', 's.agency_code')
          .from('office_service as os')
          .join('service as s', 's.code', 'os.service_code')
          .whereIn('s.agency_code', agencyCodes)
          .union((q) => q.select('code as office_code', 'agency_code').from('office').whereIn('agency_code', agencyCodes))
          .as('present'),
      )
      .join('office as o', 'o.code', 'present.office_code')
      .orderBy(['o.name', 'o.code']);
    return alignMany(agencyCodes, rows, (r) => r.present_agency, toOffice);
  }

  async listOffices(filter: OfficeFilter): Promise<Office[]> {
    if (filter.text) return this.listOfficesInSql(filter);
    const { offices, agencyCodesOfOffice } = await this.current();
    const agency = filter.agency;
    return offices.filter(
      (o) =>
        (!filter.kind || o.kind === filter.kind) &&
        (!filter.regencyCode || o.regencyCode === filter.regencyCode) &&
        (!agency || (agencyCodesOfOffice.get(o.code) ?? []).includes(agency)),
    );
  }

  private async listOfficesInSql(filter: OfficeFilter): Promise<Office[]> {
    const query = this.knex('office as o').select(OFFICE_COLUMNS).orderBy(['o.name', 'o.code']);
    if (filter.kind) query.where('o.kind', filter.kind);
    if (filter.regencyCode) query.where('o.regency_code', filter.regencyCode);
    if (filter.agency) {
      const agency = filter.agency;
      query.where((q) =>
        q
          .where('o.agency_code', agency)
          .orWhereExists((sub) =>
            sub
              .select(this.knex.raw('1'))
              .from('office_service as os')
              .join('service as s', 's.code', 'os.service_code')
              .whereRaw('os.office_code = o.code')
              .where('s.agency_code', agency),
          ),
      );
    }
    if (filter.text) {
      const pattern = containsPattern(filter.text);
      query.where((q) => q.whereILike('o.code', pattern).orWhereILike('o.name', pattern).orWhereILike('o.address', pattern));
    }
    const rows: OfficeRow[] = await query;
    return rows.map(toOffice);
  }

  /** One page of services ordered by (name, code), plus whether more follow. */
  async pageServices(filter: ServiceFilter, first: number, after: ServiceCursor | null): Promise<ServicePage> {
    const matching = await this.matchingServices(filter);
    if (matching !== null) {
      // The cursor's own entry, found by code: the list is in PostgreSQL's order, which JavaScript's need not match.
      const at = after === null ? -1 : matching.findIndex((x) => x.code === after.code);
      if (after === null || (at >= 0 && matching[at]?.name === after.name)) {
        const start = at + 1;
        return { services: matching.slice(start, start + first), hasNextPage: matching.length > start + first };
      }
      // The cursor's service left the list (renamed, removed, filtered out): SQL places it.
    }
    return this.pageServicesInSql(filter, first, after);
  }

  async countServices(filter: ServiceFilter): Promise<number> {
    const matching = await this.matchingServices(filter);
    return matching !== null ? matching.length : this.countServicesInSql(filter);
  }

  /** The services a filter selects, from the snapshot, in (name, code) order; null for a text search. */
  private async matchingServices(filter: ServiceFilter): Promise<readonly Service[] | null> {
    if (filter.text) return null;
    const { services, servicesOfOffice } = await this.current();
    const offered = filter.officeCode ? new Set((servicesOfOffice.get(filter.officeCode) ?? []).map((x) => x.code)) : null;
    if (!filter.agency && offered === null) return services;
    return services.filter((x) => (!filter.agency || x.agencyCode === filter.agency) && (offered === null || offered.has(x.code)));
  }

  private async pageServicesInSql(filter: ServiceFilter, first: number, after: ServiceCursor | null): Promise<ServicePage> {
    const query = this.filteredServices(filter).select(SERVICE_COLUMNS).orderBy(['s.name', 's.code']).limit(first + 1);
    if (after !== null) query.whereRaw('(s.name, s.code) > (?, ?)', [after.name, after.code]);
    const rows: ServiceRow[] = await query;
    return { services: rows.slice(0, first).map(toService), hasNextPage: rows.length > first };
  }

  private async countServicesInSql(filter: ServiceFilter): Promise<number> {
    const [row] = await this.filteredServices(filter).count<{ count: number }[]>('* as count');
    return Number(row?.count ?? 0);
  }

  private filteredServices(filter: ServiceFilter): Knex.QueryBuilder {
    const query = this.knex('service as s');
    if (filter.agency) query.where('s.agency_code', filter.agency);
    if (filter.officeCode) {
      const officeCode = filter.officeCode;
      query.whereExists((sub) => sub.select(this.knex.raw('1')).from('office_service as os').whereRaw('os.service_code = s.code').where('os.office_code', officeCode));
    }
    if (filter.text) {
      const pattern = containsPattern(filter.text);
      query.where((q) => q.whereILike('s.code', pattern).orWhereILike('s.name', pattern).orWhereILike('s.description', pattern));
    }
    return query;
  }

  /**
   * Creates or replaces a service and its office list in one transaction. `actingAgency` (an agency admin's agency)
   * may only write its own services; `null` may write any. Writing what is already stored changes nothing,
   * `updated_at` included.
   */
  async saveService(draft: ServiceDraft, actingAgency: AgencyCode | null, within: WithinChange<Service> = nothingMore): Promise<Service> {
    const saved = await this.saveServiceInTransaction(draft, actingAgency, within);
    // Committed: this instance reads the change from its next request on; the others when the NOTIFY arrives.
    this.invalidate();
    return saved;
  }

  private saveServiceInTransaction(draft: ServiceDraft, actingAgency: AgencyCode | null, within: WithinChange<Service>): Promise<Service> {
    return this.knex.transaction(async (trx) => {
      const existing: { agency_code: string; source_agency: string | null } | undefined = await trx('service')
        .select('agency_code', 'source_agency')
        .where('code', draft.code)
        .forUpdate()
        .first();
      if (actingAgency !== null && (draft.agencyCode !== actingAgency || (existing !== undefined && existing.agency_code !== actingAgency))) {
        throw forbidden(`an admin of ${actingAgency} may only edit ${actingAgency}'s services`);
      }
      if (existing?.source_agency != null) {
        throw conflict(`${draft.code} is published by ${existing.source_agency}'s own system: change it there, the hub copies it`);
      }

      const values = {
        agency_code: draft.agencyCode,
        name: draft.name,
        description: draft.description,
        requirements: JSON.stringify(draft.requirements),
        procedure: JSON.stringify(draft.procedure),
        time_limit: draft.timeLimit,
        fee_rupiah: draft.feeRupiah,
        legal_basis: draft.legalBasis,
      };
      const columns = Object.keys(values);
      const changedServiceRow = await trx('service')
        .insert({ code: draft.code, ...values })
        .onConflict('code')
        .merge({ ...values, updated_at: trx.fn.now() })
        .whereRaw(`(${columns.map((c) => `service.${c}`).join(', ')}) is distinct from (${columns.map((c) => `excluded.${c}`).join(', ')})`)
        .returning('code');

      const changedOffices = draft.offices === null ? false : await this.replaceOfficeLinks(trx, draft.code, draft.offices);
      if (changedServiceRow.length === 0 && changedOffices) {
        await trx('service').where('code', draft.code).update({ updated_at: trx.fn.now() });
      }
      const row: ServiceRow = await trx('service as s').select(SERVICE_COLUMNS).where('s.code', draft.code).first();
      const saved = toService(row);
      await within(trx, saved);
      if (changedServiceRow.length > 0 || changedOffices) await publishCatalogChange(trx);
      return saved;
    });
  }

  /** Returns true when the list of offices or letters changed. */
  private async replaceOfficeLinks(trx: Knex.Transaction, serviceCode: string, offices: NonNullable<ServiceDraft['offices']>): Promise<boolean> {
    const officeCodes = offices.map((o) => o.officeCode);
    const known: { code: string }[] = await trx('office').select('code').whereIn('code', officeCodes);
    const knownCodes = new Set(known.map((o) => o.code));
    const unknown = officeCodes.find((code) => !knownCodes.has(code));
    if (unknown !== undefined) throw notFound(`office ${unknown} does not exist`);

    // The rows themselves, not delete()'s count: knex-pglite answers delete() with a result object, not a number.
    const removed = (await trx('office_service').where('service_code', serviceCode).whereNotIn('office_code', officeCodes).delete().returning('office_code')).length;
    if (offices.length === 0) return removed > 0;
    try {
      const upserted = await trx('office_service')
        .insert(offices.map((o) => ({ office_code: o.officeCode, service_code: serviceCode, ticket_prefix: o.ticketPrefix })))
        .onConflict(['office_code', 'service_code'])
        .merge(['ticket_prefix'])
        .whereRaw('office_service.ticket_prefix is distinct from excluded.ticket_prefix')
        .returning('office_code');
      return removed > 0 || upserted.length > 0;
    } catch (error) {
      if (uniqueViolation(error) !== null) {
        throw conflict('a ticket letter in offices is already used by another service at that office');
      }
      throw error;
    }
  }
}

function listAt<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (list === undefined) {
    list = [];
    map.set(key, list);
  }
  return list;
}

function setAt<T>(map: Map<string, Set<T>>, key: string): Set<T> {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}

/** Shared by every request of the instance: frozen, so that no resolver can change what others read. */
function frozenOffice(office: Office): Office {
  if (office.source !== null) Object.freeze(office.source);
  return Object.freeze(office);
}

function frozenService(service: Service): Service {
  Object.freeze(service.requirements);
  Object.freeze(service.procedure);
  if (service.source !== null) Object.freeze(service.source);
  return Object.freeze(service);
}

function toAgency(row: AgencyRow): Agency {
  return { code: asAgencyCode(row.code), name: row.name, shortName: row.short_name, description: row.description };
}

export function toOffice(row: OfficeRow): Office {
  return {
    code: row.code,
    name: row.name,
    kind: row.kind as OfficeKind, // constrained by a check in the migration
    agencyCode: row.agency_code === null ? null : asAgencyCode(row.agency_code),
    address: row.address,
    regencyCode: row.regency_code,
    source: toSourceLink(row),
  };
}

function toService(row: ServiceRow): Service {
  return {
    code: row.code,
    agencyCode: asAgencyCode(row.agency_code),
    name: row.name,
    description: row.description,
    requirements: asStringArray(row.requirements),
    procedure: asStringArray(row.procedure),
    timeLimit: row.time_limit,
    feeRupiah: row.fee_rupiah,
    legalBasis: row.legal_basis,
    updatedAt: row.updated_at,
    source: toSourceLink(row),
  };
}

function toSourceLink(row: SourceColumns): SourceLink | null {
  if (row.source_agency === null || row.source_ref === null) return null;
  return { agency: asAgencyCode(row.source_agency), ref: row.source_ref, syncedAt: row.synced_at };
}

export function toCounter(row: CounterRow): Counter {
  return {
    id: row.id,
    officeCode: row.office_code,
    code: row.code,
    name: row.name,
    agencyCode: asAgencyCode(row.agency_code),
    isOpen: row.is_open,
  };
}

function asAgencyCode(value: string): AgencyCode {
  if (!isAgencyCode(value)) throw new Error(`unknown agency code in the database: ${value}`);
  return value;
}

function asStringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
