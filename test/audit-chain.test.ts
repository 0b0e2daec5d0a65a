/**
 * The audit trail: every mutation writes its record in its own transaction; rows form one hash chain, also under
 * concurrent writers (and the chain's lock covers the append, not the rest of the transaction); the database refuses
 * to change or delete rows; an edited or deleted row is found by `verifyAuditChain` and by `npm run audit:verify`,
 * which names it; migration 0006 chains the rows written before it; admins can read the trail and nobody can change
 * it through the API.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, rowHash } from '../src/audit/chain.js';
import { verifyAuditChain } from '../src/audit/verify.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrationSource, MIGRATIONS } from '../src/db/migrations/index.js';
import { createLogger } from '../src/logger.js';
import { AuditStore, type AuditEntry } from '../src/store/audit.js';
import { projectRoot } from '../src/project-root.js';
import { createTestDatabase, onRealPostgres, type TestDatabase } from './helpers/database.js';
import { errorCodes } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { act, counterIds, takeTicket } from './helpers/queue.js';

const MPP = 'MPP-KOTA-JAMBI';
const KTP = { officeCode: MPP, serviceCode: 'DUK-KTP-EL' };

interface Row {
  id: number;
  actor: string | null;
  role: string;
  agency_code: string | null;
  operation: string;
  action: string;
  subject: string | null;
  related_ids: string[];
  fields: string[];
  outcome: string;
  client_address: string | null;
  request_id: string | null;
  chain: number;
  prev_hash: string;
  hash: string;
}

const entry = (action: string, subject: string | null = null): AuditEntry => ({
  principal: { kind: 'user', subject: 'tester', role: 'ADMIN', agency: null, nip: null, expiresAt: null },
  operation: 'Test',
  action,
  subject,
  outcome: 'ok',
  clientAddress: '10.1.2.3',
  requestId: 'req-1',
});

async function rowsOf(knex: Database['knex'], where: Record<string, unknown> = {}): Promise<Row[]> {
  return knex('audit_log').where(where).orderBy('id');
}

describe('the canonical form', () => {
  it('never changes for rows already written: a known answer', () => {
    const content = {
      at: '2026-11-25T08:15:00.123456Z',
      actor: 'petugas-1',
      role: 'OFFICER',
      agencyCode: 'DISDUKCAPIL',
      operation: 'Panggil',
      action: 'ticket.call',
      subject: 'tiket "A-001"\n\\ 🇮🇩',
      related: ['loket-1', 'é\u0001'],
      fields: [],
      outcome: 'ok',
      clientAddress: null,
      requestId: 'req-1',
    };
    // Computed by sepucuk.audit.v1's first implementation (a JSON.stringify of the whole array).
    expect(rowHash('a'.repeat(64), content)).toBe('8edb36852c1159e84e7f19e5308a3bc36f47fd2a8379b79b6fa051ef5aba179d');
  });
});

describe('every mutation writes an audit record', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.stop());

  it('records who, role, agency, operation, fields, subjects and client address for queue, survey and catalog changes', async () => {
    const officer = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL', subject: 'petugas-audit' });
    const admin = await t.token({ role: 'ADMIN', subject: 'admin-audit' });
    const counter = (await counterIds(t, MPP))['L1']!;
    const ticket = await takeTicket(t, KTP);
    await act(t, 'openCounter', 'counterId', counter, officer);
    await act(t, 'callNextTicket', 'counterId', counter, officer);
    await act(t, 'startServing', 'ticketId', ticket.id, officer);
    await act(t, 'completeTicket', 'ticketId', ticket.id, officer);
    const survey = await t.query('mutation Rate($input: SurveyInput!) { submitSurvey(input: $input) { id } }', {
      input: { serviceCode: 'DUK-KTP-EL', ticketId: ticket.id, holderToken: ticket.holderToken, answers: [4, 4, 4, 4, 4, 4, 4, 4, 4], comment: 'Cepat' },
    });
    expect(survey.body.errors).toBeUndefined();
    const saved = await t.query(
      'mutation Save($input: SaveServiceInput!) { saveService(input: $input) { code } }',
      { input: { code: 'BKD-AUDIT-UJI', agency: 'BKD', name: 'Layanan uji audit', offices: [{ officeCode: 'BKD-PROV-JAMBI', ticketPrefix: 'Z' }] } },
      { token: admin },
    );
    expect(saved.body.errors).toBeUndefined();
    const synced = await t.query('mutation Sync { syncCatalog(agency: DINKES) { agency } }', undefined, { token: admin });
    expect(synced.body.errors).toBeUndefined();

    const rows = await rowsOf(t.hub.database.knex);
    const byAction = (action: string) => rows.filter((row) => row.action === action);
    expect(byAction('ticket.take').at(-1)).toMatchObject({
      actor: null,
      role: 'PUBLIC',
      subject: ticket.id,
      related_ids: [MPP],
      fields: ['Mutation.takeTicket', 'input.officeCode', 'input.serviceCode'],
      outcome: 'ok',
    });
    expect(byAction('counter.open').at(-1)).toMatchObject({ actor: 'petugas-audit', role: 'OFFICER', agency_code: 'DISDUKCAPIL', subject: counter, related_ids: [MPP] });
    expect(byAction('ticket.call').at(-1)).toMatchObject({ actor: 'petugas-audit', subject: ticket.id, related_ids: [counter], fields: ['Mutation.callNextTicket', 'counterId'] });
    expect(byAction('ticket.start').at(-1)).toMatchObject({ subject: ticket.id, related_ids: [counter] });
    expect(byAction('ticket.complete').at(-1)).toMatchObject({ subject: ticket.id, related_ids: [counter] });
    expect(byAction('survey.submit').at(-1)).toMatchObject({
      role: 'PUBLIC',
      subject: survey.body.data.submitSurvey.id,
      related_ids: [ticket.id],
      // Argument paths, never their values: the comment's text and the holder token are not in the log.
      fields: ['Mutation.submitSurvey', 'input.answers[]', 'input.comment', 'input.holderToken', 'input.serviceCode', 'input.ticketId'],
    });
    expect(byAction('service.save').at(-1)).toMatchObject({ actor: 'admin-audit', role: 'ADMIN', operation: 'Save', subject: 'BKD-AUDIT-UJI', related_ids: ['BKD-PROV-JAMBI'] });
    expect(byAction('catalog.sync').at(-1)).toMatchObject({ actor: 'admin-audit', operation: 'Sync', subject: 'DINKES', related_ids: ['DINKES'] });
    for (const row of rows.slice(-8)) {
      expect(row.client_address).toMatch(/127\.0\.0\.1|::1/);
      expect(row.request_id).toEqual(expect.any(String));
    }
    expect(JSON.stringify(rows)).not.toContain('Cepat');
    expect(await verifyAuditChain(t.hub.database.knex)).toMatchObject({ ok: true, rows: rows.length });
  });

  it('writes nothing for a mutation that fails: the record is in the change\'s transaction', async () => {
    const officer = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL' });
    const waiting = await takeTicket(t, KTP);
    const before = (await rowsOf(t.hub.database.knex)).length;
    const res = await t.query('mutation($id: ID!) { completeTicket(ticketId: $id) { id } }', { id: waiting.id }, { token: officer });
    expect(errorCodes(res)).toEqual(['CONFLICT']);
    expect((await rowsOf(t.hub.database.knex)).length).toBe(before);
  });

  it('shows the trail to admins only, newest first and filtered, audits the reading, and offers no way to change it', async () => {
    const provincial = await t.token({ role: 'ADMIN', subject: 'admin-reader' });
    const query = `query Trail($filter: AuditFilter, $first: Int, $after: String) {
      auditLog(filter: $filter, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { id at actor role agency operation action subject relatedSubjects fields outcome clientAddress previousHash hash } }
      } }`;
    const page = await t.query(query, { filter: { action: 'ticket.' }, first: 3 }, { token: provincial });
    expect(page.body.errors).toBeUndefined();
    const nodes = page.body.data.auditLog.edges.map((e: { node: Record<string, unknown> }) => e.node);
    expect(nodes).toHaveLength(3);
    expect(nodes.every((n: { action: string }) => n.action.startsWith('ticket.'))).toBe(true);
    expect(Number(nodes[0].id)).toBeGreaterThan(Number(nodes[1].id));
    expect(nodes[0]).toMatchObject({ outcome: 'OK', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const next = await t.query(query, { filter: { action: 'ticket.' }, first: 3, after: page.body.data.auditLog.pageInfo.endCursor }, { token: provincial });
    expect(Number(next.body.data.auditLog.edges[0].node.id)).toBeLessThan(Number(nodes[2].id));
    expect(await rowsOf(t.hub.database.knex, { action: 'audit.read', actor: 'admin-reader' })).toHaveLength(2);

    // An agency's admin sees their agency's staff only.
    const agencyAdmin = await t.token({ role: 'ADMIN', agency: 'DISDUKCAPIL' });
    const own = await t.query(query, { first: 200 }, { token: agencyAdmin });
    expect(own.body.data.auditLog.edges.every((e: { node: { agency: string } }) => e.node.agency === 'DISDUKCAPIL')).toBe(true);

    for (const token of [undefined, await t.token({ role: 'SUPERVISOR', agency: 'DISDUKCAPIL' }), await t.token({ role: 'ANALYST' })]) {
      const refused = await t.query(query, {}, { token });
      expect(errorCodes(refused)).toEqual([token === undefined ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
    }
    const mutations = await t.query('{ __schema { mutationType { fields { name } } } }');
    const names: string[] = mutations.body.data.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(names.filter((name) => /audit/i.test(name))).toEqual([]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the log in the database itself', async () => {
    const knex = t.hub.database.knex;
    const [row] = await rowsOf(knex);
    await expect(knex('audit_log').where('id', row!.id).update({ actor: 'someone-else' })).rejects.toThrow(/append-only/);
    await expect(knex('audit_log').where('id', row!.id).delete()).rejects.toThrow(/append-only/);
    await expect(knex.raw('truncate audit_log')).rejects.toThrow(/append-only/);
    await expect(knex('audit_chain_head').delete()).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(knex)).ok).toBe(true);
  });
});

describe('the hash chain', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.stop());

  it('forms chains from the genesis hash under concurrent writers, on every connection, each connection its own', async () => {
    const store = new AuditStore(t.hub.database.knex, 'k'.repeat(40));
    // On PostgreSQL, a second handle on the same database: another hub instance, as far as PostgreSQL can tell.
    // (PGlite has one session: its writers take turns on it.)
    const other = onRealPostgres ? await openDatabase(t.database.config, createLogger('silent')) : null;
    try {
      const stores = [store, other === null ? store : new AuditStore(other.knex, 'k'.repeat(40))];
      const before = (await rowsOf(t.hub.database.knex)).length;
      await Promise.all(Array.from({ length: 60 }, (_, i) => stores[i % 2]!.record([entry('test.concurrent', `n${i}`), entry('test.concurrent.pair', `n${i}`)])));
      const rows = await rowsOf(t.hub.database.knex);
      expect(rows.length - before).toBe(120);
      const chains = new Map<number, Row[]>();
      for (const row of rows) chains.set(row.chain, [...(chains.get(row.chain) ?? []), row]);
      for (const chain of chains.values()) {
        expect(chain[0]!.prev_hash).toBe(GENESIS_HASH);
        for (let i = 1; i < chain.length; i += 1) expect(chain[i]!.prev_hash).toBe(chain[i - 1]!.hash);
      }
      // An entry pair of one transaction stays together, on its connection's chain.
      for (const pair of rows.filter((row) => row.action === 'test.concurrent.pair')) {
        const first = rows.find((row) => row.action === 'test.concurrent' && row.subject === pair.subject)!;
        expect([pair.chain, pair.prev_hash]).toEqual([first.chain, first.hash]);
      }
      // PostgreSQL: the pool's connections write to several chains. PGlite: its one session, to one.
      if (onRealPostgres) expect(chains.size).toBeGreaterThan(1);
      expect(await verifyAuditChain(t.hub.database.knex)).toMatchObject({ ok: true, rows: rows.length, lastId: rows.at(-1)!.id });
    } finally {
      await other?.close();
    }
  });

  it('hashes in the database exactly as the verifier does, whatever the text', async () => {
    const knex = t.hub.database.knex;
    const store = new AuditStore(knex, 'k'.repeat(40));
    const awkward = [
      'quote " and \\ backslash',
      'line\nbreak\ttab\rreturn\bbackspace\fform feed',
      'control \u0001\u001f and delete \u007f',
      'Pelayanan KTP-el — “cepat”, ½ jam',
      'non-BMP 🇮🇩😀𝄞',
      'separators \u2028\u2029',
      '</script><b>',
      '',
    ];
    const entries = awkward.map((text, i): AuditEntry => ({
      ...entry(`test.awkward.${i}`, text),
      operation: text || 'Empty',
      related: [text, 'second'],
      fields: [text],
      requestId: text,
      clientAddress: null,
    }));
    await store.record(entries);
    expect(await verifyAuditChain(knex)).toMatchObject({ ok: true });

    const rows = await rowsOf(knex, {});
    const stored = rows.filter((row) => row.action.startsWith('test.awkward.'));
    expect(stored.map((row) => [row.subject, row.operation, row.related_ids, row.fields, row.request_id])).toEqual(
      entries.map((one) => [one.subject, one.operation, one.related, one.fields, one.requestId]),
    );
  });

  it('stores a lone UTF-16 surrogate as U+FFFD and hashes what it stored', async () => {
    const knex = t.hub.database.knex;
    await new AuditStore(knex, 'k'.repeat(40)).record([{ ...entry('test.surrogate', 'half \ud800 pair'), related: ['\udc00'] }]);
    const [row] = await rowsOf(knex, { action: 'test.surrogate' });
    expect(row).toMatchObject({ subject: 'half \ufffd pair', related_ids: ['\ufffd'] });
    expect(await verifyAuditChain(knex)).toMatchObject({ ok: true });
  });

  it.runIf(onRealPostgres)('holds its lock for the append only, not for the rest of the transaction', async () => {
    const knex = t.hub.database.knex;
    const store = new AuditStore(knex, 'k'.repeat(40));
    const writers = 8;
    const workSeconds = 0.3;
    // Each writer does "unrelated" work first (a third of a second), then appends last, as the stores do.
    const started = performance.now();
    await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        knex.transaction(async (trx) => {
          await trx.raw('select pg_sleep(?)', [workSeconds]);
          await store.record([entry('test.lock', `w${i}`)], trx);
        }),
      ),
    );
    const elapsed = (performance.now() - started) / 1000;
    // Serialised by the chain it would take writers x work (2.4 s); in parallel it takes one unit of work plus the appends.
    expect(elapsed).toBeLessThan(workSeconds + (writers * workSeconds - workSeconds) / 3);
    expect((await verifyAuditChain(knex)).ok).toBe(true);
  });
});

describe('a tampered log', () => {
  it('is found by verifyAuditChain and by npm run audit:verify, which name the first bad row', async () => {
    // A database the script can open from another process: a PGlite directory, or a PostgreSQL database.
    const dir = onRealPostgres ? null : await mkdtemp(path.join(os.tmpdir(), 'sepucuk-audit-'));
    const database: TestDatabase = dir === null ? await createTestDatabase() : { config: { kind: 'pglite', dataDir: dir }, url: null, drop: () => rm(dir, { recursive: true, force: true }) };
    try {
      const t = await startTestHub({ database });
      let edited: number;
      let deletedAfter: number;
      try {
        for (let i = 0; i < 6; i += 1) await takeTicket(t, KTP);
        const knex = t.hub.database.knex;
        const rows = await rowsOf(knex, { action: 'ticket.take' });
        expect(rows).toHaveLength(6);
        expect(await verifyAuditChain(knex)).toMatchObject({ ok: true, rows: 6 });

        // An attacker with database access turns the trigger off, as only the table's owner or a superuser can.
        await knex.raw('alter table audit_log disable trigger audit_log_append_only');
        edited = rows[1]!.id;
        await knex('audit_log').where('id', edited).update({ client_address: '203.0.113.9' });
        expect(await verifyAuditChain(knex)).toMatchObject({ ok: false, rowId: edited, problem: 'edited' });

        // Put back, the row checks out again: the hash is over the content, nothing else.
        await knex('audit_log').where('id', edited).update({ client_address: rows[1]!.client_address });
        expect((await verifyAuditChain(knex)).ok).toBe(true);

        // Three rows of one transaction, so of one chain: the middle one goes.
        const store = new AuditStore(knex, 'k'.repeat(40));
        await knex.transaction((trx) => store.record([entry('test.tamper', 'a'), entry('test.tamper', 'b'), entry('test.tamper', 'c')], trx));
        const tamper = await rowsOf(knex, { action: 'test.tamper' });
        await knex('audit_log').where('id', tamper[1]!.id).delete();
        deletedAfter = tamper[2]!.id;
        expect(await verifyAuditChain(knex)).toMatchObject({ ok: false, rowId: deletedAfter, problem: 'broken-link' });

        // Both: the first bad row is the edited one.
        await knex('audit_log').where('id', edited).update({ actor: 'not-me' });
        expect(await verifyAuditChain(knex)).toMatchObject({ ok: false, rowId: edited, problem: 'edited' });
        await knex('audit_log').where('id', edited).update({ actor: null });

        await knex.raw('alter table audit_log enable trigger audit_log_append_only');
      } finally {
        await t.stop();
      }

      const run = await runScript(database);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`BROKEN at row ${deletedAfter}`);
      expect(run.stdout).toMatch(/a row between them was deleted/);
    } finally {
      await database.drop();
    }
  });

  it('reports rows cut off the end through the chain head', async () => {
    const t = await startTestHub();
    try {
      for (let i = 0; i < 3; i += 1) await takeTicket(t, KTP);
      const knex = t.hub.database.knex;
      const rows = await rowsOf(knex);
      await knex.raw('alter table audit_log disable trigger audit_log_append_only');
      await knex('audit_log').where('id', rows.at(-1)!.id).delete();
      expect(await verifyAuditChain(knex)).toMatchObject({ ok: false, problem: 'truncated', rowId: rows.at(-1)!.id });
    } finally {
      await t.stop();
    }
  });
});

describe('migration 0006', () => {
  it('chains the rows written before it, from the genesis hash, and makes the log append-only', async () => {
    const database = await createTestDatabase();
    const db = await openDatabase(database.config, createLogger('silent'));
    try {
      const config = { migrationSource, tableName: 'knex_migrations' };
      for (const migration of MIGRATIONS) {
        if (migration.name === '0006_audit_chain') break;
        await db.knex.migrate.up({ ...config, name: migration.name });
      }
      // Rows as 0002..0004's code wrote them: no hashes, `at` with microseconds.
      await db.knex('audit_log').insert([
        { actor: 'officer-1', role: 'OFFICER', agency_code: 'DISDUKCAPIL', operation: 'Verify', action: 'resident.verify', subject: 'nik:abc', outcome: 'ok', client_address: '10.0.0.1', request_id: 'r1' },
        { actor: null, role: 'PUBLIC', agency_code: null, operation: 'Submit', action: 'complaint.submit', subject: 'LPR-AAAA-BBBB', outcome: 'ok', client_address: null, request_id: null },
        { actor: 'supervisor-1', role: 'SUPERVISOR', agency_code: 'DISDIK', operation: 'Personal', action: 'staff.phone', subject: '198503152010011001', outcome: 'denied', client_address: '10.0.0.2', request_id: 'r3' },
      ]);
      await db.knex.migrate.latest(config);
      const rows = await rowsOf(db.knex);
      expect(rows).toHaveLength(3);
      expect(rows[0]).toMatchObject({ prev_hash: GENESIS_HASH, related_ids: [], fields: [] });
      expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
      expect(await verifyAuditChain(db.knex)).toMatchObject({ ok: true, rows: 3, lastId: rows[2]!.id });
      // Chain 1 after migration 0009, which splits the log into chains for what is written after it.
      expect(rows.map((row) => row.chain)).toEqual([1, 1, 1]);
      expect(await db.knex('audit_chain_head').where('id', 1).first('last_hash')).toEqual({ last_hash: rows[2]!.hash });
      // New rows continue the same chain.
      await new AuditStore(db.knex, 'k'.repeat(40)).record([entry('test.after-migration')]);
      expect(await verifyAuditChain(db.knex)).toMatchObject({ ok: true, rows: 4 });
      await expect(db.knex('audit_log').where('id', rows[0]!.id).delete()).rejects.toThrow(/append-only/);
    } finally {
      await db.close();
      await database.drop();
    }
  });
});

/** `npm run audit:verify`, as an operator runs it, against `database`. */
function runScript(database: TestDatabase): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' };
  if (database.config.kind === 'postgres') env['DATABASE_URL'] = database.config.url;
  else env['PGLITE_DATA_DIR'] = database.config.dataDir ?? 'memory://';
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}
