/**
 * The queue under concurrency. Meaningful on real PostgreSQL (CI runs it there); on PGlite, with its single session,
 * it still checks the same invariants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { act, counterAction, counterIds, takeTicket } from './helpers/queue.js';
import { expectRollupsExact } from './helpers/rollups.js';
import { jakartaDay } from '../src/domain/queue.js';

const OFFICE = 'DUKCAPIL-KOTA-JAMBI';
const KTP = { officeCode: OFFICE, serviceCode: 'DUK-KTP-EL' };

describe(`queue concurrency (${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestHub;
  let counters: Record<string, string>;
  let officer: string;
  beforeAll(async () => {
    t = await startTestHub();
    counters = await counterIds(t, OFFICE);
    officer = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL' });
  });
  afterAll(() => t.stop());

  it('gives 200 concurrent takers 200 distinct consecutive numbers', async () => {
    const tickets = await Promise.all(Array.from({ length: 200 }, () => takeTicket(t, KTP)));
    const numbers = tickets.map((ticket) => ticket.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(tickets.map((ticket) => ticket.id)).size).toBe(200);
  });

  it('counts concurrent retries with one idempotency key once', async () => {
    const before = await t.hub.database.knex('ticket').where('service_code', 'DUK-KIA').count<{ count: number }[]>('* as count');
    const keys = Array.from({ length: 25 }, (_, i) => `concurrent-retry-key-${String(i).padStart(4, '0')}`);
    // Every key sent four times at once: 100 requests, 25 tickets.
    const results = await Promise.all(keys.flatMap((key) => Array.from({ length: 4 }, () => takeTicket(t, { officeCode: OFFICE, serviceCode: 'DUK-KIA', idempotencyKey: key }))));
    expect(new Set(results.map((r) => r.id)).size).toBe(25);
    const numbers = [...new Set(results.map((r) => r.number))].sort((a, b) => a - b);
    const after = await t.hub.database.knex('ticket').where('service_code', 'DUK-KIA').count<{ count: number }[]>('* as count');
    expect(Number(after[0]?.count) - Number(before[0]?.count)).toBe(25);
    expect(numbers).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('never gives two officers calling 100 times each at once the same ticket', async () => {
    // L1 and L4 both serve KTP-el; the 200 tickets of the first test wait.
    const [l1, l4] = [counters['L1'] as string, counters['L4'] as string];
    await act(t, 'openCounter', 'counterId', l1, officer);
    await act(t, 'openCounter', 'counterId', l4, officer);
    const work = async (counter: string): Promise<string[]> => {
      const called: string[] = [];
      for (let i = 0; i < 100; i++) {
        const ticket = await act(t, 'callNextTicket', 'counterId', counter, officer);
        called.push(ticket.id);
        await act(t, 'skipTicket', 'ticketId', ticket.id, officer);
      }
      return called;
    };
    const [a, b] = await Promise.all([work(l1), work(l4)]);
    expect(new Set([...a, ...b]).size).toBe(200);
    const calls = await t.hub.database.knex('queue_event').where('kind', 'TICKET_CALLED').select('ticket_id').count('* as calls').groupBy('ticket_id').having(t.hub.database.knex.raw('count(*) > 1'));
    expect(calls).toEqual([]);
  });

  it('lets exactly one of 20 simultaneous calls at one counter through', async () => {
    for (let i = 0; i < 5; i++) await takeTicket(t, KTP);
    const l1 = counters['L1'] as string;
    const responses = await Promise.all(Array.from({ length: 20 }, () => counterAction(t, 'callNextTicket', 'counterId', l1, officer)));
    const called = responses.filter((r) => r.body.errors === undefined);
    expect(called).toHaveLength(1);
    expect(responses.flatMap(errorCodes).every((code) => code === 'CONFLICT')).toBe(true);
    const active = await t.hub.database.knex('ticket').where({ counter_id: l1 }).whereIn('status', ['CALLED', 'SERVING']);
    expect(active).toHaveLength(1);
  });

  it('keeps the waiting counts and the ticket at each counter exact under concurrent take, call, cancel, serve and skip', async () => {
    const services = ['DUK-KTP-EL', 'DUK-KK', 'DUK-KIA', 'DUK-PINDAH', 'DUK-AKTA-LAHIR'];
    const all = Object.values(counters);
    for (const counter of all) await act(t, 'openCounter', 'counterId', counter, officer);
    const takers = async (n: number, offset: number) => {
      for (let i = 0; i < n; i++) {
        const ticket = await takeTicket(t, { officeCode: OFFICE, serviceCode: services[(i + offset) % services.length] as string, ...(i % 4 === 0 ? { priority: 'ELDERLY' } : {}) });
        // Every third taker changes their mind at once, racing the counters that may be calling them.
        if (i % 3 === 0) {
          const res = await t.query('mutation($id: ID!, $token: String!) { cancelTicket(id: $id, holderToken: $token) { status } }', { id: ticket.id, token: ticket.holderToken });
          expect(res.body.errors === undefined || errorCodes(res).every((code) => code === 'CONFLICT')).toBe(true);
        }
      }
    };
    const officerAt = async (counter: string, calls: number) => {
      for (let i = 0; i < calls; i++) {
        const res = await counterAction(t, 'callNextTicket', 'counterId', counter, officer);
        if (res.body.errors !== undefined) {
          // The counter still has a ticket (left by the test before): finish it first.
          expect(errorCodes(res)).toEqual(['CONFLICT']);
          const [row] = await t.hub.database.knex('ticket').where({ counter_id: counter }).whereIn('status', ['CALLED', 'SERVING']).select('id');
          if (row !== undefined) await act(t, 'skipTicket', 'ticketId', row.id as string, officer);
          continue;
        }
        const ticket = res.body.data.result as { id: string } | null;
        if (ticket === null) continue;
        // The holder may cancel a called ticket under the officer's hands: CONFLICT then, and nothing changes.
        const move = async (mutation: string) => {
          const moved = await counterAction(t, mutation, 'ticketId', ticket.id, officer);
          expect(moved.body.errors === undefined || errorCodes(moved).every((code) => code === 'CONFLICT')).toBe(true);
          return moved.body.errors === undefined;
        };
        if (i % 4 === 1) await move('skipTicket');
        else if (i % 4 !== 3 && (await move('startServing'))) await move('completeTicket');
        // i % 4 === 3: left called, the next call is refused until it is finished (above).
      }
    };
    await Promise.all([takers(40, 0), takers(40, 1), takers(40, 2), ...all.map((counter) => officerAt(counter, 30))]);
    await expectRollupsExact(t.hub.database.knex);
    // And as clients read them: today's waiting line and what each counter serves.
    const knex = t.hub.database.knex;
    const res = await t.query('query($o: String!) { queueStatus(officeCode: $o) { waiting counters { id nowServing { id } } } }', { o: OFFICE });
    const [waiting] = await knex('ticket').where({ office_code: OFFICE, status: 'WAITING', service_day: jakartaDay(new Date()) }).count<{ count: number }[]>('* as count');
    expect(res.body.data.queueStatus.waiting).toBe(Number(waiting?.count));
    const active: { id: string; counter_id: string }[] = await knex('ticket').where('office_code', OFFICE).whereIn('status', ['CALLED', 'SERVING']).select('id', 'counter_id');
    const serving = new Map(active.map((row) => [row.counter_id, row.id]));
    for (const counter of res.body.data.queueStatus.counters as { id: string; nowServing: { id: string } | null }[]) {
      expect(counter.nowServing?.id ?? null).toBe(serving.get(counter.id) ?? null);
    }
  });
});
