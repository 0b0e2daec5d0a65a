/**
 * The hub as a process, the way `npm start` runs it: restarts keep data on the embedded default, a second process
 * cannot open the same embedded database, and two instances racing on one empty PostgreSQL database both come up.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signToken } from '../src/auth/tokens.js';
import { DEVELOPMENT_JWT_SECRET } from '../src/config.js';
import { MIGRATIONS } from '../src/db/migrations/index.js';
import { AGENCY_CODES } from '../src/domain/catalog.js';
import { createTestDatabase, onRealPostgres, type TestDatabase } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';
import { spawnHub, type HubProcess } from './helpers/process.js';
import { sharedSandbox } from './helpers/sandbox.js';

const running: HubProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A hub process whose sources are this file's stand-ins, unless `ownSandbox`: then it starts its own, as `npm start` does. */
async function start(env: Record<string, string>, options: { ownSandbox?: boolean } = {}): Promise<HubProcess> {
  const sources = options.ownSandbox ? {} : (await sharedSandbox()).env();
  // Restarts and locks are the subject here, not the demo: no demo history to seed, and no background copy of BKD's
  // staff records (thousands of stand-in calls) loading the machine other test files run on.
  const hub = spawnHub({ PORT: '0', SEED_DEMO_HISTORY: 'false', STAFF_SYNC_INTERVAL_SECONDS: '0', ...sources, ...env });
  running.push(hub);
  return hub;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sepucuk-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('embedded database (PGlite) across restarts', () => {
  it('keeps data written before a restart, and shuts down cleanly on SIGTERM', async () => {
    const dataDir = path.join(await tempDir(), 'pglite');
    const admin = await signToken(DEVELOPMENT_JWT_SECRET, { subject: 'admin', role: 'ADMIN', ttlSeconds: 600 });

    const first = await start({ PGLITE_DATA_DIR: dataDir }, { ownSandbox: true });
    const url = await first.listening;
    for (const agency of ['BKD', 'DISDIK', 'DINKES', 'DISDUKCAPIL']) {
      expect(first.output()).toContain(`source ${agency}: no endpoint configured, served by its sandbox stand-in`);
    }
    const saved = await graphql(
      url,
      'mutation($input: SaveServiceInput!) { saveService(input: $input) { code } }',
      { input: { code: 'BKD-RESTART-PROOF', agency: 'BKD', name: 'Written before the restart' } },
      { token: admin },
    );
    expect(saved.body.errors).toBeUndefined();
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.output()).toContain('hub stopped');

    const second = await start({ PGLITE_DATA_DIR: dataDir });
    const res = await graphql(await second.listening, '{ service(code: "BKD-RESTART-PROOF") { name } agencies { code } }');
    expect(res.body.data).toMatchObject({ service: { name: 'Written before the restart' } });
    expect(second.output()).toContain('schema is up to date');
  });

  it('refuses to open an embedded database another hub has open', async () => {
    const dataDir = path.join(await tempDir(), 'pglite');
    const first = await start({ PGLITE_DATA_DIR: dataDir });
    await first.listening;
    const second = await start({ PGLITE_DATA_DIR: dataDir });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/in use by process \d+/);
    // The first one is unharmed.
    const res = await graphql(await first.listening, '{ agencies { code } }');
    expect(res.body.data.agencies).toHaveLength(AGENCY_CODES.length);
  });
});

describe.skipIf(!onRealPostgres)('two instances starting together on one empty PostgreSQL database', () => {
  it('both come up, and the migrations ran once', async () => {
    const db: TestDatabase = await createTestDatabase();
    cleanups.push(() => db.drop());
    const env = { DATABASE_URL: db.url ?? '' };
    const [a, b] = await Promise.all([start(env), start(env)]);
    const urls = await Promise.all([a.listening, b.listening]);

    const outputs = [a.output(), b.output()];
    expect(outputs.filter((o) => new RegExp(`migrations applied: ${MIGRATIONS.length}`).test(o))).toHaveLength(1);
    expect(outputs.filter((o) => o.includes('schema is up to date'))).toHaveLength(1);
    for (const url of urls) {
      const res = await graphql(url, '{ agencies { code } offices { code } }');
      expect(res.body.data.agencies).toHaveLength(AGENCY_CODES.length);
    }
  });
});
