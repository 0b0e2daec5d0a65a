/**
 * Demo history for the performance views: six months of served and skipped tickets at the demo offices' counters,
 * surveys about a third of the served ones, a few complaints naming tickets, and the agencies' own annual ratings.
 *
 * Who serves: civil servants of the sandbox's demo world (the people BKD's stand-in serves, so the staff sync's copy
 * knows them) whose work unit belongs to the counter's agency. Each counter has two officers who take alternate
 * working days; where the agency has them, one of the two finished "Pelatihan Pelayanan Prima" inside the history
 * (with at least 45 days on either side), the other never did. After their training, trained officers serve the
 * services in {@link TRAINING_SENSITIVE_SERVICES} (front-desk work: registration, information, requests) about a fifth
 * faster and with better answers on time, competence and behaviour; on the others (laboratory, dental care,
 * certificates that wait on documents) nothing changes. Training impact and recognition have something to find.
 *
 * Deterministic (every draw is a hash of the ticket's key, never random()), idempotent (skipped when its tickets are
 * there), and fast: a handful of INSERT ... SELECT statements generate the rows inside the database. The history
 * ends the day before the demo world's date, which every other part of the demo is seen from.
 */
import type { Knex } from 'knex';
import type { Logger } from '../../logger.js';
import { DEMO_OFFICES } from './demo-catalog.js';

/** Marks the generated tickets (their idempotency scope): their presence means the history is there. */
export const DEMO_HISTORY_SCOPE = 'demo-history';
export const DEMO_HISTORY_FROM = '2026-05-25';
export const DEMO_HISTORY_TO = '2026-11-24';
export const DEMO_TRAINING = 'Pelatihan Pelayanan Prima';
/** Tickets a counter handles on a working day. */
const TICKETS_PER_COUNTER_DAY = 6;
/** A trained officer's training ends this many days inside the history, so both sides have data. */
const TRAINING_MARGIN_DAYS = 45;

/** Services where the training shows in the demo data. */
export const TRAINING_SENSITIVE_SERVICES: readonly string[] = ['DUK-KTP-EL', 'DUK-KK', 'DKS-POLI-UMUM', 'DKS-SKS', 'DKS-KIA-KB', 'BKD-KONSULTASI', 'DIK-LEGALISIR'];

/** Typical handling minutes per service; others take {@link DEFAULT_MINUTES}. */
const SERVICE_MINUTES: Readonly<Record<string, number>> = {
  'DUK-KTP-EL': 9,
  'DUK-KK': 11,
  'DUK-KIA': 6,
  'DUK-AKTA-LAHIR': 14,
  'DUK-AKTA-MATI': 14,
  'DUK-PINDAH': 12,
  'DKS-POLI-UMUM': 5,
  'DKS-SKS': 6,
  'DKS-LAB': 10,
  'DKS-POLI-GIGI': 15,
  'DKS-KIA-KB': 7,
  'DKS-IMUNISASI': 6,
};
const DEFAULT_MINUTES = 10;

/** The agencies' own ratings (predikat kinerja organisasi) per year, for the SKP distribution check. */
const ORGANISATION_RATINGS: readonly { agency: string; year: number; rating: string }[] = [
  ...[2022, 2023, 2024, 2025].map((year) => ({ agency: 'DISDUKCAPIL', year, rating: 'BAIK' })),
  ...[2022, 2023, 2024].map((year) => ({ agency: 'DINKES', year, rating: 'BAIK' })),
  { agency: 'DINKES', year: 2025, rating: 'ISTIMEWA' },
  ...[2022, 2023, 2024, 2025].map((year) => ({ agency: 'DISDIK', year, rating: 'BAIK' })),
  { agency: 'BKD', year: 2022, rating: 'BUTUH_PERBAIKAN' },
  ...[2023, 2024, 2025].map((year) => ({ agency: 'BKD', year, rating: 'BAIK' })),
];

interface CounterOfficer {
  office_code: string;
  counter_code: string;
  /** 0 or 1: the officer serves on days whose index since the start has this parity. */
  slot: number;
  nip: string;
  /** Completion day of the training inside the history; null for an officer who never had it. */
  trained_on: string | null;
  /** -0.25 .. 0.25: how much better (or worse) than average this officer is, drawn from the NIP. */
  quality: number;
}

/** A uniform draw in [0, 1) from the hash of a SQL text expression: the same key always gives the same draw. */
const draw = (key: string) => `(('x' || substr(md5(${key}), 1, 7))::bit(28)::int / 268435456.0)`;

export async function seedDemoHistory(knex: Knex, log: Logger): Promise<void> {
  const present = await knex('ticket').where('idempotency_scope', DEMO_HISTORY_SCOPE).first('id');
  if (present !== undefined) return;
  const startedAt = performance.now();
  const officers = await counterOfficers();
  await knex.transaction(async (trx) => {
    await insertTickets(trx, officers);
    await insertSurveys(trx, officers);
    await insertComplaints(trx);
    await trx('organisation_rating')
      .insert(ORGANISATION_RATINGS.map((r) => ({ agency_code: r.agency, year: r.year, rating: r.rating, set_at: `${r.year + 1}-01-31T03:00:00Z`, set_by: DEMO_HISTORY_SCOPE })))
      .onConflict(['agency_code', 'year'])
      .ignore();
  });
  log.info({ officers: officers.length, ms: Math.round(performance.now() - startedAt) }, 'demo history seeded');
}

/**
 * Two officers per demo counter from the counter's agency in the demo world: one trained inside the history where
 * the agency has enough, the other never trained. The world is loaded only here (demo seeding): production, which
 * never seeds demo data, never loads the sandbox.
 */
async function counterOfficers(): Promise<CounterOfficer[]> {
  const { demoWorld } = await import('../../../sandbox/world/generate.js');
  const world = demoWorld();
  const agencyOfUnit = new Map(world.workUnits.map((u) => [u.id, u.agency]));
  const earliest = addDays(DEMO_HISTORY_FROM, TRAINING_MARGIN_DAYS);
  const latest = addDays(DEMO_HISTORY_TO, -TRAINING_MARGIN_DAYS);
  const pools = new Map<string, { trained: { nip: string; on: string }[]; untrained: string[] }>();
  for (const person of [...world.civilServants].sort((a, b) => (a.nip < b.nip ? -1 : 1))) {
    const agency = agencyOfUnit.get(person.workUnitId);
    if (agency === null || agency === undefined) continue;
    const pool = pools.get(agency) ?? pools.set(agency, { trained: [], untrained: [] }).get(agency)!;
    const ends = person.trainings.filter((t) => t.name === DEMO_TRAINING && t.endDate <= DEMO_HISTORY_TO).map((t) => t.endDate);
    const inWindow = ends.find((end) => end >= earliest && end <= latest);
    if (ends.length === 0) pool.untrained.push(person.nip);
    else if (inWindow !== undefined && ends.every((end) => end >= earliest)) pool.trained.push({ nip: person.nip, on: inWindow });
  }
  const taken = new Map<string, { trained: number; untrained: number }>();
  const officers: CounterOfficer[] = [];
  for (const office of DEMO_OFFICES) {
    for (const counter of office.counters) {
      const pool = pools.get(counter.agency);
      if (pool === undefined) continue;
      const used = taken.get(counter.agency) ?? taken.set(counter.agency, { trained: 0, untrained: 0 }).get(counter.agency)!;
      const trained = pool.trained[used.trained];
      const first = trained === undefined ? pool.untrained[used.untrained++] : (used.trained++, trained.nip);
      const second = pool.untrained[used.untrained++];
      for (const [slot, nip] of [first, second].entries()) {
        if (nip === undefined) continue;
        const on = nip === trained?.nip ? trained.on : null;
        officers.push({ office_code: office.code, counter_code: counter.code, slot, nip, trained_on: on, quality: (hashOf(nip) % 51) / 100 - 0.25 });
      }
    }
  }
  return officers;
}

async function insertTickets(trx: Knex.Transaction, officers: readonly CounterOfficer[]): Promise<void> {
  const minutes = Object.entries(SERVICE_MINUTES).map(([code, m]) => ({ code, m }));
  await trx.raw(
    `insert into ticket (office_code, service_code, service_day, prefix, number, status, counter_id, served_by, served_by_nip,
                         idempotency_scope, idempotency_key, issued_at, called_at, serving_at, done_at, skipped_at)
     with o as (select * from json_to_recordset(?::json) as x(office_code text, counter_code text, slot int, nip text, trained_on date, quality float8)),
          m as (select * from json_to_recordset(?::json) as x(code text, m float8)),
          cs as (select counter_id, array_agg(service_code order by service_code) as services from counter_service group by counter_id),
          d as (select g::date as day, (g::date - ?::date) as n from generate_series(?::date, ?::date, interval '1 day') g where extract(isodow from g) < 6),
          slots as (
            select o.*, c.id as counter_id, d.day, k, cs.services,
                   o.office_code || '/' || o.counter_code || '/' || d.day || '/' || k as key,
                   ((d.day + time '08:00') at time zone 'Asia/Jakarta') + (k - 1) * interval '35 minutes' as called
              from o join counter c on c.office_code = o.office_code and c.code = o.counter_code
              join cs on cs.counter_id = c.id
              cross join d cross join generate_series(1, ?::int) k
             where o.slot = d.n % 2),
          t as (
            select s.*, s.services[1 + floor(${draw(`s.key || '/service'`)} * array_length(s.services, 1))::int] as service_code,
                   ${draw(`s.key || '/skip'`)} < 0.07 as skipped
              from slots s)
     select t.office_code, t.service_code, t.day, os.ticket_prefix,
            row_number() over (partition by t.office_code, t.day, os.ticket_prefix order by t.called, t.counter_code),
            case when t.skipped then 'SKIPPED' else 'DONE' end, t.counter_id, ?, t.nip, ?, t.key,
            t.called - interval '20 minutes', t.called,
            case when t.skipped then null else t.called + interval '1 minute' end,
            case when t.skipped then null
                 else t.called + interval '1 minute' + make_interval(secs => 60 * coalesce(m.m, ?)
                        * (1 - t.quality * 0.6)
                        * (case when t.trained_on is not null and t.day > t.trained_on and t.service_code = any(?::text[]) then 0.8 else 1 end)
                        * (0.6 + 0.8 * ${draw(`t.key || '/minutes'`)})) end,
            case when t.skipped then t.called + interval '3 minutes' else null end
       from t join office_service os on os.office_code = t.office_code and os.service_code = t.service_code
       left join m on m.code = t.service_code`,
    [
      JSON.stringify(officers),
      JSON.stringify(minutes),
      DEMO_HISTORY_FROM,
      DEMO_HISTORY_FROM,
      DEMO_HISTORY_TO,
      TICKETS_PER_COUNTER_DAY,
      DEMO_HISTORY_SCOPE,
      DEMO_HISTORY_SCOPE,
      DEFAULT_MINUTES,
      [...TRAINING_SENSITIVE_SERVICES],
    ],
  );
}

/**
 * Surveys about a third of the served tickets. Each answer is 1..4 around the officer's level; after the training, on
 * the sensitive services, time (U3), competence (U6) and behaviour (U7) gain most.
 */
async function insertSurveys(trx: Knex.Transaction, officers: readonly CounterOfficer[]): Promise<void> {
  const lift = (element: number) => (element === 3 || element === 6 || element === 7 ? 0.75 : 0.25);
  const answer = (element: number) =>
    `1 + least(3, greatest(0, floor(2.45 + o.quality * 1.6
        + (case when o.trained_on is not null and t.service_day > o.trained_on and t.service_code = any(?::text[]) then ${lift(element)} else 0 end)
        + (${draw(`t.idempotency_key || '/u${element}'`)} - 0.5) * 1.8)))::int`;
  const elements = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  await trx.raw(
    `insert into survey_response (service_code, agency_code, office_code, ticket_id, counter_id, officer_nip, ${elements.map((e) => `u${e}`).join(', ')},
                                  submitted_at, service_day)
     with o as (select distinct on (nip) nip, trained_on, quality
                  from json_to_recordset(?::json) as x(office_code text, counter_code text, slot int, nip text, trained_on date, quality float8))
     select t.service_code, s.agency_code, t.office_code, t.id, t.counter_id, t.served_by_nip, ${elements.map(answer).join(', ')},
            t.done_at + interval '10 minutes', t.service_day
       from ticket t join o on o.nip = t.served_by_nip join service s on s.code = t.service_code
      where t.idempotency_scope = ? and t.status = 'DONE' and ${draw(`t.idempotency_key || '/survey'`)} < 0.35`,
    [JSON.stringify(officers), ...elements.map(() => [...TRAINING_SENSITIVE_SERVICES]), DEMO_HISTORY_SCOPE],
  );
}

/** A few complaints (pengaduan) naming served tickets, long since answered and closed, with their history. */
async function insertComplaints(trx: Knex.Transaction): Promise<void> {
  await trx.raw(
    `insert into complaint (tracking_code, access_token_hash, kind, agency_code, service_code, office_code, ticket_id, title, body,
                            anonymous, confidential, status, submitted_at, assigned_at, verified_at, responded_at, closed_at, submitted_by)
     select 'LPR-' || upper(substr(md5(t.idempotency_key), 1, 4)) || '-' || upper(substr(md5(t.idempotency_key), 5, 4)),
            md5(t.idempotency_key || '/token'), 'PENGADUAN', s.agency_code, t.service_code, t.office_code, t.id,
            'Pelayanan loket kurang ramah',
            'Petugas loket kurang ramah dan penjelasan persyaratan tidak jelas sehingga saya harus kembali lagi.',
            false, false, 'CLOSED', t.done_at + interval '2 hours', t.done_at + interval '2 hours',
            t.done_at + interval '1 day', t.done_at + interval '3 days', t.done_at + interval '5 days', ?
       from ticket t join service s on s.code = t.service_code
      where t.idempotency_scope = ? and t.status = 'DONE' and ${draw(`t.idempotency_key || '/complaint'`)} < 0.005
      on conflict (tracking_code) do nothing`,
    [DEMO_HISTORY_SCOPE, DEMO_HISTORY_SCOPE],
  );
  const demoComplaints = `select c.id, c.agency_code, c.submitted_at, c.verified_at, c.responded_at, c.closed_at from complaint c where c.submitted_by = ?`;
  await trx.raw(
    `insert into complaint_event (complaint_id, kind, at, actor, actor_role, agency_code, note)
     select c.id, e.kind, e.at, ?, e.role, c.agency_code, e.note
       from (${demoComplaints}) c
       cross join lateral (values ('SUBMITTED', c.submitted_at, 'CITIZEN', null),
                                  ('VERIFIED', c.verified_at, 'OFFICER', null),
                                  ('RESPONDED', c.responded_at, 'SUPERVISOR', null),
                                  ('CLOSED', c.closed_at, 'SUPERVISOR', 'Ditindaklanjuti dengan pembinaan petugas.')) as e(kind, at, role, note)
      order by c.id, e.at`,
    [DEMO_HISTORY_SCOPE, DEMO_HISTORY_SCOPE],
  );
  await trx.raw(
    `insert into complaint_response (complaint_id, at, agency_code, responder, body)
     select c.id, c.responded_at, c.agency_code, ?, 'Terima kasih atas laporannya. Petugas yang bersangkutan telah diberi pembinaan.'
       from (${demoComplaints}) c`,
    [DEMO_HISTORY_SCOPE, DEMO_HISTORY_SCOPE],
  );
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A small deterministic hash of a string (FNV-1a). */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
