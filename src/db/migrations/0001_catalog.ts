/**
 * The hub catalog: agencies, offices, services, which office offers which service (with its ticket letter there),
 * and the counters (loket) of each office.
 */
import type { Knex } from 'knex';
import { runStatements } from './run-statements.js';

export async function up(knex: Knex): Promise<void> {
  await runStatements(knex, [
    `create table agency (
      code        text primary key check (code ~ '^[A-Z][A-Z0-9_]{1,19}$'),
      name        text not null,
      short_name  text not null,
      description text not null default ''
    )`,
    `create table office (
      code         text primary key check (code ~ '^[A-Z0-9][A-Z0-9-]{2,47}$'),
      name         text not null,
      kind         text not null check (kind in ('CIVIL_REGISTRY_OFFICE', 'PUBLIC_SERVICE_MALL', 'PUSKESMAS',
                                                 'HOSPITAL', 'SCHOOL', 'AGENCY_OFFICE')),
      agency_code  text references agency (code),
      address      text not null default '',
      regency_code text not null check (regency_code ~ '^[0-9]{4}$'),
      updated_at   timestamptz not null default now()
    )`,
    `create index office_name_idx on office (name, code)`,
    `create table service (
      code         text primary key check (code ~ '^[A-Z0-9][A-Z0-9-]{2,39}$'),
      agency_code  text not null references agency (code),
      name         text not null,
      description  text not null default '',
      requirements jsonb not null default '[]' check (jsonb_typeof(requirements) = 'array'),
      procedure    jsonb not null default '[]' check (jsonb_typeof(procedure) = 'array'),
      time_limit   text,
      fee_rupiah   integer check (fee_rupiah >= 0),
      legal_basis  text,
      updated_at   timestamptz not null default now()
    )`,
    `create index service_agency_idx on service (agency_code)`,
    `create index service_name_idx on service (name, code)`,
    // The letter is per office, so that every queue in one hall has its own letter.
    `create table office_service (
        office_code   text not null references office (code) on delete cascade,
        service_code  text not null references service (code) on delete cascade,
        ticket_prefix text not null check (ticket_prefix ~ '^[A-Z]{1,2}$'),
        primary key (office_code, service_code),
        unique (office_code, ticket_prefix)
      )`,
    `create index office_service_service_idx on office_service (service_code)`,
    `create table counter (
      id          uuid primary key default gen_random_uuid(),
      office_code text not null references office (code) on delete cascade,
      code        text not null check (code ~ '^[A-Z0-9][A-Z0-9-]{0,15}$'),
      name        text not null,
      agency_code text not null references agency (code),
      is_open     boolean not null default false,
      unique (office_code, code)
    )`,
    `create table counter_service (
      counter_id   uuid not null references counter (id) on delete cascade,
      service_code text not null references service (code) on delete cascade,
      primary key (counter_id, service_code)
    )`,
    `create index counter_service_service_idx on counter_service (service_code)`,
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await runStatements(knex, [
    `drop table counter_service`,
    `drop table counter`,
    `drop table office_service`,
    `drop table service`,
    `drop table office`,
    `drop table agency`,
  ]);
}
