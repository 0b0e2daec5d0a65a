import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FormattedExecutionResult } from 'graphql';
import { createTestDatabase, onRealPostgres } from './helpers/database.js';
import { connectWs, type WsConnection } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { spawnHub, type HubProcess } from './helpers/process.js';
import { act, counterIds, takeTicket } from './helpers/queue.js';

const OFFICE = 'DUKCAPIL-KOTA-JAMBI';
const KTP = { officeCode: OFFICE, serviceCode: 'DUK-KTP-EL' };

const QUEUE_UPDATED = `subscription($office: String!) {
  queueUpdated(officeCode: $office) { waiting lastEvent { id kind ticket { code } } counters { code nowServing { code status } } }
}`;
const TICKET_UPDATED = `subscription($id: ID!) {
  ticketUpdated(id: $id) { code status position yourTurn counter { code name } }
}`;

/**
 * A subscription's messages as they arrive. `next(n)` waits for the next n messages (an event, not a sleep);
 * `ended` resolves when the server completes it.
 */
class Messages<T> {
  readonly received: T[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  readonly ended: Promise<void>;
  private end: () => void = () => {};
  unsubscribe: () => void = () => {};

  constructor(ws: WsConnection, query: string, variables: Record<string, unknown>, field: string) {
    this.ended = new Promise((resolve) => (this.end = resolve));
    this.unsubscribe = ws.client.subscribe(
      { query, variables },
      {
        next: (result: FormattedExecutionResult) => {
          if (result.errors) throw new Error(JSON.stringify(result.errors));
          this.received.push((result.data as Record<string, T>)[field] as T);
          this.waiters = this.waiters.filter((w) => (this.received.length >= w.count ? (w.resolve(), false) : true));
        },
        error: (error) => {
          throw error instanceof Error ? error : new Error(JSON.stringify(error));
        },
        complete: () => this.end(),
      },
    );
  }

  /** Resolves once `count` messages in total have arrived. */
  until(count: number): Promise<T[]> {
    if (this.received.length >= count) return Promise.resolve(this.received.slice(0, count));
    return new Promise((resolve) => this.waiters.push({ count, resolve: () => resolve(this.received.slice(0, count)) }));
  }
}

type QueueMessage = { waiting: number; lastEvent: { id: string; kind: string; ticket: { code: string } | null } | null; counters: { code: string; nowServing: { code: string } | null }[] };
type TicketMessage = { code: string; status: string; position: number | null; yourTurn: boolean; counter: { code: string; name: string } | null };

describe('queue subscriptions', () => {
  let t: TestHub;
  let counters: Record<string, string>;
  let officer: string;
  const sockets: WsConnection[] = [];
  const connect = () => {
    const ws = connectWs(t.url);
    sockets.push(ws);
    return ws;
  };
  beforeAll(async () => {
    t = await startTestHub();
    counters = await counterIds(t, OFFICE);
    officer = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL' });
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((ws) => ws.dispose()));
  });
  afterAll(() => t.stop());

  it('sends the current state first, then every change in order, each read after the change', async () => {
    const messages = new Messages<QueueMessage>(connect(), QUEUE_UPDATED, { office: OFFICE }, 'queueUpdated');
    const [initial] = await messages.until(1);
    const waitingBefore = initial?.waiting ?? 0;

    const first = await takeTicket(t, KTP);
    await takeTicket(t, KTP);
    const l1 = counters['L1'] as string;
    await act(t, 'openCounter', 'counterId', l1, officer);
    await act(t, 'callNextTicket', 'counterId', l1, officer);
    await act(t, 'startServing', 'ticketId', first.id, officer);
    await act(t, 'completeTicket', 'ticketId', first.id, officer);

    const all = await messages.until(7);
    const changes = all.slice(1);
    expect(changes.map((m) => m.lastEvent?.kind)).toEqual(['TICKET_TAKEN', 'TICKET_TAKEN', 'COUNTER_OPENED', 'TICKET_CALLED', 'SERVING_STARTED', 'TICKET_DONE']);
    const ids = changes.map((m) => Number(m.lastEvent?.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(6);
    // Fresh reads per message: the waiting count follows the changes instead of staying at the subscribe-time value.
    expect(changes[1]?.waiting).toBe(waitingBefore + 2);
    expect(changes[3]?.waiting).toBe(waitingBefore + 1);
    expect(changes[3]?.counters.find((c) => c.code === 'L1')?.nowServing?.code).toBe(first.code);
    expect(changes[5]?.counters.find((c) => c.code === 'L1')?.nowServing).toBeNull();
    messages.unsubscribe();
  });

  it('gives a client that reconnects the current state first', async () => {
    const before = new Messages<QueueMessage>(connect(), QUEUE_UPDATED, { office: OFFICE }, 'queueUpdated');
    const [initial] = await before.until(1);
    await sockets[0]?.dispose();
    const missed = await takeTicket(t, KTP);
    const after = new Messages<QueueMessage>(connect(), QUEUE_UPDATED, { office: OFFICE }, 'queueUpdated');
    const [current] = await after.until(1);
    expect(current?.waiting).toBe((initial?.waiting ?? 0) + 1);
    expect(current?.lastEvent).toMatchObject({ kind: 'TICKET_TAKEN', ticket: { code: missed.code } });
  });

  it('tells a ticket holder their position, their turn and their counter, then completes', async () => {
    const ahead = await takeTicket(t, { officeCode: OFFICE, serviceCode: 'DUK-AKTA-LAHIR' });
    const mine = await takeTicket(t, { officeCode: OFFICE, serviceCode: 'DUK-AKTA-LAHIR' });
    const messages = new Messages<TicketMessage>(connect(), TICKET_UPDATED, { id: mine.id }, 'ticketUpdated');
    expect((await messages.until(1))[0]).toMatchObject({ status: 'WAITING', position: 2, yourTurn: false });

    const l3 = counters['L3'] as string; // Loket 3 (Akta)
    await act(t, 'openCounter', 'counterId', l3, officer);
    await act(t, 'callNextTicket', 'counterId', l3, officer);
    await act(t, 'skipTicket', 'ticketId', ahead.id, officer);
    await act(t, 'callNextTicket', 'counterId', l3, officer);
    await act(t, 'startServing', 'ticketId', mine.id, officer);
    await act(t, 'completeTicket', 'ticketId', mine.id, officer);
    await messages.ended;

    const positions = messages.received.map((m) => m.position);
    expect(positions).toContain(1);
    const called = messages.received.find((m) => m.status === 'CALLED');
    expect(called).toMatchObject({ yourTurn: true, counter: { code: 'L3', name: 'Loket 3 (Akta)' } });
    expect(messages.received.at(-1)).toMatchObject({ status: 'DONE' });
  });

  it('refuses to subscribe to an office that does not exist', async () => {
    const ws = connect();
    const result = await new Promise<unknown>((resolve) => {
      ws.client.subscribe({ query: QUEUE_UPDATED, variables: { office: 'NOWHERE' } }, { next: resolve, error: resolve, complete: () => {} });
    });
    expect(JSON.stringify(result)).toContain('NOT_FOUND');
  });
});

describe.skipIf(!onRealPostgres)('a queue change on one hub instance', () => {
  it('reaches a subscriber connected to another instance (another process, same PostgreSQL)', async () => {
    const database = await createTestDatabase();
    const a = await startTestHub({ database });
    let b: HubProcess | undefined;
    let ws: WsConnection | undefined;
    try {
      b = spawnHub({ PORT: '0', DATABASE_URL: database.url ?? '', ...a.sandbox.env() });
      const bUrl = await b.listening;
      ws = connectWs(bUrl);
      const messages = new Messages<QueueMessage>(ws, QUEUE_UPDATED, { office: OFFICE }, 'queueUpdated');
      await messages.until(1);
      const counters = await counterIds(a, OFFICE);
      const officer = await a.token({ role: 'OFFICER', agency: 'DISDUKCAPIL' });
      const ticket = await takeTicket(a, KTP);
      await act(a, 'openCounter', 'counterId', counters['L1'] as string, officer);
      await act(a, 'callNextTicket', 'counterId', counters['L1'] as string, officer);
      const [, , , called] = await messages.until(4);
      expect(called?.lastEvent).toMatchObject({ kind: 'TICKET_CALLED', ticket: { code: ticket.code } });
      expect(called?.counters.find((c) => c.code === 'L1')?.nowServing?.code).toBe(ticket.code);
    } finally {
      await ws?.dispose();
      await b?.stop();
      await a.stop();
      await database.drop();
    }
  });
});
