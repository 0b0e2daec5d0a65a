/**
 * The counters and daily rollups of migration 0007 against the aggregates they replace: random tickets and surveys
 * over several days, offices, services and officers, written every way the hub's data is written (bulk SQL as seeds and
 * benchmarks do, multi-row updates and deletes, and the API), then every table, every filter combination and every
 * series bucket compared with the on-the-fly SQL; a rolled-back change; and the Asia/Jakarta midnight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { ikmOf, roundTo } from '../src/domain/ikm.js';
import type { SatisfactionFilter, SeriesBucket } from '../src/domain/surveys.js';
import type { AgencyCode } from '../src/domain/catalog.js';
import { QueueStore } from '../src/store/queue.js';
import { SurveyStore } from '../src/store/surveys.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrationSource, MIGRATIONS } from '../src/db/migrations/index.js';
import { seedDemoData } from '../src/db/seed/seed.js';
import { createLogger } from '../src/logger.js';
import { createTestDatabase } from './helpers/database.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { TestClock } from './helpers/clock.js';
import { act, counterIds, takeTicket } from './helpers/queue.js';
import { expectRollupsExact, liveElementSums, liveElementSumsByBucket, liveServedTickets } from './helpers/rollups.js';

/** 10:00 WIB, Wednesday 25 November 2026. */
const NOW = '2026-11-25T03:00:00Z';
/** Across a month's end and an ISO week's (Monday 2 November), and today. */
const DAYS = ['2026-10-29', '2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03', '2026-11-25'];
const OFFICERS = ['198503152010011001', '199001012015032002', '197712312005011003', '198808082012122004', '199512122020121005'] as const;
const STATUSES = ['WAITING', 'DONE', 'DONE', 'SKIPPED', 'CANCELLED'] as const;

/** Deterministic draws (mulberry32): a failure reproduces. */
function generator(seed: number) {
  let state = seed;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next, int, pick };
}

interface Offering {
  office_code: string;
  service_code: string;
  ticket_prefix: string;
  agency_code: AgencyCode;
}

let t: TestHub;
let knex: Knex;
const clock = new TestClock(NOW);
const random = generator(20261125);

beforeAll(async () => {
  t = await startTestHub({ now: clock.now, env: { RATE_LIMIT_SURVEYS_PER_MINUTE: '100000' } });
  knex = t.hub.database.knex;
});
afterAll(() => t.stop());

/** Bulk SQL, as seeds and benchmarks write: tickets in every state but active ones, then responses, in big statements. */
async function fillInBulk(offerings: readonly Offering[]): Promise<void> {
  const numbers = new Map<string, number>();
  const tickets = Array.from({ length: 900 }, () => {
    const offering = random.pick(offerings);
    const day = random.pick(DAYS.slice(0, -1));
    const key = `${offering.office_code}/${day}/${offering.ticket_prefix}`;
    const number = (numbers.get(key) ?? 500) + 1;
    numbers.set(key, number);
    const status = random.pick(STATUSES);
    return {
      office_code: offering.office_code,
      service_code: offering.service_code,
      service_day: day,
      prefix: offering.ticket_prefix,
      number,
      priority: random.next() < 0.2 ? 'ELDERLY' : null,
      status,
      served_by_nip: status === 'DONE' && random.next() < 0.9 ? random.pick(OFFICERS) : null,
      issued_at: `${day}T01:00:00Z`,
      done_at: status === 'DONE' ? `${day}T02:00:00Z` : null,
    };
  });
  for (let i = 0; i < tickets.length; i += 300) await knex('ticket').insert(tickets.slice(i, i + 300));

  const responses = Array.from({ length: 1200 }, () => {
    const offering = random.pick(offerings);
    const day = random.pick(DAYS);
    return {
      service_code: offering.service_code,
      agency_code: offering.agency_code,
      office_code: random.next() < 0.85 ? offering.office_code : null,
      officer_nip: random.next() < 0.7 ? random.pick(OFFICERS) : null,
      ...Object.fromEntries(Array.from({ length: 9 }, (_, e) => [`u${e + 1}`, 1 + random.int(4)])),
      submitted_at: `${day}T05:00:00Z`,
      service_day: day,
    };
  });
  for (let i = 0; i < responses.length; i += 400) await knex('survey_response').insert(responses.slice(i, i + 400));
}

/** Multi-row updates and deletes that move rows between keys, change states, and leave others as they were. */
async function changeInBulk(): Promise<void> {
  // A third of the waiting become DONE by some officer; some waiting change priority (a count moves, the total not).
  await knex.raw(`update ticket set status = 'DONE', done_at = issued_at + interval '1 hour', served_by_nip = ?
                   where status = 'WAITING' and number % 3 = 0 and service_day < '2026-11-25'`, [OFFICERS[0]]);
  await knex.raw(`update ticket set priority = case when priority is null then 'PREGNANT' else null end where status = 'WAITING' and number % 5 = 1`);
  // Served tickets move to another officer; a statement touching rows without changing any key.
  await knex.raw(`update ticket set served_by_nip = ? where status = 'DONE' and number % 4 = 2`, [OFFICERS[1]]);
  await knex.raw(`update ticket set recall_count = recall_count where status in ('WAITING', 'DONE')`);
  // Responses: answers revised, moved to another officer or office-less, some deleted.
  await knex.raw(`update survey_response set u3 = 1, u7 = 4 where (u1 + u2) % 3 = 0`);
  await knex.raw(`update survey_response set officer_nip = ? where u9 = 4 and officer_nip is distinct from ?`, [OFFICERS[2], OFFICERS[2]]);
  await knex.raw(`update survey_response set office_code = null where u8 = 1 and u5 = 2`);
  await knex.raw(`delete from survey_response where u4 = 1 and u6 = 1 and ticket_id is null`);
}

/** Through the API: tickets taken, called, recalled, served, skipped and cancelled today, and surveys about them. */
async function workThroughApi(): Promise<void> {
  const office = 'DUKCAPIL-KOTA-JAMBI';
  const counters = await counterIds(t, office);
  const officer = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL', nip: OFFICERS[3] });
  const services = ['DUK-KTP-EL', 'DUK-KK', 'DUK-KIA'];
  const taken = [];
  for (let i = 0; i < 24; i++) {
    taken.push(await takeTicket(t, { officeCode: office, serviceCode: random.pick(services), ...(random.next() < 0.25 ? { priority: 'DISABLED' } : {}) }));
  }
  // Some cancelled by their holders while waiting.
  for (const ticket of taken.filter((_, i) => i % 7 === 3)) {
    const res = await t.query('mutation($id: ID!, $token: String!) { cancelTicket(id: $id, holderToken: $token) { status } }', { id: ticket.id, token: ticket.holderToken });
    expect(res.body.errors).toBeUndefined();
  }
  const counterList = Object.values(counters);
  for (const counter of counterList) await act(t, 'openCounter', 'counterId', counter, officer);
  const served: { id: string; holderToken: string; serviceCode: string }[] = [];
  for (let round = 0; round < 4; round++) {
    for (const counter of counterList) {
      const res = await t.query(`mutation($id: ID!) { callNextTicket(counterId: $id) { id service { code } } }`, { id: counter }, { token: officer });
      expect(res.body.errors).toBeUndefined();
      const called = res.body.data.callNextTicket as { id: string; service: { code: string } } | null;
      if (called === null) continue;
      const draw = random.next();
      if (draw < 0.2) {
        await act(t, 'recallTicket', 'ticketId', called.id, officer);
        await act(t, 'skipTicket', 'ticketId', called.id, officer);
      } else if (round === 3 && draw < 0.6) {
        // Left called or being served: the counters' "now serving".
        if (draw < 0.4) await act(t, 'startServing', 'ticketId', called.id, officer);
      } else {
        await act(t, 'startServing', 'ticketId', called.id, officer);
        await act(t, 'completeTicket', 'ticketId', called.id, officer);
        const holder = taken.find((ticket) => ticket.id === called.id);
        if (holder?.holderToken) served.push({ id: called.id, holderToken: holder.holderToken, serviceCode: called.service.code });
      }
    }
  }
  for (const ticket of served) {
    const res = await t.query('mutation($input: SurveyInput!) { submitSurvey(input: $input) { id } }', {
      input: { serviceCode: ticket.serviceCode, ticketId: ticket.id, holderToken: ticket.holderToken, answers: Array.from({ length: 9 }, () => 1 + random.int(4)) },
    });
    expect(res.body.errors).toBeUndefined();
  }
}

/** Every combination of the filter's fields, for values that exist together in the data, with several periods. */
async function filters(): Promise<SatisfactionFilter[]> {
  const samples: { agency_code: AgencyCode; service_code: string; office_code: string; officer_nip: string }[] = await knex('survey_response')
    .select('agency_code', 'service_code', 'office_code', 'officer_nip')
    .whereNotNull('office_code')
    .whereNotNull('officer_nip')
    .orderBy('id')
    .limit(3);
  const periods: [string | null, string | null][] = [
    [null, null],
    ['2026-10-31', null],
    [null, '2026-11-01'],
    ['2026-10-30', '2026-11-02'],
    ['2026-11-03', '2026-11-03'],
    ['2026-11-10', '2026-11-20'],
  ];
  const all: SatisfactionFilter[] = [];
  for (const sample of samples) {
    for (let mask = 0; mask < 16; mask++) {
      for (const [from, to] of periods) {
        all.push({
          agency: mask & 1 ? sample.agency_code : null,
          serviceCode: mask & 2 ? sample.service_code : null,
          officeCode: mask & 4 ? sample.office_code : null,
          officerNip: mask & 8 ? sample.officer_nip : null,
          from,
          to,
        });
      }
    }
  }
  return all;
}

describe('rollups and counters', () => {
  it('equal the on-the-fly aggregates after bulk writes, bulk changes and API work, for every filter and bucket', async () => {
    const offerings: Offering[] = await knex('office_service as os')
      .join('service as s', 's.code', 'os.service_code')
      .select('os.office_code', 'os.service_code', 'os.ticket_prefix', 's.agency_code');
    await fillInBulk(offerings);
    await expectRollupsExact(knex);
    await changeInBulk();
    await expectRollupsExact(knex);
    await workThroughApi();
    await expectRollupsExact(knex);

    const store = new SurveyStore(knex);
    const all = await filters();
    const many = await store.satisfactionMany(all);
    let nonEmpty = 0;
    for (const [i, filter] of all.entries()) {
      const [live, liveServed] = await Promise.all([liveElementSums(knex, filter), liveServedTickets(knex, filter)]);
      if (live.responses > 0) nonEmpty++;
      const label = JSON.stringify(filter);
      // All filters in one statement, and each on its own.
      expect(many[i], label).toEqual({ sums: live, served: liveServed });
      expect(await store.satisfactionMany([filter]), label).toEqual([{ sums: live, served: liveServed }]);
    }
    // The draws put responses behind most filters, so the comparisons above compare numbers, not zeros.
    expect(nonEmpty).toBeGreaterThan(all.length / 2);

    for (const filter of all.filter((f) => f.from !== null && f.to !== null)) {
      for (const bucket of ['DAY', 'WEEK', 'MONTH'] as SeriesBucket[]) {
        expect(await store.elementSumsByBucket(filter, bucket), `${bucket} ${JSON.stringify(filter)}`).toEqual(await liveElementSumsByBucket(knex, filter, bucket));
      }
    }
  });

  it('answer satisfaction and series through the API as the responses do, one statement for many filters', async () => {
    const analyst = await t.token({ role: 'ANALYST' });
    const all = (await filters()).filter((_, i) => i % 9 === 0).slice(0, 12);
    const fields = 'responses ikm grade servedTickets requiredSample elements { element nrr }';
    const query = `query(${all.map((_, i) => `$f${i}: SatisfactionFilter!`).join(', ')}) { ${all.map((_, i) => `s${i}: satisfaction(filter: $f${i}) { ${fields} }`).join(' ')} }`;
    const variables = Object.fromEntries(all.map((f, i) => [`f${i}`, Object.fromEntries(Object.entries(f).filter(([, v]) => v !== null))]));
    const res = await t.query(query, variables, { token: analyst });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.extensions?.stats?.sqlStatements).toBe(1);
    for (const [i, filter] of all.entries()) {
      const live = await liveElementSums(knex, filter);
      const score = ikmOf(live);
      const got = res.body.data[`s${i}`];
      expect(got.responses).toBe(live.responses);
      expect(got.ikm).toBe(score?.converted ?? null);
      expect(got.grade).toBe(score?.grade ?? null);
      expect(got.servedTickets).toBe(await liveServedTickets(knex, filter));
      expect(got.elements.map((e: { nrr: number }) => e.nrr)).toEqual(score?.elements.map((e) => roundTo(e.nrr, 4)) ?? []);
    }

    const filter = { serviceCode: 'DUK-KTP-EL', from: '2026-10-26', to: '2026-11-25' };
    const series = await t.query(`query($f: SatisfactionFilter!) { satisfactionSeries(filter: $f, bucket: WEEK) { start responses ikm } }`, { f: filter });
    expect(series.body.errors).toBeUndefined();
    const live = await liveElementSumsByBucket(knex, { agency: null, officeCode: null, officerNip: null, ...filter }, 'WEEK');
    for (const point of series.body.data.satisfactionSeries) {
      const sums = live.get(point.start);
      expect(point.responses).toBe(sums?.responses ?? 0);
      expect(point.ikm).toBe(sums === undefined ? null : ikmOf(sums)?.converted);
    }
  });

  it("answer bench/compare's Q1 (services with waiting today and 30-day satisfaction) as the tickets and responses do, in statements independent of the page", async () => {
    const q1 = (first: number) => `{ services(first: ${first}) { edges { node { code agency { name } waitingToday satisfaction(from: "2026-10-27", to: "2026-11-25") { responses ikm servedTickets } } } } }`;
    const small = await t.query(q1(3));
    const large = await t.query(q1(50));
    expect(small.body.errors).toBeUndefined();
    expect(large.body.errors).toBeUndefined();
    expect(large.body.extensions?.stats?.sqlStatements).toBe(small.body.extensions?.stats?.sqlStatements);
    const nodes: { code: string; waitingToday: number; satisfaction: { responses: number; ikm: number | null; servedTickets: number } }[] = large.body.data.services.edges.map((e: { node: unknown }) => e.node);
    expect(nodes.length).toBeGreaterThan(3);
    let waitingSomewhere = 0;
    for (const node of nodes) {
      const waiting = await knex('ticket').where({ service_code: node.code, status: 'WAITING', service_day: '2026-11-25' }).count<{ waiting: string }[]>('* as waiting');
      expect(node.waitingToday, node.code).toBe(Number(waiting[0]?.waiting));
      if (node.waitingToday > 0) waitingSomewhere++;
      const filter = { agency: null, serviceCode: node.code, officeCode: null, officerNip: null, from: '2026-10-27', to: '2026-11-25' };
      const live = await liveElementSums(knex, filter);
      expect(node.satisfaction.responses, node.code).toBe(live.responses);
      expect(node.satisfaction.ikm, node.code).toBe(ikmOf(live)?.converted ?? null);
      expect(node.satisfaction.servedTickets, node.code).toBe(await liveServedTickets(knex, filter));
    }
    expect(waitingSomewhere, 'the data leaves people waiting today, so the comparison compares numbers').toBeGreaterThan(0);
  });

  it('answer several periods on one page (an alias, a fragment, a variable) as the filter does, in two statements', async () => {
    const page = `query($from: Date!) { services(first: 20) { edges { node { code ...Figures recent: satisfaction(from: $from) { responses ikm } } } } }
      fragment Figures on Service { waitingToday satisfaction(from: "2026-10-27", to: "2026-11-25") { responses ikm } }`;
    const res = await t.query(page, { from: '2026-11-20' });
    expect(res.body.errors).toBeUndefined();
    // Waiting counters; element sums joined with served tickets: one statement each for both periods and the whole page.
    expect(res.body.extensions?.stats?.sqlStatements).toBe(2);
    for (const { node } of res.body.data.services.edges as { node: { code: string; waitingToday: number; satisfaction: { responses: number; ikm: number | null }; recent: { responses: number; ikm: number | null } } }[]) {
      const month = await liveElementSums(knex, { agency: null, serviceCode: node.code, officeCode: null, officerNip: null, from: '2026-10-27', to: '2026-11-25' });
      const recent = await liveElementSums(knex, { agency: null, serviceCode: node.code, officeCode: null, officerNip: null, from: '2026-11-20', to: null });
      expect(node.satisfaction, node.code).toEqual({ responses: month.responses, ikm: ikmOf(month)?.converted ?? null });
      expect(node.recent, node.code).toEqual({ responses: recent.responses, ikm: ikmOf(recent)?.converted ?? null });
    }
    // A period that is not one is refused by the field, as without the page's loading ahead.
    const backwards = await t.query(page.replace('satisfaction(from: $from)', 'satisfaction(from: $from, to: "2026-01-01")'), { from: '2026-12-31' });
    expect(backwards.body.errors?.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('roll back with the change that failed', async () => {
    const queue = new QueueStore(knex);
    const before = await knex('queue_waiting').where({ service_day: '2026-11-25', office_code: 'MPP-KOTA-JAMBI', service_code: 'DUK-KTP-EL' }).first('waiting');
    await expect(
      queue.takeTicket({
        officeCode: 'MPP-KOTA-JAMBI',
        serviceCode: 'DUK-KTP-EL',
        priority: null,
        idempotency: null,
        actor: { subject: 'test', nip: null },
        now: clock.now(),
        // An entry the audit log refuses (it has no action): the ticket's statement fails with it.
        audit: (ticket) => [{ principal: { kind: 'public' }, operation: 'Take', action: null as unknown as string, subject: ticket.id, outcome: 'ok', clientAddress: null, requestId: null }],
      }),
    ).rejects.toThrow(/action/);
    const after = await knex('queue_waiting').where({ service_day: '2026-11-25', office_code: 'MPP-KOTA-JAMBI', service_code: 'DUK-KTP-EL' }).first('waiting');
    expect(after).toEqual(before);
    const surveys = new SurveyStore(knex);
    await expect(
      surveys.submit({
        serviceCode: 'DUK-KK',
        officeCode: 'DUKCAPIL-KOTA-JAMBI',
        ticketId: null,
        answers: [4, 4, 4, 4, 4, 4, 4, 4, 4],
        comment: null,
        respondent: { ageBand: null, sex: null, education: null, occupation: null },
        idempotency: { scope: 'test', key: randomUUID() },
        now: clock.now(),
        within: async () => {
          throw new Error('the audit entry failed');
        },
      }),
    ).rejects.toThrow('the audit entry failed');
    await expectRollupsExact(knex);
  });
});

describe('the Asia/Jakarta midnight', () => {
  const OFFICE = 'RSUD-RADEN-MATTAHER';
  const SERVICE = 'DKS-LAB';
  const QUEUE = `query($o: String!) { queueStatus(officeCode: $o) { waiting services { service { code } waiting priorityWaiting } } }`;
  const waitingOf = async (serviceCode: string): Promise<number> => {
    const res = await t.query(QUEUE, { o: OFFICE });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.queueStatus.services.find((line: { service: { code: string } }) => line.service.code === serviceCode).waiting;
  };

  it('starts "today" at 00:00 WIB: yesterday\'s leftovers stay on their day, the new day counts from zero', async () => {
    const service = SERVICE;
    clock.set('2026-11-25T16:59:30Z'); // 23:59:30 WIB, Wednesday
    const before = await waitingOf(service);
    const late = [await takeTicket(t, { officeCode: OFFICE, serviceCode: service }), await takeTicket(t, { officeCode: OFFICE, serviceCode: service, priority: 'ELDERLY' })];
    expect(late.map((ticket) => ticket.day)).toEqual(['2026-11-25', '2026-11-25']);
    expect(await waitingOf(service)).toBe(before + 2);

    clock.set('2026-11-25T17:00:00Z'); // 00:00:00 WIB, Thursday 26 November
    expect(await waitingOf(service)).toBe(0);
    const early = await takeTicket(t, { officeCode: OFFICE, serviceCode: service });
    expect(early).toMatchObject({ day: '2026-11-26', number: 1 });
    expect(await waitingOf(service)).toBe(1);
    const yesterday = await knex('queue_waiting').where({ service_day: '2026-11-25', office_code: OFFICE, service_code: service }).first('waiting', 'priority_waiting');
    expect(yesterday).toEqual({ waiting: before + 2, priority_waiting: expect.any(Number) });
    await expectRollupsExact(knex);
    clock.set(NOW);
  });
});

const MIGRATION_LOG = createLogger('silent');
const MIGRATIONS_CONFIG = { migrationSource, tableName: 'knex_migrations' };

/** Runs `check` on a database of its own, not yet migrated, dropped afterwards. */
async function inFreshDatabase(check: (db: Database) => Promise<void>): Promise<void> {
  const database = await createTestDatabase();
  const db = await openDatabase(database.config, MIGRATION_LOG);
  try {
    await check(db);
  } finally {
    await db.close();
    await database.drop();
  }
}

describe('migration 0007', () => {
  it('counts the rows written before it, and the demo history seeded after it', async () => {
    const log = MIGRATION_LOG;
    const config = MIGRATIONS_CONFIG;
    await inFreshDatabase(async (db) => {
      for (const migration of MIGRATIONS) {
        if (migration.name === '0007_rollups') break;
        await db.knex.migrate.up({ ...config, name: migration.name });
      }
      await seedDemoData(db.knex, log, { history: true });
      // The history is all finished tickets: add a waiting line and a ticket at a counter.
      await db.knex.raw(
        `insert into ticket (office_code, service_code, service_day, prefix, number, priority, status, issued_at)
         select office_code, service_code, '2026-11-25', ticket_prefix, 900 + n, case when n = 1 then 'CHILD' end, 'WAITING', '2026-11-25T01:00:00Z'
           from office_service cross join generate_series(1, 3) as n`,
      );
      const counter: { id: string; office_code: string; service_code: string } = await db.knex('counter as c').join('counter_service as cs', 'cs.counter_id', 'c.id').first('c.id', 'c.office_code', 'cs.service_code');
      await db.knex.raw(`update ticket set status = 'CALLED', counter_id = ?, called_at = issued_at where office_code = ? and service_code = ? and number = 901 and service_day = '2026-11-25'`, [
        counter.id,
        counter.office_code,
        counter.service_code,
      ]);
      await db.knex.migrate.latest(config);
      await expectRollupsExact(db.knex);
      const [served] = await db.knex('ticket_served_daily').sum<{ n: number }[]>('tickets as n');
      expect(Number(served?.n)).toBeGreaterThan(1_000);
      expect(await db.knex('counter_now_serving').select('counter_id')).toEqual([{ counter_id: counter.id }]);
    });

    await inFreshDatabase(async (fresh) => {
      await fresh.knex.migrate.latest(config);
      await seedDemoData(fresh.knex, log, { history: true });
      await expectRollupsExact(fresh.knex);
      const [responses] = await fresh.knex('survey_response_daily').sum<{ n: number }[]>('responses as n');
      expect(Number(responses?.n)).toBeGreaterThan(1_000);
    });
    // Two databases with six months of demo history each: slow on PGlite on a busy machine.
  }, 240_000);
});

describe('migration 0008', () => {
  it('rolls back to 0007\'s triggers, which stay exact, and forward again with per-service tables filled from them', async () => {
    const config = MIGRATIONS_CONFIG;
    await inFreshDatabase(async (db) => {
      const doneTickets = (day: string) =>
        db.knex.raw(
          `insert into ticket (office_code, service_code, service_day, prefix, number, status, issued_at, called_at, done_at)
           select office_code, service_code, ?::date, ticket_prefix, 800 + n, 'DONE', ?::timestamptz, ?::timestamptz, ?::timestamptz
             from office_service cross join generate_series(1, 2) as n`,
          [day, `${day}T01:00:00Z`, `${day}T01:05:00Z`, `${day}T01:15:00Z`],
        );
      await db.knex.migrate.latest(config);
      await seedDemoData(db.knex, MIGRATION_LOG, { history: false });
      await doneTickets('2026-11-20');
      await expectRollupsExact(db.knex);

      // The migrations after 0008 first, newest first, then 0008.
      for (const migration of MIGRATIONS.slice(MIGRATIONS.findIndex((m) => m.name === '0008_service_rollups')).reverse()) {
        await db.knex.migrate.down({ ...config, name: migration.name });
      }
      expect(await db.knex.schema.hasTable('ticket_served_daily_service')).toBe(false);
      await doneTickets('2026-11-21');
      const [served] = await db.knex('ticket_served_daily').where('service_day', '2026-11-21').sum<{ n: number }[]>('tickets as n');
      expect(Number(served?.n)).toBeGreaterThan(0);

      await db.knex.migrate.latest(config);
      await doneTickets('2026-11-22');
      await expectRollupsExact(db.knex);
    });
  }, 120_000);
});
