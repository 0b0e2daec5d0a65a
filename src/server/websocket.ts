/**
 * graphql-ws (`graphql-transport-ws` subprotocol) on the same HTTP server and path as Apollo. Authentication happens
 * once, at `connection_init`: a bad token closes the socket with 4403. Each operation passes the same OperationGuard as
 * HTTP (persisted operations, token, depth, cost, alias and directive limits) and is validated there; it gets a fresh
 * context, the same error masking as HTTP, and its own stats record. Sockets are limited per client address (4430),
 * operations at once per socket (RATE_LIMITED), and the server pings every socket (WS_KEEPALIVE_MS) so that dead
 * peers are dropped.
 *
 * Subscriptions that select only public fields run once per event for all identical subscribers (same document,
 * variables), as the public principal, and the serialised message goes to each socket under its own operation id
 * (src/pubsub/shared-subscriptions.ts); the others run per subscriber, as graphql-ws does by default. Either way
 * the subscribe step (the root field's checks and first message) is the subscriber's own.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  Kind,
  execute,
  getOperationAST,
  subscribe,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLError,
  type GraphQLSchema,
} from 'graphql';
import { handleProtocols } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { DEFAULT_RULES, type FieldRuleMap } from '../auth/enforce.js';
import type { HubContext } from '../context.js';
import { PUBLIC, type Principal } from '../domain/principal.js';
import { toClientError } from '../errors.js';
import type { WebSocketConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { OperationGuard } from '../operations/guard.js';
import type { HubMetrics } from '../observability/metrics.js';
import type { Tracing } from '../observability/tracing.js';
import { SharedSubscriptions, type SubscriberTarget } from '../pubsub/shared-subscriptions.js';
import type { RequestStats, RequestStatsScope } from '../request-stats.js';
import { GRAPHQL_PATH } from './http.js';
import { logOperationErrors } from './plugins.js';
import { ConnectionsPerAddress, HubCloseCode, tooManyOperations } from './websocket-limits.js';

export interface WebSocketDeps {
  httpServer: Server;
  schema: GraphQLSchema;
  log: Logger;
  statsScope: RequestStatsScope;
  maxPayloadBytes: number;
  metrics: HubMetrics;
  tracing: Tracing;
  maskUnexpectedErrors: boolean;
  /** Checks every operation before it runs (the same guard as HTTP's). */
  guard: OperationGuard;
  limits: WebSocketConfig;
  /** The client's address as TRUSTED_PROXIES allow it to be known. */
  clientAddress(request: IncomingMessage): string | null;
  /** Reads the principal from `connection_init`'s payload; throws when the token there is not valid. */
  authenticate(connectionParams: Readonly<Record<string, unknown>> | undefined): Promise<Principal>;
  /**
   * Asked on every subscribe message: the error that refuses a new operation when the connection's token has expired
   * since `connection_init` (UNAUTHENTICATED; the socket and its running operations stay), else null.
   */
  reauthenticate(principal: Principal): GraphQLError | null;
  createContext(principal: Principal, requestId: string, stats: RequestStats | undefined, clientAddress: string | null): HubContext;
  /** The authorization map the schema enforces, which decides what subscriptions may share an execution. @default DEFAULT_RULES */
  rules?: FieldRuleMap;
}

type ConnectionExtra = {
  connectionId?: string;
  principal?: Principal;
  clientAddress?: string | null;
};

export interface WebSocketEndpoint {
  /** Open sockets, for metrics. */
  connectionCount(): number;
  /** Closes every socket (1001 Going Away) and stops accepting new ones. Safe to call twice. */
  close(): Promise<void>;
}

export function attachWebSocketEndpoint(deps: WebSocketDeps): WebSocketEndpoint {
  // No per-message deflate (ws's server default, stated): a zlib context per socket costs memory on every one of
  // thousands of board displays, and queue messages are small.
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxPayloadBytes, handleProtocols, perMessageDeflate: false });
  const mask = { maskUnexpected: deps.maskUnexpectedErrors };
  const format = (error: GraphQLError) => deps.guard.format(toClientError(error.toJSON(), error, mask));
  const perAddress = new ConnectionsPerAddress(deps.limits.maxConnectionsPerAddress);

  /** Subscriptions count messages; queries and mutations over the socket count like HTTP operations. */
  const recordMessage = (args: ExecutionArgs, context: HubContext, errorCodes: string[]) => {
    const operation = getOperationAST(args.document, args.operationName);
    if (operation?.operation === 'subscription') {
      const field = operation.selectionSet.selections[0];
      deps.metrics.subscriptionMessages.inc({ field: field?.kind === Kind.FIELD ? field.name.value : 'unknown' });
      return;
    }
    const stats = context.stats;
    const seconds = stats === undefined ? 0 : (performance.now() - stats.startedAt) / 1000;
    deps.metrics.recordOperation(args.operationName ?? operation?.name?.value, operation?.operation ?? 'query', seconds, errorCodes);
    deps.tracing.end(stats?.span);
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(request.url ?? '/', 'http://hub.invalid').pathname;
    if (pathname !== GRAPHQL_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const address = deps.clientAddress(request);
    wss.handleUpgrade(request, socket, head, (ws) => {
      // Refused after the upgrade, so that the client learns why (a close code) instead of a failed handshake.
      if (!perAddress.tryOpen(address)) {
        ws.close(HubCloseCode.TooManyConnections, 'Too many connections from this address');
        return;
      }
      wss.emit('connection', ws, request);
      watchSocket(ws, address);
    });
  };
  /** The socket's own listeners, made outside onUpgrade so that they do not keep the upgrade request alive. */
  const watchSocket = (ws: WebSocket, address: string | null) => {
    ws.once('close', () => perAddress.closed(address));
    // A client's protocol error (an oversize or malformed frame) is an 'error' on its socket, which ws has already
    // answered by closing it with the right code (1009, 1002, 1007). graphql-ws's adapter would print each one with
    // console.error, so that any client could fill stderr: logged here instead, at debug level.
    ws.removeAllListeners('error');
    ws.on('error', (error) => deps.log.debug({ err: error, clientAddress: address }, 'graphql-ws socket error'));
  };
  deps.httpServer.on('upgrade', onUpgrade);

  /** Runs one operation inside its own stats record (and trace span), which its context then reports. */
  const withStats =
    (run: typeof execute | typeof subscribe) =>
    (args: ExecutionArgs) =>
      deps.statsScope.run((stats) => {
        const operation = getOperationAST(args.document, args.operationName);
        const type = operation?.operation ?? 'query';
        const name = `${type} ${args.operationName ?? operation?.name?.value ?? 'anonymous'}`;
        stats.span = deps.tracing.startOperation(name, { 'graphql.operation.type': type, 'network.protocol.name': 'websocket' });
        (args.contextValue as HubContext).stats = stats;
        return run(args);
      });

  /**
   * Identical public subscriptions execute once per event (src/pubsub/shared-subscriptions.ts); each such execution
   * has its own stats record and span, and its own context as the public principal.
   */
  let sharedContexts = 0;
  // Messages sent, added to the counter once per tick rather than once per subscriber (10,000 label look-ups).
  const unsentCounts = new Map<string, number>();
  const countMessage = (field: string) => {
    if (unsentCounts.size === 0) setImmediate(flushCounts);
    unsentCounts.set(field, (unsentCounts.get(field) ?? 0) + 1);
  };
  const flushCounts = () => {
    for (const [field, count] of unsentCounts) deps.metrics.subscriptionMessages.inc({ field }, count);
    unsentCounts.clear();
  };
  const shared = new SharedSubscriptions<HubContext>({
    schema: deps.schema,
    rules: deps.rules ?? DEFAULT_RULES,
    sharedContext: () => deps.createContext(PUBLIC, `shared-${++sharedContexts}`, undefined, null),
    execute: (args) =>
      deps.statsScope.run(async (stats) => {
        const context = args.contextValue as HubContext;
        const name = `subscription ${args.operationName ?? getOperationAST(args.document, args.operationName)?.name?.value ?? 'anonymous'}`;
        stats.span = deps.tracing.startOperation(name, { 'graphql.operation.type': 'subscription', 'network.protocol.name': 'websocket' });
        context.stats = stats;
        try {
          return await execute(args);
        } finally {
          deps.tracing.end(stats.span);
        }
      }),
    format: (result, context) => messagePayload(result, context) ?? withoutErrors(result),
    onSent: countMessage,
  });
  /** The socket and id of each operation that runs shared, by its context (onSubscribe -> subscribe). */
  const sharedTargets = new WeakMap<HubContext, SubscriberTarget>();

  /** A message's payload with every error formatted for clients (and logged); null when there are none. */
  const messagePayload = (result: ExecutionResult, context: HubContext): FormattedExecutionResult | null => {
    const errors = [...(result.errors ?? []), ...context.partialErrors.take()].map(format);
    if (errors.length === 0) return null;
    if (result.errors !== undefined) logOperationErrors(context, result.errors);
    return {
      ...(result.data === undefined ? {} : { data: result.data }),
      ...(result.extensions === undefined ? {} : { extensions: result.extensions }),
      errors,
    };
  };

  const server = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema: deps.schema,
      async onConnect(ctx) {
        try {
          ctx.extra.principal = await deps.authenticate(ctx.connectionParams);
          ctx.extra.connectionId = randomUUID();
          ctx.extra.clientAddress = deps.clientAddress(ctx.extra.request);
          // The upgrade request (headers, parser state) is not needed once the address is known, and graphql-ws would
          // keep it for as long as the socket is open.
          (ctx.extra as { request: IncomingMessage | undefined }).request = undefined;
          return true;
        } catch (error) {
          deps.log.debug({ err: error }, 'graphql-ws connection refused');
          return false;
        }
      },
      onSubscribe(ctx, id, payload) {
        const principal = ctx.extra.principal;
        if (principal === undefined) throw new Error('graphql-ws operation before authentication');
        const expired = deps.reauthenticate(principal);
        if (expired !== null) return [expired];
        // This operation is already counted in ctx.subscriptions (graphql-ws adds it before asking us).
        if (Object.keys(ctx.subscriptions).length > deps.limits.maxOperationsPerConnection) return [tooManyOperations(deps.limits.maxOperationsPerConnection)];
        const checked = deps.guard.prepare(payload, { validate: true });
        if (!checked.ok) return [...checked.errors];
        const { operation } = checked;
        const contextValue = deps.createContext(principal, `${ctx.extra.connectionId ?? 'ws'}:${id}`, undefined, ctx.extra.clientAddress ?? null);
        if (shared.scopeOf(operation.document, operation.operationName) === 'public') sharedTargets.set(contextValue, targetOf(ctx.extra.socket, id));
        return {
          schema: deps.schema,
          document: operation.document,
          operationName: operation.operationName,
          variableValues: operation.variables,
          contextValue,
        };
      },
      execute: withStats(execute),
      subscribe: (args) => {
        const context = args.contextValue as HubContext;
        const target = sharedTargets.get(context);
        if (target === undefined) return withStats(subscribe)(args);
        return withStats(async () => {
          const started = await shared.subscribe(args, target);
          if (Symbol.asyncIterator in started) {
            // Its messages are rendered with contexts of their own: the subscriber's context (and the loaders its
            // subscribe step used) need not live as long as the subscription, and graphql-ws keeps these args until
            // then (it hands them to onNext, which a shared subscription never reaches).
            context.releaseLoaders();
            (args as { contextValue: unknown }).contextValue = undefined;
          }
          return started;
        })(args);
      },
      onNext(_ctx, _id, _payload, args, result) {
        const context = args.contextValue as HubContext;
        // What this message loaded is not needed for the next one (which gets loaders of its own).
        context.releaseLoaders();
        // graphql-ws's ExecutionResult type differs from graphql's only in optional-property spelling.
        const payload = messagePayload(result as ExecutionResult, context);
        recordMessage(args, context, (payload?.errors ?? []).map((error) => String(error.extensions?.['code'] ?? 'INTERNAL_SERVER_ERROR')));
        return payload ?? undefined;
      },
      onError(_ctx, _id, _payload, errors) {
        return errors.map(format);
      },
      connectionInitWaitTimeout: deps.limits.connectionInitTimeoutMs,
    },
    wss,
    deps.limits.keepAliveMs,
  );

  let closing: Promise<void> | undefined;
  return {
    connectionCount: () => wss.clients.size,
    close() {
      closing ??= (async () => {
        deps.httpServer.off('upgrade', onUpgrade);
        await server.dispose();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
      })();
      return closing;
    },
  };
}

/** graphql-ws's payload for a result without errors: everything but `errors`. */
function withoutErrors(result: ExecutionResult): FormattedExecutionResult {
  const { errors: _errors, ...rest } = result;
  return rest;
}

/** Writes a shared message to one socket, as graphql-ws's own adapter does (nothing once the socket is closing). */
function targetOf(socket: WebSocket, id: string): SubscriberTarget {
  return {
    id,
    send(frame) {
      if (socket.readyState === socket.OPEN) socket.send(frame, { binary: false });
    },
    bufferedAmount: () => socket.bufferedAmount,
  };
}
