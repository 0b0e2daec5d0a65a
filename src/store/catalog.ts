/**
 * The hub catalog in PostgreSQL: agencies, offices, services and counters. Every read that loads by key takes a
 * list of keys and returns one result per key, in order, for the per-request DataLoaders.
 */
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
import { alignMany, alignOne } from './keyed.js';
import { containsPattern, isUuid, nothingMore, uniqueViolation, type WithinChange } from './sql.js';

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
  constructor(private readonly knex: Knex) {}

  async listAgencies(): Promise<Agency[]> {
    const rows: AgencyRow[] = await this.knex('agency').select('*').orderBy('code');
    return rows.map(toAgency);
  }

  async agenciesByCode(codes: readonly string[]): Promise<(Agency | null)[]> {
    const rows: AgencyRow[] = await this.knex('agency').select('*').whereIn('code', codes);
    return alignOne(codes, rows, (r) => r.code, toAgency);
  }

  async officesByCode(codes: readonly string[]): Promise<(Office | null)[]> {
    const rows: OfficeRow[] = await this.knex('office as o').select(OFFICE_COLUMNS).whereIn('o.code', codes);
    return alignOne(codes, rows, (r) => r.code, toOffice);
  }

  async servicesByCode(codes: readonly string[]): Promise<(Service | null)[]> {
    const rows: ServiceRow[] = await this.knex('service as s').select(SERVICE_COLUMNS).whereIn('s.code', codes);
    return alignOne(codes, rows, (r) => r.code, toService);
  }

  async countersById(ids: readonly string[]): Promise<(Counter | null)[]> {
    const valid = ids.filter(isUuid);
    const rows: CounterRow[] = valid.length === 0 ? [] : await this.knex('counter as c').select(COUNTER_COLUMNS).whereIn('c.id', valid);
    return alignOne(ids, rows, (r) => r.id, toCounter);
  }

  async officesOfServices(serviceCodes: readonly string[]): Promise<Office[][]> {
    const rows: (OfficeRow & { service_code: string })[] = await this.knex('office_service as os')
      .join('office as o', 'o.code', 'os.office_code')
      .select([...OFFICE_COLUMNS, 'os.service_code'])
      .whereIn('os.service_code', serviceCodes)
      .orderBy(['o.name', 'o.code']);
    return alignMany(serviceCodes, rows, (r) => r.service_code, toOffice);
  }

  async servicesOfOffices(officeCodes: readonly string[]): Promise<Service[][]> {
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

  /** Agencies present at each office: its owner and every agency with a service there. */
  async agencyCodesOfOffices(officeCodes: readonly string[]): Promise<AgencyCode[][]> {
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

  /** Offices each agency runs or offers services in. */
  async officesOfAgencies(agencyCodes: readonly string[]): Promise<Office[][]> {
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
    const query = this.filteredServices(filter).select(SERVICE_COLUMNS).orderBy(['s.name', 's.code']).limit(first + 1);
    if (after !== null) query.whereRaw('(s.name, s.code) > (?, ?)', [after.name, after.code]);
    const rows: ServiceRow[] = await query;
    return { services: rows.slice(0, first).map(toService), hasNextPage: rows.length > first };
  }

  async countServices(filter: ServiceFilter): Promise<number> {
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
