/**
 * bench/queue: the live queue on real PostgreSQL.
 *
 *   (a) takeTicket throughput and latency with 32 concurrent clients, spread over every office and service (a
 *       province's morning rush), and all 999 numbers of one letter at one office taken at once (the worst case:
 *       every taker queues on one sequence row); then a check that no number was given twice or skipped.
 *   (b) fan-out: N graphql-ws subscribers of one office's queueUpdated; delivery latency of one change to all of
 *       them (p50/p99, from sending the mutation to each subscriber's message), nothing lost, and the hub's RSS
 *       per 1,000 subscribers.
 *
 *   npx tsx bench/queue.ts [--seconds 10] [--clients 32] [--subscribers 1000,5000] [--rounds 5] [--rate-limited]
 *
 * --rate-limited: every take is counted by the per-address rate limiter, as a phone's take is (the limit raised to
 * 100,000 a minute, so that none is refused). All simulated citizens share 127.0.0.1, so they share one counter row:
 * the worst case. Without it the address is exempt, as an office kiosk's is.
 *
 * Needs a PostgreSQL server (BENCH_DATABASE_URL, DATABASE_URL, or postgres://postgres@127.0.0.1:5432/postgres);
 * it creates a fresh database and drops it afterwards. Results: bench/results/queue.json.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { freshDatabase, graphqlPost, machine, rssMb, startHubProcess, summarize, writeResult } from './lib.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '32' },
    subscribers: { type: 'string', default: '1000,5000' },
    rounds: { type: 'string', default: '5' },
    'rate-limited': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.clients);
const SUBSCRIBER_COUNTS = (values.subscribers ?? '').split(',').map(Number).filter((n) => n > 0);
const ROUNDS = Number(values.rounds);

const TAKE = 'mutation($input: TakeTicketInput!) { takeTicket(input: $input) { id number } }';
const FANOUT_OFFICE = 'MPP-KOTA-JAMBI';
const SUBSCRIPTION = `subscription($office: String!) {
  queueUpdated(officeCode: $office) { waiting lastEvent { id kind } counters { code open nowServing { code } } services { ticketPrefix waiting estimatedWaitMinutes } }
}`;

interface Pair {
  officeCode: string;
  serviceCode: string;
}

async function officeServicePairs(url: string): Promise<Pair[]> {
  const res = await graphqlPost(url, '{ offices { code services { code } } }', {});
  const offices = (res.data as { offices: { code: string; services: { code: string }[] }[] }).offices;
  return offices.flatMap((office) => office.services.map((service) => ({ officeCode: office.code, serviceCode: service.code })));
}

/** Runs `clients` loops of takeTicket until `stop()` says so; returns latencies (ms) and error codes. */
async function takeLoad(url: string, clients: number, next: () => Pair | null, stop: () => boolean) {
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const worker = async () => {
    for (;;) {
      if (stop()) return;
      const pair = next();
      if (pair === null) return;
      const started = performance.now();
      const res = await graphqlPost(url, TAKE, { input: { ...pair, idempotencyKey: randomUUID() } });
      latencies.push(performance.now() - started);
      for (const error of res.errors ?? []) {
        const code = String((error as { extensions?: { code?: string } }).extensions?.code);
        errors.set(code, (errors.get(code) ?? 0) + 1);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, worker));
  return { latencies, errors: Object.fromEntries(errors), seconds: (performance.now() - started) / 1000 };
}

/** Numbers per (office, day, letter) must be exactly 1..n: no duplicate, no gap. */
async function numberingIntegrity(databaseUrl: string): Promise<{ tickets: number; duplicates: number; gaps: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`
      select count(*)::int as tickets,
             (select count(*)::int from (select 1 from ticket group by office_code, service_day, prefix, number having count(*) > 1) d) as duplicates,
             (select count(*)::int from (select office_code, service_day, prefix from ticket group by 1, 2, 3 having max(number) <> count(*)) g) as gaps
        from ticket`);
    return rows[0] as { tickets: number; duplicates: number; gaps: number };
  } finally {
    await client.end();
  }
}

/** Kept out of the spread load so that its 999 numbers are all free for the one-line run. */
const HOT: Pair = { officeCode: 'DISDIK-PROV-JAMBI', serviceCode: 'DIK-TPG' };

async function throughput(url: string, databaseUrl: string) {
  const pairs = (await officeServicePairs(url)).filter((p) => p.officeCode !== HOT.officeCode || p.serviceCode !== HOT.serviceCode);
  // Warm-up: connections, JIT, plans.
  let warm = 0;
  await takeLoad(url, CLIENTS, () => pairs[warm++ % pairs.length] ?? null, () => warm >= 500);

  let i = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const spread = await takeLoad(url, CLIENTS, () => pairs[i++ % pairs.length] ?? null, () => performance.now() > deadline);

  // Worst case: one letter at one office, all 999 numbers at once.
  let taken = 0;
  const oneLine = await takeLoad(url, CLIENTS, () => (taken++ < 999 ? HOT : null), () => false);

  const integrity = await numberingIntegrity(databaseUrl);
  const report = (run: Awaited<ReturnType<typeof takeLoad>>) => ({
    requests: run.latencies.length,
    perSecond: Math.round(run.latencies.length / run.seconds),
    latencyMs: summarize(run.latencies),
    errors: run.errors,
  });
  return { clients: CLIENTS, spreadOverOfficesAndServices: { seconds: SECONDS, pairs: pairs.length, ...report(spread) }, oneServiceAllNumbers: report(oneLine), integrity };
}

async function fanOut(url: string, pid: number, subscribers: number) {
  const wsUrl = url.replace(/^http/, 'ws');
  const clients: Client[] = [];
  const lastSeen: number[] = new Array(subscribers).fill(0);
  let round: { eventKinds: number; startedAt: number; latencies: number[]; done: () => void; expected: number } | null = null;
  let initial = 0;
  let initialDone: () => void = () => {};
  const allInitial = new Promise<void>((resolve) => (initialDone = resolve));

  const rssBefore = await rssMb(pid);
  const batch = 250;
  for (let start = 0; start < subscribers; start += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, subscribers - start) }, async (_, j) => {
        const index = start + j;
        const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 });
        clients.push(client);
        client.subscribe(
          { query: SUBSCRIPTION, variables: { office: FANOUT_OFFICE } },
          {
            next: (result) => {
              const id = Number((result.data as { queueUpdated: { lastEvent: { id: string } | null } } | undefined)?.queueUpdated.lastEvent?.id ?? 0);
              if (lastSeen[index] === 0 && round === null) {
                lastSeen[index] = id || -1;
                if (++initial === subscribers) initialDone();
                return;
              }
              if (round !== null && id > (lastSeen[index] ?? 0)) {
                lastSeen[index] = id;
                round.latencies.push(performance.now() - round.startedAt);
                if (round.latencies.length === round.expected) round.done();
              }
            },
            error: () => {},
            complete: () => {},
          },
        );
      }),
    );
  }
  await allInitial;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const rssAfter = await rssMb(pid);

  const latencies: number[] = [];
  let lost = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const finished = new Promise<void>((resolve) => {
      round = { eventKinds: 1, startedAt: performance.now(), latencies: [], done: resolve, expected: subscribers };
    });
    const current = round as unknown as { latencies: number[] };
    await graphqlPost(url, TAKE, { input: { officeCode: FANOUT_OFFICE, serviceCode: 'DUK-KTP-EL', idempotencyKey: randomUUID() } });
    await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 30_000))]);
    latencies.push(...current.latencies);
    lost += subscribers - current.latencies.length;
    round = null;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await Promise.all(clients.map((client) => client.dispose()));
  return {
    subscribers,
    rounds: ROUNDS,
    deliveryMs: summarize(latencies),
    lost,
    hubRssMb: { before: Math.round(rssBefore), after: Math.round(rssAfter) },
    rssMbPer1000Subscribers: Math.round(((rssAfter - rssBefore) / subscribers) * 1000 * 10) / 10,
  };
}

const database = await freshDatabase('queue');
// Every simulated citizen comes from 127.0.0.1: the per-address takeTicket limit is lifted for the benchmark (the
// address exempt, or with --rate-limited counted against a limit no run reaches) ... and so is the per-address socket
// limit, for the fan-out's subscribers.
const hub = await startHubProcess({
  DATABASE_URL: database.url,
  LOG_LEVEL: 'info',
  DATABASE_POOL_MAX: '20',
  ...(values['rate-limited'] ? { RATE_LIMIT_TICKETS_PER_MINUTE: '100000' } : { RATE_LIMIT_EXEMPT_ADDRESSES: '127.0.0.1,::1' }),
  WS_MAX_CONNECTIONS_PER_ADDRESS: '1000000',
});
try {
  console.log(`hub ${hub.url} (pid ${hub.pid}) on a fresh database`);
  const take = await throughput(hub.url, database.url);
  console.log('takeTicket', JSON.stringify(take, null, 2));
  const fanout = [];
  for (const n of SUBSCRIBER_COUNTS) {
    const result = await fanOut(hub.url, hub.pid, n);
    console.log('fan-out', JSON.stringify(result));
    fanout.push(result);
  }
  const file = await writeResult('queue', { machine: machine(), command: `npx tsx bench/queue.ts ${process.argv.slice(2).join(' ')}`.trim(), takeTicket: take, fanout });
  console.log(`written to ${file}`);
} finally {
  await hub.stop();
  await database.drop();
}
