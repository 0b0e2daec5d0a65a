/**
 * The shared body of the HTTP stand-ins: a node:http server on an ephemeral port that logs each call, applies the
 * configured faults, and hands the request to the stand-in's own router. "Down" really stops listening (clients get
 * ECONNREFUSED) and coming back listens on the same port, so a hub configured with the URL sees the outage and the
 * recovery as it would in production.
 *
 * `POST /__sandbox/faults` (JSON {@link Faults}) and `POST /__sandbox/reset` let another process (the demo, a
 * benchmark) steer a stand-in it did not start.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CallLog, NO_FAULTS, parseFaults, type Faults, type StandInControl } from './faults.js';

export interface StandInRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The faults in force for this request (mode already narrowed by `pathPrefix`). */
  faults: Faults;
}

export interface StandInResponse {
  status: number;
  /** Serialised as JSON unless `contentType` says otherwise. */
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export type StandInRouter = (request: StandInRequest) => StandInResponse | Promise<StandInResponse>;

export interface HttpStandIn extends StandInControl {
  readonly port: number;
}

const MAX_BODY_BYTES = 1_000_000;

export async function startHttpStandIn(router: StandInRouter, options: { port?: number; host?: string } = {}): Promise<HttpStandIn> {
  const host = options.host ?? '127.0.0.1';
  const calls = new CallLog();
  let faults: Faults = NO_FAULTS;
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', `http://${host}`);
      const body = await readBody(req);
      if (url.pathname.startsWith('/__sandbox/')) return send(res, control(url.pathname, body));
      calls.record(`${url.pathname}${url.search}`, headersOf(req));
      const applies = faults.pathPrefix === null || url.pathname.startsWith(faults.pathPrefix);
      const effective: Faults = applies ? faults : { ...faults, mode: 'ok' };
      if (faults.latencyMs > 0) await delay(faults.latencyMs, req);
      if (res.destroyed) return;
      send(res, await router({ method: req.method ?? 'GET', url, headers: req.headers, body, faults: effective }));
    } catch (error) {
      send(res, { status: 500, body: { error: error instanceof Error ? error.message : 'stand-in error' } });
    }
  }

  function control(pathname: string, body: string): StandInResponse {
    try {
      if (pathname === '/__sandbox/faults') {
        void setFaults(parseFaults(body === '' ? {} : JSON.parse(body)));
        return { status: 200, body: faults };
      }
      if (pathname === '/__sandbox/reset') {
        calls.reset();
        void setFaults(NO_FAULTS);
        return { status: 200, body: faults };
      }
      if (pathname === '/__sandbox/calls') return { status: 200, body: { count: calls.count(), paths: calls.paths() } };
      return { status: 404, body: { error: 'unknown control route' } };
    } catch (error) {
      return { status: 400, body: { error: error instanceof Error ? error.message : 'bad request' } };
    }
  }

  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  let listening = true;

  async function setFaults(next: Partial<Faults>): Promise<void> {
    faults = { ...faults, ...next };
    if (faults.mode === 'down' && listening) {
      listening = false;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    } else if (faults.mode !== 'down' && !listening) {
      await listen(server, port, host);
      listening = true;
    }
  }

  return {
    url: `http://${host}:${port}`,
    port,
    calls,
    faults: () => faults,
    setFaults,
    clearFaults: () => setFaults(NO_FAULTS),
    async stop() {
      if (!listening) return;
      listening = false;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

/** Single-valued view of the request headers (repeated ones joined), for the call log. */
function headersOf(req: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

function send(res: http.ServerResponse, response: StandInResponse): void {
  if (res.destroyed || res.headersSent) return;
  const contentType = response.contentType ?? 'application/json';
  const text = contentType.includes('json') && typeof response.body !== 'string' ? JSON.stringify(response.body) : String(response.body);
  res.writeHead(response.status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...response.headers });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Waits, but gives up when the client goes away (an aborted call must not hold the stand-in). */
function delay(ms: number, req: http.IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      req.socket.off('close', onClose);
      resolve();
    }, ms);
    req.socket.once('close', onClose);
  });
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
