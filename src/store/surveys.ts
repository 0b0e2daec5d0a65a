/**
 * Survey responses in PostgreSQL, and the satisfaction figures computed in SQL from the daily rollups the database
 * keeps in step with every response and ticket (migration 0007): one statement per aggregate (sums per element, served
 * tickets, a series), whatever the number of responses, and one for any number of filters.
 */
import type { Knex } from 'knex';
import { isAgencyCode, type AgencyCode } from '../domain/catalog.js';
import type { ElementSums } from '../domain/ikm.js';
import { jakartaDay } from '../domain/queue.js';
import type { Respondent, SatisfactionFilter, SeriesBucket, SurveyResponse } from '../domain/surveys.js';
import { badUserInput, conflict } from '../errors.js';
import { isUuid, nothingMore, prepared, uniqueViolation, type WithinChange } from './sql.js';

const ELEMENTS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
const ANSWER_COLUMNS = ELEMENTS.map((n) => `u${n}`);

export interface SubmitSurveyCommand {
  serviceCode: string;
  officeCode: string | null;
  ticketId: string | null;
  answers: readonly number[];
  comment: string | null;
  respondent: Respondent;
  idempotency: { scope: string; key: string } | null;
  now: Date;
  /** The audit entry, last in the survey's transaction (not run for a replay, which writes nothing). */
  within?: WithinChange<SurveyResponse>;
}

interface SurveyRow {
  id: string;
  service_code: string;
  agency_code: string;
  office_code: string | null;
  ticket_id: string | null;
  u1: number;
  u2: number;
  u3: number;
  u4: number;
  u5: number;
  u6: number;
  u7: number;
  u8: number;
  u9: number;
  comment: string | null;
  age_band: string | null;
  sex: string | null;
  education: string | null;
  occupation: string | null;
  submitted_at: Date;
}

const SURVEY_COLUMNS = ['id', 'service_code', 'agency_code', 'office_code', 'ticket_id', ...ANSWER_COLUMNS, 'comment', 'age_band', 'sex', 'education', 'occupation', 'submitted_at'];

export class SurveyStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Stores one response, or returns the stored one for a retried idempotency key. A survey about a ticket takes the
   * ticket's office, counter and officer; the ticket must be DONE and not rated yet.
   */
  async submit(command: SubmitSurveyCommand): Promise<{ response: SurveyResponse; replayed: boolean }> {
    const replay = command.idempotency === null ? null : await this.findByIdempotencyKey(command.idempotency);
    if (replay !== null) return { response: assertSameSurvey(replay, command), replayed: true };
    try {
      return await this.knex.transaction(async (trx) => {
        const service: { agency_code: string } | undefined = await trx('service').select('agency_code').where('code', command.serviceCode).first();
        if (service === undefined) throw badUserInput(`input.serviceCode: no service ${command.serviceCode}`, 'input.serviceCode');
        const where = await this.placeOf(trx, command);
        const [row] = (await trx('survey_response')
          .insert({
            service_code: command.serviceCode,
            agency_code: service.agency_code,
            office_code: where.officeCode,
            ticket_id: command.ticketId,
            counter_id: where.counterId,
            officer_nip: where.officerNip,
            ...Object.fromEntries(ANSWER_COLUMNS.map((column, i) => [column, command.answers[i]])),
            comment: command.comment,
            age_band: command.respondent.ageBand,
            sex: command.respondent.sex,
            education: command.respondent.education,
            occupation: command.respondent.occupation,
            idempotency_scope: command.idempotency?.scope ?? null,
            idempotency_key: command.idempotency?.key ?? null,
            submitted_at: command.now,
            service_day: jakartaDay(command.now),
          })
          .returning(SURVEY_COLUMNS)) as SurveyRow[];
        const response = toSurvey(row as SurveyRow);
        await (command.within ?? nothingMore)(trx, response);
        return { response, replayed: false };
      });
    } catch (error) {
      const violation = uniqueViolation(error);
      if (violation?.constraint === 'survey_response_ticket_id_key') throw conflict('this ticket has already been rated');
      // Two retries with one key raced: the loser rolled back; answer with the winner.
      if (violation !== null && command.idempotency !== null) {
        const winner = await this.findByIdempotencyKey(command.idempotency);
        if (winner !== null) return { response: assertSameSurvey(winner, command), replayed: true };
      }
      throw error;
    }
  }

  /** Element sums per bucket (day, ISO week, month) between `from` and `to`: one statement; empty buckets are absent. */
  async elementSumsByBucket(filter: SatisfactionFilter, bucket: SeriesBucket): Promise<Map<string, ElementSums>> {
    const unit = BUCKET_UNITS[bucket];
    const rows: Record<string, string | number>[] = await surveyRollup(this.knex, filter)
      .select(
        this.knex.raw(
          `to_char(date_trunc('${unit}', r.service_day), 'YYYY-MM-DD') as bucket, sum(r.responses) as responses, ${ANSWER_COLUMNS.map((c) => `sum(r.${c}) as ${c}`).join(', ')}`,
        ),
      )
      .groupBy('bucket')
      .havingRaw('sum(r.responses) > 0');
    return new Map(rows.map((r) => [String(r['bucket']), { responses: Number(r['responses']), sums: ANSWER_COLUMNS.map((c) => Number(r[c] ?? 0)) }]));
  }

  /**
   * Element sums and served tickets (DONE: the population the survey samples; the agency scope goes through the
   * ticket's service) for each filter, in order, in one statement whatever the number of filters: the sums of the daily
   * rollups (migrations 0007, 0008), never the responses. Filters that differ only in their service (a page of services,
   * each with its satisfaction) share one grouped branch; any others get a branch each.
   */
  async satisfactionMany(filters: readonly SatisfactionFilter[]): Promise<{ sums: ElementSums; served: number }[]> {
    if (filters.length === 0) return [];
    const plan = groupFilters(filters);
    const sums = this.union(plan, surveyRollup, SURVEY_SUMS_SQL);
    const served = this.union(plan, servedRollup, SERVED_SQL);
    const sql = `with s as (${sums.sql}), t as (${served.sql})
       select coalesce(s.g, t.g) as g, coalesce(s.k, t.k) as k, ${['responses', ...ANSWER_COLUMNS].map((c) => `s.${c}`).join(', ')}, t.served
         from s full join t on s.g = t.g and coalesce(s.k, '') = coalesce(t.k, '')`;
    const bindings = [...sums.bindings, ...served.bindings];
    // One group (a page of services, or one filter) has a few dozen possible texts at most: prepared. Several groups
    // (aliases with different filters) could make a text per request: not kept.
    const result: { rows: (Record<string, string | number | null> & { g: number; k: string | null })[] } = await (plan.groups.length === 1
      ? prepared(this.knex, sql, bindings)
      : this.knex.raw(sql, bindings));
    return plan.align(result.rows).map((row) => ({ sums: elementSumsOf(row), served: Number(row?.['served'] ?? 0) }));
  }

  /** The plan's branches over `rollup`, each selecting its group `g`, its service `k` (or null) and `sums`, as one union. */
  private union(plan: FilterPlan, rollup: (knex: Knex, filter: SatisfactionFilter) => Knex.QueryBuilder, sums: string): { sql: string; bindings: Knex.RawBinding[] } {
    const parts = plan.groups.map(({ filter, services }, g) => {
      if (services.length === 0) return rollup(this.knex, filter).select(this.knex.raw(`${g}::int as g, null::text as k, ${sums}`)).toSQL();
      return rollup(this.knex, filter)
        .whereRaw('r.service_code = any(?)', [services])
        .select(this.knex.raw(`${g}::int as g, r.service_code as k, ${sums}`))
        .groupBy('r.service_code')
        .toSQL();
    });
    return { sql: parts.map((part) => `(${part.sql})`).join(' union all '), bindings: parts.flatMap((part) => part.bindings as Knex.RawBinding[]) };
  }

  /** Office, counter and officer of the survey: from its ticket when it names one, else the office given. */
  private async placeOf(trx: Knex.Transaction, command: SubmitSurveyCommand): Promise<{ officeCode: string | null; counterId: string | null; officerNip: string | null }> {
    if (command.ticketId !== null) {
      const ticket: { office_code: string; service_code: string; status: string; counter_id: string | null; served_by_nip: string | null } | undefined =
        isUuid(command.ticketId)
          ? await trx('ticket').select('office_code', 'service_code', 'status', 'counter_id', 'served_by_nip').where('id', command.ticketId).forUpdate().first()
          : undefined;
      if (ticket === undefined) throw badUserInput(`input.ticketId: no ticket ${command.ticketId}`, 'input.ticketId');
      if (ticket.service_code !== command.serviceCode) throw badUserInput(`input.serviceCode: the ticket was for ${ticket.service_code}`, 'input.serviceCode');
      if (command.officeCode !== null && command.officeCode !== ticket.office_code) {
        throw badUserInput(`input.officeCode: the ticket was taken at ${ticket.office_code}`, 'input.officeCode');
      }
      if (ticket.status !== 'DONE') throw conflict(`a ticket can be rated once it is DONE (it is ${ticket.status})`);
      return { officeCode: ticket.office_code, counterId: ticket.counter_id, officerNip: ticket.served_by_nip };
    }
    if (command.officeCode === null) return { officeCode: null, counterId: null, officerNip: null };
    const offered = await trx('office_service').where({ office_code: command.officeCode, service_code: command.serviceCode }).first('office_code');
    if (offered === undefined) throw badUserInput(`input.officeCode: ${command.officeCode} does not offer ${command.serviceCode}`, 'input.officeCode');
    return { officeCode: command.officeCode, counterId: null, officerNip: null };
  }

  private async findByIdempotencyKey(idempotency: { scope: string; key: string }): Promise<SurveyRow | null> {
    const row: SurveyRow | undefined = await this.knex('survey_response')
      .select(SURVEY_COLUMNS)
      .where({ idempotency_scope: idempotency.scope, idempotency_key: idempotency.key })
      .first();
    return row ?? null;
  }
}

const SURVEY_SUMS_SQL = `coalesce(sum(r.responses), 0) as responses, ${ANSWER_COLUMNS.map((c) => `coalesce(sum(r.${c}), 0) as ${c}`).join(', ')}`;
const SERVED_SQL = 'coalesce(sum(r.tickets), 0) as served';

function elementSumsOf(row: Record<string, unknown> | undefined): ElementSums {
  return { responses: Number(row?.['responses'] ?? 0), sums: ANSWER_COLUMNS.map((c) => Number(row?.[c] ?? 0)) };
}

/**
 * Filters grouped for one statement: those alike but for their service share a group (one branch grouped by service);
 * a filter without a service is a group of its own. `align` puts result rows (`g`, `k`) back in the filters' order.
 */
interface FilterPlan {
  readonly groups: readonly { filter: SatisfactionFilter; services: string[] }[];
  align<Row extends { g: number; k: string | null }>(rows: readonly Row[]): (Row | undefined)[];
}

function groupFilters(filters: readonly SatisfactionFilter[]): FilterPlan {
  const byKey = new Map<string, { index: number; filter: SatisfactionFilter; services: string[] }>();
  const places = filters.map((filter): string => {
    if (filter.serviceCode === null) {
      const index = byKey.size;
      byKey.set(`#${index}`, { index, filter, services: [] });
      return `${index}/`;
    }
    const alike = JSON.stringify([filter.agency, filter.officeCode, filter.officerNip, filter.from, filter.to]);
    let group = byKey.get(alike);
    if (group === undefined) {
      group = { index: byKey.size, filter: { ...filter, serviceCode: null }, services: [] };
      byKey.set(alike, group);
    }
    if (!group.services.includes(filter.serviceCode)) group.services.push(filter.serviceCode);
    return `${group.index}/${filter.serviceCode}`;
  });
  return {
    groups: [...byKey.values()].map(({ filter, services }) => ({ filter, services })),
    align(rows) {
      const found = new Map(rows.map((row) => [`${row.g}/${row.k ?? ''}`, row]));
      return places.map((place) => found.get(place));
    },
  };
}

/**
 * The smallest daily rollup that answers a filter: per officer only when it names one, per office when it names one,
 * else per service (migration 0008): the same sums with offices and officers added up, in fewer rows.
 */
function rollupTable(base: 'survey_response_daily' | 'ticket_served_daily', filter: SatisfactionFilter): string {
  if (filter.officerNip !== null) return `${base}_officer`;
  if (filter.officeCode !== null) return base;
  return `${base}_service`;
}

/** The survey rollup rows matching a filter, as `r` (from the table {@link rollupTable} picks). */
function surveyRollup(knex: Knex, filter: SatisfactionFilter): Knex.QueryBuilder {
  const query = knex(`${rollupTable('survey_response_daily', filter)} as r`);
  if (filter.officerNip !== null) query.where('r.officer_nip', filter.officerNip);
  if (filter.agency !== null) query.where('r.agency_code', filter.agency);
  if (filter.serviceCode !== null) query.where('r.service_code', filter.serviceCode);
  if (filter.officeCode !== null) query.where('r.office_code', filter.officeCode);
  if (filter.from !== null) query.where('r.service_day', '>=', filter.from);
  if (filter.to !== null) query.where('r.service_day', '<=', filter.to);
  return query;
}

/** The served-ticket rollup rows matching a filter, as `r`; the agency is the service's (as for the tickets). */
function servedRollup(knex: Knex, filter: SatisfactionFilter): Knex.QueryBuilder {
  const query = knex(`${rollupTable('ticket_served_daily', filter)} as r`);
  if (filter.officerNip !== null) query.where('r.officer_nip', filter.officerNip);
  if (filter.serviceCode !== null) query.where('r.service_code', filter.serviceCode);
  if (filter.officeCode !== null) query.where('r.office_code', filter.officeCode);
  if (filter.from !== null) query.where('r.service_day', '>=', filter.from);
  if (filter.to !== null) query.where('r.service_day', '<=', filter.to);
  if (filter.agency !== null) query.join('service as s', 's.code', 'r.service_code').where('s.agency_code', filter.agency);
  return query;
}

/** date_trunc units; PostgreSQL's weeks are ISO weeks (Monday first). */
const BUCKET_UNITS: Readonly<Record<SeriesBucket, string>> = { DAY: 'day', WEEK: 'week', MONTH: 'month' };

/** A replayed key must describe the same survey; reusing a key for another one is a client bug. */
function assertSameSurvey(row: SurveyRow, command: SubmitSurveyCommand): SurveyResponse {
  const survey = toSurvey(row);
  const same = survey.serviceCode === command.serviceCode && survey.ticketId === command.ticketId && survey.answers.every((a, i) => a === command.answers[i]);
  if (!same) throw conflict('idempotencyKey was already used for a different survey');
  return survey;
}

function toSurvey(row: SurveyRow): SurveyResponse {
  if (!isAgencyCode(row.agency_code)) throw new Error(`unknown agency code in the database: ${row.agency_code}`);
  const agencyCode: AgencyCode = row.agency_code;
  return {
    id: row.id,
    serviceCode: row.service_code,
    agencyCode,
    officeCode: row.office_code,
    ticketId: row.ticket_id,
    answers: [row.u1, row.u2, row.u3, row.u4, row.u5, row.u6, row.u7, row.u8, row.u9],
    comment: row.comment,
    // Constrained by checks in the migration.
    respondent: {
      ageBand: row.age_band as Respondent['ageBand'],
      sex: row.sex as Respondent['sex'],
      education: row.education as Respondent['education'],
      occupation: row.occupation as Respondent['occupation'],
    },
    submittedAt: row.submitted_at,
  };
}
