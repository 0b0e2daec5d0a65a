/**
 * The hub's HTTP routes on plain node:http: `/graphql` (Apollo), `/healthz`, `/readyz`, `/metrics`, the board pages.
 * Bodies are read here, with a size limit, before anything parses them; the operations in them then pass the
 * OperationGuard (src/server/http-operations.ts) before Apollo sees them. The server listens before the database is
 * ready, so that health checks answer (and say why it is not ready) while migrations run; `/graphql` answers 503
 * until then.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { HttpConfig } from '../config.js';
import type { HubContext } from '../context.js';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import type { HubMetrics } from '../observability/metrics.js';
import type { Tracing } from '../observability/tracing.js';
import type { RequestStatsScope, RequestStats } from '../request-stats.js';
import type { HttpOperations } from './http-operations.js';
import { serveStatic } from './static.js';

export const GRAPHQL_PATH = '/graphql';

/** What serves /graphql once the hub has started. */
export interface GraphQLEndpoint {
  apollo: ApolloServer<HubContext>;
  /** Builds the context of one request; throws a HubError (e.g. UNAUTHENTICATED) to refuse it. */
  createContext(request: IncomingMessage, requestId: string, stats: RequestStats): Promise<HubContext>;
  /** The OperationGuard over the request's operation(s): refused, or the request for Apollo (persisted text resolved). */
  checkOperations(method: 'GET' | 'POST', body: unknown, search: string): HttpOperations;
  /** How an error reaches the client (the same as Apollo's formatError). */
  formatError(error: GraphQLError): GraphQLFormattedError;
}

export interface ReadinessReport {
  ready: boolean;
  /** `starting` (e.g. migrating), `ready`, `stopping`, or `unavailable` (a dependency is down). */
  status: 'starting' | 'ready' | 'stopping' | 'unavailable';
  checks: Record<string, string>;
}

export interface HttpDeps {
  config: HttpConfig;
  log: Logger;
  statsScope: RequestStatsScope;
  metrics: HubMetrics;
  tracing: Tracing;
  instanceId: string;
  /** When set, /metrics needs `Authorization: Bearer <metricsToken>`. */
  metricsToken: string | null;
  /** Serve the landing page at / and the GraphQL IDE at /graphiql (src/server/static.ts); true when introspection is on. */
  developerPages: boolean;
  /** Null until the hub has started. */
  graphql(): GraphQLEndpoint | null;
  readiness(): Promise<ReadinessReport>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const ROUTES: Readonly<Record<string, string>> = { [GRAPHQL_PATH]: 'graphql', '/healthz': 'healthz', '/readyz': 'readyz', '/metrics': 'metrics' };

export function createHttpListener(deps: HttpDeps): RequestListener {
  return (req, res) => {
    const requestId = requestIdOf(req);
    const pathname = new URL(req.url ?? '/', 'http://hub.invalid').pathname;
    res.setHeader('x-request-id', requestId);
    res.setHeader('x-hub-instance', deps.instanceId);
    res.once('finish', () => {
      const route = ROUTES[pathname] ?? (pathname.startsWith('/board/') ? 'board' : 'other');
      deps.metrics.httpRequests.inc({ route, status: String(res.statusCode) });
    });
    handle(deps, req, res, pathname, requestId).catch((error: unknown) => {
      deps.log.error({ err: error, requestId }, 'unhandled error in HTTP handler');
      if (!res.headersSent) sendGraphQLError(res, 500, ErrorCode.InternalServerError, 'Internal server error');
      else res.destroy();
    });
  };
}

async function handle(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, pathname: string, requestId: string): Promise<void> {
  switch (pathname) {
    case '/healthz':
      return sendJson(res, 200, { status: 'ok', instance: deps.instanceId });
    case '/readyz': {
      const report = await deps.readiness();
      return sendJson(res, report.ready ? 200 : 503, { status: report.status, instance: deps.instanceId, checks: report.checks });
    }
    case '/metrics':
      return serveMetrics(deps, req, res);
    case GRAPHQL_PATH: {
      if (applyCors(deps.config, req, res)) return;
      const endpoint = deps.graphql();
      if (endpoint === null) {
        res.setHeader('retry-after', '1');
        return sendGraphQLError(res, 503, ErrorCode.SourceUnavailable, 'the hub is starting; try again shortly');
      }
      return serveGraphQL(deps, endpoint, req, res, requestId);
    }
    default:
      if (await serveStatic(req, res, pathname, { developerPages: deps.developerPages })) return;
      return sendJson(res, 404, { error: 'not found' });
  }
}

async function serveMetrics(deps: HttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (deps.metricsToken !== null && req.headers.authorization !== `Bearer ${deps.metricsToken}`) {
    res.setHeader('www-authenticate', 'Bearer');
    return sendJson(res, 401, { error: 'metrics need a bearer token' });
  }
  const body = await deps.metrics.registry.metrics();
  res.writeHead(200, { 'content-type': deps.metrics.registry.contentType, 'cache-control': 'no-store' });
  res.end(body);
}

async function serveGraphQL(deps: HttpDeps, endpoint: GraphQLEndpoint, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
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
  // Limits and persisted operations, before Apollo builds a context or parses anything.
  const checked = endpoint.checkOperations(method, parsed, new URL(req.url ?? '/', 'http://hub.invalid').search);
  if (!checked.ok) {
    const errors = checked.errors.map((error) => endpoint.formatError(error));
    const codes = errors.map((error) => String(error.extensions?.['code'] ?? ErrorCode.BadUserInput));
    deps.metrics.recordOperation(null, 'invalid', 0, codes);
    deps.log.debug({ requestId, errorCodes: codes, reasons: errors.map((error) => error.extensions?.['reason'] ?? null) }, 'graphql request refused before execution');
    return sendJson(res, checked.status, { errors });
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = { method, headers, search: checked.search, body: checked.body };

  await deps.statsScope.run(async (stats) => {
    stats.span = deps.tracing.startOperation('graphql', { 'http.request.method': method, 'sepucuk.request_id': requestId }, req.headers);
    try {
      const response = await endpoint.apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => endpoint.createContext(req, requestId, stats) });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } finally {
      stats.span?.setAttribute('http.response.status_code', res.statusCode);
      deps.tracing.end(stats.span);
    }
  });
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
    res.setHeader('access-control-allow-headers', 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name, x-request-id, traceparent, tracestate');
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
