/**
 * The civil registry's database as the stand-in builds it: the agency's SIAK-style tables in schema `siak`, the
 * integration views and the verification function the reader role `siak_reader` is granted in `public`, and a
 * one-row `sandbox.gangguan` ("disturbance") table through which the stand-in makes those objects fail or break.
 *
 * What the reader can do, as on the agency's server: SELECT on `layanan`, `upt` and `upt_layanan`, EXECUTE on
 * `verifikasi_penduduk`; nothing in `siak` (so `penduduk`, the population data, is out of reach), nothing in `sandbox`.
 * Columns are as loose as a long-lived agency schema tends to be (nullable names, jsonb without a shape check): the
 * connector is the one that must not trust them.
 */
import type { FaultMode } from '../kit/faults.js';

export const READER_ROLE = 'siak_reader';

/** The objects the reader is granted; a fault's `pathPrefix` narrows it to those whose name starts with it. */
export const READER_OBJECTS = ['layanan', 'upt', 'upt_layanan', 'verifikasi_penduduk'] as const;

export const SCHEMA_SQL = /* sql */ `
create schema siak;
create schema sandbox;

-- Service standards (standar pelayanan) per kind of document.
create table siak.layanan (
  kode_layanan varchar(30) primary key,
  nama_layanan varchar(150),
  deskripsi text,
  persyaratan jsonb,
  prosedur jsonb,
  waktu_penyelesaian varchar(100),
  biaya integer default 0,
  dasar_hukum text,
  aktif boolean not null default true
);

-- Service units (UPT, the regency and city offices).
create table siak.upt (
  kode_upt varchar(30) primary key,
  nama_upt varchar(150),
  alamat text,
  kode_wilayah char(4),
  aktif boolean not null default true
);

create table siak.upt_layanan (
  kode_upt varchar(30) not null references siak.upt (kode_upt),
  kode_layanan varchar(30) not null references siak.layanan (kode_layanan),
  primary key (kode_upt, kode_layanan)
);

create table siak.penduduk (
  nik char(16) primary key,
  nama_lengkap varchar(100) not null,
  tempat_lahir varchar(60),
  tanggal_lahir date not null,
  jenis_kelamin varchar(10) not null check (jenis_kelamin in ('LAKI-LAKI', 'PEREMPUAN')),
  alamat text,
  kode_wilayah char(4)
);

-- Names compare without case, repeated spaces or the punctuation clerks and citizens write differently
-- ("M. Rizki" / "M Rizki", "Nur'aini" / "Nuraini").
create function siak.normalisasi_nama(p_nama text) returns text
language sql immutable
as $$ select lower(btrim(regexp_replace(translate(p_nama, '.,''’', ''), '\\s+', ' ', 'g'))) $$;

-- The sandbox's switch: the mode the reader's objects are in (ok, fail, malformed), for all of them or for those
-- whose name starts with awalan.
create table sandbox.gangguan (
  satu boolean primary key default true check (satu),
  mode text not null default 'ok' check (mode in ('ok', 'fail', 'malformed')),
  awalan text
);
insert into sandbox.gangguan default values;

create function sandbox.mode_untuk(p_objek text) returns text
language sql stable security definer set search_path = pg_catalog
as $$ select case when awalan is null or starts_with(p_objek, awalan) then mode else 'ok' end from sandbox.gangguan $$;

-- Raises what a read replica raises when recovery takes the rows a query needed: the reader's query fails.
create function sandbox.periksa(p_objek text) returns boolean
language plpgsql stable security definer set search_path = pg_catalog
as $$
begin
  if sandbox.mode_untuk(p_objek) = 'fail' then
    raise exception 'canceling statement due to conflict with recovery'
      using errcode = '40001', detail = 'User query might have needed to see row versions that must be removed.';
  end if;
  return true;
end
$$;

-- The integration views. In mode malformed each shows a row that breaks what the columns promise.
create view public.layanan as
  select kode_layanan, nama_layanan, deskripsi, persyaratan, prosedur, waktu_penyelesaian, biaya, dasar_hukum, aktif
  from siak.layanan
  where sandbox.periksa('layanan')
  union all
  select 'RUSAK'::varchar(30), null::varchar(150), 'Baris uji rusak'::text, '"Fotokopi KK"'::jsonb,
         '{"langkah": 1}'::jsonb, null::varchar(100), -5000, null::text, true
  where sandbox.mode_untuk('layanan') = 'malformed';

create view public.upt as
  select kode_upt, nama_upt, alamat, kode_wilayah, aktif
  from siak.upt
  where sandbox.periksa('upt')
  union all
  select 'RUSAK'::varchar(30), null::varchar(150), null::text, 'X1'::char(4), true
  where sandbox.mode_untuk('upt') = 'malformed';

create view public.upt_layanan as
  select kode_upt, kode_layanan from siak.upt_layanan where sandbox.periksa('upt_layanan');

-- Identity verification: match or not per field, never the record. A NIK that is not 16 digits, a null name or a
-- null birth date simply does not match.
create function public.verifikasi_penduduk(p_nik text, p_nama text, p_tanggal_lahir date)
returns table (nik_ditemukan boolean, nama_sesuai boolean, tanggal_lahir_sesuai boolean)
language plpgsql stable security definer set search_path = pg_catalog
as $$
declare
  v_nama text;
  v_tanggal_lahir date;
begin
  perform sandbox.periksa('verifikasi_penduduk');
  if sandbox.mode_untuk('verifikasi_penduduk') = 'malformed' then
    return query select null::boolean, true, null::boolean;
    return;
  end if;
  if p_nik is null or p_nik !~ '^[0-9]{16}$' then
    return query select false, null::boolean, null::boolean;
    return;
  end if;
  select p.nama_lengkap, p.tanggal_lahir into v_nama, v_tanggal_lahir from siak.penduduk p where p.nik = p_nik::char(16);
  if not found then
    return query select false, null::boolean, null::boolean;
    return;
  end if;
  return query select true,
    coalesce(siak.normalisasi_nama(v_nama) = siak.normalisasi_nama(p_nama), false),
    coalesce(v_tanggal_lahir = p_tanggal_lahir, false);
end
$$;

create role ${READER_ROLE} nologin;
revoke all on schema siak from public;
revoke all on schema sandbox from public;
revoke create on schema public from public;
grant select on public.layanan, public.upt, public.upt_layanan to ${READER_ROLE};
revoke execute on function public.verifikasi_penduduk(text, text, date) from public;
grant execute on function public.verifikasi_penduduk(text, text, date) to ${READER_ROLE};
`;

/**
 * Makes the one PGlite session the reader: everything after runs read-only as `siak_reader`.
 *
 * PGlite has one backend, and its socket server runs every client in it whatever user the client names; so instead
 * of logging in as the role, the session switches to it once the data is loaded (and the fault switch below switches
 * back for a moment). It is an emulation of the reader's privileges, not a security boundary.
 */
export const BECOME_READER_SQL = `set default_transaction_read_only = on; set role ${READER_ROLE};`;

/** The SQL that puts the reader's objects in `mode` (only those starting with `prefix`, when given). */
export function setObjectModeSql(mode: FaultMode, prefix: string | null): string {
  const sqlMode = objectMode(mode);
  const awalan = prefix === null ? 'null' : literal(prefix);
  return `reset role; begin read write; update sandbox.gangguan set mode = ${literal(sqlMode)}, awalan = ${awalan}; commit; ${BECOME_READER_SQL}`;
}

/** What the SQL objects do in each fault mode: the others (deny, down) happen on the wire, in the proxy. */
function objectMode(mode: FaultMode): 'ok' | 'fail' | 'malformed' {
  switch (mode) {
    case 'fail':
    case 'malformed':
      return mode;
    case 'ok':
    case 'deny':
    case 'down':
      return 'ok';
  }
}

/** A SQL string literal (standard_conforming_strings is on: only quotes need doubling). */
function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
