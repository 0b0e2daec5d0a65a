/**
 * Staff performance on a small fixture written in SQL, every figure against a hand computation: a person's service
 * record, trainings and SKP; an agency's and a work unit's summary with the SKP distribution checked against the
 * organisation's rating and training coverage; the before/after comparison of a training; recognition rankings. And
 * who may see what.
 *
 * The copy of BKD's staff records is written directly too (no sync): this file pays no SIASN calls for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { errorCodes } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { TestClock } from './helpers/clock.js';
import { counterIds } from './helpers/queue.js';
import { checkDistribution, rankCandidates, recognitionScore } from '../src/domain/performance.js';

/** 10:00 WIB, Wednesday 25 November 2026. */
const clock = new TestClock('2026-11-25T03:00:00Z');
const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };
const NOVEMBER = { from: '2026-11-02', to: '2026-11-06' };
const OFFICE = 'DUKCAPIL-KOTA-JAMBI';

let t: TestHub;
let knex: Knex;
/** A, B: Disdukcapil unit U-FIX-1; C: Disdukcapil unit U-FIX-2; D: Dinkes. Real NIPs of the demo world. */
let A: string, B: string, C: string, D: string;
let counters: Record<string, string>;
let supervisor: string, analyst: string, admin: string;

/** Inserts a ticket and returns its id. Handling is `minutes` from serving start to done. */
async function ticket(input: { day: string; service: string; counter: string; nip: string; status: 'DONE' | 'SKIPPED' | 'CANCELLED'; minutes?: number; seq?: number }): Promise<string> {
  const prefix: { ticket_prefix: string } = await knex('office_service').where({ office_code: OFFICE, service_code: input.service }).first('ticket_prefix');
  const [{ n }] = (await knex('ticket').where({ office_code: OFFICE, service_day: input.day, prefix: prefix.ticket_prefix }).count('* as n')) as [{ n: number }];
  const called = new Date(`${input.day}T01:00:00Z`);
  called.setUTCMinutes(Number(n) * 30);
  const serving = new Date(called.getTime() + 60_000);
  const done = input.status === 'DONE' ? new Date(serving.getTime() + (input.minutes ?? 0) * 60_000) : null;
  const [row] = await knex('ticket')
    .insert({
      office_code: OFFICE,
      service_code: input.service,
      service_day: input.day,
      prefix: prefix.ticket_prefix,
      number: Number(n) + 1,
      status: input.status,
      counter_id: counters[input.counter],
      served_by: 'fixture',
      served_by_nip: input.nip,
      issued_at: called,
      called_at: called,
      serving_at: input.status === 'DONE' ? serving : null,
      done_at: done,
      skipped_at: input.status === 'SKIPPED' ? called : null,
      cancelled_at: input.status === 'CANCELLED' ? called : null,
    })
    .returning('id');
  return (row as { id: string }).id;
}

async function survey(ticketId: string, answer: number): Promise<void> {
  const row: { service_code: string; service_day: string; counter_id: string; served_by_nip: string; done_at: Date } = await knex('ticket').where('id', ticketId).first();
  await knex('survey_response').insert({
    service_code: row.service_code,
    agency_code: 'DISDUKCAPIL',
    office_code: OFFICE,
    ticket_id: ticketId,
    counter_id: row.counter_id,
    officer_nip: row.served_by_nip,
    ...Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => [`u${n}`, answer])),
    submitted_at: row.done_at,
    service_day: row.service_day,
  });
}

let complaintNumber = 0;
async function complaint(input: { kind: string; day: string; ticketId?: string; service?: string }): Promise<void> {
  complaintNumber++;
  await knex('complaint').insert({
    tracking_code: `LPR-FX0${complaintNumber}-0000`,
    access_token_hash: 'x',
    kind: input.kind,
    agency_code: 'DISDUKCAPIL',
    service_code: input.service ?? null,
    office_code: input.service ? OFFICE : null,
    ticket_id: input.ticketId ?? null,
    title: 'Keluhan pelayanan',
    body: 'Pelayanan di loket kurang memuaskan.',
    anonymous: false,
    confidential: false,
    status: 'SUBMITTED',
    submitted_at: `${input.day}T05:00:00Z`,
    assigned_at: `${input.day}T05:00:00Z`,
  });
}

beforeAll(async () => {
  t = await startTestHub({ now: clock.now });
  knex = t.hub.database.knex;
  counters = await counterIds(t, OFFICE);
  const unitAgency = new Map(t.sandbox.world.workUnits.map((u) => [u.id, u.agency]));
  const of = (agency: string) => t.sandbox.world.civilServants.filter((c) => unitAgency.get(c.workUnitId) === agency).map((c) => c.nip);
  [A, B, C] = of('DISDUKCAPIL') as [string, string, string];
  [D] = of('DINKES') as [string];
  [supervisor, analyst, admin] = await Promise.all([
    t.token({ role: 'SUPERVISOR', agency: 'DISDUKCAPIL' }),
    t.token({ role: 'ANALYST' }),
    t.token({ role: 'ADMIN' }),
  ]);

  // The copy of BKD's records, as a sync would have written it.
  await knex('staff_work_unit').insert([
    { id: 'U-FIX-1', name: 'Bidang Pelayanan Pendaftaran Penduduk', agency_code: 'DISDUKCAPIL' },
    { id: 'U-FIX-2', name: 'Bidang Pencatatan Sipil', agency_code: 'DISDUKCAPIL' },
    { id: 'U-FIX-3', name: 'UPTD Puskesmas Pakuan Baru', agency_code: 'DINKES' },
  ]);
  const person = (nip: string, name: string, unit: string, agency: string) => ({ nip, name, work_unit_id: unit, agency_code: agency, rank_code: 'III/b', synced_at: clock.now() });
  await knex('staff_record').insert([
    person(A, 'Ani', 'U-FIX-1', 'DISDUKCAPIL'),
    person(B, 'Budi', 'U-FIX-1', 'DISDUKCAPIL'),
    person(C, 'Citra', 'U-FIX-2', 'DISDUKCAPIL'),
    person(D, 'Dewi', 'U-FIX-3', 'DINKES'),
  ]);
  const training = (nip: string, id: string, name: string, end: string, hours: number) => ({ nip, kind: 'KURSUS', source_id: id, name, start_date: end, end_date: end, hours });
  await knex('staff_training').insert([
    training(A, 'T1', 'Orientasi Nilai Dasar ASN BerAKHLAK', '2026-06-01', 30),
    training(A, 'T2', 'Pelatihan Pelayanan Prima', '2026-10-15', 16),
    training(B, 'T3', 'Pelatihan Penyusunan SKP', '2025-03-01', 20),
    training(C, 'T4', 'Pelatihan Kearsipan Dinamis', '2024-01-15', 24),
  ]);
  await knex('staff_evaluation').insert([
    { nip: A, year: 2026, results: 'ABOVE', behaviour: 'ABOVE', rating: 'SANGAT_BAIK' },
    { nip: B, year: 2026, results: 'AS_EXPECTED', behaviour: 'AS_EXPECTED', rating: 'BAIK' },
    { nip: C, year: 2026, results: 'BELOW', behaviour: 'AS_EXPECTED', rating: 'BUTUH_PERBAIKAN' },
    { nip: A, year: 2025, results: 'AS_EXPECTED', behaviour: 'ABOVE', rating: 'BAIK' },
  ]);

  // October. A at L1, DUK-KTP-EL: handled 4, 6, 10 (before the training on the 15th), 12, 20 (after); one no-show on
  // the 8th; a ticket the citizen cancelled after the call (in neither count); one served the day before October.
  const a1 = await ticket({ day: '2026-10-05', service: 'DUK-KTP-EL', counter: 'L1', nip: A, status: 'DONE', minutes: 4 });
  const a2 = await ticket({ day: '2026-10-06', service: 'DUK-KTP-EL', counter: 'L1', nip: A, status: 'DONE', minutes: 6 });
  await ticket({ day: '2026-10-07', service: 'DUK-KTP-EL', counter: 'L1', nip: A, status: 'DONE', minutes: 10 });
  await ticket({ day: '2026-10-08', service: 'DUK-KTP-EL', counter: 'L1', nip: A, status: 'SKIPPED' });
  await ticket({ day: '2026-10-09', service: 'DUK-KTP-EL', counter: 'L1', nip: A, status: 'CANCELLED' });
  const a4 = await ticket({ day: '2026-10-20', service: 'DUK-KTP-EL', counter: 'L1', nip: A, status: 'DONE', minutes: 12 });
  await ticket({ day: '2026-10-21', service: 'DUK-KTP-EL', counter: 'L1', nip: A, status: 'DONE', minutes: 20 });
  await ticket({ day: '2026-09-30', service: 'DUK-KTP-EL', counter: 'L1', nip: A, status: 'DONE', minutes: 99 });
  // B at L4, DUK-KIA: 8 and 8.
  const b1 = await ticket({ day: '2026-10-06', service: 'DUK-KIA', counter: 'L4', nip: B, status: 'DONE', minutes: 8 });
  await ticket({ day: '2026-10-07', service: 'DUK-KIA', counter: 'L4', nip: B, status: 'DONE', minutes: 8 });
  // Surveys: A's 6th (all 4) and 20th (all 3); B's 6th (all 2).
  await survey(a2, 4);
  await survey(a4, 3);
  await survey(b1, 2);
  // Complaints: a pengaduan naming A's ticket of the 5th; an aspiration naming it (not a complaint); a pengaduan naming
  // DUK-KTP-EL at the office but no ticket (A served that service there in October; B did not).
  await complaint({ kind: 'PENGADUAN', day: '2026-10-10', ticketId: a1, service: 'DUK-KTP-EL' });
  await complaint({ kind: 'ASPIRASI', day: '2026-10-11', ticketId: a1, service: 'DUK-KTP-EL' });
  await complaint({ kind: 'PENGADUAN', day: '2026-10-12', service: 'DUK-KTP-EL' });

  // November 2..6, for recognition: A 40 tickets of 10 minutes and 10 surveys all 4; B 30 tickets of 5 minutes, 10
  // no-shows, 10 surveys all 3; C 29 tickets (one short of qualifying).
  const days = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'];
  for (let i = 0; i < 40; i++) {
    const id = await ticket({ day: days[i % 5]!, service: 'DUK-KTP-EL', counter: 'L1', nip: A, status: 'DONE', minutes: 10 });
    if (i < 10) await survey(id, 4);
  }
  for (let i = 0; i < 40; i++) {
    const id = await ticket({ day: days[i % 5]!, service: 'DUK-KIA', counter: 'L4', nip: B, status: i < 30 ? 'DONE' : 'SKIPPED', minutes: 5 });
    if (i < 10) await survey(id, 3);
  }
  for (let i = 0; i < 29; i++) {
    const id = await ticket({ day: days[i % 5]!, service: 'DUK-KK', counter: 'L2', nip: C, status: 'DONE', minutes: 11 });
    if (i < 12) await survey(id, 4);
  }
}, 120_000);
afterAll(() => t.stop());

const SERVICE = `ticketsServed ticketsSkipped medianHandlingMinutes p90HandlingMinutes noShowRate
  satisfaction { responses ikm grade servedTickets } complaints { aboutTickets aboutServices per100Tickets }`;

describe('a civil servant\'s performance', () => {
  const QUERY = `query($nip: String!, $period: PeriodInput!) {
    staff(nip: $nip) { nip performance(period: $period) {
      period { from to } service { ${SERVICE} } evaluations { year rating } trainings { name hours endDate } trainingHours recordsAsOf } }
  }`;

  it('counts tickets, handling time (median, p90), no-shows, IKM, complaints, trainings and SKP by hand', async () => {
    const res = await t.query(QUERY, { nip: A, period: OCTOBER }, { token: supervisor });
    expect(res.body.errors).toBeUndefined();
    const p = res.body.data.staff.performance;
    // Handling 4, 6, 10, 12, 20: median 10; p90 at rank 0.9 x 4 = 3.6: 12 + 0.6 x (20 - 12) = 16.8.
    // Called 6 (5 DONE + 1 SKIPPED; the cancelled one is neither): no-show 1/6.
    // Surveys all-4 and all-3: every NRR 3.5, IKM 3.5 x 25 = 87.5, grade B.
    // Complaints: the pengaduan naming a ticket (the aspiration is not one); the one naming the service: context.
    expect(p.service).toEqual({
      ticketsServed: 5,
      ticketsSkipped: 1,
      medianHandlingMinutes: 10,
      p90HandlingMinutes: 16.8,
      noShowRate: 0.1667,
      satisfaction: { responses: 2, ikm: 87.5, grade: 'B', servedTickets: 5 },
      complaints: { aboutTickets: 1, aboutServices: 1, per100Tickets: 20 },
    });
    expect(p.period).toEqual(OCTOBER);
    expect(p.trainings).toEqual([{ name: 'Pelatihan Pelayanan Prima', hours: 16, endDate: '2026-10-15' }]);
    expect(p.trainingHours).toBe(16);
    expect(p.evaluations).toEqual([{ year: 2026, rating: 'SANGAT_BAIK' }]);
    expect(p.recordsAsOf).toBe(clock.now().toISOString());
  });

  it('B: two tickets of 8 minutes, no no-shows, one survey all 2 (IKM 50, D), no complaints', async () => {
    const res = await t.query(QUERY, { nip: B, period: OCTOBER }, { token: analyst });
    expect(res.body.data.staff.performance.service).toEqual({
      ticketsServed: 2,
      ticketsSkipped: 0,
      medianHandlingMinutes: 8,
      p90HandlingMinutes: 8,
      noShowRate: 0,
      satisfaction: { responses: 1, ikm: 50, grade: 'D', servedTickets: 2 },
      complaints: { aboutTickets: 0, aboutServices: 0, per100Tickets: 0 },
    });
  });

  it('the officer sees their own; not a colleague\'s; a CITIZEN and the public see nobody\'s', async () => {
    const officerA = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL', nip: A });
    const own = await t.query(QUERY, { nip: A, period: OCTOBER }, { token: officerA });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.staff.performance.service.ticketsServed).toBe(5);

    const colleague = await t.query(QUERY, { nip: B, period: OCTOBER }, { token: officerA });
    expect(errorCodes(colleague)).toEqual(['FORBIDDEN']);
    const citizen = await t.query(QUERY, { nip: A, period: OCTOBER }, { token: await t.token({ role: 'CITIZEN' }) });
    expect(errorCodes(citizen)).toEqual(['FORBIDDEN']);
    const anonymous = await t.query(QUERY, { nip: A, period: OCTOBER });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    const otherAgency = await t.query(QUERY, { nip: A, period: OCTOBER }, { token: await t.token({ role: 'SUPERVISOR', agency: 'DINKES' }) });
    expect(errorCodes(otherAgency)).toEqual(['FORBIDDEN']);
  });

  it('refuses a period backwards or longer than two years', async () => {
    const backwards = await t.query(QUERY, { nip: A, period: { from: '2026-10-31', to: '2026-10-01' } }, { token: supervisor });
    expect(errorCodes(backwards)).toEqual(['BAD_USER_INPUT']);
    const long = await t.query(QUERY, { nip: A, period: { from: '2020-01-01', to: '2026-10-01' } }, { token: supervisor });
    expect(errorCodes(long)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('an agency\'s and a work unit\'s summary', () => {
  const SUMMARY = `query($filter: PerformanceFilter!) {
    performanceSummary(filter: $filter) {
      agency { code } workUnit { id name } period { from to } staff
      service { ${SERVICE} }
      skp { year evaluated notEvaluated ratings { rating count share } organisationRating respectsGuidance
            guidance { description bound limit count share respected } }
      training { staff trainedLast12Months shareTrainedLast12Months hoursLast12Months hoursPerPersonLast12Months
                 untrainedLast24Months untrainedStaff(first: 10) { totalCount edges { node { nip name } } } }
      records { staff lastSuccessAt stale running }
    }
  }`;
  const setRating = (rating: string) =>
    t.query(`mutation($r: OrganisationRating!) { setOrganisationRating(agency: DISDUKCAPIL, year: 2026, rating: $r) { year rating label agency { code } } }`, { r: rating }, { token: admin });

  it('aggregates over the agency\'s staff in the copy, with the SKP distribution checked against the organisation\'s rating', async () => {
    expect((await setRating('BAIK')).body.data.setOrganisationRating).toEqual({ year: 2026, rating: 'BAIK', label: 'Baik', agency: { code: 'DISDUKCAPIL' } });
    const res = await t.query(SUMMARY, { filter: { period: OCTOBER } }, { token: supervisor });
    expect(res.body.errors).toBeUndefined();
    const s = res.body.data.performanceSummary;
    expect(s).toMatchObject({ agency: { code: 'DISDUKCAPIL' }, workUnit: null, period: OCTOBER, staff: 3 });
    // A's 4, 6, 10, 12, 20 and B's 8, 8: median 8; p90 at rank 0.9 x 6 = 5.4: 12 + 0.4 x 8 = 15.2. No-show 1/8.
    // Surveys all-4, all-3, all-2: NRR 3, IKM 75, grade C. Complaints 1 about a ticket (100 / 7 = 14.29 per 100), 1 about the service.
    expect(s.service).toEqual({
      ticketsServed: 7,
      ticketsSkipped: 1,
      medianHandlingMinutes: 8,
      p90HandlingMinutes: 15.2,
      noShowRate: 0.125,
      satisfaction: { responses: 3, ikm: 75, grade: 'C', servedTickets: 7 },
      complaints: { aboutTickets: 1, aboutServices: 1, per100Tickets: 14.29 },
    });
    // 2026: A Sangat Baik, B Baik, C Butuh Perbaikan. Baik organisation: Baik 1/3 <= 70%, and someone is Butuh Perbaikan.
    expect(s.skp).toEqual([
      {
        year: 2026,
        evaluated: 3,
        notEvaluated: 0,
        ratings: [
          { rating: 'SANGAT_BAIK', count: 1, share: 0.3333 },
          { rating: 'BAIK', count: 1, share: 0.3333 },
          { rating: 'BUTUH_PERBAIKAN', count: 1, share: 0.3333 },
          { rating: 'KURANG', count: 0, share: 0 },
          { rating: 'SANGAT_KURANG', count: 0, share: 0 },
        ],
        organisationRating: 'BAIK',
        respectsGuidance: true,
        guidance: [
          { description: 'Baik: at most 70% of staff', bound: 'AT_MOST', limit: 0.7, count: 1, share: 0.3333, respected: true },
          { description: 'some staff rated Butuh Perbaikan and/or Kurang', bound: 'SOME', limit: null, count: 1, share: 0.3333, respected: true },
        ],
      },
    ]);
    // As of 31 October: A trained in the last 12 months (30 + 16 hours); B last in March 2025 (within 24 months);
    // C last in January 2024: untrained for 24 months.
    expect(s.training).toEqual({
      staff: 3,
      trainedLast12Months: 1,
      shareTrainedLast12Months: 0.3333,
      hoursLast12Months: 46,
      hoursPerPersonLast12Months: 15.33,
      untrainedLast24Months: 1,
      untrainedStaff: { totalCount: 1, edges: [{ node: { nip: C, name: 'Citra' } }] },
    });
    expect(s.records).toEqual({ staff: 0, lastSuccessAt: null, stale: false, running: false });
  });

  it('an organisation rated Butuh Perbaikan needs at least 60% Butuh Perbaikan: a third is not', async () => {
    await setRating('BUTUH_PERBAIKAN');
    const res = await t.query(SUMMARY, { filter: { agency: 'DISDUKCAPIL', period: OCTOBER } }, { token: analyst });
    const [year] = res.body.data.performanceSummary.skp;
    expect(year.respectsGuidance).toBe(false);
    expect(year.guidance.map((g: { respected: boolean; description: string }) => [g.description, g.respected])).toEqual([
      ['Butuh Perbaikan: at least 60% of staff', false],
      ['Sangat Baik: at most 10% of staff', false],
    ]);
    await setRating('BAIK');
  });

  it('a work unit: only its staff (C, who served nobody in October)', async () => {
    const res = await t.query(SUMMARY, { filter: { workUnitId: 'U-FIX-2', period: OCTOBER } }, { token: supervisor });
    expect(res.body.errors).toBeUndefined();
    const s = res.body.data.performanceSummary;
    expect(s).toMatchObject({ agency: { code: 'DISDUKCAPIL' }, workUnit: { id: 'U-FIX-2', name: 'Bidang Pencatatan Sipil' }, staff: 1 });
    expect(s.service).toMatchObject({ ticketsServed: 0, medianHandlingMinutes: null, noShowRate: null, satisfaction: { responses: 0, ikm: null } });
    expect(s.skp[0]).toMatchObject({ evaluated: 1, ratings: expect.arrayContaining([{ rating: 'BUTUH_PERBAIKAN', count: 1, share: 1 }]) });
  });

  it('is for SUPERVISORs of the agency, ANALYSTs and ADMINs; a Disdukcapil supervisor cannot see Dinkes or its units', async () => {
    const dinkes = await t.query(SUMMARY, { filter: { agency: 'DINKES', period: OCTOBER } }, { token: supervisor });
    expect(errorCodes(dinkes)).toEqual(['FORBIDDEN']);
    const dinkesUnit = await t.query(SUMMARY, { filter: { workUnitId: 'U-FIX-3', period: OCTOBER } }, { token: supervisor });
    expect(errorCodes(dinkesUnit)).toEqual(['FORBIDDEN']);
    for (const claims of [{ role: 'OFFICER', agency: 'DISDUKCAPIL', nip: A }, { role: 'CITIZEN' }] as const) {
      const res = await t.query(SUMMARY, { filter: { period: OCTOBER } }, { token: await t.token(claims) });
      expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    }
    expect(errorCodes(await t.query(SUMMARY, { filter: { period: OCTOBER } }))).toEqual(['UNAUTHENTICATED']);
    const unknownUnit = await t.query(SUMMARY, { filter: { workUnitId: 'NOPE', period: OCTOBER } }, { token: analyst });
    expect(errorCodes(unknownUnit)).toEqual(['NOT_FOUND']);
  });
});

describe('training impact', () => {
  const IMPACT = `query($input: TrainingImpactInput!) {
    trainingImpact(input: $input) {
      training windowDays finishers conclusive reason minimumPeople minimumSurveys ikmChange medianHandlingChangeMinutes complaintsPer100TicketsChange
      before { people tickets surveys ikm medianHandlingMinutes complaints complaintsPer100Tickets }
      after { people tickets surveys ikm medianHandlingMinutes complaints complaintsPer100Tickets }
      byService { service { code } conclusive before { tickets } after { tickets } }
    }
  }`;

  it('compares 10 days before A\'s completion (15 October) with 10 days after, and says the sample is too small', async () => {
    const res = await t.query(IMPACT, { input: { training: ' pelatihan pelayanan PRIMA ', agency: 'DISDUKCAPIL', windowDays: 10 } }, { token: supervisor });
    expect(res.body.errors).toBeUndefined();
    const impact = res.body.data.trainingImpact;
    // Before (5..14 Oct): 4, 6, 10 minutes, median 6; one survey all 4 (IKM 100); the complaint about the 5th: 1 per 3 tickets.
    // After (16..25 Oct): 12, 20, median 16; one survey all 3 (IKM 75); no complaint.
    expect(impact).toMatchObject({
      training: 'pelatihan pelayanan PRIMA',
      windowDays: 10,
      finishers: 1,
      conclusive: false,
      minimumPeople: 5,
      minimumSurveys: 30,
      ikmChange: -25,
      medianHandlingChangeMinutes: 10,
      complaintsPer100TicketsChange: -33.33,
      before: { people: 1, tickets: 3, surveys: 1, ikm: 100, medianHandlingMinutes: 6, complaints: 1, complaintsPer100Tickets: 33.33 },
      after: { people: 1, tickets: 2, surveys: 1, ikm: 75, medianHandlingMinutes: 16, complaints: 0, complaintsPer100Tickets: 0 },
      byService: [{ service: { code: 'DUK-KTP-EL' }, conclusive: false, before: { tickets: 3 }, after: { tickets: 2 } }],
    });
    expect(impact.reason).toBe(
      'Too small a sample to tell: 1 person served tickets before the training (at least 5 needed); 1 survey before the training (at least 30 needed); ' +
        '1 person served tickets after the training (at least 5 needed); 1 survey after the training (at least 30 needed).',
    );
  });

  it('needs a training or a kind; is not for officers', async () => {
    expect(errorCodes(await t.query(IMPACT, { input: {} }, { token: analyst }))).toEqual(['BAD_USER_INPUT']);
    const officer = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL', nip: A });
    expect(errorCodes(await t.query(IMPACT, { input: { kind: 'KURSUS' } }, { token: officer }))).toEqual(['FORBIDDEN']);
  });
});

describe('recognition', () => {
  const RECOGNITION = `query($filter: RecognitionFilter!) {
    recognition(filter: $filter) {
      agency { code } by qualified minimumTickets minimumSurveys weights { satisfaction speed attendance complaints }
      entries { rank score staff { nip name } counter { code } ticketsServed surveys ikm relativeHandling noShowRate complaintsPer100Tickets
                components { satisfaction speed attendance complaints } }
    }
  }`;

  it('ranks officers by the composite; those under the minimum sample do not qualify', async () => {
    const res = await t.query(RECOGNITION, { filter: { agency: 'DISDUKCAPIL', period: NOVEMBER } }, { token: supervisor });
    expect(res.body.errors).toBeUndefined();
    const r = res.body.data.recognition;
    expect(r).toMatchObject({ agency: { code: 'DISDUKCAPIL' }, by: 'OFFICER', qualified: 2, minimumTickets: 30, minimumSurveys: 10 });
    expect(r.weights).toEqual({ satisfaction: 0.4, speed: 0.3, attendance: 0.15, complaints: 0.15 });
    // A: IKM 100 -> 1; every ticket at its service's median (relative 1.0) -> 0.5; no no-shows -> 1; no complaints -> 1.
    //    100 x (0.4 + 0.15 + 0.15 + 0.15) = 85.
    // B: IKM 75 -> 0.6667; relative 1.0 -> 0.5; 10 no-shows of 40 called -> 0.75; no complaints -> 1.
    //    100 x (0.4 x 0.6667 + 0.3 x 0.5 + 0.15 x 0.75 + 0.15) = 67.92. C: 29 tickets, not qualified.
    expect(r.entries).toEqual([
      {
        rank: 1,
        score: 85,
        staff: { nip: A, name: 'Ani' },
        counter: null,
        ticketsServed: 40,
        surveys: 10,
        ikm: 100,
        relativeHandling: 1,
        noShowRate: 0,
        complaintsPer100Tickets: 0,
        components: { satisfaction: 1, speed: 0.5, attendance: 1, complaints: 1 },
      },
      {
        rank: 2,
        score: 67.92,
        staff: { nip: B, name: 'Budi' },
        counter: null,
        ticketsServed: 30,
        surveys: 10,
        ikm: 75,
        relativeHandling: 1,
        noShowRate: 0.25,
        complaintsPer100Tickets: 0,
        components: { satisfaction: 0.6667, speed: 0.5, attendance: 0.75, complaints: 1 },
      },
    ]);
  });

  it('ranks counters the same way', async () => {
    const res = await t.query(RECOGNITION, { filter: { agency: 'DISDUKCAPIL', period: NOVEMBER, by: 'COUNTER' } }, { token: analyst });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.recognition.entries.map((e: { rank: number; counter: { code: string }; staff: unknown; score: number }) => [e.rank, e.counter.code, e.staff, e.score])).toEqual([
      [1, 'L1', null, 85],
      [2, 'L4', null, 67.92],
    ]);
  });

  it('an OFFICER sees only their own entry, with its rank; CITIZENs, the public and other agencies\' staff nothing', async () => {
    const officerB = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL', nip: B });
    const own = await t.query(RECOGNITION, { filter: { agency: 'DISDUKCAPIL', period: NOVEMBER } }, { token: officerB });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.recognition.entries.map((e: { rank: number; staff: { nip: string } }) => [e.rank, e.staff.nip])).toEqual([[2, B]]);

    expect(errorCodes(await t.query(RECOGNITION, { filter: { agency: 'DISDUKCAPIL', period: NOVEMBER } }, { token: await t.token({ role: 'CITIZEN' }) }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.query(RECOGNITION, { filter: { agency: 'DISDUKCAPIL', period: NOVEMBER } }))).toEqual(['UNAUTHENTICATED']);
    const dinkes = await t.token({ role: 'SUPERVISOR', agency: 'DINKES' });
    expect(errorCodes(await t.query(RECOGNITION, { filter: { agency: 'DISDUKCAPIL', period: NOVEMBER } }, { token: dinkes }))).toEqual(['FORBIDDEN']);
  });
});

describe('the rules, directly', () => {
  it('the composite by hand: IKM 87.5, relative handling 0.9, 10 no-shows of 50 called, 1 complaint in 40 tickets', () => {
    // 12 surveys whose answers average 3.5 on every element: sums 42 each.
    const totals = {
      done: 40,
      skipped: 10,
      medianHandlingMinutes: 9,
      p90HandlingMinutes: 12,
      relativeHandling: 0.9,
      surveys: { responses: 12, sums: Array.from({ length: 9 }, () => 42) },
      complaintsAboutTickets: 1,
      complaintsAboutServices: 3,
    };
    // satisfaction (87.5 - 25) / 75 = 0.8333; speed 1.5 - 0.9 = 0.6; attendance 1 - 10/50 = 0.8; complaints 1 - 2.5/5 = 0.5.
    // 100 x (0.4 x 0.8333 + 0.3 x 0.6 + 0.15 x 0.8 + 0.15 x 0.5) = 70.83.
    const scored = recognitionScore(totals);
    expect(scored?.score).toBe(70.83);
    expect(scored?.components.satisfaction).toBeCloseTo(0.8333, 4);
    expect(scored?.components.speed).toBeCloseTo(0.6, 10);
    expect(recognitionScore({ ...totals, done: 29 })).toBeNull();
    expect(recognitionScore({ ...totals, surveys: { responses: 9, sums: totals.surveys.sums } })).toBeNull();
    const ranked = rankCandidates([
      { key: 'b', totals },
      { key: 'a', totals },
      { key: 'c', totals: { ...totals, relativeHandling: 1.5 } },
    ]);
    expect(ranked.map((e) => [e.rank, e.key])).toEqual([
      [1, 'a'],
      [1, 'b'],
      [3, 'c'],
    ]);
  });

  it('the distribution guidance at its boundaries', () => {
    const counts = (sangatBaik: number, baik: number, butuhPerbaikan: number, kurang: number, sangatKurang: number) => ({
      SANGAT_BAIK: sangatBaik,
      BAIK: baik,
      BUTUH_PERBAIKAN: butuhPerbaikan,
      KURANG: kurang,
      SANGAT_KURANG: sangatKurang,
    });
    const ok = (rating: Parameters<typeof checkDistribution>[0], c: ReturnType<typeof counts>) => checkDistribution(rating, c).every((r) => r.respected);
    expect(ok('ISTIMEWA', counts(7, 3, 0, 0, 0))).toBe(true);
    expect(ok('ISTIMEWA', counts(71, 29, 0, 0, 0))).toBe(false);
    expect(ok('BAIK', counts(2, 7, 1, 0, 0))).toBe(true);
    expect(ok('BAIK', counts(3, 7, 0, 0, 0))).toBe(false); // nobody needs improvement
    expect(ok('BUTUH_PERBAIKAN', counts(1, 3, 6, 0, 0))).toBe(true);
    expect(ok('BUTUH_PERBAIKAN', counts(2, 2, 6, 0, 0))).toBe(false); // Sangat Baik 20% > 10%
    expect(ok('KURANG', counts(1, 0, 1, 6, 2))).toBe(true);
    expect(ok('KURANG', counts(0, 1, 0, 6, 3))).toBe(false); // Butuh Perbaikan under 10%
    expect(ok('SANGAT_KURANG', counts(0, 3, 1, 0, 6))).toBe(true);
    expect(ok('SANGAT_KURANG', counts(1, 2, 1, 0, 6))).toBe(false); // any Sangat Baik
  });
});
