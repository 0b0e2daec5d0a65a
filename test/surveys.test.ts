/**
 * Surveys and satisfaction through the API: IKM against a hand computation at every grade boundary, every invalid
 * survey refused with nothing stored, a survey about a served ticket, idempotent retries, sample sizes, series,
 * who may see per-officer figures, and the rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { errorCodes } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { TestClock } from './helpers/clock.js';
import { act, counterIds, takeTicket } from './helpers/queue.js';

const SUBMIT = `mutation Survey($input: SurveyInput!) { submitSurvey(input: $input) { id answers service { code } office { code } } }`;
const SATISFACTION = `query Satisfaction($filter: SatisfactionFilter!) {
  satisfaction(filter: $filter) {
    responses ikm ikmUnit grade label servedTickets requiredSample sampleSufficient
    elements { element name nrr weighted converted } lowestElement { element nrr }
  }
}`;
const GOOD = [4, 3, 4, 4, 3, 4, 4, 3, 4];

/** 10:00 WIB, Wednesday 25 November 2026. */
const NOW = '2026-11-25T03:00:00Z';

let t: TestHub;
const clock = new TestClock(NOW);
beforeAll(async () => {
  t = await startTestHub({ now: clock.now, env: { RATE_LIMIT_SURVEYS_PER_MINUTE: '1000' } });
});
afterAll(() => t.stop());

const surveyCount = async () => Number((await t.hub.database.knex('survey_response').count<{ count: number }[]>('* as count'))[0]?.count);

/**
 * Stores `n` responses on `day` for DUK-KK whose answers add up to `total`: every answer is `base` or `base + 1`,
 * the first `total - base * 9n` answers (row by row, U1 to U9) being the larger ones. Returns the answers.
 */
async function storeResponses(day: string, n: number, total: number): Promise<number[][]> {
  const base = Math.floor(total / (9 * n));
  const larger = total - base * 9 * n;
  const rows = Array.from({ length: n }, (_, r) => Array.from({ length: 9 }, (_, e) => base + (r * 9 + e < larger ? 1 : 0)));
  const knex = t.hub.database.knex;
  for (let i = 0; i < rows.length; i += 1_000) {
    await knex('survey_response').insert(
      rows.slice(i, i + 1_000).map((answers) => ({
        service_code: 'DUK-KK',
        agency_code: 'DISDUKCAPIL',
        office_code: 'DUKCAPIL-KOTA-JAMBI',
        ...Object.fromEntries(answers.map((a, e) => [`u${e + 1}`, a])),
        submitted_at: `${day}T03:00:00Z`,
        service_day: day,
      })),
    );
  }
  return rows;
}

describe('satisfaction (IKM)', () => {
  // The converted score is 25 x (sum of all answers) / (9 n): with n = 2,500 responses, a score X needs answers
  // summing to 900 X, a whole number for every boundary.
  it.each([
    ['2026-01-05', 64.99, 'D', 'Tidak Baik'],
    ['2026-01-06', 65.0, 'C', 'Kurang Baik'],
    ['2026-01-07', 76.6, 'C', 'Kurang Baik'],
    ['2026-01-08', 76.61, 'B', 'Baik'],
    ['2026-01-09', 88.3, 'B', 'Baik'],
    ['2026-01-10', 88.31, 'A', 'Sangat Baik'],
  ])('on %s: %s converted, grade %s (%s), NRR per element to four decimals', async (day, converted, grade, label) => {
    const rows = await storeResponses(day, 2_500, Math.round(converted * 900));
    // The hand computation: per element, the mean of its 2,500 answers.
    const nrr = Array.from({ length: 9 }, (_, e) => rows.reduce((sum, row) => sum + row[e]!, 0) / rows.length);
    const unit = nrr.reduce((a, b) => a + b, 0) / 9;

    const res = await t.query(SATISFACTION, { filter: { serviceCode: 'DUK-KK', from: day, to: day } });
    expect(res.body.errors).toBeUndefined();
    const s = res.body.data.satisfaction;
    expect(s).toMatchObject({ responses: 2_500, ikm: converted, grade, label });
    expect(s.ikmUnit).toBeCloseTo(unit, 4);
    expect(s.elements.map((e: { element: string }) => e.element)).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9']);
    s.elements.forEach((element: { nrr: number; weighted: number; converted: number }, i: number) => {
      expect(element.nrr).toBeCloseTo(nrr[i]!, 4);
      expect(element.weighted).toBeCloseTo(nrr[i]! / 9, 4);
      expect(element.converted).toBeCloseTo(nrr[i]! * 25, 2);
    });
    const lowest = nrr.indexOf(Math.min(...nrr));
    expect(s.lowestElement).toMatchObject({ element: `U${lowest + 1}` });
    // One statement for the sums and the served tickets, however many responses there are.
    expect(res.body.extensions?.stats?.sqlStatements).toBe(1);
  });

  it('reports no score, and the sample size beside it, when nobody answered', async () => {
    const res = await t.query(SATISFACTION, { filter: { serviceCode: 'DUK-AKTA-MATI', from: '2025-01-01', to: '2025-01-31' } });
    expect(res.body.data.satisfaction).toEqual({
      responses: 0,
      ikm: null,
      ikmUnit: null,
      grade: null,
      label: null,
      servedTickets: 0,
      requiredSample: null,
      sampleSufficient: null,
      elements: [],
      lowestElement: null,
    });
  });

  it('refuses a period that ends before it starts, or a date that is not one', async () => {
    expect(errorCodes(await t.query(SATISFACTION, { filter: { from: '2026-02-01', to: '2026-01-01' } }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.query(SATISFACTION, { filter: { from: '2026-02-30' } }))).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses the same periods on Service.satisfaction, every time, and answers a valid one as the filter does', async () => {
    const page = `query($from: Date, $to: Date) { services(first: 3) { edges { node { code satisfaction(from: $from, to: $to) { responses ikm } } } } }`;
    for (let attempt = 0; attempt < 2; attempt++) {
      const backwards = await t.query(page, { from: '2026-02-01', to: '2026-01-01' });
      // The first refusal nulls the whole (non-null) page; GraphQL reports that one.
      expect(errorCodes(backwards)).toEqual(['BAD_USER_INPUT']);
      expect(backwards.body.errors?.[0]?.extensions?.['field']).toBe('period.to');
      const notADay = await t.query(page, { from: '2026-02-30' });
      // The Date scalar refuses it while coercing the variables, before any resolver runs.
      expect(errorCodes(notADay)).toEqual(['BAD_USER_INPUT']);
    }
    const period = { from: '2026-01-01', to: '2026-12-31' };
    const res = await t.query(page, period);
    expect(res.body.errors).toBeUndefined();
    for (const { node } of res.body.data.services.edges) {
      const alone = await t.query(SATISFACTION, { filter: { serviceCode: node.code, ...period } });
      expect(node.satisfaction).toEqual({ responses: alone.body.data.satisfaction.responses, ikm: alone.body.data.satisfaction.ikm });
    }
  });
});

describe('a survey about a served ticket', () => {
  it('records the ticket\'s office, counter and officer, asks the Krejcie-Morgan sample of the tickets served, and is one per ticket', async () => {
    const office = 'BKD-PROV-JAMBI';
    const nip = '198503152010011003';
    const officer = await t.token({ role: 'OFFICER', agency: 'BKD', nip });
    const counter = (await counterIds(t, office))['L3']!;
    await act(t, 'openCounter', 'counterId', counter, officer);
    const served: { id: string; holderToken: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const ticket = await takeTicket(t, { officeCode: office, serviceCode: 'BKD-KONSULTASI' });
      await act(t, 'callNextTicket', 'counterId', counter, officer);
      await act(t, 'startServing', 'ticketId', ticket.id, officer);
      await act(t, 'completeTicket', 'ticketId', ticket.id, officer);
      served.push({ id: ticket.id, holderToken: ticket.holderToken! });
    }
    const waiting = await takeTicket(t, { officeCode: office, serviceCode: 'BKD-KONSULTASI' });

    const input = { serviceCode: 'BKD-KONSULTASI', ticketId: served[0]!.id, holderToken: served[0]!.holderToken, answers: GOOD, respondent: { sex: 'F', ageBand: 'AGE_30_39' } };
    const res = await t.query(SUBMIT, { input });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.submitSurvey).toMatchObject({ answers: GOOD, service: { code: 'BKD-KONSULTASI' }, office: { code: office } });
    const row = await t.hub.database.knex('survey_response').where('ticket_id', served[0]!.id).first();
    expect(row).toMatchObject({ office_code: office, counter_id: counter, officer_nip: nip, sex: 'F', age_band: 'AGE_30_39', service_day: '2026-11-25' });

    const before = await surveyCount();
    expect(errorCodes(await t.query(SUBMIT, { input: { ...input, answers: [1, ...GOOD.slice(1)] } }))).toEqual(['CONFLICT']);
    const notDone = await t.query(SUBMIT, { input: { ...input, ticketId: waiting.id, holderToken: waiting.holderToken } });
    expect(errorCodes(notDone)).toEqual(['CONFLICT']);
    expect(errorCodes(await t.query(SUBMIT, { input: { ...input, ticketId: served[1]!.id, holderToken: served[0]!.holderToken } }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.query(SUBMIT, { input: { ...input, ticketId: served[1]!.id, holderToken: undefined } }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.query(SUBMIT, { input: { ...input, ticketId: served[1]!.id, holderToken: served[1]!.holderToken, serviceCode: 'BKD-PENSIUN' } }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(await surveyCount()).toBe(before);

    // Three served today, one survey: the table asks all three.
    const officerFigures = await t.query(SATISFACTION, { filter: { officerNip: nip, from: '2026-11-25', to: '2026-11-25' } }, { token: officer });
    expect(officerFigures.body.data.satisfaction).toMatchObject({ responses: 1, servedTickets: 3, requiredSample: 3, sampleSufficient: false });
  });
});

describe('invalid surveys', () => {
  it.each([
    ['8 answers', { answers: GOOD.slice(0, 8) }, 'BAD_USER_INPUT', 'input.answers'],
    ['10 answers', { answers: [...GOOD, 4] }, 'BAD_USER_INPUT', 'input.answers'],
    ['a 0', { answers: [0, ...GOOD.slice(1)] }, 'BAD_USER_INPUT', 'input.answers.0'],
    ['a 5', { answers: [...GOOD.slice(0, 8), 5] }, 'BAD_USER_INPUT', 'input.answers.8'],
    ['an unknown service', { serviceCode: 'NOPE-NOPE' }, 'BAD_USER_INPUT', 'input.serviceCode'],
    ['an office without the service', { officeCode: 'BKD-PROV-JAMBI' }, 'BAD_USER_INPUT', 'input.officeCode'],
    ['an unknown ticket', { ticketId: randomUUID(), holderToken: 'x'.repeat(43) }, 'FORBIDDEN', undefined],
    ['a comment over 1,000 characters', { comment: 'x'.repeat(1_001) }, 'BAD_USER_INPUT', 'input.comment'],
    ['a comment with a NUL character', { comment: 'bagus\u0000' }, 'BAD_USER_INPUT', 'input.comment'],
    ['a short idempotency key', { idempotencyKey: 'short' }, 'BAD_USER_INPUT', 'input.idempotencyKey'],
  ])('refuses %s, and stores nothing', async (_what, overrides, code, field) => {
    const before = await surveyCount();
    const res = await t.query(SUBMIT, { input: { serviceCode: 'DUK-KTP-EL', officeCode: 'DUKCAPIL-KOTA-JAMBI', answers: GOOD, ...overrides } });
    expect(errorCodes(res)).toEqual([code]);
    if (field !== undefined) expect(res.body.errors?.[0]?.extensions?.['field']).toBe(field);
    expect(await surveyCount()).toBe(before);
  });

  it('refuses answers that are not integers at the GraphQL layer', async () => {
    const res = await t.query(SUBMIT, { input: { serviceCode: 'DUK-KTP-EL', answers: [1.5, ...GOOD.slice(1)] } });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('retries', () => {
  it('counts a survey retried with the same idempotency key once, and refuses the key for another survey', async () => {
    const input = { serviceCode: 'DUK-KIA', officeCode: 'DUKCAPIL-KOTA-JAMBI', answers: GOOD, idempotencyKey: randomUUID() };
    const before = await surveyCount();
    const results = await Promise.all([t.query(SUBMIT, { input }), t.query(SUBMIT, { input }), t.query(SUBMIT, { input })]);
    const ids = new Set(results.map((r) => r.body.data?.submitSurvey?.id));
    expect(ids.size).toBe(1);
    expect(await surveyCount()).toBe(before + 1);
    expect(errorCodes(await t.query(SUBMIT, { input: { ...input, answers: [1, ...GOOD.slice(1)] } }))).toEqual(['CONFLICT']);
  });
});

describe('series', () => {
  const SERIES = 'query($filter: SatisfactionFilter!, $bucket: SeriesBucket!) { satisfactionSeries(filter: $filter, bucket: $bucket) { start responses ikm grade } }';

  it('gives every bucket of the period, empty ones included, by day, ISO week and month', async () => {
    const filter = { serviceCode: 'DUK-KK', from: '2026-01-04', to: '2026-01-12' };
    const days = await t.query(SERIES, { filter, bucket: 'DAY' });
    expect(days.body.data.satisfactionSeries.map((p: { start: string }) => p.start)).toEqual([
      '2026-01-04', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10', '2026-01-11', '2026-01-12',
    ]);
    expect(days.body.data.satisfactionSeries[0]).toEqual({ start: '2026-01-04', responses: 0, ikm: null, grade: null });
    expect(days.body.data.satisfactionSeries[1]).toEqual({ start: '2026-01-05', responses: 2_500, ikm: 64.99, grade: 'D' });
    // 2026-01-04 is a Sunday: its ISO week starts on Monday 29 December 2025.
    const weeks = await t.query(SERIES, { filter, bucket: 'WEEK' });
    expect(weeks.body.data.satisfactionSeries.map((p: { start: string; responses: number }) => [p.start, p.responses])).toEqual([
      ['2025-12-29', 0],
      ['2026-01-05', 15_000],
      ['2026-01-12', 0],
    ]);
    const months = await t.query(SERIES, { filter, bucket: 'MONTH' });
    expect(months.body.data.satisfactionSeries).toEqual([{ start: '2026-01-01', responses: 15_000, ikm: expect.any(Number), grade: expect.any(String) }]);
  });

  it('needs a period, and at most 400 buckets', async () => {
    expect(errorCodes(await t.query(SERIES, { filter: { to: '2026-01-12' }, bucket: 'DAY' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.query(SERIES, { filter: { from: '2020-01-01', to: '2026-01-12' }, bucket: 'DAY' }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('per-officer figures', () => {
  const filter = { officerNip: '198503152010011003' };
  it('are for the officer themself, their agency\'s supervisor, analysts and provincial admins only', async () => {
    expect(errorCodes(await t.query(SATISFACTION, { filter }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.query(SATISFACTION, { filter }, { token: await t.token({ role: 'OFFICER', agency: 'BKD', nip: '199001012015031001' }) }))).toEqual(['FORBIDDEN']);
    const otherSupervisor = await t.token({ role: 'SUPERVISOR', agency: 'DINKES' });
    expect(errorCodes(await t.query(SATISFACTION, { filter: { ...filter, agency: 'BKD' } }, { token: otherSupervisor }))).toEqual(['FORBIDDEN']);
    // A supervisor of another agency is confined to their agency: this officer's BKD surveys are not theirs to see.
    const confined = await t.query(SATISFACTION, { filter }, { token: otherSupervisor });
    expect(confined.body.data.satisfaction.responses).toBe(0);
    const own = await t.query(SATISFACTION, { filter }, { token: await t.token({ role: 'SUPERVISOR', agency: 'BKD' }) });
    expect(own.body.data.satisfaction.responses).toBe(1);
    const analyst = await t.query(SATISFACTION, { filter }, { token: await t.token({ role: 'ANALYST' }) });
    expect(analyst.body.data.satisfaction.responses).toBe(1);
  });
});

describe('the rate limit on submitSurvey', () => {
  let limited: TestHub;
  beforeAll(async () => {
    limited = await startTestHub({ env: { RATE_LIMIT_SURVEYS_PER_MINUTE: '3' } });
  });
  afterAll(() => limited.stop());

  it('refuses the fourth survey within a minute from one address with RATE_LIMITED, storing nothing', async () => {
    const input = { serviceCode: 'DUK-KTP-EL', answers: GOOD };
    for (let i = 0; i < 3; i++) expect((await limited.query(SUBMIT, { input })).body.errors).toBeUndefined();
    const refused = await limited.query(SUBMIT, { input });
    expect(errorCodes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.body.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeGreaterThan(0);
    const [row] = await limited.hub.database.knex('survey_response').count<{ count: number }[]>('* as count');
    expect(Number(row?.count)).toBe(3);
  });
});
