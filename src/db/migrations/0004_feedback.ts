/**
 * Citizen feedback: IKM survey responses (PermenPAN-RB 14/2017), complaints with their status history and responses
 * (SP4N-LAPOR!-style), the holidays that working-day deadlines skip, and the counters behind rate limits on public
 * mutations.
 *
 * Survey answers are nine columns, not an array, so that per-element means are plain `avg(u1)` .. `avg(u9)` in SQL.
 * A survey's day is its Asia/Jakarta day, stored, so that period filters and daily aggregates use an index.
 */
import type { Knex } from 'knex';
import { runStatements } from './run-statements.js';

const ANSWER = (n: number) => `u${n} smallint not null check (u${n} between 1 and 4)`;

export async function up(knex: Knex): Promise<void> {
  await runStatements(knex, [
    `create table survey_response (
      id                uuid primary key default gen_random_uuid(),
      service_code      text not null references service (code),
      -- The service's agency when the survey was given: agency filters without a join.
      agency_code       text not null references agency (code),
      office_code       text references office (code),
      -- One survey per ticket; the counter and officer that served it are recorded with it.
      ticket_id         uuid unique references ticket (id),
      counter_id        uuid references counter (id),
      officer_nip       text,
      ${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(ANSWER).join(',\n      ')},
      comment           text check (char_length(comment) <= 1000),
      age_band          text check (age_band in ('UNDER_20', 'AGE_20_29', 'AGE_30_39', 'AGE_40_49', 'AGE_50_59', 'AGE_60_PLUS')),
      sex               text check (sex in ('M', 'F')),
      education         text check (education in ('SD_OR_LESS', 'SMP', 'SMA', 'DIPLOMA', 'S1', 'S2_OR_HIGHER')),
      occupation        text check (occupation in ('PNS', 'TNI_POLRI', 'SWASTA', 'WIRAUSAHA', 'PELAJAR_MAHASISWA', 'LAINNYA')),
      idempotency_scope text,
      idempotency_key   text,
      submitted_at      timestamptz not null,
      service_day       date not null,
      unique (idempotency_scope, idempotency_key)
    )`,
    `create index survey_agency_day_idx on survey_response (agency_code, service_day)`,
    `create index survey_service_day_idx on survey_response (service_code, service_day)`,
    `create index survey_office_day_idx on survey_response (office_code, service_day)`,
    `create index survey_officer_day_idx on survey_response (officer_nip, service_day) where officer_nip is not null`,

    `create table complaint (
      id                 uuid primary key default gen_random_uuid(),
      -- Public, unguessable enough to share, short enough to read out over the phone.
      tracking_code      text not null unique,
      -- Hash of the complainant's access token (returned once, at submission): lets them read their own complaint.
      access_token_hash  text not null,
      kind               text not null check (kind in ('PENGADUAN', 'ASPIRASI', 'PERMINTAAN_INFORMASI')),
      -- The agency responsible now (a "bukan wewenang" reassignment changes it).
      agency_code        text not null references agency (code),
      service_code       text references service (code),
      office_code        text references office (code),
      ticket_id          uuid references ticket (id),
      title              text not null check (char_length(title) between 5 and 150),
      body               text not null check (char_length(body) between 10 and 5000),
      contact_name       text check (char_length(contact_name) <= 100),
      contact_phone      text check (char_length(contact_phone) <= 20),
      contact_email      text check (char_length(contact_email) <= 254),
      anonymous          boolean not null,
      confidential       boolean not null,
      status             text not null check (status in ('SUBMITTED', 'VERIFIED', 'RESPONDED', 'CLOSED')),
      submitted_at       timestamptz not null,
      -- When the current agency received it: the verification deadline counts from here.
      assigned_at        timestamptz not null,
      verified_at        timestamptz,
      responded_at       timestamptz,
      closed_at          timestamptz,
      submitted_by       text,
      idempotency_scope  text,
      idempotency_key    text,
      unique (idempotency_scope, idempotency_key)
    )`,
    `create index complaint_agency_idx on complaint (agency_code, status, submitted_at desc)`,
    `create table complaint_event (
      id            bigint generated always as identity primary key,
      complaint_id  uuid not null references complaint (id),
      kind          text not null check (kind in ('SUBMITTED', 'VERIFIED', 'REASSIGNED', 'RESPONDED', 'CLOSED')),
      at            timestamptz not null,
      actor         text not null,
      actor_role    text not null,
      agency_code   text not null references agency (code),
      to_agency     text references agency (code),
      note          text check (char_length(note) <= 2000)
    )`,
    `create index complaint_event_complaint_idx on complaint_event (complaint_id, id)`,
    `create trigger complaint_event_append_only before update or delete on complaint_event
      for each row execute function refuse_change_to_append_only()`,
    `create table complaint_response (
      id            bigint generated always as identity primary key,
      complaint_id  uuid not null references complaint (id),
      at            timestamptz not null,
      agency_code   text not null references agency (code),
      responder     text not null,
      body          text not null check (char_length(body) between 1 and 5000)
    )`,
    `create index complaint_response_complaint_idx on complaint_response (complaint_id, id)`,

    `create table holiday (
      day  date primary key,
      name text not null check (char_length(name) between 1 and 200)
    )`,

    // Fixed windows per key; rows of past windows are deleted as new ones are written.
    `create table rate_limit_window (
      key          text not null,
      window_start timestamptz not null,
      hits         integer not null,
      primary key (key, window_start)
    )`,
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await runStatements(knex, [
    `drop table rate_limit_window`,
    `drop table holiday`,
    `drop table complaint_response`,
    `drop table complaint_event`,
    `drop table complaint`,
    `drop table survey_response`,
  ]);
}
