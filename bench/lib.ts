/**
 * Shared by the benchmarks: a fresh PostgreSQL database, the hub as its own process (so its memory and CPU are its
 * own), percentiles, and the result file. Benchmarks are scripts, not tests: the machines are shared and noisy, so
 * read figures as "this run, this machine", and compare ratios measured in one run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import pg from 'pg';
import { projectPath, projectRoot } from '../src/project-root.js';

/** The PostgreSQL server benchmarks use: BENCH_DATABASE_URL, else DATABASE_URL, else the local one. */
export const serverUrl = process.env['BENCH_DATABASE_URL'] ?? process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function freshDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sepucuk_bench_${label}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`drop database if exists "${name}" with (force)`) };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface HubProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The Node flags `npm start` runs the hub with (package.json's start script): benchmarks measure the hub as it is
 * deployed, and the flags have one place to change.
 */
export async function hubNodeFlags(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(projectPath('package.json'), 'utf8')) as { scripts: { start: string } };
  const flags = /\bnode((?: --\S+)*) dist\/src\/main\.js/.exec(manifest.scripts.start)?.[1];
  if (flags === undefined) throw new Error(`package.json's start script does not run "node [flags] dist/src/main.js": ${manifest.scripts.start}`);
  return flags.split(' ').filter((flag) => flag !== '');
}

/** Starts `node src/main.ts` (through tsx, with {@link hubNodeFlags}) and resolves with its URL once it listens. */
export async function startHubProcess(env: Record<string, string>): Promise<HubProcess> {
  const child = spawn(process.execPath, [...(await hubNodeFlags()), '--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    // No demo history and no background copy of BKD's staff (thousands of SIASN calls to the in-process stand-in):
    // both would run during the measurement. A bench that needs them asks (bench/performance).
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      PORT: '0',
      LOG_LEVEL: 'warn',
      SEED_DEMO_HISTORY: 'false',
      STAFF_SYNC_INTERVAL_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let listening = false;
  const url = await new Promise<string>((resolve, reject) => {
    // Logs are read until the "listening" line, then drained unread (a full pipe would stall the hub).
    const onData = (chunk: Buffer) => {
      if (listening) return;
      output += chunk.toString();
      const match = /listening at (http:\/\/\S+?)"/.exec(output);
      if (match?.[1]) {
        listening = true;
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`hub exited (${code}):\n${output}`)));
  });
  return {
    url,
    pid: child.pid ?? 0,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Resident set size of a process, in MB (Linux). */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export function summarize(samples: number[]): { n: number; p50: number; p90: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { n: sorted.length, p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? Number.NaN) };
}

export function machine(): Record<string, unknown> {
  return { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), date: new Date().toISOString() };
}

export async function writeResult(name: string, result: unknown): Promise<string> {
  const dir = projectPath('bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = `${dir}/${name}.json`;
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export interface GraphQLResult {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Kept-alive connections, reused across requests: the load generator shares the machine with the hub and PostgreSQL,
 * and node:http costs it about half of what fetch does per request, CPU the measured servers then have.
 */
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1_024 });

export function graphqlPost(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<GraphQLResult> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent: keepAlive,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphQLResult);
          } catch (error) {
            reject(new Error(`HTTP ${response.statusCode}: not a GraphQL response (${String(error)})`));
          }
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
