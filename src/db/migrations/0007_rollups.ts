/**
 * Read paths that do not aggregate on every request: counters and daily rollups kept by the database itself.
 *
 * - `queue_waiting`: waiting tickets (and how many of them priority) per Asia/Jakarta day, office and service. Keyed by
 *   the ticket's own `service_day`, so "today" is the row of today's date: at midnight WIB readers simply ask for the
 *   new date (no row yet = nobody waiting) while yesterday's row keeps yesterday's leftovers, exactly what
 *   `count(*) ... where service_day = today and status = 'WAITING'` answers. No reset job, no race with midnight.
 * - `counter_now_serving`: the called or served ticket of each counter. Its primary key also makes "one active ticket
 *   per counter" a database rule, not only the store's.
 * - `ticket_served_daily(_officer)`: DONE tickets per day, office, service (and officer): the population the
 *   satisfaction survey samples (Krejcie-Morgan).
 * - `survey_response_daily(_officer)`: responses and the sums of U1..U9 per day, agency, service, office (and
 *   officer). IKM of any period and scope is computed from sums over days, so it is exact: the same sums the
 *   responses give. The coarser table answers every filter without an officer, on a fraction of the rows.
 *
 * How they stay in step: statement-level AFTER triggers on `ticket` and `survey_response`, with transition tables.
 * They run inside the writing statement's transaction (a rolled-back ticket rolls its count back), and they catch every
 * writer: the stores, the seeds' bulk inserts of history, benchmarks and tests filling tables in SQL. Working per
 * statement, a bulk insert of 300,000 tickets costs one grouped upsert per table, not 300,000. Each trigger adds the
 * statement's net change (new rows +1, old rows -1) per key, with `on conflict do update`, in key order (so two bulk
 * writers lock rows in the same order). The row lock of an upserted counter is held to commit: writers of one office's
 * service serialise on it, as takers of its letter already do on `ticket_sequence`.
 * (No `check (waiting >= 0)`: PostgreSQL checks the row an upsert proposes, a negative change, before it finds the
 * conflict. test/rollups.test.ts compares every table with the aggregate it replaces instead.)
 *
 * Existing rows are counted into the new tables here, so a database that already has history is right at once.
 *
 * Migration 0008 adds per-service tables to the same trigger functions, importing the pieces exported here (as they
 * are: this migration's own behaviour is fixed once it has run anywhere).
 */
import type { Knex } from 'knex';
import { runStatements } from './run-statements.js';

export const ANSWERS = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `u${n}`);
const ACTIVE = `('CALLED', 'SERVING')`;

/** The changed rows of one statement with a sign: +1 for rows as they are now, -1 for rows as they were. */
const CHANGES = {
  INSERT: `select n.*, 1 as sign from new_rows n`,
  UPDATE: `select o.*, -1 as sign from old_rows o union all select n.*, 1 as sign from new_rows n`,
  DELETE: `select o.*, -1 as sign from old_rows o`,
} as const;
export type Operation = keyof typeof CHANGES;

/** A trigger function running `statements(changes)` with the statement's changes, whichever the operation. */
export function rollupFunction(name: string, statements: (changes: string, op: Operation) => string[]): string {
  const branch = (op: Operation) => statements(`(${CHANGES[op]})`, op).map((s) => `    ${s};`).join('\n');
  return `create function ${name}() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then
${branch('INSERT')}
    elsif tg_op = 'UPDATE' then
${branch('UPDATE')}
    else
${branch('DELETE')}
    end if;
    return null;
  end
$$`;
}

/** The three statement triggers that feed `fn` with transition tables (PostgreSQL allows one event per such trigger). */
function rollupTriggers(table: string, fn: string): string[] {
  return [
    `create trigger ${table}_rollups_insert after insert on ${table} referencing new table as new_rows for each statement execute function ${fn}()`,
    `create trigger ${table}_rollups_update after update on ${table} referencing old table as old_rows new table as new_rows for each statement execute function ${fn}()`,
    `create trigger ${table}_rollups_delete after delete on ${table} referencing old table as old_rows for each statement execute function ${fn}()`,
  ];
}

/** Adds the net change per key to a counter table; keys whose net change is zero are left alone. */
export function upsert(table: string, keys: readonly string[], sums: Readonly<Record<string, string>>, from: string, where: string): string {
  const columns = Object.keys(sums);
  const keyList = keys.join(', ');
  return `insert into ${table} (${keyList}, ${columns.join(', ')})
      select ${keyList}, ${columns.map((c) => `coalesce(${sums[c]}, 0)`).join(', ')}
        from ${from} as c where ${where}
       group by ${keyList}
      having ${columns.map((c) => `coalesce(${sums[c]}, 0) <> 0`).join(' or ')}
       order by ${keyList}
      on conflict (${keyList}) do update set ${columns.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}`;
}

export const SERVED = { tickets: 'sum(c.sign)' };
const WAITING = { waiting: 'sum(c.sign)', priority_waiting: 'sum(c.sign) filter (where c.priority is not null)' };
export const SURVEY = { responses: 'sum(c.sign)', ...Object.fromEntries(ANSWERS.map((u) => [u, `sum(c.${u} * c.sign)`])) };

const SERVED_KEYS = ['service_day', 'office_code', 'service_code'];
const SURVEY_KEYS = ['service_day', 'agency_code', 'service_code', 'office_code'];

export function ticketStatements(changes: string, op: Operation): string[] {
  return [
    upsert('queue_waiting', ['service_day', 'office_code', 'service_code'], WAITING, changes, `c.status = 'WAITING'`),
    // Old rows out first: a recall or a start moves the same ticket out and back in. (Each skipped where it has no rows.)
    ...(op === 'INSERT' ? [] : [`delete from counter_now_serving s using ${changes} as c where c.sign = -1 and c.status in ${ACTIVE} and s.ticket_id = c.id`]),
    ...(op === 'DELETE'
      ? []
      : [
          `insert into counter_now_serving (counter_id, ticket_id)
      select c.counter_id, c.id from ${changes} as c where c.sign = 1 and c.status in ${ACTIVE} and c.counter_id is not null order by c.counter_id`,
        ]),
    upsert('ticket_served_daily', SERVED_KEYS, SERVED, changes, `c.status = 'DONE'`),
    upsert('ticket_served_daily_officer', [...SERVED_KEYS, 'officer_nip'], SERVED, `(select x.*, x.served_by_nip as officer_nip from ${changes} as x)`, `c.status = 'DONE'`),
  ];
}

export function surveyStatements(changes: string): string[] {
  return [upsert('survey_response_daily', SURVEY_KEYS, SURVEY, changes, 'true'), upsert('survey_response_daily_officer', [...SURVEY_KEYS, 'officer_nip'], SURVEY, changes, 'true')];
}

export const answerColumns = ANSWERS.map((u) => `${u} integer not null default 0`).join(', ');
/** Indexes carry the sums: a period's rows are read from the index alone once vacuum has marked the pages visible. */
const SURVEY_SUMS = `include (responses, ${ANSWERS.join(', ')})`;

export async function up(knex: Knex): Promise<void> {
  await runStatements(knex, [
    `create table queue_waiting (
      service_day      date    not null,
      office_code      text    not null references office (code) on delete cascade,
      service_code     text    not null references service (code) on delete cascade,
      waiting          integer not null default 0,
      priority_waiting integer not null default 0,
      primary key (service_day, office_code, service_code)
    )`,
    `create table counter_now_serving (
      counter_id uuid primary key references counter (id) on delete cascade,
      ticket_id  uuid not null unique references ticket (id) on delete cascade
    )`,
    `create table ticket_served_daily (
      service_day  date    not null,
      office_code  text    not null,
      service_code text    not null,
      tickets      integer not null default 0,
      primary key (service_day, office_code, service_code)
    )`,
    `create index ticket_served_daily_service_idx on ticket_served_daily (service_code, service_day) include (tickets)`,
    `create index ticket_served_daily_office_idx on ticket_served_daily (office_code, service_day) include (tickets)`,
    // NULLS NOT DISTINCT: tickets completed with no officer NIP (public kiosks, old rows) are one group per key.
    `create table ticket_served_daily_officer (
      service_day  date    not null,
      office_code  text    not null,
      service_code text    not null,
      officer_nip  text,
      tickets      integer not null default 0,
      unique nulls not distinct (service_day, office_code, service_code, officer_nip)
    )`,
    `create index ticket_served_daily_officer_idx on ticket_served_daily_officer (officer_nip, service_day) include (tickets)`,
    `create table survey_response_daily (
      service_day  date    not null,
      agency_code  text    not null,
      service_code text    not null,
      office_code  text,
      responses    integer not null default 0,
      ${answerColumns},
      unique nulls not distinct (service_day, agency_code, service_code, office_code)
    )`,
    `create index survey_response_daily_service_idx on survey_response_daily (service_code, service_day) ${SURVEY_SUMS}`,
    `create index survey_response_daily_agency_idx on survey_response_daily (agency_code, service_day) ${SURVEY_SUMS}`,
    `create index survey_response_daily_office_idx on survey_response_daily (office_code, service_day) ${SURVEY_SUMS}`,
    `create table survey_response_daily_officer (
      service_day  date    not null,
      agency_code  text    not null,
      service_code text    not null,
      office_code  text,
      officer_nip  text,
      responses    integer not null default 0,
      ${answerColumns},
      unique nulls not distinct (service_day, agency_code, service_code, office_code, officer_nip)
    )`,
    `create index survey_response_daily_officer_idx on survey_response_daily_officer (officer_nip, service_day) ${SURVEY_SUMS}`,

    rollupFunction('ticket_rollups', ticketStatements),
    ...rollupTriggers('ticket', 'ticket_rollups'),
    rollupFunction('survey_response_rollups', surveyStatements),
    ...rollupTriggers('survey_response', 'survey_response_rollups'),

    // Backfill: what the triggers would have written had they always been there.
    ...ticketStatements(`(select t.*, 1 as sign from ticket t)`, 'INSERT'),
    ...surveyStatements(`(select r.*, 1 as sign from survey_response r)`),
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await runStatements(knex, [
    `drop trigger ticket_rollups_insert on ticket`,
    `drop trigger ticket_rollups_update on ticket`,
    `drop trigger ticket_rollups_delete on ticket`,
    `drop trigger survey_response_rollups_insert on survey_response`,
    `drop trigger survey_response_rollups_update on survey_response`,
    `drop trigger survey_response_rollups_delete on survey_response`,
    `drop function ticket_rollups()`,
    `drop function survey_response_rollups()`,
    `drop table survey_response_daily_officer`,
    `drop table survey_response_daily`,
    `drop table ticket_served_daily_officer`,
    `drop table ticket_served_daily`,
    `drop table counter_now_serving`,
    `drop table queue_waiting`,
  ]);
}
