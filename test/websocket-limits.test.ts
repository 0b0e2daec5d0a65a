/**
 * graphql-ws limits, with raw sockets: a socket that never sends `connection_init` is closed (4408); wrong or missing
 * subprotocols (4406), malformed and out-of-order messages (4400, 4401, 4409, 4429) and oversize messages (1009) are
 * closed with their codes and leave the hub serving; one socket runs at most WS_MAX_OPERATIONS_PER_CONNECTION
 * operations at once; one address holds at most WS_MAX_CONNECTIONS_PER_ADDRESS sockets (4430, per TRUSTED_PROXIES'
 * X-Forwarded-For when behind a proxy); and the server pings, dropping peers that do not answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { codesOf, openRawSocket, rawUpgrade, type RawSocket } from './helpers/raw-ws.js';

const OFFICE = 'MPP-KOTA-JAMBI';
const QUEUE = `subscription { queueUpdated(officeCode: "${OFFICE}") { waiting } }`;

describe('graphql-ws protocol limits', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({
      env: { WS_CONNECTION_INIT_TIMEOUT_MS: '300', WS_MAX_OPERATIONS_PER_CONNECTION: '2', WS_MAX_CONNECTIONS_PER_ADDRESS: '3', HTTP_MAX_BODY_BYTES: '2048' },
    });
  });
  afterAll(() => t.stop());

  /** Every socket a test opens is closed by it; the hub must still answer afterwards. */
  const stillServing = async () => expect((await t.query('{ __typename }')).body.data).toEqual({ __typename: 'Query' });

  it('closes a socket that sends no connection_init in time with 4408', async () => {
    const socket = await openRawSocket(t.url);
    const started = performance.now();
    expect((await socket.closed).code).toBe(4408);
    expect(performance.now() - started).toBeLessThan(2_000);
    await stillServing();
  });

  it.each([
    ['the old subscriptions-transport-ws subprotocol', 'graphql-ws'],
    ['an unknown subprotocol', 'mqtt'],
    ['no subprotocol', null],
  ])('closes a socket offering %s with 4406, selecting none', async (_what, protocol) => {
    expect(await rawUpgrade(t.url, protocol)).toEqual({ status: 101, selectedProtocol: null, closeCode: 4406 });
    await stillServing();
  });

  it('fails the handshake for a client library offering only a wrong subprotocol', async () => {
    const socket = await openRawSocket(t.url, { protocols: ['graphql-ws'] });
    expect((await socket.closed).code).toBe(1006);
  });

  const malformed: [string, (socket: RawSocket) => Promise<void>, number][] = [
    ['a message that is not JSON', async (s) => s.send('{"type":'), 4400],
    ['a message of an unknown type', async (s) => s.send({ type: 'start', id: '1' }), 4400],
    ['a subscribe without a payload', async (s) => (await s.init(), s.send({ type: 'subscribe', id: '1' })), 4400],
    ['a subscribe whose query is not a string', async (s) => (await s.init(), s.send({ type: 'subscribe', id: '1', payload: { query: 42 } })), 4400],
    ['a subscribe before connection_init', async (s) => s.send({ type: 'subscribe', id: '1', payload: { query: '{ __typename }' } }), 4401],
    ['a second connection_init', async (s) => (await s.init(), s.send({ type: 'connection_init' })), 4429],
    [
      'a subscribe reusing a running id',
      async (s) => {
        await s.init();
        s.send({ type: 'subscribe', id: 'same', payload: { query: QUEUE } });
        await s.next();
        s.send({ type: 'subscribe', id: 'same', payload: { query: QUEUE } });
      },
      4409,
    ],
    ['a message larger than HTTP_MAX_BODY_BYTES', async (s) => (await s.init(), s.send({ type: 'subscribe', id: '1', payload: { query: `{ __typename } #${'x'.repeat(4_000)}` } })), 1009],
  ];

  it.each(malformed)('closes a socket that sends %s with its code', async (_what, misbehave, code) => {
    const socket = await openRawSocket(t.url);
    await misbehave(socket);
    expect((await socket.closed).code).toBe(code);
    await stillServing();
  });

  it('runs at most WS_MAX_OPERATIONS_PER_CONNECTION operations at once on a socket, refusing more with RATE_LIMITED', async () => {
    const socket = await openRawSocket(t.url);
    await socket.init();
    expect((await socket.operation('a', { query: QUEUE })).type).toBe('next');
    expect((await socket.operation('b', { query: QUEUE })).type).toBe('next');
    const third = await socket.operation('c', { query: QUEUE });
    expect(third.type).toBe('error');
    expect(codesOf(third)).toEqual(['RATE_LIMITED']);
    expect(JSON.stringify(third.payload)).toContain('WS_MAX_OPERATIONS_PER_CONNECTION');
    // Completing one makes room; the socket itself was never closed.
    socket.send({ type: 'complete', id: 'a' });
    expect((await socket.operation('d', { query: QUEUE })).type).toBe('next');
    await socket.close();
  });

  it('holds at most WS_MAX_CONNECTIONS_PER_ADDRESS sockets per address, closing more with 4430', async () => {
    const open = await Promise.all([openRawSocket(t.url), openRawSocket(t.url), openRawSocket(t.url)]);
    await Promise.all(open.map((socket) => socket.init()));
    const fourth = await openRawSocket(t.url);
    expect(await fourth.closed).toEqual({ code: 4430, reason: 'Too many connections from this address' });
    // A closed socket frees its place.
    await open[0]?.close();
    const again = await openRawSocket(t.url);
    await again.init();
    await Promise.all([again, ...open.slice(1)].map((socket) => socket.close()));
  });
});

describe('graphql-ws behind a trusted proxy', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ env: { WS_MAX_CONNECTIONS_PER_ADDRESS: '1', TRUSTED_PROXIES: '127.0.0.1, ::1' } });
  });
  afterAll(() => t.stop());

  it('counts sockets per X-Forwarded-For client, not per proxy', async () => {
    const from = (address: string) => openRawSocket(t.url, { headers: { 'x-forwarded-for': address } });
    const a = await from('203.0.113.7');
    await a.init();
    const b = await from('203.0.113.8');
    await b.init();
    const secondA = await from('198.51.100.1, 203.0.113.7');
    expect((await secondA.closed).code).toBe(4430);
    await Promise.all([a.close(), b.close()]);
  });
});

describe('graphql-ws keepalive', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ env: { WS_KEEPALIVE_MS: '200' } });
  });
  afterAll(() => t.stop());

  it('pings every socket, and keeps one that answers', async () => {
    const socket = await openRawSocket(t.url);
    await socket.init();
    let pings = 0;
    socket.ws.on('ping', () => (pings += 1));
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(pings).toBeGreaterThanOrEqual(2);
    expect(await socket.operation('1', { query: '{ __typename }' })).toMatchObject({ type: 'next' });
    await socket.close();
  });

  it('drops a peer that stops answering pings', async () => {
    const socket = await openRawSocket(t.url, { autoPong: false });
    await socket.init();
    const started = performance.now();
    // Terminated, not closed: no close frame from the server, so the client sees 1006.
    expect((await socket.closed).code).toBe(1006);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
