/**
 * The hub's PostgreSQL going away and coming back under a running hub, as a database restart looks from the hub:
 * every connection dropped, new ones refused for a while, then accepted again. /readyz must say so and recover, and
 * subscribers must keep getting the queue, including what changed while this instance was not listening.
 *
 * Why a proxy and not `pg_ctlcluster restart`: vitest runs test files in parallel, and every other file's hubs use
 * the same PostgreSQL server; restarting it would fail their tests at random. A TCP proxy in front of this file's
 * own database, with the hub's DATABASE_URL pointing at it, lets `interrupt()` drop every connection and refuse new
 * ones (what a restart does to the hub's pool and its LISTEN connection) for this hub alone.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FormattedExecutionResult } from 'graphql';
import { createTestDatabase, onRealPostgres, type TestDatabase } from './helpers/database.js';
import { connectWs, type WsConnection } from './helpers/graphql.js';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { takeTicket } from './helpers/queue.js';
import { endpointOf, startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';

const OFFICE = 'MPP-KOTA-JAMBI';
const KK = { officeCode: OFFICE, serviceCode: 'DUK-KK' };
const QUEUE_UPDATED = `subscription($office: String!) { queueUpdated(officeCode: $office) { waiting lastEvent { kind ticket { code } } } }`;

type QueueMessage = { waiting: number; lastEvent: { kind: string; ticket: { code: string } | null } | null };

interface Readiness {
  status: number;
  body: { status: string; checks: Record<string, string> };
}

/** A subscription's messages as they arrive; `waitFor` resolves on the first (past or future) that matches. */
function watchQueue(ws: WsConnection) {
  const received: QueueMessage[] = [];
  let waiters: { match: (m: QueueMessage) => boolean; resolve: (m: QueueMessage) => void }[] = [];
  const failures: unknown[] = [];
  ws.client.subscribe({ query: QUEUE_UPDATED, variables: { office: OFFICE } }, {
    next: (result: FormattedExecutionResult) => {
      if (result.errors !== undefined) failures.push(result.errors);
      const message = (result.data as { queueUpdated: QueueMessage }).queueUpdated;
      received.push(message);
      waiters = waiters.filter((w) => (w.match(message) ? (w.resolve(message), false) : true));
    },
    error: (error) => failures.push(error),
    complete: () => failures.push(new Error('the subscription completed')),
  });
  return {
    received,
    failures,
    waitFor(match: (m: QueueMessage) => boolean, after = 0): Promise<QueueMessage> {
      const past = received.slice(after).find(match);
      if (past !== undefined) return Promise.resolve(past);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

describe.skipIf(!onRealPostgres)('the hub database restarting under a running hub', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  /** Reaches the database through the proxy: the hub under test. */
  let hub: TestHub;
  /** Reaches the database directly: another instance, which goes on working while `hub` is cut off. */
  let other: TestHub;
  const sockets: WsConnection[] = [];

  const readyz = async (): Promise<Readiness> => {
    const res = await fetch(hub.url.replace(/\/graphql$/, '/readyz'));
    return { status: res.status, body: (await res.json()) as Readiness['body'] };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    proxy = await startTcpProxy([endpointOf(database.url as string)]);
    const viaProxy = new URL(database.url as string);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const proxied: TestDatabase = { ...database, url: viaProxy.toString(), config: { kind: 'postgres', url: viaProxy.toString(), poolMax: 5 } };
    hub = await startTestHub({ database: proxied, env: { HUB_INSTANCE_ID: 'behind-proxy' } });
    other = await startTestHub({ database, env: { HUB_INSTANCE_ID: 'direct' } });
  });
  afterEach(async () => {
    proxy.restore();
    await Promise.all(sockets.splice(0).map((ws) => ws.dispose()));
  });
  afterAll(async () => {
    proxy?.restore();
    await hub?.stop();
    await other?.stop();
    await proxy?.close();
    await database?.drop();
  });

  it('goes unready while the database is gone, ready again after, and subscribers get the changes made after it', async () => {
    expect(await readyz()).toEqual({ status: 200, body: expect.objectContaining({ status: 'ready', checks: { database: 'ok', listen: 'ok' } }) });
    const ws = connectWs(hub.url);
    sockets.push(ws);
    const queue = watchQueue(ws);
    const initial = await queue.waitFor(() => true);

    proxy.interrupt();
    await expect.poll(readyz, { timeout: 10_000, interval: 100 }).toMatchObject({ status: 503, body: { status: 'unavailable' } });
    const down = await readyz();
    expect(down.body.checks['database'] !== 'ok' || down.body.checks['listen'] !== 'ok').toBe(true);
    // The process is up and says so; only readiness (what a load balancer routes by) is red.
    expect((await fetch(hub.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);

    proxy.restore();
    await expect.poll(readyz, { timeout: 15_000, interval: 100 }).toEqual({ status: 200, body: expect.objectContaining({ status: 'ready', checks: { database: 'ok', listen: 'ok' } }) });

    // The subscriber connected before the outage is still subscribed and gets a change made after it.
    const ticket = await takeTicket(hub, KK);
    const update = await queue.waitFor((m) => m.lastEvent?.ticket?.code === ticket.code);
    expect(update.lastEvent?.kind).toBe('TICKET_TAKEN');
    expect(update.waiting).toBe(initial.waiting + 1);
    expect(queue.failures).toEqual([]);
  });

  it('re-announces the current queue after reconnecting, so changes made elsewhere during the outage are not lost', async () => {
    const ws = connectWs(hub.url);
    sockets.push(ws);
    const queue = watchQueue(ws);
    const initial = await queue.waitFor(() => true);

    // Twice: each reconnection must read the queue afresh, not repeat what an earlier one read.
    let expected = initial.waiting;
    for (let round = 1; round <= 2; round++) {
      proxy.interrupt();
      await expect.poll(() => readyz().then((r) => r.body.checks['listen']), { timeout: 10_000, interval: 50 }).toBe('reconnecting');
      // Another instance, still connected, takes a ticket: its NOTIFY is sent while this hub is not listening.
      const before = queue.received.length;
      await takeTicket(other, KK);
      expected += 1;
      proxy.restore();
      const announced = await queue.waitFor((m) => m.waiting === expected, before);
      expect(announced.waiting, `round ${round}`).toBe(expected);
    }
    expect(queue.failures).toEqual([]);
  });
});
