/**
 * bench/compare: the hub side by side with PostGraphile v5 and a plain-SQL server, on one generated dataset, in one run.
 *
 *   npm run bench:compare -- [--seconds 10] [--rounds 2] [--connections 32] [--warmup 3] [--keep] [--no-build]
 *
 * Generates the dataset in a fresh database (bench/compare/dataset.ts), builds and starts the hub as `npm start` runs
 * it (compiled, its own process), PostGraphile (bench/compare/postgraphile-server.ts) and the plain-SQL server
 * (bench/compare/plain-server.ts), each in its own process on the same database and pool size; checks that the three
 * answer Q0, Q1 and X identically; counts SQL statements per request at two list lengths; then loads each server with
 * autocannon for each query, servers in alternating order over the rounds. Prints req/s, p50/p99, statements per
 * request, CPU per request (the server's process and the PostgreSQL backends of the database) and the ratios the issue
 * sets as targets; writes everything to bench/results/compare.json.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import net from 'node:net';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { projectRoot } from '../../src/project-root.js';
import { hubNodeFlags, machine, rssMb, serverUrl, writeResult } from '../lib.js';
import { SIZES, dropDatabase, generateDataset, type Dataset } from './dataset.js';
import {
  HUB,
  HUB_TYPES_QUERY,
  PLAIN,
  POSTGRAPHILE,
  QUERY_NAMES,
  QUERY_TITLES,
  canonical,
  differences,
  hubQ1,
  hubQ1Aliases,
  type HubQ1,
  type HubQ1Fields,
  type IntrospectedSchema,
  type Operation,
  type Period,
  type QueryName,
  type ServerName,
} from './queries.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '3' },
    first: { type: 'string', default: '50' },
    database: { type: 'string', default: 'sepucuk_compare' },
    'pool-max': { type: 'string', default: '10' },
    'hub-log-level': { type: 'string', default: 'warn' },
    keep: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = Number(values.connections);
const WARMUP_SECONDS = Number(values.warmup);
const FIRST = Number(values.first);
const SHORT_FIRST = 5;
const POOL_MAX = values['pool-max'];
const SERVERS: readonly ServerName[] = ['hub', 'postgraphile', 'plain'];

const log = (line: string) => process.stdout.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------------------------
// Processes.

interface Server {
  name: ServerName;
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Spawns a server and resolves once `ready(url)` answers; its output is kept (the last 20 kB) for error reports and
 * read continuously so that a full pipe never stalls it.
 */
async function startServer(name: ServerName, args: string[], env: Record<string, string>, url: string | null): Promise<Server> {
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 120_000;
  let found = url;
  for (;;) {
    if (exited) throw new Error(`${name} exited before it was ready:\n${output}`);
    if (Date.now() > deadline) throw new Error(`${name} was not ready after 120 s:\n${output}`);
    if (found === null) found = /listening at (http:\/\/[^\s"]+)/.exec(output)?.[1] ?? null;
    if (found !== null && (await ready(name, found))) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const serverUrlFound = found;
  return {
    name,
    url: serverUrlFound,
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function ready(name: ServerName, url: string): Promise<boolean> {
  try {
    if (name === 'hub') return (await fetch(url.replace(/\/graphql$/, '/readyz'))).status === 200;
    return (await fetch(url.replace(/\/graphql$/, '/__stats'))).status === 200;
  } catch {
    return false;
  }
}

/**
 * The hub as `npm start` runs it: the compiled build, its own process, production mode; request stats and
 * introspection (to find Q1's fields) on; sources point nowhere (see the README).
 */
async function startHub(databaseUrl: string): Promise<Server> {
  const port = await freePort();
  // The comparison is about hub-owned data. With the sandbox stand-ins, their catalogs (40 schools, health
  // facilities ...) would be copied into the catalog and change the dataset; with unreachable sources the catalog
  // sync fails fast (connection refused) and the catalog stays the generated one.
  const nowhere = 'http://127.0.0.1:9/';
  return startServer('hub', [...(await hubNodeFlags()), 'dist/src/main.js'], {
    // Production mode, as deployed (graphql-js and the hub take their production paths); what production requires is
    // set to bench values: no token is ever presented, so the JWKS URL is never fetched.
    NODE_ENV: 'production',
    AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks',
    AUTH_ISSUER: 'https://bench.invalid',
    AUTH_AUDIENCE: 'sepucuk',
    TICKET_HOLDER_SECRET: randomBytes(32).toString('hex'),
    AUDIT_PSEUDONYM_KEY: randomBytes(32).toString('hex'),
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: POOL_MAX,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: values['hub-log-level'],
    SEED_DEMO_DATA: 'false',
    SEED_DEMO_HISTORY: 'false',
    STAFF_SYNC_INTERVAL_SECONDS: '0',
    EXPOSE_REQUEST_STATS: 'true',
    // A profiler or a flag for the hub's process only (e.g. --import of a module that starts the inspector's profiler).
    ...(process.env['BENCH_HUB_NODE_OPTIONS'] === undefined ? {} : { NODE_OPTIONS: process.env['BENCH_HUB_NODE_OPTIONS'] }),
    GRAPHQL_INTROSPECTION: 'true',
    SOURCE_RETRIES: '0',
    CATALOG_SYNC_INTERVAL_SECONDS: '86400',
    // Room for the Q1 fallback's one alias per service (the default limit is 15); no other query uses aliases.
    GRAPHQL_MAX_ALIASES: String(Math.max(100, FIRST + 10)),
    BKD_SIASN_URL: nowhere,
    BKD_SIASN_CLIENT_ID: 'bench',
    BKD_SIASN_CLIENT_SECRET: 'bench',
    DAPODIK_URL: nowhere,
    DAPODIK_TOKEN: 'bench',
    SATUSEHAT_URL: nowhere,
    SATUSEHAT_CLIENT_ID: 'bench',
    SATUSEHAT_CLIENT_SECRET: 'bench',
    DISDUKCAPIL_DATABASE_URL: 'postgres://bench@127.0.0.1:9/none',
  }, `http://127.0.0.1:${port}/graphql`);
}

function startPostGraphile(databaseUrl: string): Promise<Server> {
  return startServer('postgraphile', ['--import', 'tsx', '--import', './bench/compare/promise-with-resolvers.ts', 'bench/compare/postgraphile-server.ts'], {
    DATABASE_URL: databaseUrl,
    POOL_MAX,
    NODE_ENV: 'production',
    GRAPHILE_ENV: 'production',
  }, null);
}

function startPlain(databaseUrl: string): Promise<Server> {
  return startServer('plain', ['--import', 'tsx', 'bench/compare/plain-server.ts'], { DATABASE_URL: databaseUrl, POOL_MAX, NODE_ENV: 'production' }, null);
}

// ---------------------------------------------------------------------------------------------------------------
// Requests.

async function post(url: string, operation: Operation | { query: string }): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(operation) });
  const text = await res.text();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`${url}: HTTP ${res.status}, not JSON: ${text.slice(0, 300)}`);
  }
}

async function referenceStatements(server: Server): Promise<number> {
  const res = await fetch(server.url.replace(/\/graphql$/, '/__stats'));
  return ((await res.json()) as { statements: number }).statements;
}

/** SQL statements per request: the hub's own count per request; the others' counter over `n` sequential requests. */
async function statementsPerRequest(server: Server, operation: Operation, n = 10): Promise<number> {
  if (server.name === 'hub') {
    const counts: number[] = [];
    for (let i = 0; i < n; i++) {
      const body = await post(server.url, operation);
      const stats = (body['extensions'] as { stats?: { sqlStatements?: number } } | undefined)?.stats;
      counts.push(stats?.sqlStatements ?? Number.NaN);
    }
    return Math.max(...counts);
  }
  const before = await referenceStatements(server);
  for (let i = 0; i < n; i++) await post(server.url, operation);
  return ((await referenceStatements(server)) - before) / n;
}

// ---------------------------------------------------------------------------------------------------------------
// CPU: the server's process and the PostgreSQL backends connected to the bench database.

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

async function cpuMsOf(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** CPU used so far by each PostgreSQL backend of `database` (its command line names the database). */
async function backendCpu(database: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.startsWith('postgres: ') || !cmdline.includes(` ${database} `)) continue;
      out.set(Number(entry), await cpuMsOf(Number(entry)));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

function backendDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

// ---------------------------------------------------------------------------------------------------------------
// Load.

interface Load {
  round: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
  serverCpuMsPerRequest: number;
  postgresCpuMsPerRequest: number;
}

async function load(server: Server, operation: Operation, seconds: number, database: string, round: number): Promise<Load> {
  const [cpuBefore, pgBefore] = await Promise.all([cpuMsOf(server.child.pid ?? 0), backendCpu(database)]);
  const result = await autocannon({
    url: server.url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(operation),
  });
  const [cpuAfter, pgAfter] = await Promise.all([cpuMsOf(server.child.pid ?? 0), backendCpu(database)]);
  const requests = result.requests.total;
  const perRequest = (ms: number) => (requests > 0 ? Math.round((ms / requests) * 100) / 100 : Number.NaN);
  return {
    round,
    requestsPerSecond: Math.round((requests / seconds) * 10) / 10,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    serverCpuMsPerRequest: perRequest(cpuAfter - cpuBefore),
    postgresCpuMsPerRequest: perRequest(backendDelta(pgBefore, pgAfter)),
  };
}

// ---------------------------------------------------------------------------------------------------------------

const round1 = (x: number) => Math.round(x * 10) / 10;
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? null : Math.round((a / b) * 100) / 100);
const mean = (xs: number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((s, x) => s + x, 0) / xs.length);

async function discoverHubQ1(hub: Server): Promise<HubQ1> {
  const body = await post(hub.url, { query: HUB_TYPES_QUERY });
  const data = body['data'] as IntrospectedSchema | undefined;
  if (data === undefined) return { ok: false, why: `introspection failed: ${JSON.stringify(body['errors']).slice(0, 300)}` };
  return hubQ1(data);
}

async function main(): Promise<void> {
  log(`bench/compare: ${SECONDS} s per server and query, ${ROUNDS} rounds, ${CONNECTIONS} connections, pool ${POOL_MAX} per server`);
  if (!values['no-build']) {
    log('building the hub (npm run build) ...');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: projectRoot, stdio: 'inherit' });
  }
  log(`generating the dataset in ${values.database} ...`);
  const dataset: Dataset = await generateDataset(serverUrl, values.database, (line) => log(line));
  log(`  generated in ${dataset.generateMs} ms; today (Asia/Jakarta) ${dataset.today}; migrations run by the hub on the data: ${dataset.migrations.afterData.join(', ') || 'none'}`);
  const period: Period = { from: dataset.from, to: dataset.today };

  const servers: Server[] = [];
  try {
    const hubStartedAt = performance.now();
    servers.push(await startHub(dataset.url));
    const hubStartMs = Math.round(performance.now() - hubStartedAt);
    log(`hub ready in ${hubStartMs} ms (including the migrations after the data)`);
    servers.push(await startPostGraphile(dataset.url));
    servers.push(await startPlain(dataset.url));
    const byName = (name: ServerName) => servers.find((s) => s.name === name) as Server;
    const hub = byName('hub');

    // The hub's Q1: per-service fields when its schema has them, else the aliases fallback (see queries.ts).
    const q1 = await discoverHubQ1(hub);
    let hubFields: HubQ1Fields;
    let hubQ1Operation: (first: number, p: Period) => Operation;
    if (q1.ok) {
      hubFields = q1.shape === 'fields' ? { shape: 'fields', waitingPath: q1.waitingPath, satisfaction: q1.satisfaction } : { shape: 'aliases' };
      hubQ1Operation = q1.operation;
      log(`hub Q1: per-service fields: ${q1.operation(FIRST, period).query.replace(/\s+/g, ' ')}`);
    } else {
      const codes = new Map<number, string[]>();
      for (const first of [FIRST, SHORT_FIRST]) codes.set(first, (canonical('hub', 'Q0', await post(hub.url, HUB.Q0(first))) as { code: string }[]).map((r) => r.code));
      hubFields = { shape: 'aliases' };
      hubQ1Operation = hubQ1Aliases(codes);
      log(`hub Q1: ${q1.why}; using the aliases fallback (one satisfaction per service, every office's queue lines)`);
    }
    const operation = (server: ServerName, query: QueryName, first = FIRST): Operation | null => {
      switch (server) {
        case 'hub':
          return query === 'Q0' ? HUB.Q0(first) : query === 'X' ? HUB.X() : hubQ1Operation(first, period);
        case 'postgraphile':
          return query === 'Q0' ? POSTGRAPHILE.Q0(first) : query === 'X' ? POSTGRAPHILE.X() : POSTGRAPHILE.Q1(first, period);
        case 'plain':
          return query === 'Q0' ? PLAIN.Q0(first) : query === 'X' ? PLAIN.X() : PLAIN.Q1(first, period);
      }
    };

    // Same answers everywhere (the plain server is the reference), and statements per request at two list lengths.
    const checks: Record<string, unknown> = {};
    const statements: Record<string, Record<string, { [first: string]: number }>> = {};
    for (const query of QUERY_NAMES) {
      const answers = new Map<ServerName, ReturnType<typeof canonical>>();
      statements[query] = {};
      for (const server of servers) {
        const op = operation(server.name, query);
        if (op === null) continue;
        answers.set(server.name, canonical(server.name, query, await post(server.url, op), hubFields));
        const short = operation(server.name, query, SHORT_FIRST) as Operation;
        const counts: { [first: string]: number } = { [String(FIRST)]: await statementsPerRequest(server, op) };
        if (query !== 'X') counts[String(SHORT_FIRST)] = await statementsPerRequest(server, short);
        (statements[query] as Record<string, { [first: string]: number }>)[server.name] = counts;
      }
      const reference = answers.get('plain');
      const check: Record<string, string[] | string> = {};
      for (const [name, answer] of answers) {
        if (name === 'plain' || reference === undefined) continue;
        const diff = differences(query, reference, answer);
        check[name] = diff.length === 0 ? 'identical' : diff;
      }
      if (query !== 'X' && reference !== undefined) check['items'] = String(reference.length);
      checks[query] = check;
      log(`${query}: answers vs plain SQL ${JSON.stringify(check)}; SQL statements per request ${JSON.stringify(statements[query])}`);
    }

    // Warm-up, then the measured rounds: per query, the servers in turn, their order reversed every other round.
    log(`warm-up: ${WARMUP_SECONDS} s per server and query ...`);
    for (const query of QUERY_NAMES) {
      for (const server of servers) {
        const op = operation(server.name, query);
        if (op !== null && WARMUP_SECONDS > 0) await load(server, op, WARMUP_SECONDS, values.database, 0);
      }
    }
    const runs: Record<string, Record<string, Load[]>> = {};
    for (let round = 1; round <= ROUNDS; round++) {
      for (const query of QUERY_NAMES) {
        const order = round % 2 === 1 ? servers : [...servers].reverse();
        for (const server of order) {
          const op = operation(server.name, query);
          if (op === null) continue;
          const result = await load(server, op, SECONDS, values.database, round);
          ((runs[query] ??= {})[server.name] ??= []).push(result);
          log(
            `round ${round} ${query} ${server.name.padEnd(12)} ${String(result.requestsPerSecond).padStart(8)} req/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  ` +
              `cpu/req: server ${result.serverCpuMsPerRequest} ms, postgres ${result.postgresCpuMsPerRequest} ms${result.errors + result.non2xx > 0 ? `  ERRORS ${result.errors} non-2xx ${result.non2xx}` : ''}`,
          );
        }
      }
    }
    const rss: Record<string, number> = {};
    for (const server of servers) rss[server.name] = round1(await rssMb(server.child.pid ?? 0));

    // Summary: the mean of the rounds.
    const summary: Record<string, Record<string, { requestsPerSecond: number; p50Ms: number; p99Ms: number; serverCpuMsPerRequest: number; postgresCpuMsPerRequest: number }>> = {};
    for (const query of QUERY_NAMES) {
      for (const [name, loads] of Object.entries(runs[query] ?? {})) {
        (summary[query] ??= {})[name] = {
          requestsPerSecond: round1(mean(loads.map((l) => l.requestsPerSecond))),
          p50Ms: round1(mean(loads.map((l) => l.p50Ms))),
          p99Ms: round1(mean(loads.map((l) => l.p99Ms))),
          serverCpuMsPerRequest: Math.round(mean(loads.map((l) => l.serverCpuMsPerRequest)) * 100) / 100,
          postgresCpuMsPerRequest: Math.round(mean(loads.map((l) => l.postgresCpuMsPerRequest)) * 100) / 100,
        };
      }
    }
    const rps = (query: QueryName, server: ServerName) => summary[query]?.[server]?.requestsPerSecond;
    const ratios = Object.fromEntries(
      QUERY_NAMES.map((query) => [query, { hubToPostgraphile: ratio(rps(query, 'hub'), rps(query, 'postgraphile')), hubToPlain: ratio(rps(query, 'hub'), rps(query, 'plain')) }]),
    ) as Record<QueryName, { hubToPostgraphile: number | null; hubToPlain: number | null }>;
    const flat = (query: QueryName, server: ServerName) => {
      const counts = statements[query]?.[server];
      return counts === undefined ? null : new Set(Object.values(counts)).size === 1;
    };
    const targets = {
      'Q0 hub >= 1.0x PostGraphile': { value: ratios.Q0.hubToPostgraphile, met: ratios.Q0.hubToPostgraphile !== null && ratios.Q0.hubToPostgraphile >= 1 },
      'Q0 hub >= 35% of plain SQL': { value: ratios.Q0.hubToPlain, met: ratios.Q0.hubToPlain !== null && ratios.Q0.hubToPlain >= 0.35 },
      'Q1 hub >= 3x plain SQL, identical results': {
        value: ratios.Q1.hubToPlain,
        met: ratios.Q1.hubToPlain !== null && ratios.Q1.hubToPlain >= 3 && (checks['Q1'] as Record<string, unknown>)['hub'] === 'identical',
      },
      'SQL statements per request independent of list length': {
        value: Object.fromEntries(QUERY_NAMES.map((q) => [q, Object.fromEntries(SERVERS.map((s) => [s, flat(q, s)]))])),
        met: QUERY_NAMES.every((q) => flat(q, 'hub') !== false),
      },
    };

    const result = {
      machine: machine(),
      command: `npm run bench:compare -- --seconds ${SECONDS} --rounds ${ROUNDS} --connections ${CONNECTIONS}`,
      settings: { seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, warmupSeconds: WARMUP_SECONDS, first: FIRST, poolMaxPerServer: Number(POOL_MAX), hubLogLevel: values['hub-log-level'] },
      dataset: { sizes: SIZES, counts: dataset.counts, today: dataset.today, satisfactionPeriod: period, migrations: dataset.migrations, generateMs: dataset.generateMs },
      queries: Object.fromEntries(QUERY_NAMES.map((q) => [q, { title: QUERY_TITLES[q], hub: operation('hub', q)?.query ?? null, postgraphile: operation('postgraphile', q)?.query }])),
      hubQ1: q1.ok ? hubFields : { ...hubFields, why: q1.why },
      answers: checks,
      sqlStatementsPerRequest: statements,
      summary,
      ratios,
      targets,
      rssMb: rss,
      runs,
    };
    const file = await writeResult('compare', result);

    log('');
    log(`| query | server | req/s | p50 ms | p99 ms | SQL/request | server CPU ms/req | PostgreSQL CPU ms/req |`);
    log(`|---|---|---:|---:|---:|---:|---:|---:|`);
    for (const query of QUERY_NAMES) {
      for (const server of SERVERS) {
        const s = summary[query]?.[server];
        const st = statements[query]?.[server]?.[String(FIRST)];
        if (s === undefined) {
          log(`| ${query} | ${server} | not measured | | | | | |`);
          continue;
        }
        log(`| ${query} | ${server} | ${s.requestsPerSecond} | ${s.p50Ms} | ${s.p99Ms} | ${st ?? ''} | ${s.serverCpuMsPerRequest} | ${s.postgresCpuMsPerRequest} |`);
      }
    }
    log('');
    for (const query of QUERY_NAMES) log(`${query}: hub / PostGraphile ${ratios[query].hubToPostgraphile ?? 'n/a'}x, hub / plain SQL ${ratios[query].hubToPlain ?? 'n/a'}x`);
    for (const [target, { value, met }] of Object.entries(targets)) log(`target ${met ? 'MET   ' : 'MISSED'} ${target}: ${JSON.stringify(value)}`);
    log(`RSS after the runs (MB): ${JSON.stringify(rss)}`);
    log(`written to ${file}`);
  } finally {
    for (const server of servers.reverse()) await server.stop();
    if (!values.keep) await dropDatabase(serverUrl, values.database);
  }
}

await main();
