/**
 * bench/feedback: `satisfaction` for one agency over 90 days, on real PostgreSQL holding 100,000 survey responses and
 * the tickets they were about.
 *
 *   npx tsx bench/feedback.ts [--responses 100000] [--samples 200]
 *
 * Creates a fresh database (BENCH_DATABASE_URL, DATABASE_URL or the local server), lets the hub migrate and seed it,
 * fills it in SQL (responses spread over 90 days and every service; tickets served, DONE, at every office offering a
 * service), then asks the hub one request at a time. Reports latency and SQL statements per request, which must stay
 * two (the element sums and the served-ticket count) whatever the number of responses. Results:
 * bench/results/feedback.json.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freshDatabase, graphqlPost, machine, startHubProcess, summarize, writeResult } from './lib.js';

const { values } = parseArgs({ options: { responses: { type: 'string', default: '100000' }, samples: { type: 'string', default: '200' } } });
const RESPONSES = Number(values.responses);
const SAMPLES = Number(values.samples);
const LAST_DAY = '2026-11-24';

const QUERY = `query Dashboard($filter: SatisfactionFilter!) {
  satisfaction(filter: $filter) { responses ikm grade label servedTickets requiredSample sampleSufficient elements { element nrr } lowestElement { element } }
}`;

async function fill(url: string): Promise<{ responses: number; tickets: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Tickets: for each of the 90 days, each office and service it offers, a run of served tickets.
    await client.query(
      `insert into ticket (office_code, service_code, service_day, prefix, number, status, issued_at, called_at, serving_at, done_at, served_by_nip)
       select os.office_code, os.service_code, day::date, os.ticket_prefix, n, 'DONE',
              day + interval '8 hours', day + interval '8 hours 10 minutes', day + interval '8 hours 11 minutes', day + interval '8 hours 20 minutes',
              '19850315201001100' || (n % 10)
       from office_service os
       cross join generate_series(date '${LAST_DAY}' - 89, date '${LAST_DAY}', interval '1 day') as day
       cross join generate_series(1, 6) as n`,
    );
    // Responses: spread over the days and every service, answers 1..4 leaning high.
    await client.query(
      `insert into survey_response (service_code, agency_code, office_code, officer_nip, u1, u2, u3, u4, u5, u6, u7, u8, u9, submitted_at, service_day)
       select s.code, s.agency_code, os.office_code, '19850315201001100' || (g % 10),
              ${Array.from({ length: 9 }, (_, e) => `least(4, 2 + ((g * ${e + 3}) % 3))`).join(', ')},
              (date '${LAST_DAY}' - (g % 90)) + interval '9 hours', date '${LAST_DAY}' - (g % 90)
       from generate_series(1, $1::int) as g
       cross join lateral (select code, agency_code from service order by code offset (g % (select count(*) from service)) limit 1) s
       left join lateral (select office_code from office_service where service_code = s.code limit 1) os on true`,
      [RESPONSES],
    );
    await client.query('analyze');
    const [responses, tickets] = await Promise.all([client.query('select count(*)::int as n from survey_response'), client.query("select count(*)::int as n from ticket where status = 'DONE'")]);
    return { responses: responses.rows[0].n as number, tickets: tickets.rows[0].n as number };
  } finally {
    await client.end();
  }
}

const database = await freshDatabase('feedback');
// Without the demo history: its tickets would collide with the ones filled in below, and blur the figures.
const hub = await startHubProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'info', SEED_DEMO_HISTORY: 'false' });
try {
  const stored = await fill(database.url);
  console.log(`stored ${stored.responses} responses and ${stored.tickets} served tickets`);
  const filter = { agency: 'DISDUKCAPIL', from: '2026-08-27', to: LAST_DAY };
  const latencies: number[] = [];
  const statements: number[] = [];
  let last: unknown;
  for (let i = 0; i < SAMPLES + 10; i++) {
    const startedAt = performance.now();
    const res = (await graphqlPost(hub.url, QUERY, { filter })) as { data?: unknown; errors?: unknown[]; extensions?: { stats?: { sqlStatements: number } } };
    const ms = performance.now() - startedAt;
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    if (i < 10) continue; // warm-up
    latencies.push(ms);
    statements.push(res.extensions?.stats?.sqlStatements ?? Number.NaN);
    last = res.data;
  }
  const result = { machine: machine(), stored, filter, latencyMs: summarize(latencies), sqlStatementsPerRequest: summarize(statements), answer: last };
  const file = await writeResult('feedback', result);
  console.log(JSON.stringify(result, null, 2));
  console.log(`satisfaction over 90 days: p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ${result.sqlStatementsPerRequest.max} SQL statements; written to ${file}`);
} finally {
  await hub.stop();
  await database.drop();
}
