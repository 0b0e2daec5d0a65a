/**
 * The hub's copy of what the agencies' own systems publish: offices and services with a source link, written by the
 * catalog sync and read like the rest of the catalog. The copy is the last good one: when a source is down the hub
 * keeps serving it, marked stale (see {@link CatalogSyncState}).
 *
 * An entry is matched to its source by (agency, source key). An entry the hub already had without a link (the demo
 * seed, or an admin who typed it in before the source was connected) is adopted by code, or for offices by exact name,
 * so that counters, tickets and ticket letters attached to it stay.
 */
import type { Knex } from 'knex';
import type { AgencyCode, Office } from '../domain/catalog.js';
import type { SourceCatalog, SourceOffice, SourceService } from '../../connectors/types.js';
import type { Logger } from '../logger.js';
import { alignOne } from './keyed.js';
import { OFFICE_COLUMNS, publishCatalogChange, toOffice, type OfficeRow } from './catalog.js';

export interface CatalogSyncState {
  agency: AgencyCode;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  /** Client-facing code of the last failure; null when the last attempt succeeded. */
  lastErrorCode: string | null;
  offices: number;
  services: number;
}

export interface AppliedCatalog {
  offices: number;
  services: number;
  /** Entries new to the hub in this sync. */
  addedOffices: number;
  addedServices: number;
}

interface LinkedRow {
  code: string;
  agency_code: string | null;
  source_agency: string | null;
  source_ref: string | null;
  name: string;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

export class SourceCatalogStore {
  /** @param catalogChanged told after a sync committed, to drop this instance's catalog snapshot (CatalogStore). */
  constructor(
    private readonly knex: Knex,
    private readonly catalogChanged: () => void = () => {},
  ) {}

  /**
   * Writes one agency's catalog as the source published it, and the sync's success, in one transaction; every
   * instance's catalog snapshot is dropped once it commits.
   */
  async apply(agency: AgencyCode, catalog: SourceCatalog, syncedAt: Date, log: Logger): Promise<AppliedCatalog> {
    const applied = await this.applyInTransaction(agency, catalog, syncedAt, log);
    this.catalogChanged();
    return applied;
  }

  private applyInTransaction(agency: AgencyCode, catalog: SourceCatalog, syncedAt: Date, log: Logger): Promise<AppliedCatalog> {
    return this.knex.transaction(async (trx) => {
      await publishCatalogChange(trx);
      // Two instances syncing one agency at once would both insert the same new entries: they take turns.
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`sepucuk:catalog-sync:${agency}`]);
      const services = await this.applyServices(trx, agency, catalog.services, syncedAt, log);
      const offices = await this.applyOffices(trx, agency, catalog.offices, syncedAt, log);
      await this.linkServices(trx, catalog.offices, offices.codeByRef, services.codeByRef);
      await trx('catalog_sync')
        .insert({
          agency_code: agency,
          last_attempt_at: syncedAt,
          last_success_at: syncedAt,
          last_error_code: null,
          offices: catalog.offices.length,
          services: catalog.services.length,
        })
        .onConflict('agency_code')
        .merge();
      return { offices: catalog.offices.length, services: catalog.services.length, addedOffices: offices.added, addedServices: services.added };
    });
  }

  /** Records a failed sync; the copy from the last success stays and is served as stale. */
  async recordFailure(agency: AgencyCode, errorCode: string, at: Date): Promise<void> {
    await this.knex('catalog_sync')
      .insert({ agency_code: agency, last_attempt_at: at, last_error_code: errorCode })
      .onConflict('agency_code')
      .merge(['last_attempt_at', 'last_error_code']);
  }

  async syncStates(agencies: readonly AgencyCode[]): Promise<(CatalogSyncState | null)[]> {
    const rows: {
      agency_code: AgencyCode;
      last_attempt_at: Date;
      last_success_at: Date | null;
      last_error_code: string | null;
      offices: number;
      services: number;
    }[] = await this.knex('catalog_sync').select('*').whereIn('agency_code', agencies);
    return alignOne(agencies, rows, (r) => r.agency_code, (r) => ({
      agency: r.agency_code,
      lastAttemptAt: r.last_attempt_at,
      lastSuccessAt: r.last_success_at,
      lastErrorCode: r.last_error_code,
      offices: r.offices,
      services: r.services,
    }));
  }

  /** Source keys of the offices the hub has linked to `agency` (e.g. the NPSNs of registered schools). */
  async officeRefs(agency: AgencyCode): Promise<string[]> {
    const rows: { source_ref: string }[] = await this.knex('office').select('source_ref').where('source_agency', agency).orderBy('source_ref');
    return rows.map((r) => r.source_ref);
  }

  /** Offices by `AGENCY:ref` keys, for assignments that name their place by the source's key. */
  async officesBySourceKey(keys: readonly string[]): Promise<(Office | null)[]> {
    const pairs = keys.map((key) => {
      const at = key.indexOf(':');
      return [key.slice(0, at), key.slice(at + 1)] as const;
    });
    const rows: OfficeRow[] =
      pairs.length === 0
        ? []
        : await this.knex('office as o')
            .select(OFFICE_COLUMNS)
            .whereIn(['o.source_agency', 'o.source_ref'], pairs.map(([agency, ref]) => [agency, ref]));
    return alignOne(keys, rows, (r) => `${r.source_agency}:${r.source_ref}`, toOffice);
  }

  private async applyServices(trx: Knex.Transaction, agency: AgencyCode, services: readonly SourceService[], syncedAt: Date, log: Logger) {
    const existing = await this.linkedRows(trx, 'service', agency, services);
    const codeByRef = new Map<string, string>();
    let added = 0;
    for (const service of services) {
      const standard = {
        name: service.name,
        description: service.description,
        // What the source does not publish stays as the hub's catalog has it.
        ...(service.requirements === null ? {} : { requirements: JSON.stringify(service.requirements) }),
        ...(service.procedure === null ? {} : { procedure: JSON.stringify(service.procedure) }),
        ...(service.timeLimit === null ? {} : { time_limit: service.timeLimit }),
        ...(service.feeRupiah === null ? {} : { fee_rupiah: service.feeRupiah }),
        ...(service.legalBasis === null ? {} : { legal_basis: service.legalBasis }),
      };
      const row = existing.match(service.ref, service.code, null);
      if (row === undefined) {
        if (existing.codeTaken(service.code)) {
          log.warn({ agency, code: service.code }, 'catalog sync: a service of another owner has this code; left out');
          continue;
        }
        await trx('service').insert({ code: service.code, agency_code: agency, ...standard, source_agency: agency, source_ref: service.ref, synced_at: syncedAt });
        added++;
        codeByRef.set(service.ref, service.code);
        continue;
      }
      await updateIfChanged(trx, 'service', row.code, standard, { source_agency: agency, source_ref: service.ref, synced_at: syncedAt });
      codeByRef.set(service.ref, row.code);
    }
    return { codeByRef, added };
  }

  private async applyOffices(trx: Knex.Transaction, agency: AgencyCode, offices: readonly SourceOffice[], syncedAt: Date, log: Logger) {
    const existing = await this.linkedRows(trx, 'office', agency, offices);
    const codeByRef = new Map<string, string>();
    let added = 0;
    for (const office of offices) {
      const published = { name: office.name, kind: office.kind, address: office.address, regency_code: office.regencyCode };
      const row = existing.match(office.ref, office.code, office.name);
      if (row === undefined) {
        if (existing.codeTaken(office.code)) {
          log.warn({ agency, code: office.code }, 'catalog sync: an office of another owner has this code; left out');
          continue;
        }
        await trx('office').insert({ code: office.code, agency_code: agency, ...published, source_agency: agency, source_ref: office.ref, synced_at: syncedAt });
        added++;
        codeByRef.set(office.ref, office.code);
        continue;
      }
      await updateIfChanged(trx, 'office', row.code, published, { source_agency: agency, source_ref: office.ref, synced_at: syncedAt });
      codeByRef.set(office.ref, row.code);
    }
    return { codeByRef, added };
  }

  /** Offers each published service at each office that publishes it, with a ticket letter free at that office. */
  private async linkServices(
    trx: Knex.Transaction,
    offices: readonly SourceOffice[],
    officeCodeByRef: ReadonlyMap<string, string>,
    serviceCodeByRef: ReadonlyMap<string, string>,
  ): Promise<void> {
    const officeCodes = [...officeCodeByRef.values()];
    if (officeCodes.length === 0) return;
    const rows: { office_code: string; service_code: string; ticket_prefix: string }[] = await trx('office_service')
      .select('office_code', 'service_code', 'ticket_prefix')
      .whereIn('office_code', officeCodes);
    const offered = new Set(rows.map((r) => `${r.office_code}/${r.service_code}`));
    const lettersInUse = new Map<string, Set<string>>();
    for (const row of rows) (lettersInUse.get(row.office_code) ?? lettersInUse.set(row.office_code, new Set()).get(row.office_code)!).add(row.ticket_prefix);
    const links: { office_code: string; service_code: string; ticket_prefix: string }[] = [];
    for (const office of offices) {
      const officeCode = officeCodeByRef.get(office.ref);
      if (officeCode === undefined) continue;
      for (const serviceRef of office.serviceRefs) {
        const serviceCode = serviceCodeByRef.get(serviceRef);
        if (serviceCode === undefined || offered.has(`${officeCode}/${serviceCode}`)) continue;
        const used = lettersInUse.get(officeCode) ?? lettersInUse.set(officeCode, new Set()).get(officeCode)!;
        const letter = freeLetter(used);
        if (letter === null) continue;
        used.add(letter);
        offered.add(`${officeCode}/${serviceCode}`);
        links.push({ office_code: officeCode, service_code: serviceCode, ticket_prefix: letter });
      }
    }
    if (links.length > 0) await trx('office_service').insert(links).onConflict(['office_code', 'service_code']).ignore();
  }

  /** The hub's rows an answer may match: linked to this agency's refs, or unlinked with one of the proposed codes or names. */
  private async linkedRows(trx: Knex.Transaction, table: 'office' | 'service', agency: AgencyCode, entries: readonly { ref: string; code: string; name: string }[]) {
    const refs = entries.map((e) => e.ref);
    const codes = entries.map((e) => e.code);
    const names = table === 'office' ? entries.map((e) => e.name) : [];
    const rows: LinkedRow[] =
      entries.length === 0
        ? []
        : await trx(table)
            .select('code', 'agency_code', 'source_agency', 'source_ref', 'name')
            .where((q) => {
              q.where((q2) => q2.where('source_agency', agency).whereIn('source_ref', refs)).orWhereIn('code', codes);
              if (names.length > 0) q.orWhere((q2) => q2.whereNull('source_ref').where('agency_code', agency).whereIn('name', names));
            })
            .forUpdate();
    const byRef = new Map(rows.filter((r) => r.source_agency === agency).map((r) => [r.source_ref, r]));
    const adoptable = rows.filter((r) => r.source_ref === null && (r.agency_code === agency || r.agency_code === null));
    const byCode = new Map(adoptable.map((r) => [r.code, r]));
    const byName = new Map(adoptable.filter((r) => r.agency_code === agency).map((r) => [r.name, r]));
    const taken = new Set(rows.map((r) => r.code));
    return {
      match: (ref: string, code: string, name: string | null): LinkedRow | undefined =>
        byRef.get(ref) ?? byCode.get(code) ?? (name === null ? undefined : byName.get(name)),
      codeTaken: (code: string) => taken.has(code),
    };
  }
}

const JSON_COLUMNS: ReadonlySet<string> = new Set(['requirements', 'procedure']);

/**
 * Writes the published fields and the link in one statement; `updated_at` moves only when the content changed, so
 * that it keeps meaning "the content changed" however often the sync confirms an entry.
 */
async function updateIfChanged(
  trx: Knex.Transaction,
  table: 'office' | 'service',
  code: string,
  published: Record<string, string | number>,
  link: { source_agency: string; source_ref: string; synced_at: Date },
): Promise<void> {
  const columns = Object.keys(published);
  // In an UPDATE, column names in SET expressions read the row as it was before the statement.
  const changed = columns.map((c) => (JSON_COLUMNS.has(c) ? `${c} is distinct from ?::jsonb` : `${c}::text is distinct from ?::text`)).join(' or ');
  const values = columns.map((c) => String(published[c]));
  await trx(table)
    .where('code', code)
    .update({ ...published, ...link, updated_at: trx.raw(`case when ${changed} then now() else updated_at end`, values) });
}

function freeLetter(used: ReadonlySet<string>): string | null {
  for (const letter of LETTERS) if (!used.has(letter)) return letter;
  for (const first of LETTERS) for (const second of LETTERS) if (!used.has(first + second)) return first + second;
  return null;
}
