/**
 * Performance figures in SQL over tickets, surveys and complaints and the hub's copy of BKD's staff records: a fixed
 * number of statements per figure, whatever the number of staff, tickets or surveys, and no source call. The rules
 * (what is attributed to whom, what the indicators mean) are in src/domain/performance.ts.
 */
import type { Knex } from 'knex';
import type { AgencyCode } from '../domain/catalog.js';
import type { ElementSums } from '../domain/ikm.js';
import { EMPTY_SIDE, EMPTY_TOTALS, type ImpactSide, type Period, type ServiceTotals } from '../domain/performance.js';
import type { SkpRating, TrainingKind } from '../domain/staff.js';
import { SKP_RATINGS } from '../domain/staff.js';
import type { StaffScope } from './staff-copy.js';

/** Whose tickets: named officers, the staff of a scope in the copy, or the counters an agency runs. */
export type Population =
  | { kind: 'officers'; nips: readonly string[] }
  | { kind: 'staff'; scope: StaffScope }
  | { kind: 'counters'; agency: AgencyCode };

/** One total for the whole population, one per officer (NIP), or one per counter (id). */
export type Grouping = 'NONE' | 'OFFICER' | 'COUNTER';

export interface ServiceQuery {
  population: Population;
  groupBy: Grouping;
  period: Period;
  /** Also compare each ticket's handling time with its service's province-wide median in the period (recognition). */
  relativeHandling: boolean;
}

export interface SkpCounts {
  year: number;
  counts: Record<SkpRating, number>;
}

export interface TrainingCoverageTotals {
  staff: number;
  trainedLast12Months: number;
  hoursLast12Months: number;
  untrainedLast24Months: number;
}

export interface TrainingMatch {
  /** Exact name, case and surrounding spaces aside. */
  name: string | null;
  kind: TrainingKind | null;
  agency: AgencyCode | null;
  /** Only completions (end dates) in this range, when given. */
  completedFrom: string | null;
  completedTo: string | null;
  windowDays: number;
}

export interface ImpactTotals {
  /** Staff in scope who finished the training (with a known end date). */
  finishers: number;
  before: ImpactSide;
  after: ImpactSide;
  /** The same per service code. */
  byService: Map<string, { before: ImpactSide; after: ImpactSide }>;
}

type Sql = { sql: string; bindings: Knex.RawBinding[] };

const ANSWERS = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `u${n}`);
const ANSWER_SUMS = ANSWERS.map((c) => `sum(r.${c})::int as ${c}`).join(', ');
const HANDLING = `extract(epoch from t.done_at - t.serving_at) / 60`;
const COMPLAINT_DAY = `(c.submitted_at at time zone 'Asia/Jakarta')::date`;

export class PerformanceStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Tickets, handling times, no-shows, surveys and complaints of a population in a period: three statements, whatever
   * the grouping. Keys: NIPs (OFFICER), counter ids (COUNTER) or '' (NONE); groups with nothing are absent.
   */
  async serviceTotals(query: ServiceQuery): Promise<Map<string, ServiceTotals>> {
    const [tickets, surveys, complaints] = await Promise.all([this.ticketTotals(query), this.surveyTotals(query), this.complaintTotals(query)]);
    const keys = new Set([...tickets.keys(), ...surveys.keys(), ...complaints.keys()]);
    const result = new Map<string, ServiceTotals>();
    for (const key of keys) {
      result.set(key, {
        ...EMPTY_TOTALS,
        ...tickets.get(key),
        ...(surveys.has(key) ? { surveys: surveys.get(key) as ElementSums } : {}),
        ...complaints.get(key),
      });
    }
    return result;
  }

  /** SKP ratings per year of the staff in scope, for the years the period touches: one statement. */
  async skpCounts(scope: StaffScope, fromYear: number, toYear: number): Promise<SkpCounts[]> {
    const query = this.knex('staff_evaluation as e')
      .join('staff_record as s', 's.nip', 'e.nip')
      .select('e.year', 'e.rating')
      .count('* as n')
      .whereBetween('e.year', [fromYear, toYear])
      .groupBy('e.year', 'e.rating');
    scope.agency !== null && query.where('s.agency_code', scope.agency);
    scope.workUnitId !== null && query.where('s.work_unit_id', scope.workUnitId);
    const rows = (await query) as unknown as { year: number; rating: SkpRating; n: number }[];
    const years: SkpCounts[] = [];
    for (let year = toYear; year >= fromYear; year--) {
      const counts = Object.fromEntries(SKP_RATINGS.map((r) => [r, 0])) as Record<SkpRating, number>;
      for (const row of rows) if (Number(row.year) === year) counts[row.rating] = Number(row.n);
      years.push({ year, counts });
    }
    return years;
  }

  /**
   * Staff in scope, those with a training that ended in the 12 months up to `asOf` and its hours, and those with none
   * in 24 months: one statement.
   */
  async trainingCoverage(scope: StaffScope, asOf: string): Promise<TrainingCoverageTotals> {
    const window = (months: number) => `t.end_date > (?::date - interval '${months} months')::date and t.end_date <= ?::date`;
    const where = staffScopeSql(scope);
    const result: { rows: { staff: number; trained: number; hours: number; untrained: number }[] } = await this.knex.raw(
      `select count(*)::int as staff,
              count(*) filter (where recent.n > 0)::int as trained,
              coalesce(sum(recent.hours), 0)::int as hours,
              count(*) filter (where not exists (select 1 from staff_training t where t.nip = s.nip and ${window(24)}))::int as untrained
         from staff_record s
         cross join lateral (select count(*) as n, sum(t.hours) as hours from staff_training t where t.nip = s.nip and ${window(12)}) recent
        where ${where.sql}`,
      [asOf, asOf, asOf, asOf, ...where.bindings],
    );
    const row = result.rows[0];
    return { staff: row?.staff ?? 0, trainedLast12Months: row?.trained ?? 0, hoursLast12Months: Number(row?.hours ?? 0), untrainedLast24Months: row?.untrained ?? 0 };
  }

  /**
   * A training's finishers (staff in scope; each at their first completion in the range) and their service in
   * `windowDays` before their completion day against as many days after it, pooled over people, overall and per
   * service: four statements.
   */
  async trainingImpact(match: TrainingMatch): Promise<ImpactTotals> {
    const finished = this.finishedSql(match);
    const side = `case when t.service_day < f.ended then 'BEFORE' else 'AFTER' end`;
    const inWindow = `t.service_day between f.ended - ?::int and f.ended + ?::int and t.service_day <> f.ended`;
    const w = [match.windowDays, match.windowDays];
    const [count, tickets, surveys, complaints] = await Promise.all([
      this.knex.raw(`with f as (${finished.sql}) select count(*)::int as n from f`, finished.bindings) as Promise<{ rows: { n: number }[] }>,
      this.knex.raw(
        `with f as (${finished.sql}),
              x as (select ${side} as side, t.service_code, t.served_by_nip as nip, ${HANDLING} as minutes
                      from ticket t join f on f.nip = t.served_by_nip
                     where t.status = 'DONE' and t.serving_at is not null and ${inWindow})
         select side, service_code, grouping(service_code) as overall, count(distinct nip)::int as people, count(*)::int as tickets,
                percentile_cont(0.5) within group (order by minutes) as median
           from x group by grouping sets ((side), (side, service_code))`,
        [...finished.bindings, ...w],
      ) as Promise<{ rows: { side: Side; service_code: string | null; overall: number; people: number; tickets: number; median: number | null }[] }>,
      this.knex.raw(
        `with f as (${finished.sql}),
              x as (select ${side} as side, t.service_code, ${ANSWERS.map((c) => `r.${c}`).join(', ')} from survey_response r
                      join ticket t on t.id = r.ticket_id join f on f.nip = r.officer_nip
                     where ${inWindow})
         select side, service_code, grouping(service_code) as overall, count(*)::int as responses, ${ANSWER_SUMS}
           from x r group by grouping sets ((side), (side, service_code))`,
        [...finished.bindings, ...w],
      ) as Promise<{ rows: ({ side: Side; service_code: string | null; overall: number; responses: number } & Record<string, number>)[] }>,
      this.knex.raw(
        `with f as (${finished.sql}),
              x as (select ${side} as side, t.service_code, c.id from complaint c
                      join ticket t on t.id = c.ticket_id join f on f.nip = t.served_by_nip
                     where c.kind = 'PENGADUAN' and ${inWindow})
         select side, service_code, grouping(service_code) as overall, count(distinct id)::int as complaints
           from x group by grouping sets ((side), (side, service_code))`,
        [...finished.bindings, ...w],
      ) as Promise<{ rows: { side: Side; service_code: string | null; overall: number; complaints: number }[] }>,
    ]);
    const totals: ImpactTotals = { finishers: count.rows[0]?.n ?? 0, before: { ...EMPTY_SIDE }, after: { ...EMPTY_SIDE }, byService: new Map() };
    const sideOf = (row: { side: Side; service_code: string | null; overall: number }): ImpactSide => {
      if (Number(row.overall) === 1 || row.service_code === null) return row.side === 'BEFORE' ? totals.before : totals.after;
      let entry = totals.byService.get(row.service_code);
      if (entry === undefined) totals.byService.set(row.service_code, (entry = { before: { ...EMPTY_SIDE }, after: { ...EMPTY_SIDE } }));
      return row.side === 'BEFORE' ? entry.before : entry.after;
    };
    for (const row of tickets.rows) Object.assign(sideOf(row), { people: row.people, tickets: row.tickets, medianHandlingMinutes: row.median === null ? null : Number(row.median) });
    for (const row of surveys.rows) sideOf(row).surveys = { responses: row.responses, sums: ANSWERS.map((c) => Number(row[c] ?? 0)) };
    for (const row of complaints.rows) sideOf(row).complaints = row.complaints;
    return totals;
  }

  /** The finishers of a training: one row per NIP with `ended`, their first completion in the range. */
  private finishedSql(match: TrainingMatch): Sql {
    const conditions = ['st.end_date is not null'];
    const bindings: Knex.RawBinding[] = [];
    if (match.name !== null) {
      conditions.push('lower(st.name) = lower(?)');
      bindings.push(match.name.trim());
    }
    if (match.kind !== null) {
      conditions.push('st.kind = ?');
      bindings.push(match.kind);
    }
    if (match.agency !== null) {
      conditions.push('s.agency_code = ?');
      bindings.push(match.agency);
    }
    if (match.completedFrom !== null) {
      conditions.push('st.end_date >= ?::date');
      bindings.push(match.completedFrom);
    }
    if (match.completedTo !== null) {
      conditions.push('st.end_date <= ?::date');
      bindings.push(match.completedTo);
    }
    return {
      sql: `select st.nip, min(st.end_date) as ended from staff_training st join staff_record s on s.nip = st.nip where ${conditions.join(' and ')} group by st.nip`,
      bindings,
    };
  }

  private async ticketTotals(query: ServiceQuery): Promise<Map<string, Partial<ServiceTotals>>> {
    const who = ticketPopulation(query.population);
    const key = ticketKey(query.groupBy);
    const { from, to } = query.period;
    const medians = query.relativeHandling
      ? `with med as materialized (select service_code, percentile_cont(0.5) within group (order by ${HANDLING}) as minutes
                        from ticket t where t.status = 'DONE' and t.serving_at is not null and t.service_day between ?::date and ?::date
                       group by service_code) `
      : '';
    const result: {
      rows: { key: string; done: number; skipped: number; median: number | null; p90: number | null; handling: number | null; expected: number | null }[];
    } = await this.knex.raw(
      `${medians}select ${key} as key,
              count(*) filter (where t.status = 'DONE')::int as done,
              count(*) filter (where t.status = 'SKIPPED')::int as skipped,
              percentile_cont(0.5) within group (order by ${HANDLING}) as median,
              percentile_cont(0.9) within group (order by ${HANDLING}) as p90,
              ${query.relativeHandling ? `sum(${HANDLING}) as handling, sum(med.minutes) filter (where t.status = 'DONE' and t.serving_at is not null) as expected` : 'null::float as handling, null::float as expected'}
         from ticket t ${query.relativeHandling ? 'left join med on med.service_code = t.service_code' : ''}
        where t.status in ('DONE', 'SKIPPED') and t.service_day between ?::date and ?::date and ${who.sql}
        group by 1`,
      [...(query.relativeHandling ? [from, to] : []), from, to, ...who.bindings],
    );
    return new Map(
      result.rows.map((r) => [
        String(r.key),
        {
          done: r.done,
          skipped: r.skipped,
          medianHandlingMinutes: r.median === null ? null : Number(r.median),
          p90HandlingMinutes: r.p90 === null ? null : Number(r.p90),
          relativeHandling: r.handling === null || r.expected === null || Number(r.expected) === 0 ? null : Number(r.handling) / Number(r.expected),
        },
      ]),
    );
  }

  private async surveyTotals(query: ServiceQuery): Promise<Map<string, ElementSums>> {
    const who = surveyPopulation(query.population);
    const key = surveyKey(query.groupBy);
    const result: { rows: ({ key: string; responses: number } & Record<string, number>)[] } = await this.knex.raw(
      `select ${key} as key, count(*)::int as responses, ${ANSWER_SUMS}
         from survey_response r
        where r.service_day between ?::date and ?::date and ${who.sql}
        group by 1`,
      [query.period.from, query.period.to, ...who.bindings],
    );
    return new Map(result.rows.map((r) => [String(r.key), { responses: r.responses, sums: ANSWERS.map((c) => Number(r[c] ?? 0)) }]));
  }

  private async complaintTotals(query: ServiceQuery): Promise<Map<string, Pick<ServiceTotals, 'complaintsAboutTickets' | 'complaintsAboutServices'>>> {
    const who = ticketPopulation(query.population);
    const key = ticketKey(query.groupBy);
    const { from, to } = query.period;
    const result: { rows: { key: string; about_tickets: number; about_services: number }[] } = await this.knex.raw(
      `with direct as (
              select ${key} as key, c.id from complaint c join ticket t on t.id = c.ticket_id
               where c.kind = 'PENGADUAN' and ${COMPLAINT_DAY} between ?::date and ?::date and ${who.sql}),
            served as (
              select distinct ${key} as key, t.office_code, t.service_code from ticket t
               where t.status = 'DONE' and t.service_day between ?::date and ?::date and ${who.sql}),
            indirect as (
              select s.key, c.id from complaint c
                join served s on s.service_code = c.service_code and (c.office_code is null or c.office_code = s.office_code)
               where c.ticket_id is null and c.kind = 'PENGADUAN' and ${COMPLAINT_DAY} between ?::date and ?::date)
       select key, count(distinct id) filter (where about = 'TICKET')::int as about_tickets,
                   count(distinct id) filter (where about = 'SERVICE')::int as about_services
         from (select key, id, 'TICKET' as about from direct union all select key, id, 'SERVICE' as about from indirect) x
        group by key`,
      [from, to, ...who.bindings, from, to, ...who.bindings, from, to],
    );
    return new Map(result.rows.map((r) => [String(r.key), { complaintsAboutTickets: r.about_tickets, complaintsAboutServices: r.about_services }]));
  }
}

type Side = 'BEFORE' | 'AFTER';

function staffScopeSql(scope: StaffScope, alias = 's'): Sql {
  const conditions = ['true'];
  const bindings: Knex.RawBinding[] = [];
  if (scope.agency !== null) {
    conditions.push(`${alias}.agency_code = ?`);
    bindings.push(scope.agency);
  }
  if (scope.workUnitId !== null) {
    conditions.push(`${alias}.work_unit_id = ?`);
    bindings.push(scope.workUnitId);
  }
  return { sql: conditions.join(' and '), bindings };
}

/** A condition on `ticket t` selecting the population's tickets. */
function ticketPopulation(population: Population): Sql {
  return populationSql(population, 't.served_by_nip', 't.counter_id');
}

/** A condition on `survey_response r` selecting the population's surveys. */
function surveyPopulation(population: Population): Sql {
  return populationSql(population, 'r.officer_nip', 'r.counter_id');
}

function populationSql(population: Population, nipColumn: string, counterColumn: string): Sql {
  switch (population.kind) {
    case 'officers':
      return { sql: `${nipColumn} = any(?::text[])`, bindings: [[...population.nips]] };
    case 'staff': {
      const scope = staffScopeSql(population.scope, 'sr');
      return { sql: `${nipColumn} in (select sr.nip from staff_record sr where ${scope.sql})`, bindings: scope.bindings };
    }
    case 'counters':
      return { sql: `${counterColumn} in (select co.id from counter co where co.agency_code = ?)`, bindings: [population.agency] };
  }
}

function ticketKey(groupBy: Grouping): string {
  return keyColumn(groupBy, 't.served_by_nip', 't.counter_id');
}

function surveyKey(groupBy: Grouping): string {
  return keyColumn(groupBy, 'r.officer_nip', 'r.counter_id');
}

function keyColumn(groupBy: Grouping, nipColumn: string, counterColumn: string): string {
  switch (groupBy) {
    case 'NONE':
      return `''::text`;
    case 'OFFICER':
      return nipColumn;
    case 'COUNTER':
      return `${counterColumn}::text`;
  }
}
