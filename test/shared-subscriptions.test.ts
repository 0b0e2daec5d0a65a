/**
 * Identical subscriptions run once per event (src/pubsub/shared-subscriptions.ts): neither the executions nor the SQL
 * an event costs grow with the number of subscribers, every subscriber still gets its own first message and each message under its
 * own operation id, and subscriptions whose fields depend on the reader are never shared.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execute, parse, type ExecutionArgs, type FormattedExecutionResult } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import WebSocket from 'ws';
import { roles, type FieldRule } from '../src/auth/field-rules.js';
import { DEFAULT_RULES } from '../src/auth/enforce.js';
import { SharedSubscriptions, stableJson, type SubscriberTarget } from '../src/pubsub/shared-subscriptions.js';
import { SubscriberTooSlowError, subscriptionIterator } from '../src/pubsub/subscription-iterator.js';
import { createSchema } from '../src/schema.js';
import { connectWs, wsUrlOf, type WsConnection } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { submit } from './helpers/complaints.js';
import { takeTicket } from './helpers/queue.js';

const OFFICE = 'DUKCAPIL-KOTA-JAMBI';
const KTP = { officeCode: OFFICE, serviceCode: 'DUK-KTP-EL' };
const QUEUE_UPDATED = `subscription($office: String!) {
  queueUpdated(officeCode: $office) { asOf waiting lastEvent { id kind ticket { code } } counters { code open nowServing { code } } services { ticketPrefix waiting estimatedWaitMinutes service { name agency { name } } } }
}`;
const COMPLAINT_FILED = `subscription($agency: AgencyCode) { complaintFiled(agency: $agency) { trackingCode anonymous complainant { name } } }`;

type QueueMessage = { asOf: string; waiting: number; lastEvent: { id: string; kind: string; ticket: { code: string } | null } | null };

/** A subscription's messages as they arrive; `until(n)` waits for the n-th (an event, not a sleep). */
class Messages<T> {
  readonly received: T[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor(ws: WsConnection, query: string, variables: Record<string, unknown>, field: string) {
    ws.client.subscribe(
      { query, variables },
      {
        next: (result: FormattedExecutionResult) => {
          if (result.errors) throw new Error(JSON.stringify(result.errors));
          this.received.push((result.data as Record<string, T>)[field] as T);
          this.waiters = this.waiters.filter((w) => (this.received.length >= w.count ? (w.resolve(), false) : true));
        },
        error: (error) => {
          throw error instanceof Error ? error : new Error(JSON.stringify(error) + String((error as { reason?: string }).reason ?? ""));
        },
        complete: () => {},
      },
    );
  }

  until(count: number): Promise<T[]> {
    if (this.received.length >= count) return Promise.resolve(this.received.slice(0, count));
    return new Promise((resolve) => this.waiters.push({ count, resolve: () => resolve(this.received.slice(0, count)) }));
  }
}

describe('identical subscriptions share one execution per event', () => {
  let t: TestHub;
  let statements = 0;
  /**
   * The hub's clock, read by every execution of queueUpdated (its `asOf`); each reading is a distinct instant, so two
   * executions can never produce the same message, and the readings count the executions.
   */
  let clockReadings = 0;
  const now = () => new Date(Date.now() + ++clockReadings);
  const sockets: WsConnection[] = [];
  const connect = (token?: string) => {
    const ws = connectWs(t.url, token === undefined ? {} : { token });
    sockets.push(ws);
    return ws;
  };

  beforeAll(async () => {
    t = await startTestHub({ now });
    t.hub.database.knex.on('query', () => statements++);
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((ws) => ws.dispose()));
  });
  afterAll(() => t.stop());

  /** SQL statements and clock readings from taking a ticket until every subscriber has its message about it. */
  async function costPerEvent(subscribers: Messages<QueueMessage>[]): Promise<{ statements: number; clockReadings: number; messages: QueueMessage[] }> {
    await Promise.all(subscribers.map((s) => s.until(1)));
    const before = statements;
    const readingsBefore = clockReadings;
    const seen = subscribers.map((s) => s.received.length);
    const ticket = await takeTicket(t, KTP);
    const messages = await Promise.all(subscribers.map(async (s, i) => (await s.until((seen[i] ?? 0) + 1)).at(-1) as QueueMessage));
    for (const message of messages) expect(message.lastEvent?.ticket?.code).toBe(ticket.code);
    return { statements: statements - before, clockReadings: clockReadings - readingsBefore, messages };
  }

  it('executes once per event for thirty subscribers as for one, public and signed-in alike', async () => {
    const one = [new Messages<QueueMessage>(connect(), QUEUE_UPDATED, { office: OFFICE }, 'queueUpdated')];
    const alone = await costPerEvent(one);
    await Promise.all(sockets.splice(0).map((ws) => ws.dispose()));

    const officer = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL' });
    const many = Array.from({ length: 30 }, (_, i) => new Messages<QueueMessage>(connect(i % 3 === 0 ? officer : undefined), QUEUE_UPDATED, { office: OFFICE }, 'queueUpdated'));
    const shared = await costPerEvent(many);

    expect(alone.statements).toBeGreaterThan(0);
    expect(shared.statements).toBe(alone.statements);
    expect(shared.clockReadings).toBe(alone.clockReadings);
    // One execution: thirty identical messages, `asOf` included (two executions would have read two instants).
    expect(new Set(shared.messages.map((m) => JSON.stringify(m))).size).toBe(1);
    // And the state moved on: the second event has one more ticket waiting.
    expect(shared.messages[0]?.waiting).toBe((alone.messages[0]?.waiting ?? 0) + 1);
  });

  it('sends each subscriber its own first message, then the shared ones under its own operation id, as graphql-ws would', async () => {
    // A raw socket, to see the frames themselves: two operations with the same document on one socket.
    const socket = new WebSocket(wsUrlOf(t.url), 'graphql-transport-ws');
    const frames: string[] = [];
    const waiting: { test: () => boolean; resolve: () => void }[] = [];
    socket.on('message', (data: Buffer) => {
      frames.push(data.toString());
      for (const w of waiting.splice(0)) if (w.test()) w.resolve();
      else waiting.push(w);
    });
    const until = (test: () => boolean) => (test() ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ test, resolve })));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await until(() => frames.some((f) => JSON.parse(f).type === 'connection_ack'));
    const query = `subscription($office: String!) { queueUpdated(officeCode: $office) { lastEvent { id } } }`;
    for (const id of ['a', 'b']) socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables: { office: OFFICE } } }));
    const next = (id: string) => frames.filter((f) => JSON.parse(f).id === id && JSON.parse(f).type === 'next');
    await until(() => next('a').length === 1 && next('b').length === 1);
    await takeTicket(t, KTP);
    await until(() => next('a').length === 2 && next('b').length === 2);

    const [a, b] = [next('a')[1] as string, next('b')[1] as string];
    // Byte for byte what graphql-ws's own JSON.stringify({ id, type, payload }) makes, only the id differs.
    expect(a).toBe(JSON.stringify({ id: 'a', type: 'next', payload: JSON.parse(a).payload }));
    expect(a.replace('"id":"a"', '"id":"b"')).toBe(b);
    socket.send(JSON.stringify({ id: 'a', type: 'complete' }));
    await takeTicket(t, KTP);
    await until(() => next('b').length === 3);
    expect(next('a')).toHaveLength(2);
    socket.close();
  });

  it('does not share a subscription whose fields depend on the reader: each sees only what it may', async () => {
    const admin = await t.token({ role: 'ADMIN', subject: 'provincial-admin' });
    const officer = await t.token({ role: 'OFFICER', agency: 'DISDUKCAPIL', subject: 'dukcapil-officer' });
    const asAdmin = new Messages<{ anonymous: boolean; complainant: { name: string | null } | null }>(connect(admin), COMPLAINT_FILED, { agency: 'DISDUKCAPIL' }, 'complaintFiled');
    const asOfficer = new Messages<{ anonymous: boolean; complainant: { name: string | null } | null }>(connect(officer), COMPLAINT_FILED, { agency: 'DISDUKCAPIL' }, 'complaintFiled');
    // complaintFiled has no first message: wait until both are listening on the bus.
    await expect.poll(async () => (await t.hub.metrics.registry.getSingleMetric('sepucuk_subscriptions_active')?.get())?.values[0]?.value).toBe(2);
    await submit(t, { anonymous: true });
    const [adminView] = await asAdmin.until(1);
    const [officerView] = await asOfficer.until(1);
    expect(adminView?.anonymous).toBe(true);
    // A provincial ADMIN sees an anonymous complainant's identity; the handling agency's officer does not.
    expect(adminView?.complainant?.name).toBe('Siti Aminah');
    expect(officerView?.complainant).toBeNull();
  });
});

describe('which subscriptions may be shared', () => {
  const schema = createSchema();
  const scope = (query: string, rules = DEFAULT_RULES) =>
    new SharedSubscriptions({ schema, rules, execute: () => ({}), sharedContext: () => ({}), format: () => ({}) }).scopeOf(parse(query), null);

  it('shares the queue subscriptions, whose every field is public, however their fields are reached', () => {
    expect(scope('subscription { queueUpdated(officeCode: "X") { waiting office { name agencies { name offices { code } } } } }')).toBe('public');
    expect(scope('subscription { ticketUpdated(id: "1") { ...T } } fragment T on Ticket { code counter { ... on Counter { open } } }')).toBe('public');
  });

  it('never shares a subscription that selects a guarded field, by name, alias, inline or named fragment', () => {
    expect(scope('subscription { complaintFiled { trackingCode } }')).toBeNull();
    const guarded: Record<string, FieldRule> = { ...DEFAULT_RULES.fields, 'Counter.open': roles('OFFICER') };
    const rules = { types: DEFAULT_RULES.types, fields: guarded };
    expect(scope('subscription { queueUpdated(officeCode: "X") { waiting } }', rules)).toBe('public');
    expect(scope('subscription { queueUpdated(officeCode: "X") { counters { isOpen: open } } }', rules)).toBeNull();
    expect(scope('subscription { queueUpdated(officeCode: "X") { counters { ... on Counter { open } } } }', rules)).toBeNull();
    expect(scope('subscription { queueUpdated(officeCode: "X") { ...Q } } fragment Q on QueueStatus { nowServing { counter { open @skip(if: true) } } }', rules)).toBeNull();
    expect(scope('query { agencies { name } }')).toBeNull();
  });

  it('groups variables by value, not by key order', () => {
    expect(stableJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(stableJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }));
  });
});

describe('a shared subscription, driven by hand', () => {
  type Tick = { n: number };
  let runs = 0;
  /** Every subscriber's own source stream; `emit` pushes one event object to all of them, as the event bus does. */
  const listeners = new Set<(tick: Tick) => void>();
  const enders = new Set<() => void>();
  const emit = (tick: Tick) => [...listeners].forEach((push) => push(tick));
  const schema = makeExecutableSchema({
    typeDefs: 'type Query { x: Int } type Subscription { tick(step: Int): Int }',
    resolvers: {
      Subscription: {
        tick: {
          subscribe: () =>
            subscriptionIterator<Tick>({
              subscribe: (push, end) => {
                listeners.add(push);
                enders.add(end);
                return () => {
                  listeners.delete(push);
                  enders.delete(end);
                };
              },
            }),
          resolve: (tick: Tick, args: { step?: number }) => {
            runs++;
            return tick.n * (args.step ?? 1);
          },
        },
      },
    },
  });
  const shared = new SharedSubscriptions({ schema, rules: { types: {}, fields: {} }, execute, sharedContext: () => ({}), format: (result) => ({ ...(result.data === undefined ? {} : { data: result.data }) }), maxBufferedBytes: 1_000 });
  const target = (id: string, buffered = 0): SubscriberTarget & { frames: string[] } => {
    const frames: string[] = [];
    return { id, frames, send: (frame) => frames.push(frame.toString()), bufferedAmount: () => buffered };
  };
  // One document object for all, as the document cache hands out for identical texts.
  const document = parse('subscription($step: Int) { tick(step: $step) }');
  const start = async (t: SubscriberTarget, step = 2) => {
    const args: ExecutionArgs = { schema, document, variableValues: { step }, contextValue: {} };
    const control = await shared.subscribe(args, t);
    if (!(Symbol.asyncIterator in control)) throw new Error('refused');
    return control;
  };
  const settled = () => new Promise((resolve) => setTimeout(resolve, 10));

  it('runs once per event for a group, writes graphql-ws frames under each id, and keeps groups apart by variables', async () => {
    const [a, b, c] = [target('a'), target('b'), target('c')];
    await Promise.all([start(a), start(b), start(c, 3)]);
    runs = 0;
    emit({ n: 1 });
    emit({ n: 2 });
    await settled();
    expect(a.frames).toEqual(['{"id":"a","type":"next","payload":{"data":{"tick":2}}}', '{"id":"a","type":"next","payload":{"data":{"tick":4}}}']);
    expect(b.frames).toEqual(a.frames.map((f) => f.replace('"a"', '"b"')));
    expect(c.frames.map((f) => JSON.parse(f).payload.data.tick)).toEqual([3, 6]);
    // Two events: one execution each for a and b together, one each for c (other variables).
    expect(runs).toBe(4);
    for (const end of [...enders]) end();
  });

  it('ends with the stream, stops when returned, and ends a subscriber whose socket is backed up', async () => {
    const doneTarget = target('done');
    const done = await start(doneTarget);
    for (const end of [...enders]) end();
    await expect(done.next()).resolves.toEqual({ done: true, value: undefined });

    const quitter = target('quitter');
    const quitting = await start(quitter);
    await quitting.return();
    emit({ n: 5 });
    await settled();
    expect(quitter.frames).toEqual([]);
    expect(listeners.size).toBe(0);

    const slow = await start(target('slow', 5_000));
    emit({ n: 6 });
    await expect(slow.next()).rejects.toBeInstanceOf(SubscriberTooSlowError);
    expect(listeners.size).toBe(0);
  });
});
