import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jakartaDay } from '../src/domain/queue.js';
import { errorCodes } from './helpers/graphql.js';
import { TestClock } from './helpers/clock.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { act, counterAction, counterIds, takeTicket } from './helpers/queue.js';

const DUKCAPIL = 'DUKCAPIL-KOTA-JAMBI';
const KTP = { officeCode: DUKCAPIL, serviceCode: 'DUK-KTP-EL' };

/** 09:00 WIB on a Wednesday. */
const MORNING = '2026-11-25T02:00:00Z';

async function ticketCount(t: TestHub): Promise<number> {
  const [row] = await t.hub.database.knex('ticket').count<{ count: number }[]>('* as count');
  return Number(row?.count);
}

describe('taking tickets', () => {
  let t: TestHub;
  const clock = new TestClock(MORNING);
  beforeAll(async () => {
    t = await startTestHub({ now: clock.now });
  });
  afterAll(() => t.stop());

  it('numbers tickets per letter from 001 and tells the taker their place and holder token', async () => {
    const first = await takeTicket(t, { officeCode: 'BKD-PROV-JAMBI', serviceCode: 'BKD-PENSIUN' });
    const second = await takeTicket(t, { officeCode: 'BKD-PROV-JAMBI', serviceCode: 'BKD-PENSIUN' });
    expect(first).toMatchObject({ code: 'B-001', number: 1, status: 'WAITING', position: 1, peopleAhead: 0, day: '2026-11-25', yourTurn: false });
    expect(second).toMatchObject({ code: 'B-002', position: 2, peopleAhead: 1 });
    expect(first.holderToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Another letter at the same office has its own numbers.
    expect(await takeTicket(t, { officeCode: 'BKD-PROV-JAMBI', serviceCode: 'BKD-MUTASI' })).toMatchObject({ code: 'C-001' });
    // The token is only in takeTicket's answer.
    const read = await t.query('query($id: ID!) { ticket(id: $id) { code holderToken } }', { id: first.id });
    expect(read.body.data.ticket).toEqual({ code: 'B-001', holderToken: null });
  });

  it('returns the same ticket, token included, when retried with the same idempotency key', async () => {
    const key = 'retry-0123456789abcdef';
    const before = await ticketCount(t);
    const first = await takeTicket(t, { ...KTP, idempotencyKey: key });
    const retry = await takeTicket(t, { ...KTP, idempotencyKey: key });
    expect(retry.id).toBe(first.id);
    expect(retry.holderToken).toBe(first.holderToken);
    expect(await ticketCount(t)).toBe(before + 1);
    // The same key for another request is a client bug, not a second ticket.
    const other = await t.query('mutation($input: TakeTicketInput!) { takeTicket(input: $input) { id } }', {
      input: { ...KTP, serviceCode: 'DUK-KIA', idempotencyKey: key },
    });
    expect(errorCodes(other)).toEqual(['CONFLICT']);
    expect(await ticketCount(t)).toBe(before + 1);
  });

  it.each([
    [{ officeCode: 'NOWHERE', serviceCode: 'DUK-KTP-EL' }, 'NOT_FOUND'],
    [{ officeCode: DUKCAPIL, serviceCode: 'NO-SUCH-SERVICE' }, 'NOT_FOUND'],
    [{ officeCode: DUKCAPIL, serviceCode: 'DKS-POLI-GIGI' }, 'BAD_USER_INPUT'],
    [{ ...KTP, idempotencyKey: 'short' }, 'BAD_USER_INPUT'],
    [{ ...KTP, idempotencyKey: 'has spaces in it, not ok' }, 'BAD_USER_INPUT'],
  ])('refuses %o with %s and stores nothing', async (input, code) => {
    const before = await ticketCount(t);
    const res = await t.query('mutation($input: TakeTicketInput!) { takeTicket(input: $input) { id } }', { input });
    expect(errorCodes(res)).toEqual([code]);
    expect(await ticketCount(t)).toBe(before);
  });

  it('gives out 999 numbers a day per letter, then CONFLICT; a retry of the last one still gets it', async () => {
    const office = { officeCode: DUKCAPIL, serviceCode: 'DUK-AKTA-LAHIR' };
    const first = await takeTicket(t, office);
    // As if 997 more had been taken since.
    await t.hub.database.knex('ticket_sequence').where({ office_code: DUKCAPIL, service_day: first.day, prefix: first.code.split('-')[0] }).update({ last_number: 998 });
    const key = 'last-number-0123456789';
    const last = await takeTicket(t, { ...office, idempotencyKey: key });
    expect(last.number).toBe(999);
    const before = await ticketCount(t);
    const refused = await t.query('mutation($input: TakeTicketInput!) { takeTicket(input: $input) { id } }', { input: { ...office, idempotencyKey: 'one-too-many-0123456789' } });
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect(refused.body.errors?.[0]?.message).toMatch(/all 999 numbers/);
    expect(await takeTicket(t, { ...office, idempotencyKey: key })).toMatchObject({ id: last.id, number: 999 });
    expect(await ticketCount(t)).toBe(before);
  });

  it('restarts numbering on the next Asia/Jakarta day', async () => {
    const office = { officeCode: DUKCAPIL, serviceCode: 'DUK-AKTA-MATI' };
    clock.set('2026-11-25T16:58:00Z'); // 23:58 WIB
    expect(await takeTicket(t, office)).toMatchObject({ code: 'E-001', day: '2026-11-25' });
    expect(await takeTicket(t, office)).toMatchObject({ code: 'E-002', day: '2026-11-25' });
    clock.set('2026-11-25T17:00:00Z'); // 00:00 WIB on the 26th, still the 25th in UTC
    expect(await takeTicket(t, office)).toMatchObject({ code: 'E-001', day: '2026-11-26' });
    clock.set(MORNING);
  });
});

describe('calling and serving', () => {
  let t: TestHub;
  let counters: Record<string, string>;
  let officer: string;
  const clock = new TestClock(MORNING);
  beforeEach(async () => {
    t = await startTestHub({ now: clock.now });
    counters = await counterIds(t, DUKCAPIL);
    officer = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL' });
  });
  afterEach(() => t.stop());

  it('calls priority citizens first, first come first served within each class', async () => {
    const regular1 = await takeTicket(t, KTP);
    const regular2 = await takeTicket(t, KTP);
    const elderly = await takeTicket(t, { ...KTP, priority: 'ELDERLY' });
    const pregnant = await takeTicket(t, { ...KTP, priority: 'PREGNANT' });
    expect(elderly.position).toBe(1);
    expect(pregnant.position).toBe(2);
    const regular1Now = await t.query('query($id: ID!) { ticket(id: $id) { position } }', { id: regular1.id });
    expect(regular1Now.body.data.ticket.position).toBe(3);

    await act(t, 'openCounter', 'counterId', counters['L1'] as string, officer);
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      const called = await act(t, 'callNextTicket', 'counterId', counters['L1'] as string, officer);
      order.push(called.id);
      expect(called).toMatchObject({ status: 'CALLED', yourTurn: true, position: null, counter: { code: 'L1' } });
      await act(t, 'skipTicket', 'ticketId', called.id, officer);
    }
    expect(order).toEqual([elderly.id, pregnant.id, regular1.id, regular2.id]);
    expect(await act(t, 'callNextTicket', 'counterId', counters['L1'] as string, officer)).toBeNull();
  });

  it('walks a ticket through call, recall, serve and done, and refuses illegal moves with CONFLICT', async () => {
    const ticket = await takeTicket(t, KTP);
    const l1 = counters['L1'] as string;
    expect(errorCodes(await counterAction(t, 'startServing', 'ticketId', ticket.id, officer))).toEqual(['CONFLICT']);
    expect(errorCodes(await counterAction(t, 'callNextTicket', 'counterId', l1, officer))).toEqual(['CONFLICT']); // closed
    await act(t, 'openCounter', 'counterId', l1, officer);
    await act(t, 'callNextTicket', 'counterId', l1, officer);
    await takeTicket(t, KTP);
    expect(errorCodes(await counterAction(t, 'callNextTicket', 'counterId', l1, officer))).toEqual(['CONFLICT']); // busy
    expect(errorCodes(await counterAction(t, 'closeCounter', 'counterId', l1, officer))).toEqual(['CONFLICT']); // busy
    expect(errorCodes(await counterAction(t, 'completeTicket', 'ticketId', ticket.id, officer))).toEqual(['CONFLICT']);
    expect(await act(t, 'recallTicket', 'ticketId', ticket.id, officer)).toMatchObject({ status: 'CALLED', recallCount: 1 });
    expect(await act(t, 'startServing', 'ticketId', ticket.id, officer)).toMatchObject({ status: 'SERVING', yourTurn: false });
    expect(await act(t, 'completeTicket', 'ticketId', ticket.id, officer)).toMatchObject({ status: 'DONE' });
    expect(errorCodes(await counterAction(t, 'skipTicket', 'ticketId', ticket.id, officer))).toEqual(['CONFLICT']);

    const events = await t.hub.database.knex('queue_event').where('ticket_id', ticket.id).orderBy('id').pluck('kind');
    expect(events).toEqual(['TICKET_TAKEN', 'TICKET_CALLED', 'TICKET_RECALLED', 'SERVING_STARTED', 'TICKET_DONE']);
    const timestamps = await t.hub.database.knex('ticket').where('id', ticket.id).first('called_at', 'serving_at', 'done_at', 'served_by');
    expect(timestamps).toMatchObject({ served_by: 'test-officer' });
    expect(timestamps.called_at).toBeInstanceOf(Date);
    expect(timestamps.done_at).toBeInstanceOf(Date);
  });

  it('keeps the event log append-only', async () => {
    await takeTicket(t, KTP);
    await expect(t.hub.database.knex('queue_event').update({ kind: 'TICKET_DONE' })).rejects.toThrow(/append-only/);
    await expect(t.hub.database.knex('queue_event').delete()).rejects.toThrow(/append-only/);
  });

  it('lets only the holder cancel, with the holder token', async () => {
    const ticket = await takeTicket(t, KTP);
    const other = await takeTicket(t, KTP);
    const CANCEL = 'mutation($id: ID!, $token: String!) { cancelTicket(id: $id, holderToken: $token) { status } }';
    expect(errorCodes(await t.query(CANCEL, { id: ticket.id, token: other.holderToken }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.query(CANCEL, { id: ticket.id, token: 'x'.repeat(43) }))).toEqual(['FORBIDDEN']);
    expect((await t.query(CANCEL, { id: ticket.id, token: ticket.holderToken })).body.data.cancelTicket).toEqual({ status: 'CANCELLED' });
    expect(errorCodes(await t.query(CANCEL, { id: ticket.id, token: ticket.holderToken }))).toEqual(['CONFLICT']);
    // The other ticket moved up.
    expect((await t.query('query($id: ID!) { ticket(id: $id) { position } }', { id: other.id })).body.data.ticket.position).toBe(1);
  });

  it('keeps counter work to officers and supervisors of the counter\'s agency', async () => {
    const l1 = counters['L1'] as string;
    await takeTicket(t, KTP);
    const mpp = await counterIds(t, 'MPP-KOTA-JAMBI');
    const citizen = await t.token({ role: 'CITIZEN' });
    const analyst = await t.token({ role: 'ANALYST' });
    const dinkesOfficer = await t.token({ role: 'OFFICER', agency: 'DINKES' });
    expect(errorCodes(await counterAction(t, 'callNextTicket', 'counterId', l1, ''))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.query('mutation($id: ID!) { callNextTicket(counterId: $id) { id } }', { id: l1 }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await counterAction(t, 'openCounter', 'counterId', l1, citizen))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await counterAction(t, 'openCounter', 'counterId', l1, analyst))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await counterAction(t, 'openCounter', 'counterId', l1, dinkesOfficer))).toEqual(['FORBIDDEN']);
    // A Disdukcapil officer may not call at the Dinas Kesehatan counter of the MPP (L3), nor its own service there.
    expect(errorCodes(await counterAction(t, 'openCounter', 'counterId', mpp['L3'] as string, officer))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await counterAction(t, 'callNextTicket', 'counterId', mpp['L3'] as string, officer))).toEqual(['FORBIDDEN']);
    const supervisor = await t.token({ role: 'SUPERVISOR', agency: 'DISDUKCAPIL' });
    await act(t, 'openCounter', 'counterId', l1, supervisor);
    const called = await act(t, 'callNextTicket', 'counterId', l1, officer);
    expect(errorCodes(await counterAction(t, 'skipTicket', 'ticketId', called.id, dinkesOfficer))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await counterAction(t, 'skipTicket', 'ticketId', called.id, citizen))).toEqual(['FORBIDDEN']);
    const status = await t.hub.database.knex('ticket').where('id', called.id).first('status');
    expect(status).toEqual({ status: 'CALLED' });
  });

  it('does not call yesterday\'s leftover tickets', async () => {
    clock.set('2026-11-25T10:00:00Z'); // 17:00 WIB
    await takeTicket(t, KTP);
    clock.set('2026-11-26T01:00:00Z'); // 08:00 WIB the next day
    await act(t, 'openCounter', 'counterId', counters['L1'] as string, officer);
    expect(await act(t, 'callNextTicket', 'counterId', counters['L1'] as string, officer)).toBeNull();
    const today = await takeTicket(t, KTP);
    expect(today.code).toBe('A-001');
    expect((await act(t, 'callNextTicket', 'counterId', counters['L1'] as string, officer)).id).toBe(today.id);
    clock.set(MORNING);
  });
});

describe('estimated wait', () => {
  let t: TestHub;
  const clock = new TestClock(MORNING);
  beforeAll(async () => {
    t = await startTestHub({ now: clock.now });
  });
  afterAll(() => t.stop());

  it('comes from recent handling times at the office and the open counters serving the service', async () => {
    const counters = await counterIds(t, DUKCAPIL);
    const officer = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL' });
    const l1 = counters['L1'] as string;
    await act(t, 'openCounter', 'counterId', l1, officer);
    // Three tickets handled in 4, 6 and 8 minutes (called to done): a moving average of 6.
    for (const minutes of [4, 6, 8]) {
      await takeTicket(t, KTP);
      await act(t, 'callNextTicket', 'counterId', l1, officer);
      const called = await t.hub.database.knex('ticket').where({ status: 'CALLED' }).first('id');
      clock.advanceMinutes(1);
      await act(t, 'startServing', 'ticketId', called.id, officer);
      clock.advanceMinutes(minutes - 1);
      await act(t, 'completeTicket', 'ticketId', called.id, officer);
    }
    const waiting = [];
    for (let i = 0; i < 5; i++) waiting.push(await takeTicket(t, KTP));
    // One open counter serves KTP-el (L1): the fifth in line waits 4 x 6 minutes.
    expect(waiting.map((w) => w.estimatedWaitMinutes)).toEqual([0, 6, 12, 18, 24]);

    await act(t, 'openCounter', 'counterId', counters['L4'] as string, officer); // L4 serves every service
    const QUEUE = `{ queueStatus(officeCode: "${DUKCAPIL}") { waiting services { ticketPrefix waiting openCounters averageHandlingMinutes handlingSamples estimatedWaitMinutes } } }`;
    const status = (await t.query(QUEUE)).body.data.queueStatus;
    expect(status.waiting).toBe(5);
    expect(status.services[0]).toEqual({ ticketPrefix: 'A', waiting: 5, openCounters: 2, averageHandlingMinutes: 6, handlingSamples: 3, estimatedWaitMinutes: 15 });
    // Without history, the default handling time; with no open counter, no estimate.
    expect(status.services.find((s: { ticketPrefix: string }) => s.ticketPrefix === 'B')).toMatchObject({ openCounters: 1, averageHandlingMinutes: 8, handlingSamples: 0 });
    const last = await t.query('query($id: ID!) { ticket(id: $id) { estimatedWaitMinutes } }', { id: waiting[4]?.id });
    expect(last.body.data.ticket.estimatedWaitMinutes).toBe(12); // 4 ahead x 6 / 2 counters
  });
});

describe('queue reads without N+1', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.stop());

  it('answers the queue of every office with a constant number of SQL statements', async () => {
    const officer = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL' });
    const QUERY = `query($kind: OfficeKind) { offices(filter: { kind: $kind }) { code queue {
      waiting services { waiting openCounters averageHandlingMinutes estimatedWaitMinutes service { name } }
      counters { code nowServing { code position service { code } } } nowServing { code counter { code } } } } }`;
    for (const office of ['DUKCAPIL-KOTA-JAMBI', 'DUKCAPIL-MUARO-JAMBI']) {
      const counters = await counterIds(t, office);
      await act(t, 'openCounter', 'counterId', counters['L1'] as string, officer);
      await takeTicket(t, { officeCode: office, serviceCode: 'DUK-KTP-EL' });
      await takeTicket(t, { officeCode: office, serviceCode: 'DUK-KTP-EL' });
      await act(t, 'callNextTicket', 'counterId', counters['L1'] as string, officer);
    }
    // A loader's keys can arrive in two batches instead of one when the answers they wait on come back in different
    // I/O turns (real PostgreSQL): one statement of jitter that has nothing to do with the list's length. The fewest
    // statements of three runs is the request's real cost.
    const cost = async (variables: Record<string, unknown>) => {
      const runs = [await t.query(QUERY, variables), await t.query(QUERY, variables), await t.query(QUERY, variables)];
      for (const run of runs) expect(run.body.errors).toBeUndefined();
      return { offices: runs[0]!.body.data.offices.length, statements: Math.min(...runs.map((r) => r.body.extensions?.stats?.sqlStatements ?? Infinity)) };
    };
    const few = await cost({ kind: 'CIVIL_REGISTRY_OFFICE' });
    const all = await cost({});
    expect(all.offices).toBeGreaterThan(few.offices * 10);
    expect(all.statements).toBe(few.statements);
  });
});

describe('the day a ticket is numbered in', () => {
  it('is the Asia/Jakarta calendar day, as the time zone database has it, on both sides of midnight', () => {
    const zone = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' });
    // Every 17 minutes over four years (leap day included), so that each local midnight is approached from both sides.
    const disagreements: string[] = [];
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2030, 0, 1); t += 17 * 60 * 1000) {
      const instant = new Date(t);
      if (jakartaDay(instant) !== zone.format(instant)) disagreements.push(instant.toISOString());
    }
    expect(disagreements).toEqual([]);
    expect(jakartaDay(new Date('2026-11-25T16:59:59.999Z'))).toBe('2026-11-25');
    expect(jakartaDay(new Date('2026-11-25T17:00:00.000Z'))).toBe('2026-11-26');
  });
});
