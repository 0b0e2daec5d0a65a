/**
 * The hub's copy of BKD's staff records: the roster (NIP, name, rank, position, work unit, agency), each person's
 * trainings and SKP evaluations, and the state of the sync that writes it. The copy is replaced whole by each
 * successful sync, in one transaction, so a reader sees one sync's data or the previous one's, never a mix; a failed
 * sync leaves the last good copy (see {@link StaffCopyStore.recordFailure}).
 *
 * Also the organisations' own annual performance ratings, which the SKP distribution is checked against.
 */
import type { Knex } from 'knex';
import { isAgencyCode, type AgencyCode } from '../domain/catalog.js';
import type { OrganisationRating, Period, StaffSyncState } from '../domain/performance.js';
import type { Evaluation, StaffSummary, Training, WorkUnit } from '../domain/staff.js';
import { skpRating } from '../domain/staff.js';
import { alignMany, alignOne } from './keyed.js';

/** What one sync read from BKD. */
export interface StaffCopy {
  units: readonly WorkUnit[];
  staff: readonly StaffSummary[];
  /** Per NIP of `staff`. */
  trainings: ReadonlyMap<string, readonly Training[]>;
  evaluations: ReadonlyMap<string, readonly Evaluation[]>;
}

export interface AppliedStaffCopy {
  staff: number;
  trainings: number;
  evaluations: number;
}

/** The staff a summary covers: an agency's, one work unit's, or everyone's (both null). */
export interface StaffScope {
  agency: AgencyCode | null;
  workUnitId: string | null;
}

/** A staff member as the copy has them, with when the copy was made. */
export interface CopiedStaff extends StaffSummary {
  syncedAt: Date;
}

interface StaffRow {
  nip: string;
  name: string;
  front_title: string | null;
  back_title: string | null;
  rank_code: string | null;
  position_name: string | null;
  work_unit_id: string;
  work_unit_name: string;
  agency_code: string | null;
  synced_at: Date;
}

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters at ten columns. */
const CHUNK = 1_000;

const STAFF_COLUMNS = [
  's.nip',
  's.name',
  's.front_title',
  's.back_title',
  's.rank_code',
  's.position_name',
  's.work_unit_id',
  'u.name as work_unit_name',
  's.agency_code',
  's.synced_at',
];

export class StaffCopyStore {
  constructor(private readonly knex: Knex) {}

  /** Replaces the copy of `agency`'s system (BKD) with `copy` and records the success, in one transaction. */
  async apply(agency: AgencyCode, copy: StaffCopy, syncedAt: Date): Promise<AppliedStaffCopy> {
    return this.knex.transaction(async (trx) => {
      // Two instances applying at once would interleave their deletes and inserts: they take turns.
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`sepucuk:staff-sync:${agency}`]);
      const units = new Map(copy.units.map((u) => [u.id, u]));
      for (const person of copy.staff) if (!units.has(person.workUnit.id)) units.set(person.workUnit.id, person.workUnit);
      await insertChunks(trx, 'staff_work_unit', [...units.values()].map((u) => ({ id: u.id, name: u.name, agency_code: u.agency })), (q) =>
        q.onConflict('id').merge(['name', 'agency_code']),
      );
      const staff = uniqueByNip(copy.staff);
      // Trainings and evaluations are replaced whole; people no longer listed leave with theirs (on delete cascade).
      await trx('staff_training').delete();
      await trx('staff_evaluation').delete();
      await trx.raw('delete from staff_record where not (nip = any(?))', [staff.map((s) => s.nip)]);
      await insertChunks(
        trx,
        'staff_record',
        staff.map((s) => ({
          nip: s.nip,
          name: s.name,
          front_title: s.frontTitle,
          back_title: s.backTitle,
          rank_code: s.rankCode,
          position_name: s.positionName,
          work_unit_id: s.workUnit.id,
          agency_code: s.workUnit.agency,
          synced_at: syncedAt,
        })),
        (q) => q.onConflict('nip').merge(),
      );
      const trainings = staff.flatMap((s) =>
        uniqueBy(copy.trainings.get(s.nip) ?? [], (t) => `${t.kind}/${t.id}`).map((t) => ({
          nip: s.nip,
          kind: t.kind,
          source_id: t.id,
          name: t.name,
          organizer: t.organizer,
          start_date: t.startDate,
          end_date: t.endDate,
          hours: t.hours,
          certificate_number: t.certificateNumber,
        })),
      );
      const evaluations = staff.flatMap((s) =>
        uniqueBy(copy.evaluations.get(s.nip) ?? [], (e) => String(e.year)).map((e) => ({
          nip: s.nip,
          year: e.year,
          results: e.results,
          behaviour: e.behaviour,
          rating: skpRating(e.results, e.behaviour),
        })),
      );
      await insertChunks(trx, 'staff_training', trainings);
      await insertChunks(trx, 'staff_evaluation', evaluations);
      await trx.raw('delete from staff_work_unit u where not exists (select 1 from staff_record s where s.work_unit_id = u.id) and not (u.id = any(?))', [
        copy.units.map((u) => u.id),
      ]);
      const applied = { staff: staff.length, trainings: trainings.length, evaluations: evaluations.length };
      await trx('staff_sync')
        .insert({ agency_code: agency, last_attempt_at: syncedAt, last_success_at: syncedAt, last_error_code: null, ...applied })
        .onConflict('agency_code')
        .merge();
      return applied;
    });
  }

  /** Records a failed sync; the copy from the last success stays and is served as stale. */
  async recordFailure(agency: AgencyCode, errorCode: string, at: Date): Promise<void> {
    await this.knex('staff_sync')
      .insert({ agency_code: agency, last_attempt_at: at, last_error_code: errorCode })
      .onConflict('agency_code')
      .merge(['last_attempt_at', 'last_error_code']);
  }

  async syncStates(agencies: readonly AgencyCode[]): Promise<(StaffSyncState | null)[]> {
    const rows: {
      agency_code: AgencyCode;
      last_attempt_at: Date | null;
      last_success_at: Date | null;
      last_error_code: string | null;
      staff: number;
      trainings: number;
      evaluations: number;
    }[] = await this.knex('staff_sync').select('*').whereIn('agency_code', agencies);
    return alignOne(agencies, rows, (r) => r.agency_code, (r) => ({
      agency: r.agency_code,
      lastAttemptAt: r.last_attempt_at,
      lastSuccessAt: r.last_success_at,
      lastErrorCode: r.last_error_code,
      staff: r.staff,
      trainings: r.trainings,
      evaluations: r.evaluations,
    }));
  }

  /** Staff by NIP as the copy has them; null for a NIP not in it. */
  async staffByNip(nips: readonly string[]): Promise<(CopiedStaff | null)[]> {
    const rows: StaffRow[] = nips.length === 0 ? [] : await this.staffQuery().whereIn('s.nip', nips);
    return alignOne(nips, rows, (r) => r.nip, toCopiedStaff);
  }

  async workUnitsById(ids: readonly string[]): Promise<(WorkUnit | null)[]> {
    const rows: { id: string; name: string; agency_code: string | null }[] = ids.length === 0 ? [] : await this.knex('staff_work_unit').select('*').whereIn('id', ids);
    return alignOne(ids, rows, (r) => r.id, (r) => ({ id: r.id, name: r.name, agency: agencyOrNull(r.agency_code) }));
  }

  /** Trainings that ended in the period, per NIP, newest first. */
  async trainingsEnded(nips: readonly string[], period: Period): Promise<Training[][]> {
    const rows: TrainingRow[] =
      nips.length === 0
        ? []
        : await this.knex('staff_training')
            .select('nip', 'kind', 'source_id', 'name', 'organizer', 'start_date', 'end_date', 'hours', 'certificate_number')
            .whereIn('nip', nips)
            .whereBetween('end_date', [period.from, period.to])
            .orderBy([{ column: 'end_date', order: 'desc' }, { column: 'source_id' }]);
    return alignMany(nips, rows, (r) => r.nip, toTraining);
  }

  /** SKP evaluations of the years the period touches, per NIP, newest first. */
  async evaluationsIn(nips: readonly string[], period: Period): Promise<Evaluation[][]> {
    const rows: { nip: string; year: number; results: Evaluation['results']; behaviour: Evaluation['behaviour'] }[] =
      nips.length === 0
        ? []
        : await this.knex('staff_evaluation')
            .select('nip', 'year', 'results', 'behaviour')
            .whereIn('nip', nips)
            .whereBetween('year', [yearOf(period.from), yearOf(period.to)])
            .orderBy('year', 'desc');
    return alignMany(nips, rows, (r) => r.nip, (r) => ({ year: Number(r.year), results: r.results, behaviour: r.behaviour }));
  }

  /**
   * Staff in scope with no training that ended in the 24 months up to `asOf`, by name then NIP, from `after`:
   * `first + 1` rows, so the caller knows whether more follow.
   */
  async untrained(scope: StaffScope, asOf: string, first: number, after: { name: string; nip: string } | null): Promise<CopiedStaff[]> {
    const query = this.staffQuery()
      .whereNotExists((q) =>
        q
          .select(this.knex.raw('1'))
          .from('staff_training as t')
          .whereRaw('t.nip = s.nip')
          .whereRaw(`t.end_date > (?::date - interval '24 months')::date and t.end_date <= ?::date`, [asOf, asOf]),
      )
      .orderBy([{ column: 's.name' }, { column: 's.nip' }])
      .limit(first + 1);
    scopeStaff(query, scope);
    if (after !== null) query.whereRaw('(s.name, s.nip) > (?, ?)', [after.name, after.nip]);
    const rows: StaffRow[] = await query;
    return rows.map(toCopiedStaff);
  }

  /** The recorded ratings of `agency` for years `from` to `to`. */
  async organisationRatings(agency: AgencyCode, from: number, to: number): Promise<Map<number, OrganisationRating>> {
    const rows: { year: number; rating: OrganisationRating }[] = await this.knex('organisation_rating')
      .select('year', 'rating')
      .where('agency_code', agency)
      .whereBetween('year', [from, to]);
    return new Map(rows.map((r) => [Number(r.year), r.rating]));
  }

  /** Records (or replaces) an organisation's rating for a year. */
  async setOrganisationRating(agency: AgencyCode, year: number, rating: OrganisationRating, setBy: string, at: Date): Promise<void> {
    await this.knex('organisation_rating')
      .insert({ agency_code: agency, year, rating, set_at: at, set_by: setBy })
      .onConflict(['agency_code', 'year'])
      .merge(['rating', 'set_at', 'set_by']);
  }

  private staffQuery(): Knex.QueryBuilder {
    return this.knex('staff_record as s').join('staff_work_unit as u', 'u.id', 's.work_unit_id').select(STAFF_COLUMNS);
  }
}

/** Narrows a query over `staff_record as s` to a scope. */
export function scopeStaff(query: Knex.QueryBuilder, scope: StaffScope): Knex.QueryBuilder {
  if (scope.agency !== null) query.where('s.agency_code', scope.agency);
  if (scope.workUnitId !== null) query.where('s.work_unit_id', scope.workUnitId);
  return query;
}

interface TrainingRow {
  nip: string;
  kind: Training['kind'];
  source_id: string;
  name: string;
  organizer: string | null;
  start_date: string | null;
  end_date: string | null;
  hours: number | null;
  certificate_number: string | null;
}

function toTraining(row: TrainingRow): Training {
  return {
    id: row.source_id,
    kind: row.kind,
    name: row.name,
    organizer: row.organizer,
    startDate: row.start_date,
    endDate: row.end_date,
    hours: row.hours === null ? null : Number(row.hours),
    certificateNumber: row.certificate_number,
  };
}

function toCopiedStaff(row: StaffRow): CopiedStaff {
  return {
    nip: row.nip,
    name: row.name,
    frontTitle: row.front_title,
    backTitle: row.back_title,
    rankCode: row.rank_code,
    positionName: row.position_name,
    workUnit: { id: row.work_unit_id, name: row.work_unit_name, agency: agencyOrNull(row.agency_code) },
    syncedAt: row.synced_at,
  };
}

function agencyOrNull(code: string | null): AgencyCode | null {
  return code !== null && isAgencyCode(code) ? code : null;
}

function yearOf(day: string): number {
  return Number(day.slice(0, 4));
}

function uniqueByNip(staff: readonly StaffSummary[]): StaffSummary[] {
  return uniqueBy(staff, (s) => s.nip);
}

function uniqueBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(keyOf(item))) seen.set(keyOf(item), item);
  return [...seen.values()];
}

async function insertChunks(
  trx: Knex.Transaction,
  table: string,
  rows: readonly Record<string, unknown>[],
  conflict: (query: Knex.QueryBuilder) => Knex.QueryBuilder | Knex.QueryInterface = (q) => q,
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await conflict(trx(table).insert(rows.slice(i, i + CHUNK)) as Knex.QueryBuilder);
  }
}
