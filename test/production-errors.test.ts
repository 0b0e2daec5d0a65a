/**
 * A hub in production mode (its requirements met: an OIDC issuer's keys, the secrets, the four sources pointed at the
 * sandbox stand-ins as remote systems) answers unexpected failures with the generic message and code only: no stack,
 * no SQL, no text from a source system. The details go to the log.
 */
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AGENCY_CODES } from '../src/domain/catalog.js';
import { createLogger } from '../src/logger.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { teachersInBkd } from '../sandbox/world/queries.js';
import { connectWs, type GraphQLResponse } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { startTestIssuer, type TestIssuer } from './helpers/oidc.js';

/** What production refuses to start without, besides the sources (the sandbox's) and the issuer (the test issuer's). */
const PRODUCTION = {
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  TICKET_HOLDER_SECRET: 'p'.repeat(40),
  AUDIT_PSEUDONYM_KEY: 'q'.repeat(40),
  // Production's default is no demo data; these tests need offices and services.
  SEED_DEMO_DATA: 'true',
  SEED_DEMO_HISTORY: 'false',
  // No background copy of BKD's records: its calls would race the faults these tests set.
  STAFF_SYNC_INTERVAL_SECONDS: '0',
  SOURCE_RETRIES: '0',
  SOURCE_CACHE_TTL_MS: '0',
};

/** Text that must never reach a client: markers planted in the failures, and the shapes of SQL and stacks. */
const LEAKS = [/SECRET-DB-DETAIL/i, /survey_response/i, /relation/i, /\bselect\b/i, /\binsert\b/i, /Terjadi kesalahan/i, /conflict with recovery/i, /\bat .+\.(ts|js):\d+/, /stack/i];

function expectNoLeak(body: unknown): void {
  const text = JSON.stringify(body);
  for (const leak of LEAKS) expect(text, `response leaks ${leak}`).not.toMatch(leak);
}

describe('a hub in production mode', () => {
  let sandbox: Sandbox;
  let issuer: TestIssuer;
  let t: TestHub;
  let analyst: string;
  const logged: string[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox();
    issuer = await startTestIssuer();
    const log = createLogger(
      'error',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logged.push(chunk.toString());
          done();
        },
      }),
    );
    t = await startTestHub({ sandbox, log, env: { ...PRODUCTION, ...sandbox.env(), ...issuer.env() } });
    expect(t.config.mode).toBe('production');
    expect(t.config.auth.tokens.kind).toBe('oidc');
    expect(Object.values(t.config.sources).filter((s) => typeof s === 'object' && s !== null && 'kind' in s && s.kind === 'remote')).toHaveLength(4);
    analyst = await issuer.sign({ role: 'ANALYST' });
  });
  afterAll(async () => {
    await t.stop();
    await issuer.stop();
    await sandbox.stop();
  });
  afterEach(() => sandbox.reset());

  function expectGeneric(res: GraphQLResponse, path: string): void {
    expect(res.body.errors).toEqual([{ message: 'Internal server error', locations: expect.any(Array), path: [path], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expectNoLeak(res.body);
  }

  it('masks an unexpected database error (raised by the database itself)', async () => {
    const knex = t.hub.database.knex;
    await knex.raw(`create function sepucuk_test_fail() returns trigger language plpgsql as $$
      begin raise exception 'SECRET-DB-DETAIL: disk quota of tablespace pg_default exceeded'; end $$`);
    await knex.raw('create trigger sepucuk_test_fail before insert on ticket for each row execute function sepucuk_test_fail()');
    try {
      const res = await t.query('mutation { takeTicket(input: { officeCode: "MPP-KOTA-JAMBI", serviceCode: "DUK-KTP-EL" }) { id code } }');
      expect(res.status).toBe(200);
      expect(res.body.data).toBeNull();
      expectGeneric(res, 'takeTicket');
      expect(logged.join('')).toContain('SECRET-DB-DETAIL');
    } finally {
      await knex.raw('drop trigger sepucuk_test_fail on ticket');
      await knex.raw('drop function sepucuk_test_fail()');
    }
  });

  it('masks a SQL error in a store, over HTTP and over graphql-ws', async () => {
    const knex = t.hub.database.knex;
    // A service's satisfaction reads the per-service daily rollup (migration 0008), not the responses.
    await knex.raw('alter table survey_response_daily_service rename to survey_response_daily_service_elsewhere');
    try {
      const query = '{ satisfaction(filter: { serviceCode: "DUK-KTP-EL" }) { responses ikm } }';
      const res = await t.query(query);
      expect(res.body.data).toBeNull();
      expectGeneric(res, 'satisfaction');
      const ws = connectWs(t.url);
      try {
        const overSocket = await ws.execute(query);
        expect(overSocket.errors).toEqual([{ message: 'Internal server error', locations: expect.any(Array), path: ['satisfaction'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
        expectNoLeak(overSocket);
      } finally {
        await ws.dispose();
      }
      expect(logged.join('')).toMatch(/survey_response/);
    } finally {
      await knex.raw('alter table survey_response_daily_service_elsewhere rename to survey_response_daily_service');
    }
  });

  it('reports a failing source by agency and code, without the source\'s own text', async () => {
    const [teacher] = teachersInBkd(sandbox.world);
    await sandbox.standIn('BKD').setFaults({ mode: 'fail' });
    const res = await t.query('query($nip: String!) { staff(nip: $nip) { nip fullName } }', { nip: teacher!.nip }, { token: analyst });
    expect(res.body.errors).toEqual([
      { message: expect.stringMatching(/^The BKD source system is not available/), locations: expect.any(Array), path: ['staff'], extensions: expect.objectContaining({ code: 'SOURCE_UNAVAILABLE', agency: 'BKD' }) },
    ]);
    expectNoLeak(res.body);
  });

  it('reports a failing civil registry without its SQL error', async () => {
    await sandbox.standIn('DISDUKCAPIL').setFaults({ mode: 'fail' });
    const officer = await issuer.sign({ role: 'OFFICER', agency: 'DISDUKCAPIL' });
    const resident = sandbox.world.residents[0]!;
    const res = await t.query(
      'query($input: VerifyResidentInput!) { verifyResident(input: $input) { nikFound } }',
      { input: { nik: resident.nik, name: resident.name, birthDate: resident.birthDate } },
      { token: officer },
    );
    expect(res.body.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'SOURCE_UNAVAILABLE', agency: 'DISDUKCAPIL' })]);
    expectNoLeak(res.body);
  });

  it('still answers normally once the failures are gone', async () => {
    const res = await t.query('{ agencies { code } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.agencies).toHaveLength(AGENCY_CODES.length);
  });
});
