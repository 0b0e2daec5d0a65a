/**
 * Rate limits on the public write paths beyond surveys and complaints (test/surveys.test.ts, test/complaints.test.ts):
 * takeTicket and cancelTicket per client address and per token, counted in PostgreSQL so that they hold across
 * instances; counter staff and kiosk addresses (RATE_LIMIT_EXEMPT_ADDRESSES) are not limited per address; behind a
 * trusted proxy (TRUSTED_PROXIES) the address is the X-Forwarded-For client, for limits and audit records alike, and
 * nobody else's X-Forwarded-For is believed. A refused call writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from './helpers/clock.js';
import { createTestDatabase, onRealPostgres, type TestDatabase } from './helpers/database.js';
import { errorCodes, graphql } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import type { Knex } from 'knex';
import { RateLimitStore } from '../src/store/rate-limits.js';

const OFFICE = 'MPP-KOTA-JAMBI';
const TAKE = 'mutation($input: TakeTicketInput!) { takeTicket(input: $input) { id code holderToken } }';
const INPUT = { input: { officeCode: OFFICE, serviceCode: 'DUK-KTP-EL' } };
const CANCEL = 'mutation($id: ID!, $holderToken: String!) { cancelTicket(id: $id, holderToken: $holderToken) { status } }';
/** 09:00:10 WIB: a fixed window start, so that no test straddles a minute. */
const MORNING = '2026-11-25T02:00:10Z';

const ticketCount = async (t: TestHub): Promise<number> => Number((await t.hub.database.knex('ticket').count<{ count: string }[]>('* as count'))[0]?.count ?? 0);

describe('takeTicket and cancelTicket limits', () => {
  let t: TestHub;
  const clock = new TestClock(MORNING);
  beforeAll(async () => {
    t = await startTestHub({ now: clock.now, env: { RATE_LIMIT_TICKETS_PER_MINUTE: '3', RATE_LIMIT_CANCELS_PER_MINUTE: '2' } });
  });
  afterAll(() => t.stop());

  it('refuses the fourth public ticket from one address within a minute with RATE_LIMITED, taking none', async () => {
    clock.set(MORNING);
    for (let i = 0; i < 3; i++) expect(errorCodes(await t.query(TAKE, INPUT))).toEqual([]);
    const before = await ticketCount(t);
    const refused = await t.query(TAKE, INPUT);
    expect(errorCodes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.body.errors?.[0]?.message).toContain('at most 3 per 60 s');
    expect(refused.body.errors?.[0]?.extensions?.['retryAfterSeconds']).toBe(50);
    expect(await ticketCount(t)).toBe(before);
    // A spoofed X-Forwarded-For changes nothing: no proxy is trusted.
    expect(errorCodes(await t.query(TAKE, INPUT, { headers: { 'x-forwarded-for': '203.0.113.9' } }))).toEqual(['RATE_LIMITED']);
    // The next window lets the address in again.
    clock.advanceMinutes(1);
    expect(errorCodes(await t.query(TAKE, INPUT))).toEqual([]);
  });

  it('does not limit counter staff taking tickets for walk-in citizens', async () => {
    clock.set('2026-11-25T02:10:10Z');
    const officer = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL' });
    for (let i = 0; i < 6; i++) expect(errorCodes(await t.query(TAKE, INPUT, { token: officer }))).toEqual([]);
  });

  it('limits a CITIZEN token per subject as well as per address', async () => {
    clock.set('2026-11-25T02:20:10Z');
    const citizen = await t.token({ role: 'CITIZEN', subject: 'warga-1' });
    for (let i = 0; i < 3; i++) expect(errorCodes(await t.query(TAKE, INPUT, { token: citizen }))).toEqual([]);
    expect(errorCodes(await t.query(TAKE, INPUT, { token: citizen }))).toEqual(['RATE_LIMITED']);
  });

  it('limits cancelTicket per address, guesses of holder tokens included', async () => {
    clock.set('2026-11-25T02:30:10Z');
    const ticket = (await t.query(TAKE, INPUT)).body.data.takeTicket as { id: string; holderToken: string };
    for (let i = 0; i < 2; i++) expect(errorCodes(await t.query(CANCEL, { id: ticket.id, holderToken: `guess-${i}` }))).toEqual(['FORBIDDEN']);
    const refused = await t.query(CANCEL, { id: ticket.id, holderToken: ticket.holderToken });
    expect(errorCodes(refused)).toEqual(['RATE_LIMITED']);
    const stored = await t.query('query($id: ID!) { ticket(id: $id) { status } }', { id: ticket.id });
    expect(stored.body.data.ticket.status).toBe('WAITING');
  });
});

describe('kiosk addresses (RATE_LIMIT_EXEMPT_ADDRESSES)', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ now: () => new Date(MORNING), env: { RATE_LIMIT_TICKETS_PER_MINUTE: '2', RATE_LIMIT_EXEMPT_ADDRESSES: '127.0.0.0/8, ::1' } });
  });
  afterAll(() => t.stop());

  it('lets a kiosk issue tickets beyond the per-address limit', async () => {
    for (let i = 0; i < 6; i++) expect(errorCodes(await t.query(TAKE, INPUT))).toEqual([]);
  });

  it('still limits a token used from a kiosk address, per subject', async () => {
    const citizen = await t.token({ role: 'CITIZEN', subject: 'warga-kiosk' });
    for (let i = 0; i < 2; i++) expect(errorCodes(await t.query(TAKE, INPUT, { token: citizen }))).toEqual([]);
    expect(errorCodes(await t.query(TAKE, INPUT, { token: citizen }))).toEqual(['RATE_LIMITED']);
  });
});

describe('behind a trusted proxy (TRUSTED_PROXIES)', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({
      now: () => new Date(MORNING),
      env: { RATE_LIMIT_TICKETS_PER_MINUTE: '2', RATE_LIMIT_COMPLAINTS_PER_MINUTE: '100', TRUSTED_PROXIES: '127.0.0.1, ::1, 10.0.0.0/8' },
    });
  });
  afterAll(() => t.stop());

  const from = (forwardedFor: string) => ({ headers: { 'x-forwarded-for': forwardedFor } });

  it('limits each X-Forwarded-For client on its own', async () => {
    for (let i = 0; i < 2; i++) expect(errorCodes(await t.query(TAKE, INPUT, from('203.0.113.7')))).toEqual([]);
    expect(errorCodes(await t.query(TAKE, INPUT, from('203.0.113.7')))).toEqual(['RATE_LIMITED']);
    // Another citizen behind the same balancer is not affected.
    expect(errorCodes(await t.query(TAKE, INPUT, from('203.0.113.8')))).toEqual([]);
  });

  it('believes only the hops its proxies appended: a client cannot prepend its way out', async () => {
    // 203.0.113.7 is spent; whatever it writes before its own address, the proxy appended the real one.
    expect(errorCodes(await t.query(TAKE, INPUT, from('198.51.100.1, 203.0.113.7')))).toEqual(['RATE_LIMITED']);
    // Through two of our proxies (10.0.0.5 appended by the first), the client is the first untrusted hop from the right.
    expect(errorCodes(await t.query(TAKE, INPUT, from('203.0.113.7, 10.0.0.5')))).toEqual(['RATE_LIMITED']);
    expect(errorCodes(await t.query(TAKE, INPUT, from('[2001:db8::1]:51234')))).toEqual([]);
  });

  it('records the forwarded client address in the audit trail', async () => {
    const res = await t.query(
      'mutation($input: ComplaintInput!) { submitComplaint(input: $input) { trackingCode } }',
      { input: { kind: 'PENGADUAN', agency: 'DISDUKCAPIL', title: 'Antrian terlalu lama', body: 'Saya menunggu tiga jam untuk KTP-el.' } },
      from('203.0.113.50'),
    );
    expect(errorCodes(res)).toEqual([]);
    const rows = await t.hub.database.knex('audit_log').where({ subject: res.body.data.submitComplaint.trackingCode }).select('client_address');
    expect(rows.map((row: { client_address: string }) => row.client_address)).toEqual(['203.0.113.50']);
  });
});

describe.skipIf(!onRealPostgres)('across instances (PostgreSQL)', () => {
  let database: TestDatabase;
  let a: TestHub;
  let b: TestHub;
  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { RATE_LIMIT_TICKETS_PER_MINUTE: '3' };
    a = await startTestHub({ database, now: () => new Date(MORNING), env });
    b = await startTestHub({ database, now: () => new Date(MORNING), env });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await database?.drop();
  });

  it('counts one address once, whichever instance serves it', async () => {
    expect(errorCodes(await graphql(a.url, TAKE, INPUT))).toEqual([]);
    expect(errorCodes(await graphql(b.url, TAKE, INPUT))).toEqual([]);
    expect(errorCodes(await graphql(a.url, TAKE, INPUT))).toEqual([]);
    expect(errorCodes(await graphql(b.url, TAKE, INPUT))).toEqual(['RATE_LIMITED']);
    expect(errorCodes(await graphql(a.url, TAKE, INPUT))).toEqual(['RATE_LIMITED']);
  });
});

describe('hit counting (RateLimitStore)', () => {
  let t: TestHub;
  let knex: Knex;
  let store: RateLimitStore;
  beforeAll(async () => {
    t = await startTestHub();
    knex = t.hub.database.knex;
    store = new RateLimitStore(knex);
  });
  afterAll(() => t.stop());

  it('counts hits that arrive together in one statement, each caller seeing its count in arrival order', async () => {
    const window = new Date('2026-11-25T02:00:00Z');
    let statements = 0;
    const count = (query: { sql: string }) => {
      if (query.sql.includes('rate_limit_window')) statements += 1;
    };
    knex.on('query', count);
    // Thirty callers from one address, every third with a token too: the first counts alone, the rest together.
    const counts = await Promise.all(Array.from({ length: 30 }, (_, i) => store.hit(i % 3 === 0 ? ['take:address:10.0.0.1', `take:subject:s${i}`] : ['take:address:10.0.0.1'], window)));
    knex.removeListener('query', count);
    expect(statements).toBe(2);
    expect(counts).toEqual(Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? [i + 1, 1] : [i + 1])));
    // The next window drops the address's earlier one: one row left behind per key.
    const [next] = await Promise.all([store.hit(['take:address:10.0.0.1'], new Date('2026-11-25T02:01:00Z')), store.hit(['take:address:10.0.0.1'], new Date('2026-11-25T02:01:00Z'))]);
    expect(next).toEqual([1]);
    const rows = await knex('rate_limit_window').where('key', 'take:address:10.0.0.1').select('window_start', 'hits');
    expect(rows).toEqual([{ window_start: new Date('2026-11-25T02:01:00Z'), hits: 2 }]);
  });
});
