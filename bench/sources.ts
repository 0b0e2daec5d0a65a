/**
 * bench/sources: what a query across the four source systems costs when each answers slowly.
 *
 * The stand-ins run in this process with a fixed added latency each (SATUSEHAT 50 ms, BKD 100 ms, the civil registry
 * 150 ms, Dapodik 200 ms); the hub runs as its own process on the embedded database with its source cache off, so
 * every request really reaches every source. One query reads a civil servant's record (BKD), their assignments
 * (Dapodik by NIP, every registered school; SATUSEHAT by the NIK from BKD's record) and verifies a resident (SQL).
 *
 * Called one after another the four would cost the sum (500 ms). The hub asks Dapodik, BKD and the registry at once,
 * and SATUSEHAT as soon as BKD's record gives the NIK; SATUSEHAT takes two searches in a row (Practitioner by NIK, then
 * PractitionerRole by practitioner). The critical path is max(200, 100 + 2 x 50, 150) = 200 ms: the slowest source,
 * plus the hub's own work. (With BKD at 50 and SATUSEHAT at 100 it would be 50 + 2 x 100 = 250: the join through the
 * NIK is a real dependency, and the latencies were assigned so that it does not hide the fan-out being measured.)
 *
 *   npx tsx bench/sources.ts [--samples 100] [--clients 8] [--seconds 10]
 *
 * Results: bench/results/sources.json.
 */
import { parseArgs } from 'node:util';
import { signToken } from '../src/auth/tokens.js';
import { DEVELOPMENT_JWT_SECRET } from '../src/config.js';
import { startSandbox } from '../sandbox/index.js';
import { practitionersInBkd } from '../sandbox/world/queries.js';
import { graphqlPost, machine, startHubProcess, summarize, writeResult } from './lib.js';

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '100' },
    clients: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '10' },
  },
});
const SAMPLES = Number(values.samples);
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);

const LATENCY_MS = { DINKES: 50, BKD: 100, DISDUKCAPIL: 150, DISDIK: 200 } as const;
const SLOWEST = Math.max(...Object.values(LATENCY_MS));
const SUM = Object.values(LATENCY_MS).reduce((a, b) => a + b, 0);

const QUERY = `query AllFour($nip: String!, $claim: VerifyResidentInput!) {
  staff(nip: $nip) { name rank { code } assignments { kind placeName } }
  verifyResident(input: $claim) { nikFound name birthDate }
}`;

interface Sample {
  ms: number;
  sourceCalls: number;
  errors: string[];
}

async function main(): Promise<void> {
  const sandbox = await startSandbox();
  const hub = await startHubProcess({
    ...sandbox.env(),
    PGLITE_DATA_DIR: 'memory://',
    SOURCE_CACHE_TTL_MS: '0',
    // Dapodik is read per school (getSekolah and getGtk for each of 40): enough slots for all 80 at once, so that the
    // bench measures the hub's fan-out, not the queue of a concurrency limit (default 8) meant to protect a real source.
    SOURCE_CONCURRENCY: '128',
    SOURCE_TIMEOUT_MS: '5000',
    // The "listening" line is at info level.
    LOG_LEVEL: 'info',
  });
  try {
    for (const [agency, latencyMs] of Object.entries(LATENCY_MS)) await sandbox.standIn(agency as keyof typeof LATENCY_MS).setFaults({ latencyMs });
    // Health workers: a SUPERVISOR of Dinas Kesehatan may read them, and they are in SATUSEHAT.
    const people = practitionersInBkd(sandbox.world);
    const token = await signToken(DEVELOPMENT_JWT_SECRET, { subject: 'bench', role: 'SUPERVISOR', agency: 'DINKES', ttlSeconds: 3_600 });
    let next = 0;
    const ask = async (): Promise<Sample> => {
      const person = people[next++ % people.length]!;
      const variables = { nip: person.nip, claim: { nik: person.nik, name: person.name, birthDate: person.birthDate } };
      const startedAt = performance.now();
      const res = (await graphqlPost(hub.url, QUERY, variables, token)) as Awaited<ReturnType<typeof graphqlPost>> & { extensions?: { stats?: { sourceCalls: number } } };
      return {
        ms: performance.now() - startedAt,
        sourceCalls: res.extensions?.stats?.sourceCalls ?? Number.NaN,
        errors: (res.errors ?? []).map((e) => e.extensions?.code ?? 'UNKNOWN'),
      };
    };

    // Warm-up: connections, the token caches, the JIT.
    for (let i = 0; i < 5; i++) await ask();

    const sequential: Sample[] = [];
    for (let i = 0; i < SAMPLES; i++) sequential.push(await ask());

    const concurrent: Sample[] = [];
    const until = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < until) concurrent.push(await ask());
      }),
    );

    const report = (samples: Sample[]) => ({
      latencyMs: summarize(samples.map((s) => s.ms)),
      sourceCallsPerRequest: summarize(samples.map((s) => s.sourceCalls)),
      errors: samples.flatMap((s) => s.errors).reduce<Record<string, number>>((acc, code) => ({ ...acc, [code]: (acc[code] ?? 0) + 1 }), {}),
    });
    const result = {
      machine: machine(),
      latencyAddedPerSourceMs: LATENCY_MS,
      slowestSourceMs: SLOWEST,
      sumOfSourcesMs: SUM,
      oneAtATime: report(sequential),
      concurrent: { clients: CLIENTS, seconds: SECONDS, requestsPerSecond: Math.round((concurrent.length / SECONDS) * 10) / 10, ...report(concurrent) },
    };
    const file = await writeResult('sources', result);
    console.log(JSON.stringify(result, null, 2));
    console.log(`p50 ${result.oneAtATime.latencyMs.p50} ms, p99 ${result.oneAtATime.latencyMs.p99} ms one at a time (slowest source ${SLOWEST} ms, sum ${SUM} ms); written to ${file}`);
  } finally {
    await hub.stop();
    await sandbox.stop();
  }
}

await main();
