/**
 * graphql-ws (`graphql-transport-ws` subprotocol) on the same HTTP server and path as Apollo. Authentication happens
 * once, at `connection_init`: a bad token closes the socket with 4403. Each operation passes the same OperationGuard as
 * HTTP (persisted operations, token, depth, cost, alias and directive limits) and is validated there; it gets a fresh
 * context, the same error masking as HTTP, and its own stats record. Sockets are limited per client address (4430),
 * operations at once per socket (RATE_LIMITED), and the server pings every socket (WS_KEEPALIVE_MS) so that dead
 * peers are dropped.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Kind, execute, getOperationAST, subscribe, type ExecutionArgs, type GraphQLError, type GraphQLSchema } from 'graphql';
import { handleProtocols } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { HubContext } from '../context.js';
import type { Principal } from '../domain/principal.js';
import { toClientError } from '../errors.js';
import type { WebSocketConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { OperationGuard } from '../operations/guard.js';
import type { HubMetrics } from '../observability/metrics.js';
import type { Tracing } from '../observability/tracing.js';
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
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxPayloadBytes, handleProtocols });
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
      ws.once('close', () => perAddress.closed(address));
      wss.emit('connection', ws, request);
      // A client's protocol error (an oversize or malformed frame) is an 'error' on its socket, which ws has already
      // answered by closing it with the right code (1009, 1002, 1007). graphql-ws's adapter would print each one with
      // console.error, so that any client could fill stderr: logged here instead, at debug level.
      ws.removeAllListeners('error');
      ws.on('error', (error) => deps.log.debug({ err: error, clientAddress: address }, 'graphql-ws socket error'));
    });
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

  const server = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema: deps.schema,
      async onConnect(ctx) {
        try {
          ctx.extra.principal = await deps.authenticate(ctx.connectionParams);
          ctx.extra.connectionId = randomUUID();
          ctx.extra.clientAddress = deps.clientAddress(ctx.extra.request);
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
        return {
          schema: deps.schema,
          document: operation.document,
          operationName: operation.operationName,
          variableValues: operation.variables,
          contextValue: deps.createContext(principal, `${ctx.extra.connectionId ?? 'ws'}:${id}`, undefined, ctx.extra.clientAddress ?? null),
        };
      },
      execute: withStats(execute),
      subscribe: withStats(subscribe),
      onNext(_ctx, _id, _payload, args, result) {
        const context = args.contextValue as HubContext;
        // What this message loaded is not needed for the next one (which gets loaders of its own).
        context.releaseLoaders();
        const errors = [...(result.errors ?? []), ...context.partialErrors.take()].map(format);
        recordMessage(args, context, errors.map((error) => String(error.extensions?.['code'] ?? 'INTERNAL_SERVER_ERROR')));
        if (errors.length === 0) return undefined;
        if (result.errors !== undefined) logOperationErrors(context, result.errors);
        return {
          ...(result.data === undefined ? {} : { data: result.data }),
          ...(result.extensions === undefined ? {} : { extensions: result.extensions }),
          errors,
        };
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
