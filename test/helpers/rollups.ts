/**
 * The aggregates the rollups (migrations 0007 and 0008) replace, computed on the fly from tickets and responses: the oracle the
 * rollup tests compare with, written as the plain-SQL server would.
 */
import { expect } from 'vitest';
import type { Knex } from 'knex';
import type { ElementSums } from '../../src/domain/ikm.js';
import type { SatisfactionFilter, SeriesBucket } from '../../src/domain/surveys.js';

const ANSWERS = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `u${n}`);
const SUMS = `count(*)::int as responses, ${ANSWERS.map((u) => `coalesce(sum(${u}), 0)::int as ${u}`).join(', ')}`;

type Row = Record<string, unknown>;

/** Rows as comparable strings, sorted; numbers and dates normalised. */
function canonical(rows: readonly Row[]): string[] {
  const value = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? null : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v);
  return rows.map((row) => JSON.stringify(Object.keys(row).sort().map((k) => [k, value(row[k])]))).sort();
}

async function rows(knex: Knex, sql: string): Promise<Row[]> {
  const result: { rows: Row[] } = await knex.raw(sql);
  return result.rows;
}

/**
 * Every rollup table equals the aggregate it stands for (rows whose counts are all zero aside): the whole table, so
 * every filter over it is right too.
 */
export async function expectRollupsExact(knex: Knex): Promise<void> {
  // Dates as text: pg and PGlite parse `date` differently, and a time zone must not move a day.
  const checks: [string, string, string][] = [
    [
      'queue_waiting',
      `select service_day::text as day, office_code, service_code, waiting, priority_waiting from queue_waiting where waiting <> 0 or priority_waiting <> 0`,
      `select service_day::text as day, office_code, service_code, count(*)::int as waiting, (count(*) filter (where priority is not null))::int as priority_waiting
         from ticket where status = 'WAITING' group by 1, 2, 3`,
    ],
    [
      'counter_now_serving',
      `select counter_id, ticket_id from counter_now_serving`,
      `select counter_id, id as ticket_id from ticket where status in ('CALLED', 'SERVING') and counter_id is not null`,
    ],
    [
      'ticket_served_daily',
      `select service_day::text as day, office_code, service_code, tickets from ticket_served_daily where tickets <> 0`,
      `select service_day::text as day, office_code, service_code, count(*)::int as tickets from ticket where status = 'DONE' group by 1, 2, 3`,
    ],
    [
      'ticket_served_daily_officer',
      `select service_day::text as day, office_code, service_code, officer_nip, tickets from ticket_served_daily_officer where tickets <> 0`,
      `select service_day::text as day, office_code, service_code, served_by_nip as officer_nip, count(*)::int as tickets from ticket where status = 'DONE' group by 1, 2, 3, 4`,
    ],
    [
      'ticket_served_daily_service',
      `select service_day::text as day, service_code, tickets from ticket_served_daily_service where tickets <> 0`,
      `select service_day::text as day, service_code, count(*)::int as tickets from ticket where status = 'DONE' group by 1, 2`,
    ],
    [
      'survey_response_daily_service',
      `select service_day::text as day, agency_code, service_code, responses, ${ANSWERS.join(', ')} from survey_response_daily_service where responses <> 0`,
      `select service_day::text as day, agency_code, service_code, ${SUMS} from survey_response group by 1, 2, 3`,
    ],
    [
      'survey_response_daily',
      `select service_day::text as day, agency_code, service_code, office_code, responses, ${ANSWERS.join(', ')} from survey_response_daily where responses <> 0`,
      `select service_day::text as day, agency_code, service_code, office_code, ${SUMS} from survey_response group by 1, 2, 3, 4`,
    ],
    [
      'survey_response_daily_officer',
      `select service_day::text as day, agency_code, service_code, office_code, officer_nip, responses, ${ANSWERS.join(', ')} from survey_response_daily_officer where responses <> 0`,
      `select service_day::text as day, agency_code, service_code, office_code, officer_nip, ${SUMS} from survey_response group by 1, 2, 3, 4, 5`,
    ],
  ];
  for (const [table, rollup, live] of checks) {
    const [kept, computed] = await Promise.all([rows(knex, rollup), rows(knex, live)]);
    expect(canonical(kept), table).toEqual(canonical(computed));
  }
  // Sums of a row with no responses left are zero too (a response deleted or moved to another key).
  for (const table of ['survey_response_daily', 'survey_response_daily_service']) {
    const stale = await rows(knex, `select * from ${table} where responses = 0 and (${ANSWERS.map((u) => `${u} <> 0`).join(' or ')})`);
    expect(stale, table).toEqual([]);
  }
}

function surveyWhere(query: Knex.QueryBuilder, filter: SatisfactionFilter): Knex.QueryBuilder {
  if (filter.agency !== null) query.where('agency_code', filter.agency);
  if (filter.serviceCode !== null) query.where('service_code', filter.serviceCode);
  if (filter.officeCode !== null) query.where('office_code', filter.officeCode);
  if (filter.officerNip !== null) query.where('officer_nip', filter.officerNip);
  if (filter.from !== null) query.where('service_day', '>=', filter.from);
  if (filter.to !== null) query.where('service_day', '<=', filter.to);
  return query;
}

/** Element sums straight from the responses. */
export async function liveElementSums(knex: Knex, filter: SatisfactionFilter): Promise<ElementSums> {
  const row: Row | undefined = await surveyWhere(knex('survey_response'), filter).select(knex.raw(SUMS)).first();
  return { responses: Number(row?.['responses'] ?? 0), sums: ANSWERS.map((u) => Number(row?.[u] ?? 0)) };
}

/** Element sums per bucket straight from the responses. */
export async function liveElementSumsByBucket(knex: Knex, filter: SatisfactionFilter, bucket: SeriesBucket): Promise<Map<string, ElementSums>> {
  const unit = { DAY: 'day', WEEK: 'week', MONTH: 'month' }[bucket];
  const found: Row[] = await surveyWhere(knex('survey_response'), filter)
    .select(knex.raw(`to_char(date_trunc('${unit}', service_day), 'YYYY-MM-DD') as bucket, ${SUMS}`))
    .groupBy('bucket');
  return new Map(found.map((r) => [String(r['bucket']), { responses: Number(r['responses']), sums: ANSWERS.map((u) => Number(r[u])) }]));
}

/** DONE tickets straight from the tickets (the agency through the ticket's service). */
export async function liveServedTickets(knex: Knex, filter: SatisfactionFilter): Promise<number> {
  const query = knex('ticket as t').where('t.status', 'DONE');
  if (filter.serviceCode !== null) query.where('t.service_code', filter.serviceCode);
  if (filter.officeCode !== null) query.where('t.office_code', filter.officeCode);
  if (filter.officerNip !== null) query.where('t.served_by_nip', filter.officerNip);
  if (filter.from !== null) query.where('t.service_day', '>=', filter.from);
  if (filter.to !== null) query.where('t.service_day', '<=', filter.to);
  if (filter.agency !== null) query.join('service as s', 's.code', 't.service_code').where('s.agency_code', filter.agency);
  const [row] = await query.count<{ count: number }[]>('* as count');
  return Number(row?.count ?? 0);
}
