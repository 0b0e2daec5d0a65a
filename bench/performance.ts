/**
 * bench/performance: an agency's staff performance summary over a year, on real PostgreSQL with the demo history (six
 * months of tickets, surveys and complaints at the demo counters) and the copy of BKD's roster of about 2,000 staff.
 *
 *   npx tsx bench/performance.ts [--samples 200]
 *
 * Creates a fresh database (BENCH_DATABASE_URL, DATABASE_URL or the local server), starts the hub on it (it migrates
 * and seeds the demo data and history; its sandbox BKD serves the demo world), runs the staff sync to completion
 * (`syncStaff`, about 6,000 SIASN calls, timed), then asks `performanceSummary` for the largest agency (Dinkes, ~930
 * staff) and the smallest (BKD, ~100 staff), one request at a time. Reports latency, SQL statements and source calls
 * per request: the statements must be the same for both agencies and the source calls zero. Results:
 * bench/results/performance.json.
 */
import { parseArgs } from 'node:util';
import { signToken } from '../src/auth/tokens.js';
import { DEVELOPMENT_JWT_SECRET } from '../src/config.js';
import { freshDatabase, graphqlPost, machine, startHubProcess, summarize, writeResult } from './lib.js';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '200' } } });
const SAMPLES = Number(values.samples);
const YEAR = { from: '2025-11-25', to: '2026-11-24' };

const QUERY = `query Dashboard($filter: PerformanceFilter!) {
  performanceSummary(filter: $filter) {
    staff
    service { ticketsServed ticketsSkipped medianHandlingMinutes p90HandlingMinutes noShowRate satisfaction { responses ikm grade } complaints { aboutTickets per100Tickets } }
    skp { year evaluated ratings { rating count share } organisationRating respectsGuidance }
    training { trainedLast12Months shareTrainedLast12Months hoursPerPersonLast12Months untrainedLast24Months }
    records { staff stale }
  }
}`;

type Answer = { data?: unknown; errors?: unknown[]; extensions?: { stats?: { sqlStatements: number; sourceCalls: number } } };

const database = await freshDatabase('performance');
const startedAt = performance.now();
const hub = await startHubProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'info', SEED_DEMO_HISTORY: 'true' });
const startMs = Math.round(performance.now() - startedAt);
try {
  const admin = await signToken(DEVELOPMENT_JWT_SECRET, { subject: 'bench-admin', role: 'ADMIN', ttlSeconds: 3_600 });
  const analyst = await signToken(DEVELOPMENT_JWT_SECRET, { subject: 'bench-analyst', role: 'ANALYST', ttlSeconds: 3_600 });
  const syncStarted = performance.now();
  const sync = (await graphqlPost(hub.url, 'mutation { syncStaff { staff trainings evaluations lastErrorCode } }', {}, admin)) as Answer;
  if (sync.errors) throw new Error(JSON.stringify(sync.errors));
  const syncMs = Math.round(performance.now() - syncStarted);
  console.log(`hub up in ${startMs} ms (demo history seeded); staff sync joined and finished in ${syncMs} ms: ${JSON.stringify(sync.data)}`);

  const perAgency: Record<string, unknown> = {};
  for (const agency of ['DINKES', 'BKD']) {
    const latencies: number[] = [];
    const statements: number[] = [];
    const sourceCalls: number[] = [];
    let last: unknown;
    for (let i = 0; i < SAMPLES + 10; i++) {
      const t0 = performance.now();
      const res = (await graphqlPost(hub.url, QUERY, { filter: { agency, period: YEAR } }, analyst)) as Answer;
      const ms = performance.now() - t0;
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      if (i < 10) continue; // warm-up
      latencies.push(ms);
      statements.push(res.extensions?.stats?.sqlStatements ?? Number.NaN);
      sourceCalls.push(res.extensions?.stats?.sourceCalls ?? Number.NaN);
      last = res.data;
    }
    perAgency[agency] = { latencyMs: summarize(latencies), sqlStatementsPerRequest: summarize(statements), sourceCallsPerRequest: summarize(sourceCalls), answer: last };
  }
  const result = { machine: machine(), period: YEAR, hubStartWithHistoryMs: startMs, staffSync: { ms: syncMs, ...(sync.data as object) }, perAgency };
  const file = await writeResult('performance', result);
  console.log(JSON.stringify(result, null, 2));
  for (const [agency, r] of Object.entries(perAgency) as [string, { latencyMs: { p50: number; p99: number }; sqlStatementsPerRequest: { max: number }; sourceCallsPerRequest: { max: number } }][]) {
    console.log(`${agency}: p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ${r.sqlStatementsPerRequest.max} SQL statements, ${r.sourceCallsPerRequest.max} source calls`);
  }
  console.log(`written to ${file}`);
} finally {
  await hub.stop();
  await database.drop();
}
