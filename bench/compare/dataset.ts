/**
 * The comparison dataset, generated in set-based SQL in a fresh database: 4 agencies, 40 offices, 200 services (each
 * offered at three offices), 300,000 tickets over the last 30 Asia/Jakarta days and 100,000 survey responses over the
 * same days.
 *
 * The schema is the hub's own: its migrations, read from src/db/migrations at run time, up to {@link DATA_BASELINE}
 * (the tables this generator writes). Later migrations (rollups, counters) are left to the hub, which runs them when
 * it starts on the filled database, exactly as on a production database that already has history: a migration that
 * adds derived tables must fill them from the rows already there, and triggers it adds see only what comes later.
 */
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { MIGRATIONS, type Migration } from '../../src/db/migrations/index.js';

/** The last migration whose tables the generator knows; every migration after it runs on the filled database. */
export const DATA_BASELINE = '0006_audit_chain';

export const SIZES = { agencies: 4, offices: 40, services: 200, tickets: 300_000, responses: 100_000, days: 30 } as const;

export interface Dataset {
  url: string;
  /** The Asia/Jakarta day the data ends on ("today" when generated). */
  today: string;
  /** First day of the 30-day satisfaction period. */
  from: string;
  counts: Record<string, number>;
  /** The migrations applied before the data, and those left for the hub to run on it. */
  migrations: { beforeData: string[]; afterData: string[] };
  generateMs: number;
}

/** Drops and creates `name` on the server of `serverUrl`; returns the new database's URL. */
export async function recreateDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}

async function migrateBaseline(url: string): Promise<{ beforeData: string[]; afterData: string[] }> {
  const baselineIndex = MIGRATIONS.findIndex((m) => m.name === DATA_BASELINE);
  if (baselineIndex < 0) throw new Error(`migration ${DATA_BASELINE} is not in src/db/migrations/index.ts`);
  const baseline = MIGRATIONS.slice(0, baselineIndex + 1);
  const knex = knexFactory({ client: 'pg', connection: { connectionString: url }, pool: { min: 0, max: 2 } });
  try {
    // The same migrations table the hub uses, so that the hub sees these as applied and runs only the rest.
    await knex.migrate.latest({
      tableName: 'knex_migrations',
      migrationSource: {
        getMigrations: async () => [...baseline],
        getMigrationName: (m: Migration) => m.name,
        getMigration: async (m: Migration) => m,
      } satisfies Knex.MigrationSource<Migration>,
    });
  } finally {
    await knex.destroy();
  }
  return { beforeData: baseline.map((m) => m.name), afterData: MIGRATIONS.slice(baselineIndex + 1).map((m) => m.name) };
}

/** One or two capital letters for the n-th (1-based) service of an office: A..Z, then AA, AB ... */
const PREFIX_SQL = (n: string) => `case when ${n} <= 26 then chr(64 + ${n}::int) else chr(64 + ((${n} - 1) / 26)::int) || chr(65 + ((${n} - 1) % 26)::int) end`;

/** A pseudo-random integer 0..(modulo-1) from a text seed: deterministic, so every run has the same data. */
const HASH = (seed: string, modulo: number) => `(abs(hashtext(${seed})) % ${modulo})`;

/** Each service is offered at three offices. */
const PAIRS = SIZES.services * 3;
/** The (office, service) pairs numbered 0..PAIRS-1, to spread generated rows over them with a hash join. */
const NUMBERED_PAIRS = `(select (row_number() over (order by office_code, service_code) - 1)::int as i, office_code, service_code, ticket_prefix
                         from office_service)`;

const STATEMENTS = (today: string): { label: string; sql: string }[] => [
  {
    label: 'offices',
    // Nine offices per agency and four public-service malls (MPP) shared by all four agencies.
    sql: `insert into office (code, name, kind, agency_code, address, regency_code)
      select a.code || '-' || lpad(n::text, 2, '0'),
             a.short_name || ' ' || (array['Kota Jambi','Muaro Jambi','Batanghari','Kerinci','Merangin','Sarolangun','Tebo','Bungo','Tanjung Jabung Barat'])[n],
             case a.code when 'DISDUKCAPIL' then 'CIVIL_REGISTRY_OFFICE' when 'DINKES' then 'PUSKESMAS' else 'AGENCY_OFFICE' end,
             a.code, 'Jl. Bench No. ' || n, (array['1571','1505','1504','1501','1502','1503','1509','1508','1507'])[n]
      from agency a cross join generate_series(1, 9) n
      union all
      select 'MPP-' || lpad(n::text, 2, '0'), 'Mal Pelayanan Publik ' || n, 'PUBLIC_SERVICE_MALL', null, 'Jl. MPP No. ' || n, '1571'
      from generate_series(1, 4) n`,
  },
  {
    label: 'services',
    // Fifty per agency; names start with one of ten words so that a page ordered by name mixes the agencies.
    sql: `insert into service (code, agency_code, name, description, time_limit, fee_rupiah)
      select a.code || '-L' || lpad(n::text, 3, '0'), a.code,
             (array['Akta','Izin','Kartu','Legalisir','Pendaftaran','Perubahan','Rekomendasi','Surat','Verifikasi','Pengesahan'])[1 + ${HASH(`a.code || n`, 10)}]
               || ' ' || a.short_name || ' ' || lpad(n::text, 3, '0'),
             'Layanan bench ' || n, '1 hari kerja', 0
      from agency a cross join generate_series(1, 50) n`,
  },
  {
    label: 'office_service',
    // Each service at two of its agency's offices and at one MPP; letters in service order within an office.
    sql: `insert into office_service (office_code, service_code, ticket_prefix)
      select office_code, service_code, ${PREFIX_SQL('row_number() over (partition by office_code order by service_code)')}
      from (
        select s.agency_code || '-' || lpad((1 + n % 9)::text, 2, '0') as office_code, s.code as service_code
        from (select code, agency_code, substring(code from '[0-9]+$')::int as n from service) s
        union all
        select s.agency_code || '-' || lpad((1 + (n + 4) % 9)::text, 2, '0'), s.code
        from (select code, agency_code, substring(code from '[0-9]+$')::int as n from service) s
        union all
        select 'MPP-' || lpad((1 + n % 4)::text, 2, '0'), s.code
        from (select code, agency_code, substring(code from '[0-9]+$')::int as n from service) s
      ) pairs`,
  },
  {
    label: 'counters',
    // Two counters per agency present at an office; each handles that agency's services there.
    sql: `insert into counter (office_code, code, name, agency_code, is_open)
      select p.office_code, 'L' || (row_number() over (partition by p.office_code order by p.agency_code, k)),
             'Loket ' || (row_number() over (partition by p.office_code order by p.agency_code, k)), p.agency_code, k = 1
      from (select distinct os.office_code, s.agency_code from office_service os join service s on s.code = os.service_code) p
      cross join generate_series(1, 2) k`,
  },
  {
    label: 'counter_service',
    sql: `insert into counter_service (counter_id, service_code)
      select c.id, os.service_code from counter c
      join office_service os on os.office_code = c.office_code
      join service s on s.code = os.service_code and s.agency_code = c.agency_code`,
  },
  {
    label: 'tickets',
    // 300,000 tickets over 30 days: for each (office, service, day) a run of numbers from 1. Earlier days are
    // finished (done, a few skipped or cancelled); today some are done and the rest still wait.
    sql: `insert into ticket (office_code, service_code, service_day, prefix, number, status, served_by_nip,
                             issued_at, called_at, serving_at, done_at, skipped_at, cancelled_at)
      select os.office_code, os.service_code, d.day, os.ticket_prefix, x.k, st.status,
             case when st.status in ('DONE', 'SKIPPED') then '1985031520100110' || lpad((x.k % 10)::text, 2, '0') end,
             t.issued,
             case when st.status in ('DONE', 'SKIPPED') then t.issued + interval '15 minutes' end,
             case when st.status = 'DONE' then t.issued + interval '16 minutes' end,
             case when st.status = 'DONE' then t.issued + interval '25 minutes' end,
             case when st.status = 'SKIPPED' then t.issued + interval '18 minutes' end,
             case when st.status = 'CANCELLED' then t.issued + interval '5 minutes' end
      from generate_series(0, ${SIZES.tickets - 1}) g
      cross join lateral (select g % (${PAIRS} * ${SIZES.days}) as combo, 1 + g / (${PAIRS} * ${SIZES.days}) as k) x
      join ${NUMBERED_PAIRS} os on os.i = x.combo % ${PAIRS}
      cross join lateral (select date '${today}' - (x.combo / ${PAIRS})::int as day) d
      cross join lateral (select ((d.day + time '07:30') + (x.k * interval '9 minutes')) at time zone 'Asia/Jakarta' as issued) t
      cross join lateral (select case
          when d.day = date '${today}' and ${HASH(`os.service_code || x.k`, 100)} < 45 then 'WAITING'
          when ${HASH(`g::text`, 100)} < 8 then 'SKIPPED'
          when ${HASH(`g::text`, 100)} < 14 then 'CANCELLED'
          else 'DONE' end as status) st`,
  },
  {
    label: 'ticket_sequence',
    sql: `insert into ticket_sequence (office_code, service_day, prefix, last_number)
      select office_code, service_day, prefix, max(number) from ticket group by office_code, service_day, prefix`,
  },
  {
    label: 'survey_response',
    // 100,000 responses spread over the offices, services and days; answers 1..4 leaning high, with a per-service
    // bias so that services differ.
    sql: `insert into survey_response (service_code, agency_code, office_code, officer_nip, ${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((e) => `u${e}`).join(', ')},
                                      submitted_at, service_day)
      select os.service_code, s.agency_code, os.office_code, '1985031520100110' || lpad((g % 10)::text, 2, '0'),
             ${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((e) => `least(4, 2 + (${HASH(`g::text || ':${e}'`, 8)} + ${HASH('os.service_code', 4)}) / 4)`).join(',\n             ')},
             ((date '${today}' - (g % ${SIZES.days})) + time '10:00') at time zone 'Asia/Jakarta', date '${today}' - (g % ${SIZES.days})
      from generate_series(0, ${SIZES.responses - 1}) g
      join ${NUMBERED_PAIRS} os on os.i = (g / ${SIZES.days}) % ${PAIRS}
      join service s on s.code = os.service_code`,
  },
];

/** Creates `name` afresh on `serverUrl`, migrates it to the baseline and fills it. */
export async function generateDataset(serverUrl: string, name: string, log: (line: string) => void): Promise<Dataset> {
  const startedAt = performance.now();
  const url = await recreateDatabase(serverUrl, name);
  const migrations = await migrateBaseline(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ today: string; from: string }>(
      `select to_char(d, 'YYYY-MM-DD') as today, to_char(d - ${SIZES.days - 1}, 'YYYY-MM-DD') as from
       from (select (now() at time zone 'Asia/Jakarta')::date as d) x`,
    );
    const { today, from } = rows[0] as { today: string; from: string };
    await client.query('begin');
    for (const statement of STATEMENTS(today)) {
      const t0 = performance.now();
      const result = await client.query(statement.sql);
      log(`  ${statement.label}: ${result.rowCount ?? 0} rows in ${Math.round(performance.now() - t0)} ms`);
    }
    await client.query('commit');
    await client.query('vacuum analyze');
    const counts: Record<string, number> = {};
    for (const table of ['agency', 'office', 'service', 'office_service', 'counter', 'ticket', 'survey_response']) {
      const result = await client.query<{ n: number }>(`select count(*)::int as n from ${table}`);
      counts[table] = result.rows[0]?.n ?? 0;
    }
    const waiting = await client.query<{ n: number }>(`select count(*)::int as n from ticket where status = 'WAITING' and service_day = $1`, [today]);
    counts['ticketsWaitingToday'] = waiting.rows[0]?.n ?? 0;
    return { url, today, from, counts, migrations, generateMs: Math.round(performance.now() - startedAt) };
  } finally {
    await client.end();
  }
}
