/**
 * A TCP proxy in front of a stand-in server that speaks a binary protocol (the civil registry's PostgreSQL), so that
 * faults happen on the wire, where a connector meets them in production:
 * - latency: the client's bytes reach the server `latencyMs` later (in order; the answers are not delayed again);
 * - down: the proxy stops listening (ECONNREFUSED) and resets open connections (ECONNRESET), and listens again on the
 *   same port when it comes back up;
 * - a protocol's own start-up (authentication, refusing credentials) through the `handshake` hook, and a `tap` that
 *   sees every byte sent on to the server (to count statements).
 *
 * It is for tests and the demo: it applies no backpressure to delayed data and buffers whatever the client sends.
 */
import net from 'node:net';

export interface HandshakeChannel {
  /** The client's next chunk; null once the client has gone. */
  read(): Promise<Buffer | null>;
  write(data: Buffer): void;
}

export interface TcpFaultProxyOptions {
  target: { host: string; port: number };
  /** Where the proxy listens, on an ephemeral port. @default "127.0.0.1" */
  host?: string;
  /**
   * Runs on every new connection before anything reaches the target: it reads from and writes to the client itself
   * and resolves with the bytes to send to the target first (those it read and wants passed on), or null to end the
   * connection after what it wrote. @default none: every byte is passed on as it comes
   */
  handshake?: (channel: HandshakeChannel) => Promise<Buffer | null>;
  /** Called per connection; the function it returns sees, in order, every byte that goes on to the target. */
  tap?: () => (chunk: Buffer) => void;
}

export interface TcpFaultProxy {
  readonly port: number;
  /** Delay added to the client's data on its way to the target, from now on (data already waiting keeps its time). */
  setLatencyMs(ms: number): void;
  /** Down: refuse new connections and reset the open ones. Up: listen again on the same port. */
  setDown(down: boolean): Promise<void>;
  /** Ends every open connection as a server that closes its sessions would (the client reads end-of-stream). */
  closeConnections(): void;
  /** Stops listening and destroys every connection. Safe to call more than once. */
  close(): Promise<void>;
}

/** One client connection and its leg to the target. */
interface Leg {
  client: net.Socket;
  upstream: net.Socket | null;
  timers: Set<NodeJS.Timeout>;
  /** Chunks waiting for their delay, chained so that they leave in order. */
  waiting: number;
  tail: Promise<void>;
}

export async function startTcpFaultProxy(options: TcpFaultProxyOptions): Promise<TcpFaultProxy> {
  const host = options.host ?? '127.0.0.1';
  const legs = new Set<Leg>();
  let latencyMs = 0;
  let listening = false;
  let closed = false;

  const server = net.createServer((client) => {
    void accept(client);
  });

  async function accept(client: net.Socket): Promise<void> {
    const leg: Leg = { client, upstream: null, timers: new Set(), waiting: 0, tail: Promise.resolve() };
    legs.add(leg);
    client.setNoDelay(true);
    client.once('close', () => teardown(leg));
    client.on('error', () => teardown(leg));
    const first = await runHandshake(client);
    if (first === null) {
      if (!client.destroyed) client.end();
      return;
    }
    if (client.destroyed) return;
    const upstream = net.connect(options.target.port, options.target.host);
    leg.upstream = upstream;
    upstream.setNoDelay(true);
    upstream.on('error', () => teardown(leg));
    upstream.on('data', (chunk: Buffer) => {
      if (!client.destroyed) client.write(chunk);
    });
    // The server closed the session: the client reads what was sent, then end-of-stream (and closes its side).
    upstream.once('close', () => {
      if (!client.destroyed) client.end();
    });
    const tap = options.tap?.();
    const forward = (chunk: Buffer) => {
      tap?.(chunk);
      send(leg, chunk);
    };
    if (first.length > 0) forward(first);
    client.on('data', forward);
    client.resume();
    client.once('end', () => {
      // The client said goodbye: whatever it still had waiting is moot, and the server should see the close now.
      for (const timer of leg.timers) clearTimeout(timer);
      leg.timers.clear();
      upstream.end();
    });
  }

  /** Hands the client to the handshake hook, buffering what arrives meanwhile; resolves with the bytes to pass on. */
  async function runHandshake(client: net.Socket): Promise<Buffer | null> {
    if (options.handshake === undefined) return Buffer.alloc(0);
    const waiting: Buffer[] = [];
    let gone = false;
    let wake: (() => void) | null = null;
    const onData = (chunk: Buffer) => {
      waiting.push(chunk);
      wake?.();
    };
    const onGone = () => {
      gone = true;
      wake?.();
    };
    client.on('data', onData);
    client.once('close', onGone);
    client.once('end', onGone);
    const channel: HandshakeChannel = {
      async read() {
        while (waiting.length === 0 && !gone) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        return waiting.shift() ?? null;
      },
      write(data) {
        if (!client.destroyed) client.write(data);
      },
    };
    try {
      const first = await options.handshake(channel);
      return first === null || gone ? null : Buffer.concat([first, ...waiting]);
    } catch {
      return null;
    } finally {
      // Paused until the caller listens again, so that no chunk falls between the two listeners.
      client.pause();
      client.off('data', onData);
      client.off('close', onGone);
      client.off('end', onGone);
    }
  }

  function send(leg: Leg, chunk: Buffer): void {
    const upstream = leg.upstream;
    if (upstream === null || upstream.destroyed) return;
    if (latencyMs === 0 && leg.waiting === 0) {
      upstream.write(chunk);
      return;
    }
    const dueAt = Date.now() + latencyMs;
    leg.waiting += 1;
    leg.tail = leg.tail.then(
      () =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            leg.timers.delete(timer);
            leg.waiting -= 1;
            if (!upstream.destroyed) upstream.write(chunk);
            resolve();
          }, Math.max(0, dueAt - Date.now()));
          leg.timers.add(timer);
        }),
    );
  }

  function teardown(leg: Leg): void {
    if (!legs.delete(leg)) return;
    for (const timer of leg.timers) clearTimeout(timer);
    leg.timers.clear();
    leg.client.destroy();
    leg.upstream?.destroy();
  }

  await listen(server, 0, host);
  listening = true;
  const port = (server.address() as net.AddressInfo).port;

  async function stopListening(end: (leg: Leg) => void): Promise<void> {
    const stopped = listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    listening = false;
    for (const leg of [...legs]) end(leg);
    await stopped;
  }

  return {
    port,
    setLatencyMs(ms) {
      latencyMs = ms;
    },
    async setDown(down) {
      if (closed) return;
      if (down && listening) {
        await stopListening((leg) => {
          leg.client.resetAndDestroy();
          teardown(leg);
        });
      } else if (!down && !listening) {
        await listen(server, port, host);
        listening = true;
      }
    },
    closeConnections() {
      for (const leg of [...legs]) {
        for (const timer of leg.timers) clearTimeout(timer);
        leg.timers.clear();
        leg.upstream?.destroy();
        // Not destroyed: the client reads end-of-stream, and its own close tears the leg down.
        leg.client.end();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await stopListening(teardown);
    },
  };
}

function listen(server: net.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
