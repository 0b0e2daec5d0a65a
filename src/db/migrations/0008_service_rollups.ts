/**
 * Daily rollups per service, without the office: what a page of services with their satisfaction reads.
 *
 * Migration 0007's tables keep the office (and officer) dimension, so "service S over 30 days" summed a row per day
 * and per office offering S; a page of fifty services offered at three offices each read 4,500 rows per table. These
 * tables hold one row per day and service (and the service's agency, as the response recorded it), a third of that
 * and independent of how many offices offer a service. Filters naming no office and no officer read them; the rest
 * read 0007's tables as before. Same exactness: kept by the same statement-level trigger functions, in the writing
 * statement's transaction; test/rollups.test.ts compares them with the aggregates they replace.
 *
 * The trigger functions are replaced with 0007's statements plus one upsert each; the new tables are filled from
 * 0007's (which are exact), and every rollup table is analysed: a table filled in bulk has no statistics until
 * autovacuum comes by, and without them PostgreSQL scans a whole period instead of the services asked for.
 */
import type { Knex } from 'knex';
import { runStatements } from './run-statements.js';
import { ANSWERS, SERVED, SURVEY, answerColumns, rollupFunction, surveyStatements, ticketStatements, upsert, type Operation } from './0007_rollups.js';

const SERVICE_SERVED_KEYS = ['service_day', 'service_code'];
const SERVICE_SURVEY_KEYS = ['service_day', 'agency_code', 'service_code'];
const SUMS = `responses, ${ANSWERS.join(', ')}`;

function ticketStatementsWithServices(changes: string, op: Operation): string[] {
  return [...ticketStatements(changes, op), upsert('ticket_served_daily_service', SERVICE_SERVED_KEYS, SERVED, changes, `c.status = 'DONE'`)];
}

function surveyStatementsWithServices(changes: string): string[] {
  return [...surveyStatements(changes), upsert('survey_response_daily_service', SERVICE_SURVEY_KEYS, SURVEY, changes, 'true')];
}

const replaceFunction = (sql: string): string => sql.replace(/^create function/, 'create or replace function');

const ROLLUP_TABLES = [
  'queue_waiting',
  'counter_now_serving',
  'ticket_served_daily',
  'ticket_served_daily_officer',
  'ticket_served_daily_service',
  'survey_response_daily',
  'survey_response_daily_officer',
  'survey_response_daily_service',
];

export async function up(knex: Knex): Promise<void> {
  await runStatements(knex, [
    `create table ticket_served_daily_service (
      service_day  date    not null,
      service_code text    not null,
      tickets      integer not null default 0
    )`,
    // The key leads with the service: a page of services over a period is one range per service, read from the index.
    `create unique index ticket_served_daily_service_key on ticket_served_daily_service (service_code, service_day) include (tickets)`,
    `create table survey_response_daily_service (
      service_day  date    not null,
      agency_code  text    not null,
      service_code text    not null,
      responses    integer not null default 0,
      ${answerColumns}
    )`,
    `create unique index survey_response_daily_service_key on survey_response_daily_service (service_code, service_day, agency_code) include (${SUMS})`,
    `create index survey_response_daily_service_agency_idx on survey_response_daily_service (agency_code, service_day) include (${SUMS})`,

    replaceFunction(rollupFunction('ticket_rollups', ticketStatementsWithServices)),
    replaceFunction(rollupFunction('survey_response_rollups', surveyStatementsWithServices)),

    `insert into ticket_served_daily_service (service_day, service_code, tickets)
      select service_day, service_code, sum(tickets) from ticket_served_daily group by 1, 2 having sum(tickets) <> 0 order by 2, 1`,
    `insert into survey_response_daily_service (service_day, agency_code, service_code, ${SUMS})
      select service_day, agency_code, service_code, ${['responses', ...ANSWERS].map((c) => `sum(${c})`).join(', ')}
        from survey_response_daily group by 1, 2, 3 having sum(responses) <> 0 order by 3, 1, 2`,
    `analyze ${ROLLUP_TABLES.join(', ')}`,
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await runStatements(knex, [
    replaceFunction(rollupFunction('ticket_rollups', ticketStatements)),
    replaceFunction(rollupFunction('survey_response_rollups', surveyStatements)),
    `drop table survey_response_daily_service`,
    `drop table ticket_served_daily_service`,
  ]);
}
