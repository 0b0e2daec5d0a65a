/**
 * A WebSocket that speaks graphql-transport-ws by hand, for tests of what a well-behaved client library never sends:
 * wrong subprotocols, malformed messages, no `connection_init`, payloads that name a persisted operation by hash.
 */
import net from 'node:net';
import WebSocket from 'ws';
import { wsUrlOf } from './graphql.js';

export const GRAPHQL_TRANSPORT_WS = 'graphql-transport-ws';

export interface RawMessage {
  type: string;
  id?: string;
  payload?: unknown;
}

export interface RawSocket {
  ws: WebSocket;
  /** The next message from the server (JSON), in order; rejects when the socket closes first. */
  next(): Promise<RawMessage>;
  /** Resolves once the socket is closed, with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
  /** Sends `connection_init` (with `payload`) and waits for `connection_ack`. */
  init(payload?: Record<string, unknown>): Promise<void>;
  /** Sends `subscribe` and resolves with the first `next` or `error` for that id. */
  operation(id: string, payload: Record<string, unknown>): Promise<RawMessage>;
  close(): Promise<void>;
}

export interface RawSocketOptions {
  /** Subprotocols to offer; `[]` offers none. @default ['graphql-transport-ws'] */
  protocols?: string[];
  headers?: Record<string, string>;
  /** Answer the server's pings (ws does by default). */
  autoPong?: boolean;
}

export function openRawSocket(httpUrl: string, options: RawSocketOptions = {}): Promise<RawSocket> {
  const ws = new WebSocket(wsUrlOf(httpUrl), options.protocols ?? [GRAPHQL_TRANSPORT_WS], {
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    autoPong: options.autoPong ?? true,
  });
  const queue: RawMessage[] = [];
  const waiting: { resolve: (message: RawMessage) => void; reject: (error: Error) => void }[] = [];
  let closedWith: { code: number; reason: string } | null = null;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      closedWith = { code, reason: reason.toString() };
      for (const waiter of waiting.splice(0)) waiter.reject(new Error(`socket closed (${code} ${reason.toString()})`));
      resolve(closedWith);
    });
  });
  ws.on('message', (data: WebSocket.RawData) => {
    const message = JSON.parse(String(data)) as RawMessage;
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(message);
    else queue.push(message);
  });
  // A refused handshake or a reset surfaces as 'close' too; an error event alone must not crash the test process.
  ws.on('error', () => {});
  const next = (): Promise<RawMessage> => {
    const queued = queue.shift();
    if (queued) return Promise.resolve(queued);
    if (closedWith !== null) return Promise.reject(new Error(`socket closed (${closedWith.code})`));
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
  const socket: RawSocket = {
    ws,
    next,
    closed,
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    async init(payload) {
      socket.send({ type: 'connection_init', ...(payload === undefined ? {} : { payload }) });
      const ack = await next();
      if (ack.type !== 'connection_ack') throw new Error(`expected connection_ack, got ${JSON.stringify(ack)}`);
    },
    async operation(id, payload) {
      socket.send({ type: 'subscribe', id, payload });
      for (;;) {
        const message = await next();
        if (message.id === id && (message.type === 'next' || message.type === 'error')) return message;
      }
    },
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
  return new Promise((resolve) => {
    // Resolved on open, or on close for sockets the server refuses outright; the test reads `closed`.
    ws.once('open', () => resolve(socket));
    ws.once('close', () => resolve(socket));
  });
}

/** The `extensions.code` values of an `error` message's payload (a list of GraphQL errors) or a `next` with errors. */
export function codesOf(message: RawMessage): (string | undefined)[] {
  const errors = message.type === 'error' ? message.payload : (message.payload as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((error: { extensions?: { code?: string } }) => error.extensions?.code);
}

/**
 * A WebSocket handshake by hand, offering `protocol` (or none), reading the server's first close frame: what a
 * server does with a subprotocol it does not speak, which a WebSocket library (or a browser) would not even let a
 * test see (it fails the handshake itself when the server picks none of the offered protocols).
 */
export function rawUpgrade(httpUrl: string, protocol: string | null): Promise<{ status: number; selectedProtocol: string | null; closeCode: number | null }> {
  const url = new URL(httpUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let buffer = Buffer.alloc(0);
    let head: { status: number; selectedProtocol: string | null } | null = null;
    const finish = (closeCode: number | null) => {
      socket.destroy();
      if (head === null) reject(new Error('no handshake response'));
      else resolve({ ...head, closeCode });
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (head === null) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) return;
        const lines = buffer.subarray(0, end).toString('latin1').split('\r\n');
        const status = Number(lines[0]?.split(' ')[1]);
        const selected = lines.find((line) => line.toLowerCase().startsWith('sec-websocket-protocol:'));
        head = { status, selectedProtocol: selected === undefined ? null : selected.slice(selected.indexOf(':') + 1).trim() };
        buffer = buffer.subarray(end + 4);
        if (status !== 101) return finish(null);
      }
      // Server frames are unmasked: 0x88 (FIN, close), a length, then the code (2 bytes, big-endian).
      if (buffer.length >= 4 && buffer[0] === 0x88) finish(buffer.readUInt16BE(2));
    });
    socket.on('error', reject);
    socket.on('close', () => finish(null));
    socket.write(
      [
        `GET ${url.pathname} HTTP/1.1`,
        `Host: ${url.host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        ...(protocol === null ? [] : [`Sec-WebSocket-Protocol: ${protocol}`]),
        '',
        '',
      ].join('\r\n'),
    );
  });
}
