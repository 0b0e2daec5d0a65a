/**
 * Source systems: which catalog entries come from an agency's own system, the state of each agency's last catalog
 * sync, and the audit log that reads of personal data write to.
 *
 * The four agencies become reference data here (until now only the demo seed inserted them): every installation,
 * production included, needs them, and the source columns refer to them.
 */
import type { Knex } from 'knex';
import { runStatements } from './run-statements.js';

export async function up(knex: Knex): Promise<void> {
  await runStatements(knex, [
    `insert into agency (code, name, short_name, description) values
      ('DISDUKCAPIL', 'Dinas Kependudukan dan Pencatatan Sipil', 'Disdukcapil',
       'Pendaftaran penduduk dan pencatatan sipil: KTP-el, Kartu Keluarga, KIA, akta dan pindah datang.'),
      ('DISDIK', 'Dinas Pendidikan', 'Disdik',
       'Penyelenggaraan pendidikan menengah dan khusus, data sekolah dan pendidik (Dapodik).'),
      ('DINKES', 'Dinas Kesehatan', 'Dinkes',
       'Fasilitas pelayanan kesehatan (puskesmas, rumah sakit) dan tenaga kesehatan.'),
      ('BKD', 'Badan Kepegawaian Daerah', 'BKD',
       'Manajemen Aparatur Sipil Negara: pangkat, jabatan, pelatihan, penilaian kinerja dan pensiun.')
     on conflict (code) do nothing`,
    // source_ref is the source's own key (kode_upt, NPSN, FHIR Organization id); entries without one are the hub's.
    `alter table office
      add column source_agency text references agency (code),
      add column source_ref    text,
      add column synced_at     timestamptz,
      add constraint office_source_complete check ((source_agency is null) = (source_ref is null))`,
    `create unique index office_source_idx on office (source_agency, source_ref) where source_ref is not null`,
    `alter table service
      add column source_agency text references agency (code),
      add column source_ref    text,
      add column synced_at     timestamptz,
      add constraint service_source_complete check ((source_agency is null) = (source_ref is null))`,
    `create unique index service_source_idx on service (source_agency, source_ref) where source_ref is not null`,
    `create table catalog_sync (
      agency_code     text primary key references agency (code),
      last_attempt_at timestamptz not null,
      last_success_at timestamptz,
      -- The client-facing code of the last failure (SOURCE_TIMEOUT, SOURCE_UNAVAILABLE); null after a success.
      last_error_code text,
      offices         integer not null default 0,
      services        integer not null default 0
    )`,
    `create table audit_log (
      id             bigint generated always as identity primary key,
      at             timestamptz not null default now(),
      actor          text,
      role           text not null,
      agency_code    text,
      operation      text not null,
      -- What was touched, e.g. 'resident' or 'staff.phone'; subject is the id (a NIK is stored hashed, never raw).
      action         text not null,
      subject        text,
      outcome        text not null,
      client_address text,
      request_id     text
    )`,
    `create index audit_log_at_idx on audit_log (at)`,
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await runStatements(knex, [
    `drop table audit_log`,
    `drop table catalog_sync`,
    `alter table service drop column source_agency, drop column source_ref, drop column synced_at`,
    `alter table office drop column source_agency, drop column source_ref, drop column synced_at`,
  ]);
}
