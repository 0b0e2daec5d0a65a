/**
 * bench/subscribers: many graphql-ws subscribers of one office on one hub instance, on real PostgreSQL.
 *
 * For each N in --subscribers: N sockets each subscribe to the same office's queueUpdated (a board display's
 * document); once all have their first message, --rounds changes are made (takeTicket over HTTP, one at a time) and
 * each subscriber's message about each change is timed from sending the mutation to its arrival. Reported: delivery
 * p50/p90/p99/max over all subscribers and rounds, messages lost (a subscriber without its message 30 s after the
 * change, or with a wrong one), and the hub's RSS per 1,000 subscribers (RSS after subscribing minus before, divided;
 * a fresh hub process for each N) beside its V8 heap in use.
 *
 *   npx tsx bench/subscribers.ts [--subscribers 2000,5000,10000] [--rounds 5]
 *
 * The hub is its own process (bench/lib.ts), so its RSS is its own; the subscribers are plain `ws` sockets speaking
 * graphql-transport-ws in this process, which only timestamps each frame on arrival and parses it after the round,
 * so that the load generator's JSON parsing is not counted as delivery time. Both share the machine's cores: on a
 * 2-core machine the figures include the client's share of the CPU. Results: bench/results/subscribers.json.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { freshDatabase, graphqlPost, machine, rssMb, startHubProcess, summarize, writeResult } from './lib.js';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '2000,5000,10000' },
    rounds: { type: 'string', default: '5' },
  },
});
const SUBSCRIBER_COUNTS = (values.subscribers ?? '').split(',').map(Number).filter((n) => n > 0);
const ROUNDS = Number(values.rounds);
const CONNECT_BATCH = 250;
const ROUND_TIMEOUT_MS = 30_000;

const OFFICE = 'MPP-KOTA-JAMBI';
const TAKE = 'mutation($input: TakeTicketInput!) { takeTicket(input: $input) { id number } }';
const SUBSCRIPTION = `subscription($office: String!) {
  queueUpdated(officeCode: $office) { waiting lastEvent { id kind } counters { code open nowServing { code } } services { ticketPrefix waiting estimatedWaitMinutes } }
}`;

interface Subscriber {
  socket: WebSocket;
  /** Frames of the current round: arrival time and text, parsed after the round. */
  frames: { at: number; data: Buffer }[];
  first: Promise<void>;
}

/** Opens one socket, subscribes, and resolves `first` with the first `next` message (the current state). */
function subscriber(wsUrl: string, onFrame: () => void): Subscriber {
  const socket = new WebSocket(wsUrl, 'graphql-transport-ws', { perMessageDeflate: false });
  const frames: { at: number; data: Buffer }[] = [];
  let gotFirst: () => void = () => {};
  let failed: (error: Error) => void = () => {};
  const first = new Promise<void>((resolve, reject) => {
    gotFirst = resolve;
    failed = reject;
  });
  let started = false;
  socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
  socket.on('message', (data: Buffer) => {
    const at = performance.now();
    if (!started) {
      const text = data.toString();
      if (text.includes('"connection_ack"')) {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION, variables: { office: OFFICE } } }));
      } else if (text.includes('"next"')) {
        started = true;
        gotFirst();
      } else {
        failed(new Error(`unexpected frame before the first message: ${text.slice(0, 300)}`));
      }
      return;
    }
    frames.push({ at, data });
    onFrame();
  });
  socket.on('close', (code) => failed(new Error(`socket closed (${code}) before the first message`)));
  socket.on('error', (error) => failed(error));
  return { socket, frames, first };
}

/** The hub's V8 heap in use (after a collection when the hub exposes it), from its Prometheus metrics. */
async function hubMemory(url: string): Promise<{ heapUsedMb: number }> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  const used = Number(/^sepucuk_nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1] ?? Number.NaN);
  return { heapUsedMb: Math.round((used / 2 ** 20) * 10) / 10 };
}

async function fanOut(url: string, pid: number, count: number) {
  const wsUrl = url.replace(/^http/, 'ws');
  let framesThisRound = 0;
  let roundDone: () => void = () => {};
  const onFrame = () => {
    if (++framesThisRound === count) roundDone();
  };

  const rssBefore = await rssMb(pid);
  const heapBefore = await hubMemory(url);
  const connectStarted = performance.now();
  const subscribers: Subscriber[] = [];
  for (let start = 0; start < count; start += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - start) }, () => subscriber(wsUrl, onFrame));
    subscribers.push(...batch);
    await Promise.all(batch.map((s) => s.first));
  }
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  // Let the hub settle (garbage from the first messages) before reading its RSS.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const rssAfter = await rssMb(pid);
  const heapAfter = await hubMemory(url);

  const latencies: number[] = [];
  let lost = 0;
  let wrong = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of subscribers) s.frames.length = 0;
    framesThisRound = 0;
    const finished = new Promise<void>((resolve) => (roundDone = resolve));
    const startedAt = performance.now();
    const res = await graphqlPost(url, TAKE, { input: { officeCode: OFFICE, serviceCode: 'DUK-KTP-EL', idempotencyKey: randomUUID() } });
    if (res.errors !== undefined) throw new Error(`takeTicket failed: ${JSON.stringify(res.errors)}`);
    await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, ROUND_TIMEOUT_MS))]);
    // Checked after the round: every subscriber got exactly one message, about a TICKET_TAKEN, all the same event.
    const eventIds = new Set<string>();
    for (const s of subscribers) {
      const frame = s.frames[0];
      if (frame === undefined) {
        lost++;
        continue;
      }
      const message = JSON.parse(frame.data.toString()) as { type: string; payload?: { data?: { queueUpdated?: { lastEvent?: { id: string; kind: string } } } } };
      const event = message.payload?.data?.queueUpdated?.lastEvent;
      if (message.type !== 'next' || event?.kind !== 'TICKET_TAKEN' || s.frames.length !== 1) {
        wrong++;
        continue;
      }
      eventIds.add(event.id);
      latencies.push(frame.at - startedAt);
    }
    if (eventIds.size > 1) wrong += eventIds.size - 1;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const rssEnd = await rssMb(pid);
  await Promise.all(
    subscribers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.socket.readyState === WebSocket.CLOSED) return resolve();
          s.socket.once('close', () => resolve());
          s.socket.close();
        }),
    ),
  );
  return {
    subscribers: count,
    rounds: ROUNDS,
    connectSeconds: Math.round(connectSeconds * 10) / 10,
    deliveryMs: summarize(latencies),
    lost,
    wrong,
    hubRssMb: { before: Math.round(rssBefore), afterSubscribing: Math.round(rssAfter), afterRounds: Math.round(rssEnd) },
    rssMbPer1000Subscribers: Math.round(((rssAfter - rssBefore) / count) * 1000 * 10) / 10,
    hubHeapUsedMb: { before: heapBefore.heapUsedMb, afterSubscribing: heapAfter.heapUsedMb },
    heapUsedMbPer1000Subscribers: Math.round(((heapAfter.heapUsedMb - heapBefore.heapUsedMb) / count) * 1000 * 10) / 10,
  };
}

const database = await freshDatabase('subscribers');
try {
  const results = [];
  // A fresh hub process for each count, so that each RSS figure starts from a hub that has served no subscriber.
  for (const count of SUBSCRIBER_COUNTS) {
    const hub = await startHubProcess({
      DATABASE_URL: database.url,
      LOG_LEVEL: 'info',
      // Every simulated display comes from 127.0.0.1.
      RATE_LIMIT_EXEMPT_ADDRESSES: '127.0.0.1,::1',
      WS_MAX_CONNECTIONS_PER_ADDRESS: '1000000',
      ...(process.env['BENCH_HUB_NODE_OPTIONS'] === undefined ? {} : { NODE_OPTIONS: process.env['BENCH_HUB_NODE_OPTIONS'] }),
    });
    try {
      console.log(`hub ${hub.url} (pid ${hub.pid})`);
      const result = await fanOut(hub.url, hub.pid, count);
      console.log('fan-out', JSON.stringify(result));
      results.push(result);
    } finally {
      await hub.stop();
    }
  }
  const file = await writeResult('subscribers', {
    machine: machine(),
    command: `npx tsx bench/subscribers.ts ${process.argv.slice(2).join(' ')}`.trim(),
    office: OFFICE,
    subscription: SUBSCRIPTION.replace(/\s+/g, ' '),
    fanout: results,
  });
  console.log(`written to ${file}`);
} finally {
  await database.drop();
}
