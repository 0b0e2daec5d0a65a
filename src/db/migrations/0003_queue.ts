/**
 * The live queue: tickets, the per-day numbering, and an append-only log of queue events.
 *
 * Numbering takes a row lock on `ticket_sequence (office, day, letter)`: concurrent takers queue on that one row,
 * each gets the next number, and a rolled-back transaction rolls its number back too, so numbers stay consecutive.
 * `queue_event` is append-only (a trigger refuses updates and deletes); its ids order the changes of an office and
 * make it an outbox should another pub/sub transport replace LISTEN/NOTIFY.
 */
import type { Knex } from 'knex';
import { runStatements } from './run-statements.js';

export async function up(knex: Knex): Promise<void> {
  await runStatements(knex, [
    `alter table counter
      add column officer_subject text,
      add column officer_nip     text,
      add column opened_at       timestamptz`,
    `create table ticket_sequence (
      office_code text    not null references office (code) on delete cascade,
      service_day date    not null,
      prefix      text    not null,
      last_number integer not null check (last_number between 1 and 999),
      primary key (office_code, service_day, prefix)
    )`,
    `create table ticket (
      id                uuid primary key default gen_random_uuid(),
      -- FIFO order across the services a counter calls from.
      seq               bigint generated always as identity unique,
      office_code       text not null references office (code),
      service_code      text not null references service (code),
      service_day       date not null,
      prefix            text not null,
      number            integer not null check (number between 1 and 999),
      priority          text check (priority in ('ELDERLY', 'DISABLED', 'PREGNANT', 'CHILD')),
      status            text not null default 'WAITING'
                        check (status in ('WAITING', 'CALLED', 'SERVING', 'DONE', 'SKIPPED', 'CANCELLED')),
      counter_id        uuid references counter (id),
      served_by         text,
      served_by_nip     text,
      idempotency_scope text,
      idempotency_key   text,
      issued_at         timestamptz not null,
      called_at         timestamptz,
      recall_count      integer not null default 0,
      serving_at        timestamptz,
      done_at           timestamptz,
      skipped_at        timestamptz,
      cancelled_at      timestamptz,
      unique (office_code, service_day, prefix, number),
      unique (idempotency_scope, idempotency_key)
    )`,
    `create index ticket_waiting_idx on ticket (office_code, service_day, service_code, seq) where status = 'WAITING'`,
    `create index ticket_active_counter_idx on ticket (counter_id) where status in ('CALLED', 'SERVING')`,
    `create index ticket_handled_idx on ticket (office_code, service_code, done_at desc) where status = 'DONE'`,
    `create table queue_event (
      id          bigint generated always as identity primary key,
      office_code text not null references office (code),
      service_code text references service (code),
      ticket_id   uuid references ticket (id),
      counter_id  uuid references counter (id),
      kind        text not null check (kind in ('TICKET_TAKEN', 'TICKET_CALLED', 'TICKET_RECALLED', 'SERVING_STARTED',
                                                'TICKET_DONE', 'TICKET_SKIPPED', 'TICKET_CANCELLED',
                                                'COUNTER_OPENED', 'COUNTER_CLOSED')),
      actor       text not null,
      at          timestamptz not null
    )`,
    `create index queue_event_office_idx on queue_event (office_code, id)`,
    `create function refuse_change_to_append_only() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only', tg_table_name using errcode = 'restrict_violation';
      end
    $$`,
    `create trigger queue_event_append_only before update or delete on queue_event
      for each row execute function refuse_change_to_append_only()`,
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await runStatements(knex, [
    `drop table queue_event`,
    `drop function refuse_change_to_append_only()`,
    `drop table ticket`,
    `drop table ticket_sequence`,
    `alter table counter drop column officer_subject, drop column officer_nip, drop column opened_at`,
  ]);
}
