/**
 * Starts one hub instance. It listens first, so that /healthz answers and /readyz says why it is not ready while the
 * database opens and migrates; then it serves GraphQL over HTTP and graphql-ws on one port and path. `stop()` turns
 * readiness off, drains HTTP, closes WebSockets, then events, tracing and the database; it is safe to call twice.
 */
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import type { Config } from './config.js';
import { ContextFactory, type HubContext } from './context.js';
import { openDatabase, withTimeout, type Database } from './db/database.js';
import { prepareDatabase } from './db/migrate.js';
import { jakartaDay } from './domain/queue.js';
import { HubError, toClientError } from './errors.js';
import { createLogger, type Logger } from './logger.js';
import { instrumentKnex } from './observability/instrument-knex.js';
import { HubMetrics } from './observability/metrics.js';
import { createTracing } from './observability/tracing.js';
import { PublicRateLimits, RateLimiter } from './rate-limit.js';
import { RequestStatsScope } from './request-stats.js';
import { createSchema } from './schema.js';
import { createStores, type Stores } from './stores.js';
import { CATALOG_KEY, CATALOG_TOPIC } from './store/catalog.js';
import { HolderTokens } from './auth/holder-tokens.js';
import { assertNotExpired, createTokenVerifier, principalFromAuthorization } from './auth/tokens.js';
import { EventBus } from './pubsub/event-bus.js';
import { CatalogSync } from './sources/catalog-sync.js';
import { StaffSync } from './sources/staff-sync.js';
import { createSourceObserver } from './sources/observer.js';
import { startSources, type StartedSources } from './sources/start-sources.js';
import { GRAPHQL_PATH, createHttpListener, type GraphQLEndpoint, type ReadinessReport } from './server/http.js';
import { requestObservabilityPlugin } from './server/plugins.js';
import { ClientAddressResolver } from './server/client-address.js';
import { checkHttpOperations } from './server/http-operations.js';
import { createOperationGuard } from './operations/guard.js';
import { projectPath } from './project-root.js';
import { attachWebSocketEndpoint, type WebSocketEndpoint } from './server/websocket.js';
import packageJson from '../package.json' with { type: 'json' };

export interface HubOptions {
  /** @default a pino logger at `config.logLevel` */
  log?: Logger;
  /** The hub's clock. @default () => new Date() */
  now?: () => Date;
  /** Called with the URL as soon as the port is open, before the database is ready (readiness tests). */
  onListening?: (url: string) => void;
}

export interface Hub {
  /** `http://host:port/graphql`; the same URL with `ws:` serves graphql-ws. */
  readonly url: string;
  readonly port: number;
  readonly instanceId: string;
  readonly database: Database;
  readonly log: Logger;
  readonly metrics: HubMetrics;
  /** The connectors, and the sandbox stand-ins when the hub started any (development, tests). */
  readonly sources: StartedSources;
  readonly catalogSync: CatalogSync;
  /** The copy of BKD's staff records; tests run it to completion with `staffSync.sync()`. */
  readonly staffSync: StaffSync;
  stop(): Promise<void>;
}

type Phase = { name: 'starting'; step: string } | { name: 'ready' } | { name: 'stopping' };

export async function startHub(config: Config, options: HubOptions = {}): Promise<Hub> {
  const instanceId = config.observability.instanceId ?? `${os.hostname()}-${process.pid}`;
  const log = (options.log ?? createLogger(config.logLevel)).child({ instance: instanceId });
  if (config.auth.tokens.kind === 'hs256' && config.auth.tokens.usingDevelopmentSecret) log.warn('AUTH_JWT_SECRET is not set: using the development secret (never in production)');
  const now = options.now ?? (() => new Date());
  // The schema and the operation guard first: a broken document under examples/ stops the start before anything opens.
  const schema = createSchema();
  const maskUnexpected = config.mode === 'production';
  const guard = createOperationGuard({
    schema,
    limits: config.operations.limits,
    mode: config.operations.persisted,
    introspection: config.introspection,
    dir: projectPath('examples'),
  });
  const formatError = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => guard.format(toClientError(formatted, error, { maskUnexpected }));
  const addresses = new ClientAddressResolver(config.http.trustedProxies);

  let phase: Phase = { name: 'starting', step: 'opening the database' };
  let database: Database | undefined;
  let endpoint: GraphQLEndpoint | null = null;
  let webSockets: WebSocketEndpoint | undefined;
  let events: EventBus | undefined;
  let sources: StartedSources | undefined;
  let catalogSync: CatalogSync | undefined;
  let staffSync: StaffSync | undefined;
  const statsScope = new RequestStatsScope();
  let storeSet: Stores | undefined;
  const stores = (db: Database): Stores => (storeSet ??= createStores(db.knex, config.auth.auditPseudonymKey));
  const tracing = createTracing(config.observability.tracing, log, packageJson.version);
  const metrics = new HubMetrics({
    pool: () => database?.poolStats() ?? { used: 0, free: 0, pending: 0, max: 0 },
    queueDepth: async () => (phase.name === 'ready' && database ? stores(database).queue.waitingByOffice(jakartaDay(now())) : []),
    webSocketConnections: () => webSockets?.connectionCount() ?? 0,
    subscriptions: () => events?.subscriberCount ?? 0,
    ready: () => phase.name === 'ready',
    listenConnected: () => database?.listenConnected() ?? false,
  });

  const readiness = async (): Promise<ReadinessReport> => {
    if (phase.name === 'starting') return { ready: false, status: 'starting', checks: { startup: phase.step } };
    if (phase.name === 'stopping' || database === undefined) return { ready: false, status: 'stopping', checks: {} };
    const checks: Record<string, string> = {};
    const db = await withTimeout(database.ping(1_000), 1_500, 'database ping').then(
      () => 'ok',
      (error: unknown) => (error instanceof Error ? error.message : 'unreachable'),
    );
    checks['database'] = db;
    checks['listen'] = database.listenConnected() ? 'ok' : 'reconnecting';
    const ready = db === 'ok' && checks['listen'] === 'ok';
    return { ready, status: ready ? 'ready' : 'unavailable', checks };
  };

  const httpServer = http.createServer(
    createHttpListener({
      config: config.http,
      log,
      statsScope,
      metrics,
      tracing,
      instanceId,
      metricsToken: config.observability.metricsToken,
      developerPages: config.introspection,
      graphql: () => endpoint,
      readiness,
    }),
  );
  await listen(httpServer, config.port, config.host);
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${displayHost(config.host)}:${port}${GRAPHQL_PATH}`;
  options.onListening?.(url);

  try {
    database = await openDatabase(config.database, log);
    instrumentKnex(database.knex, statsScope, metrics, tracing);
    phase = { name: 'starting', step: 'migrating' };
    await prepareDatabase(database, { seedDemoData: config.seedDemoData, seedDemoHistory: config.seedDemoHistory }, log);
    phase = { name: 'starting', step: 'listening for events' };
    events = new EventBus(database, log, (seconds) => metrics.pubsubLag.observe(seconds));
    const catalog = stores(database).catalog;
    // Catalog changes committed by other instances (and any resync) drop this instance's catalog snapshot.
    events.watch(CATALOG_TOPIC, CATALOG_KEY, () => catalog.invalidate());
    await events.start();
    phase = { name: 'starting', step: 'connecting the source systems' };
    sources = await startSources(config.sources, { log, observer: createSourceObserver(statsScope, metrics, tracing, log) });
    phase = { name: 'starting', step: 'copying the source catalogs' };
    catalogSync = new CatalogSync(sources.connectors, stores(database).sourceCatalog, log, { intervalMs: config.sources.catalogSyncIntervalSeconds * 1000 }, now);
    // A failing source does not stop the start: its last good copy (if any) is served, marked stale.
    await catalogSync.start();
    const staffSyncIntervalSeconds = config.sources.staffSyncIntervalSeconds;
    staffSync = new StaffSync(
      sources.connectors.bkd,
      stores(database).staffCopy,
      log,
      { intervalMs: staffSyncIntervalSeconds === null ? null : staffSyncIntervalSeconds * 1000, peopleInFlight: Math.max(1, Math.floor(config.sources.concurrency / 4)) },
      now,
    );
    // Thousands of SIASN calls: scheduled in the background, never awaited by readiness.
    await staffSync.start();
  } catch (error) {
    await new Promise((resolve) => httpServer.close(resolve));
    await catalogSync?.stop();
    await staffSync?.stop();
    await sources?.close();
    await events?.close();
    await database?.close();
    await tracing.shutdown();
    throw error;
  }

  const db = database;
  const contexts = new ContextFactory({
    stores: stores(database),
    sources: {
      connectors: sources.connectors,
      sandboxed: sources.sandboxed,
      catalogSync,
      syncIntervalMs: config.sources.catalogSyncIntervalSeconds * 1000,
      staffSync,
      staffSyncIntervalMs: config.sources.staffSyncIntervalSeconds === null ? null : config.sources.staffSyncIntervalSeconds * 1000,
    },
    log,
    now,
    events,
    holderTokens: new HolderTokens(config.auth.ticketHolderSecret),
    observeBatch: (loader, size) => metrics.loaderBatchSize.observe({ loader }, size),
    rateLimits: new PublicRateLimits(new RateLimiter(stores(database).rateLimits, now, config.rateLimits.exemptAddresses), config.rateLimits),
  });
  const verifier = createTokenVerifier(config.auth, (error) => log.error({ err: error }, 'the identity provider\'s keys (AUTH_JWKS_URL) could not be fetched: bearer tokens are refused'));
  const ws = attachWebSocketEndpoint({
    httpServer,
    schema,
    log,
    statsScope,
    metrics,
    tracing,
    maxPayloadBytes: config.http.maxBodyBytes,
    maskUnexpectedErrors: maskUnexpected,
    guard,
    limits: config.webSocket,
    clientAddress: (request) => addresses.resolve(request),
    authenticate: (params) => principalFromAuthorization(authorizationOf(params), verifier),
    reauthenticate: (principal) => {
      try {
        assertNotExpired(principal, config.auth.clockToleranceSeconds);
        return null;
      } catch (error) {
        if (error instanceof HubError) return error;
        throw error;
      }
    },
    createContext: (principal, requestId, stats, clientAddress) => contexts.build({ principal, requestId, stats, clientAddress }),
  });
  webSockets = ws;

  const apollo = new ApolloServer<HubContext>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // Shutdown is ours (src/main.ts): the database must close after Apollo has drained.
    stopOnTerminationSignals: false,
    formatError,
    // The OperationGuard resolves persisted operations (from examples/ only: clients cannot register any) and
    // refuses batches beyond GRAPHQL_MAX_BATCH_SIZE before Apollo sees them.
    persistedQueries: false,
    allowBatchedHttpRequests: config.operations.maxBatchSize > 0,
    csrfPrevention: true,
    logger: log,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.http.shutdownGraceMs }),
      { serverWillStart: async () => ({ drainServer: () => ws.close() }) },
      ApolloServerPluginLandingPageDisabled(),
      // The hub sets no cache hints; Apollo's default cache-control plugin would still run a hook on every field
      // (about 3% of a catalog query's CPU in bench/compare's profile).
      ApolloServerPluginCacheControlDisabled(),
      requestObservabilityPlugin({ exposeStats: config.exposeRequestStats, metrics, maskUnexpected }),
    ],
  });
  await apollo.start();
  endpoint = {
    apollo,
    async createContext(req, requestId, stats) {
      const principal = await principalFromAuthorization(req.headers.authorization, verifier);
      return contexts.build({ principal, requestId, stats, clientAddress: addresses.resolve(req) });
    },
    checkOperations: (method, body, search) => checkHttpOperations({ guard, maxBatchSize: config.operations.maxBatchSize }, method, body, search),
    formatError: (error) => formatError(error.toJSON(), error),
  };
  // Rate-limit windows of clients that never came back: an hourly sweep keeps the table small.
  const sweepRateLimits = setInterval(() => {
    void stores(db).rateLimits.prune(new Date(now().getTime() - 3_600_000)).catch((error: unknown) => log.warn({ err: error }, 'rate-limit sweep failed'));
  }, 3_600_000);
  sweepRateLimits.unref();
  phase = { name: 'ready' };
  log.info({ url, database: database.kind, mode: config.mode }, `Sepucuk hub listening at ${url}`);

  const bus = events;
  const connected = sources;
  const syncing = catalogSync;
  const syncingStaff = staffSync;
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    instanceId,
    database: db,
    log,
    metrics,
    sources: connected,
    catalogSync: syncing,
    staffSync: syncingStaff,
    stop() {
      stopping ??= (async () => {
        phase = { name: 'stopping' };
        clearInterval(sweepRateLimits);
        log.info('hub stopping: draining HTTP, closing WebSockets');
        await apollo.stop();
        await syncing.stop();
        await syncingStaff.stop();
        await connected.close();
        await bus.close();
        await tracing.shutdown();
        await db.close();
        log.info('hub stopped');
      })();
      return stopping;
    },
  };
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

/** graphql-ws clients put the token in `connection_init`'s payload as `authorization` (or `Authorization`). */
function authorizationOf(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = params?.['authorization'] ?? params?.['Authorization'];
  return typeof value === 'string' ? value : undefined;
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '127.0.0.1' || host === '::1') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
