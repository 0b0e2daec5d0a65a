/**
 * Staff performance: the hub's copy of BKD's staff records that aggregates need (roster, trainings, SKP), the state of
 * the sync that keeps it, and the organisations' own annual performance ratings the SKP distribution is checked
 * against.
 *
 * SIASN has no batch endpoint: an agency summary over two thousand people cannot ask BKD per person, so the staff
 * sync (src/sources/staff-sync.ts) copies what the summaries need, and summaries are SQL over these tables plus
 * tickets, surveys and complaints. The copy is BKD's, replaced whole by each successful sync; nothing else writes it.
 */
import type { Knex } from 'knex';
import { runStatements } from './run-statements.js';

export async function up(knex: Knex): Promise<void> {
  await runStatements(knex, [
    `create table staff_work_unit (
      id          text primary key,
      name        text not null,
      -- The agency as the hub reads it from the unit's name chain (connectors/bkd/agency-of-unit.ts); null outside the four.
      agency_code text references agency (code)
    )`,
    `create table staff_record (
      nip           text primary key check (nip ~ '^[0-9]{18}$'),
      name          text not null,
      front_title   text,
      back_title    text,
      rank_code     text,
      position_name text,
      work_unit_id  text not null references staff_work_unit (id),
      agency_code   text references agency (code),
      synced_at     timestamptz not null
    )`,
    `create index staff_record_agency_idx on staff_record (agency_code, work_unit_id)`,
    `create index staff_record_unit_idx on staff_record (work_unit_id)`,
    `create table staff_training (
      nip                text not null references staff_record (nip) on delete cascade,
      kind               text not null check (kind in ('DIKLAT', 'KURSUS')),
      -- SIASN's own id of the record.
      source_id          text not null,
      name               text not null,
      organizer          text,
      start_date         date,
      end_date           date,
      hours              integer check (hours >= 0),
      certificate_number text,
      primary key (nip, kind, source_id)
    )`,
    `create index staff_training_name_idx on staff_training (lower(name), end_date)`,
    `create index staff_training_end_idx on staff_training (nip, end_date)`,
    `create table staff_evaluation (
      nip       text not null references staff_record (nip) on delete cascade,
      year      integer not null check (year between 1900 and 2999),
      results   text not null check (results in ('BELOW', 'AS_EXPECTED', 'ABOVE')),
      behaviour text not null check (behaviour in ('BELOW', 'AS_EXPECTED', 'ABOVE')),
      -- The PermenPAN-RB 6/2022 matrix applied at sync time (src/domain/staff.ts), so that distributions are a GROUP BY.
      rating    text not null check (rating in ('SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG')),
      primary key (nip, year)
    )`,
    `create index staff_evaluation_year_idx on staff_evaluation (year, rating)`,
    `create table staff_sync (
      agency_code     text primary key references agency (code),
      last_attempt_at timestamptz,
      last_success_at timestamptz,
      -- The client-facing code of the last failure (SOURCE_TIMEOUT, SOURCE_UNAVAILABLE ...); null after a success.
      last_error_code text,
      staff           integer not null default 0,
      trainings       integer not null default 0,
      evaluations     integer not null default 0
    )`,
    // Predikat kinerja organisasi: set by an agency's admin each year; the staff rating distribution is checked against it.
    `create table organisation_rating (
      agency_code text not null references agency (code),
      year        integer not null check (year between 2000 and 2999),
      rating      text not null check (rating in ('ISTIMEWA', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG')),
      set_at      timestamptz not null,
      set_by      text not null,
      primary key (agency_code, year)
    )`,
    // Tickets by the officer who called them, and surveys and complaints by ticket: the per-officer aggregates.
    `create index ticket_served_by_idx on ticket (served_by_nip, service_day) where served_by_nip is not null`,
    `create index ticket_counter_day_idx on ticket (counter_id, service_day) where counter_id is not null`,
    `create index survey_counter_day_idx on survey_response (counter_id, service_day) where counter_id is not null`,
    `create index complaint_ticket_idx on complaint (ticket_id) where ticket_id is not null`,
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await runStatements(knex, [
    `drop index complaint_ticket_idx`,
    `drop index survey_counter_day_idx`,
    `drop index ticket_counter_day_idx`,
    `drop index ticket_served_by_idx`,
    `drop table organisation_rating`,
    `drop table staff_sync`,
    `drop table staff_evaluation`,
    `drop table staff_training`,
    `drop table staff_record`,
    `drop table staff_work_unit`,
  ]);
}
