/**
 * Staff performance on the demo data: the staff sync (in the background at start, to completion on request, the last
 * good copy kept while BKD is down), the cost of an agency's year summary (a constant number of SQL statements and no
 * source call, whatever the number of staff), and the demo history's training effect (better on some services, not on
 * others). One hub for the file: seeding the history and a full sync (about 6,000 SIASN calls) are paid once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { TestClock } from './helpers/clock.js';

const clock = new TestClock('2026-11-25T03:00:00Z');
const YEAR = { from: '2025-11-25', to: '2026-11-24' };
const SUMMARY = `query Dashboard($filter: PerformanceFilter!) {
  performanceSummary(filter: $filter) {
    staff
    service { ticketsServed ticketsSkipped medianHandlingMinutes p90HandlingMinutes noShowRate satisfaction { responses ikm grade } complaints { aboutTickets per100Tickets } }
    skp { year evaluated ratings { rating count share } organisationRating respectsGuidance guidance { description respected } }
    training { staff trainedLast12Months shareTrainedLast12Months hoursPerPersonLast12Months untrainedLast24Months }
    records { staff stale lastSuccessAt }
  }
}`;

let t: TestHub;
let admin: string;
let analyst: string;
let readyAtStart: number;
let runningAtStart: boolean;
beforeAll(async () => {
  // A scheduled sync: the first one starts in the background as the hub starts. No source cache, so that a sync while
  // BKD fails meets the failure rather than answers kept from the sync before.
  t = await startTestHub({
    now: clock.now,
    env: { SEED_DEMO_HISTORY: 'true', STAFF_SYNC_INTERVAL_SECONDS: '3600', SOURCE_TIMEOUT_MS: '5000', SOURCE_CACHE_TTL_MS: '0' },
  });
  runningAtStart = t.hub.staffSync.isRunning;
  readyAtStart = (await fetch(t.url.replace(/\/graphql$/, '/readyz'))).status;
  [admin, analyst] = await Promise.all([t.token({ role: 'ADMIN' }), t.token({ role: 'ANALYST' })]);
}, 120_000);
afterAll(() => t.stop());

describe('the staff sync', () => {
  it('starts in the background (readiness does not wait); syncStaff joins it and returns when the copy is complete', async () => {
    expect(readyAtStart).toBe(200);
    expect(runningAtStart).toBe(true);
    const res = await t.query('mutation { syncStaff { staff trainings evaluations lastErrorCode stale running } }', {}, { token: admin });
    expect(res.body.errors).toBeUndefined();
    const world = t.sandbox.world;
    expect(res.body.data.syncStaff).toEqual({
      staff: world.civilServants.length,
      trainings: world.civilServants.reduce((n, c) => n + c.trainings.length, 0),
      evaluations: world.civilServants.reduce((n, c) => n + c.evaluations.length, 0),
      lastErrorCode: null,
      stale: false,
      running: false,
    });
    const sources = await t.query('{ sources { agency staffSync { staff stale } } }');
    expect(sources.body.data.sources.find((s: { agency: string }) => s.agency === 'BKD').staffSync).toEqual({ staff: world.civilServants.length, stale: false });
    expect(sources.body.data.sources.find((s: { agency: string }) => s.agency === 'DINKES').staffSync).toBeNull();
  }, 120_000);

  it('is for ADMINs (a provincial one, or BKD\'s)', async () => {
    const supervisor = await t.token({ role: 'SUPERVISOR', agency: 'BKD' });
    const res = await t.query('mutation { syncStaff { staff } }', {}, { token: supervisor });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const dinkesAdmin = await t.token({ role: 'ADMIN', agency: 'DINKES' });
    expect((await t.query('mutation { syncStaff { staff } }', {}, { token: dinkesAdmin })).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('with BKD down: the sync fails, the last good copy is kept and served marked stale; summaries still answer', async () => {
    await t.sandbox.bkd!.setFaults({ mode: 'fail' });
    try {
      const failed = await t.query('mutation { syncStaff { staff lastErrorCode stale } }', {}, { token: admin });
      expect(failed.body.data.syncStaff).toEqual({ staff: t.sandbox.world.civilServants.length, lastErrorCode: 'SOURCE_UNAVAILABLE', stale: true });
      const summary = await t.query(SUMMARY, { filter: { agency: 'DINKES', period: YEAR } }, { token: analyst });
      expect(summary.body.errors).toBeUndefined();
      expect(summary.body.data.performanceSummary.records.stale).toBe(true);
      expect(summary.body.data.performanceSummary.staff).toBeGreaterThan(500);
    } finally {
      await t.sandbox.reset();
    }
    const recovered = await t.query('mutation { syncStaff { lastErrorCode stale } }', {}, { token: admin });
    expect(recovered.body.data.syncStaff).toEqual({ lastErrorCode: null, stale: false });
  }, 120_000);
});

describe('an agency\'s summary over a year', () => {
  async function summary(filter: Record<string, unknown>) {
    const res = await t.query(SUMMARY, { filter }, { token: analyst });
    expect(res.body.errors).toBeUndefined();
    return { data: res.body.data.performanceSummary, stats: res.body.extensions!.stats! };
  }

  it('costs the same SQL statements and no source call for 99 staff, 930 staff, and 930 + 1,000 more', async () => {
    const bkd = await summary({ agency: 'BKD', period: YEAR });
    const dinkes = await summary({ agency: 'DINKES', period: YEAR });
    expect(bkd.data.staff).toBeLessThan(150);
    expect(dinkes.data.staff).toBeGreaterThan(800);
    expect(dinkes.stats.sourceCalls).toBe(0);
    expect(bkd.stats.sourceCalls).toBe(0);
    expect(dinkes.stats.sqlStatements).toBe(bkd.stats.sqlStatements);

    // A thousand more Dinkes staff in the copy, as a bigger province would have.
    const knex = t.hub.database.knex;
    const unit: { work_unit_id: string } = await knex('staff_record').where('agency_code', 'DINKES').first('work_unit_id');
    const extra = Array.from({ length: 1_000 }, (_, i) => ({
      nip: `19900101201501${String(1000 + i).padStart(4, '0')}`,
      name: `Pegawai Tambahan ${i}`,
      work_unit_id: unit.work_unit_id,
      agency_code: 'DINKES',
      synced_at: clock.now(),
    }));
    await knex.batchInsert('staff_record', extra, 500);
    try {
      const bigger = await summary({ agency: 'DINKES', period: YEAR });
      expect(bigger.data.staff).toBe(dinkes.data.staff + 1_000);
      expect(bigger.stats).toMatchObject({ sqlStatements: dinkes.stats.sqlStatements, sourceCalls: 0 });
    } finally {
      await knex('staff_record').whereIn('nip', extra.map((e) => e.nip)).delete();
    }
  });

  it('shows the demo history: served tickets, IKM with its sample, the SKP distribution against the organisation\'s rating', async () => {
    const { data } = await summary({ agency: 'DINKES', period: YEAR });
    expect(data.service.ticketsServed).toBeGreaterThan(5_000);
    expect(data.service.satisfaction.responses).toBeGreaterThan(1_000);
    expect(data.service.noShowRate).toBeGreaterThan(0.03);
    expect(data.service.noShowRate).toBeLessThan(0.12);
    const y2025 = data.skp.find((y: { year: number }) => y.year === 2025);
    expect(y2025.organisationRating).toBe('ISTIMEWA');
    expect(typeof y2025.respectsGuidance).toBe('boolean');
    expect(data.training.trainedLast12Months).toBeGreaterThan(0);
  });
});

describe('the training effect in the demo history', () => {
  const IMPACT = `query($input: TrainingImpactInput!) {
    trainingImpact(input: $input) { finishers conclusive reason ikmChange before { people surveys ikm } after { people surveys ikm }
      byService { service { code } conclusive ikmChange medianHandlingChangeMinutes } }
  }`;

  it('Pelayanan Prima at Dinkes: conclusive; IKM up on registration and certificates, not on the laboratory or dental care', async () => {
    const res = await t.query(IMPACT, { input: { training: 'Pelatihan Pelayanan Prima', agency: 'DINKES', completedFrom: '2026-05-25' } }, { token: analyst });
    expect(res.body.errors).toBeUndefined();
    const impact = res.body.data.trainingImpact;
    expect(impact).toMatchObject({ conclusive: true, reason: null });
    expect(impact.before.people).toBeGreaterThanOrEqual(5);
    expect(impact.ikmChange).toBeGreaterThan(2);
    const change = (code: string) => impact.byService.find((s: { service: { code: string } }) => s.service.code === code);
    for (const code of ['DKS-POLI-UMUM', 'DKS-SKS']) {
      expect(change(code)).toMatchObject({ conclusive: true });
      expect(change(code).ikmChange).toBeGreaterThan(5);
      expect(change(code).medianHandlingChangeMinutes).toBeLessThan(0);
    }
    for (const code of ['DKS-LAB', 'DKS-POLI-GIGI']) expect(Math.abs(change(code).ikmChange)).toBeLessThan(3);
  });

  it('at Disdukcapil, where few officers took it, says the sample is too small', async () => {
    const res = await t.query(IMPACT, { input: { training: 'Pelatihan Pelayanan Prima', agency: 'DISDUKCAPIL', completedFrom: '2026-05-25' } }, { token: analyst });
    expect(res.body.data.trainingImpact.conclusive).toBe(false);
    expect(res.body.data.trainingImpact.reason).toMatch(/^Too small a sample to tell: \d people? served tickets before the training \(at least 5 needed\)/);
  });

  it('recognition of Dinkes officers over the history: ranked, each with its components, no source call', async () => {
    const res = await t.query(
      `query($filter: RecognitionFilter!) { recognition(filter: $filter) { qualified entries { rank score staff { nip name } ticketsServed surveys ikm components { satisfaction speed attendance complaints } } } }`,
      { filter: { agency: 'DINKES', period: { from: '2026-05-25', to: '2026-11-24' }, first: 5 } },
      { token: analyst },
    );
    expect(res.body.errors).toBeUndefined();
    const { qualified, entries } = res.body.data.recognition;
    expect(qualified).toBeGreaterThan(10);
    expect(entries).toHaveLength(5);
    expect(entries.map((e: { rank: number }) => e.rank)).toEqual([...entries.map((e: { rank: number }) => e.rank)].sort((a, b) => a - b));
    for (const entry of entries) expect(entry.staff.name).toMatch(/\S/);
    expect(res.body.extensions?.stats?.sourceCalls).toBe(0);
  });
});

describe('STAFF_SYNC_INTERVAL_SECONDS', () => {
  it('defaults to 6 hours, off in test mode; 0 is off; under a minute is refused', () => {
    expect(loadConfig({}).sources.staffSyncIntervalSeconds).toBe(21_600);
    expect(loadConfig({ NODE_ENV: 'test' }).sources.staffSyncIntervalSeconds).toBeNull();
    expect(loadConfig({ STAFF_SYNC_INTERVAL_SECONDS: '0' }).sources.staffSyncIntervalSeconds).toBeNull();
    expect(loadConfig({ STAFF_SYNC_INTERVAL_SECONDS: '600' }).sources.staffSyncIntervalSeconds).toBe(600);
    expect(() => loadConfig({ STAFF_SYNC_INTERVAL_SECONDS: '30' })).toThrow(/STAFF_SYNC_INTERVAL_SECONDS =30 is too short/);
    expect(() => loadConfig({ STAFF_SYNC_INTERVAL_SECONDS: 'often' })).toThrow(/STAFF_SYNC_INTERVAL_SECONDS ="often"/);
    expect(loadConfig({ NODE_ENV: 'test' }).seedDemoHistory).toBe(false);
    expect(loadConfig({}).seedDemoHistory).toBe(true);
  });
});
