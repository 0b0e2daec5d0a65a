/**
 * The hub's HTTP routes on plain node:http: `/graphql` (Apollo), `/healthz`, `/readyz`.
 * Bodies are read here, with a size limit, before anything parses them.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { HttpConfig } from '../config.js';
import type { HubContext } from '../context.js';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RequestStatsScope, RequestStats } from '../request-stats.js';
import { serveStatic } from './static.js';

export const GRAPHQL_PATH = '/graphql';

export interface HttpDeps {
  apollo: ApolloServer<HubContext>;
  config: HttpConfig;
  log: Logger;
  statsScope: RequestStatsScope;
  /** Builds the context of one request; throws a HubError (e.g. UNAUTHENTICATED) to refuse it. */
  createContext(request: IncomingMessage, requestId: string, stats: RequestStats): Promise<HubContext>;
  /** Readiness: resolves when the hub can serve (database reachable), rejects with the reason otherwise. */
  checkReady(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function createHttpListener(deps: HttpDeps): RequestListener {
  return (req, res) => {
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    handle(deps, req, res, requestId).catch((error: unknown) => {
      deps.log.error({ err: error, requestId }, 'unhandled error in HTTP handler');
      if (!res.headersSent) sendGraphQLError(res, 500, ErrorCode.InternalServerError, 'Internal server error');
      else res.destroy();
    });
  };
}

async function handle(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://hub.invalid');
  switch (url.pathname) {
    case '/healthz':
      return sendJson(res, 200, { status: 'ok' });
    case '/readyz':
      return deps.checkReady().then(
        () => sendJson(res, 200, { status: 'ready' }),
        (error: unknown) => sendJson(res, 503, { status: 'unavailable', reason: error instanceof Error ? error.message : 'not ready' }),
      );
    case GRAPHQL_PATH:
      if (applyCors(deps.config, req, res)) return;
      return serveGraphQL(deps, req, res, url, requestId);
    default:
      if (await serveStatic(req, res, url.pathname)) return;
      return sendJson(res, 404, { error: 'not found' });
  }
}

async function serveGraphQL(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'POST') {
    res.setHeader('allow', 'GET, POST, OPTIONS');
    return sendGraphQLError(res, 405, ErrorCode.BadUserInput, `method ${method} is not allowed on ${GRAPHQL_PATH}`);
  }
  const body = await readBody(req, deps.config.maxBodyBytes);
  if (body === 'too-large') {
    res.setHeader('connection', 'close');
    return sendGraphQLError(res, 413, ErrorCode.BadUserInput, `the request body is larger than ${deps.config.maxBodyBytes} bytes`);
  }
  const parsed = parseBody(req, body);
  if (parsed instanceof Error) return sendGraphQLError(res, 400, ErrorCode.BadUserInput, parsed.message);

  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = { method, headers, search: url.search, body: parsed };

  const response = await deps.statsScope.run((stats) =>
    deps.apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => deps.createContext(req, requestId, stats) }),
  );
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** JSON bodies are parsed here (Apollo wants an object); anything else goes to Apollo as text, which it refuses. */
function parseBody(req: IncomingMessage, body: Buffer): unknown {
  if (body.length === 0) return undefined;
  const contentType = req.headers['content-type'] ?? '';
  const [mediaType = '', ...params] = contentType.split(';').map((s) => s.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return new Error(`charset ${charset} is not supported; send UTF-8`);
  }
  const text = body.toString('utf8');
  if (mediaType !== 'application/json') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return new Error('the request body is not valid JSON');
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/** Returns true when the request was a preflight and has been answered. */
function applyCors(config: HttpConfig, req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  const allowed = origin !== undefined && (config.corsOrigins === '*' || config.corsOrigins.includes(origin));
  if (allowed) {
    res.setHeader('access-control-allow-origin', config.corsOrigins === '*' ? '*' : origin);
    res.setHeader('vary', 'Origin');
  }
  if (req.method !== 'OPTIONS') return false;
  if (allowed) {
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-allow-headers', 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name, x-request-id');
    res.setHeader('access-control-max-age', '600');
  }
  res.statusCode = 204;
  res.end();
  return true;
}

function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

/** An error response in GraphQL's shape, for requests refused before Apollo sees them. */
function sendGraphQLError(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}
