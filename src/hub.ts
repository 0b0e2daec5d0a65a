/**
 * Starts one hub instance: database (migrated, optionally seeded), GraphQL over HTTP and graphql-ws on one port and
 * path, health routes. `stop()` drains HTTP, closes WebSockets, then the database, and is safe to call twice.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Config } from './config.js';
import { ContextFactory, type HubContext } from './context.js';
import { openDatabase, type Database } from './db/database.js';
import { prepareDatabase } from './db/migrate.js';
import { toClientError } from './errors.js';
import { createLogger, type Logger } from './logger.js';
import { RequestStatsScope } from './request-stats.js';
import { createSchema } from './schema.js';
import { createStores } from './stores.js';
import { HolderTokens } from './auth/holder-tokens.js';
import { createTokenVerifier, principalFromAuthorization } from './auth/tokens.js';
import { EventBus } from './pubsub/event-bus.js';
import { GRAPHQL_PATH, createHttpListener } from './server/http.js';
import { requestLoggingPlugin } from './server/plugins.js';
import { attachWebSocketEndpoint } from './server/websocket.js';

export interface HubOptions {
  /** @default a pino logger at `config.logLevel` */
  log?: Logger;
  /** The hub's clock. @default () => new Date() */
  now?: () => Date;
}

export interface Hub {
  /** `http://host:port/graphql`; the same URL with `ws:` serves graphql-ws. */
  readonly url: string;
  readonly port: number;
  readonly database: Database;
  readonly log: Logger;
  stop(): Promise<void>;
}

export async function startHub(config: Config, options: HubOptions = {}): Promise<Hub> {
  const log = options.log ?? createLogger(config.logLevel);
  if (config.auth.usingDevelopmentSecret) log.warn('AUTH_JWT_SECRET is not set: using the development secret (never in production)');

  const database = await openDatabase(config.database, log);
  try {
    await prepareDatabase(database, { seedDemoData: config.seedDemoData }, log);
    return await serve(config, database, log, options.now ?? (() => new Date()));
  } catch (error) {
    await database.close();
    throw error;
  }
}

async function serve(config: Config, database: Database, log: Logger, now: () => Date): Promise<Hub> {
  const statsScope = new RequestStatsScope();
  statsScope.countStatementsOf(database.knex);
  const events = new EventBus(database, log);
  await events.start();
  const contexts = new ContextFactory({
    stores: createStores(database.knex),
    log,
    now,
    events,
    holderTokens: new HolderTokens(config.auth.ticketHolderSecret),
  });
  const verifier = createTokenVerifier(config.auth);
  const schema = createSchema();
  const maskUnexpected = config.mode === 'production';
  const httpServer = http.createServer();

  const webSockets = attachWebSocketEndpoint({
    httpServer,
    schema,
    log,
    statsScope,
    maxPayloadBytes: config.http.maxBodyBytes,
    maskUnexpectedErrors: maskUnexpected,
    authenticate: (params) => principalFromAuthorization(authorizationOf(params), verifier),
    createContext: (principal, requestId, stats) => contexts.build({ principal, requestId, stats }),
  });

  const apollo = new ApolloServer<HubContext>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // Shutdown is ours (src/main.ts): the database must close after Apollo has drained.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => toClientError(formatted, error, { maskUnexpected }),
    logger: log,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.http.shutdownGraceMs }),
      { serverWillStart: async () => ({ drainServer: () => webSockets.close() }) },
      ApolloServerPluginLandingPageDisabled(),
      requestLoggingPlugin({ exposeStats: config.exposeRequestStats }),
    ],
  });
  await apollo.start();

  httpServer.on(
    'request',
    createHttpListener({
      apollo,
      config: config.http,
      log,
      statsScope,
      async createContext(req, requestId, stats) {
        const principal = await principalFromAuthorization(req.headers.authorization, verifier);
        return contexts.build({ principal, requestId, stats });
      },
      checkReady: () => database.ping(1_000),
    }),
  );

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await apollo.stop();
    await events.close();
    throw error;
  }

  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${displayHost(config.host)}:${port}${GRAPHQL_PATH}`;
  log.info({ url, database: database.kind, mode: config.mode }, `Sepucuk hub listening at ${url}`);

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    database,
    log,
    stop() {
      stopping ??= (async () => {
        log.info('hub stopping: draining HTTP, closing WebSockets');
        await apollo.stop();
        await events.close();
        await database.close();
        log.info('hub stopped');
      })();
      return stopping;
    },
  };
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
