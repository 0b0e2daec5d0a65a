/**
 * The hub's configuration, read once from the environment by {@link loadConfig}.
 *
 * `loadConfig` is the only reader of `process.env` in the hub: everything else receives a typed, validated `Config`.
 * It is pure (environment in, config out) so tests can build any configuration without touching the process.
 */
import path from 'node:path';
import { ADDED_CONNECTORS } from '../connectors/added.js';
import type { ConnectorModule } from '../connectors/types.js';
import type { AgencyCode } from './domain/catalog.js';
import type { TracingConfig } from './observability/tracing.js';
import type { OperationLimits } from './operations/limits.js';
import { PERSISTED_OPERATIONS_MODES, type PersistedOperationsMode } from './operations/guard.js';
import { parseAddressRange, type AddressRange } from './server/client-address.js';

export type RuntimeMode = 'development' | 'test' | 'production';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Where hub-owned data lives. The two kinds speak the same SQL and run the same migrations. */
export type DatabaseConfig =
  | {
      kind: 'postgres';
      /** A `postgres://` URL; never logged, it may hold a password. */
      url: string;
      /** Upper bound on pooled connections per hub instance. @default 10 */
      poolMax: number;
    }
  | {
      kind: 'pglite';
      /** Directory of the embedded database, or `null` to keep it in memory (tests). @default ./.data/pglite */
      dataDir: string | null;
    };

/**
 * How bearer tokens are verified: with a shared HS256 secret (development and tests; refused in production), or with
 * the public keys an OIDC issuer publishes (its JWKS), which is what production requires.
 */
export type TokenVerificationConfig =
  | {
      kind: 'hs256';
      /** The shared secret, at least 32 characters. @default the development secret (never in production) */
      secret: string;
      /** True when no `AUTH_JWT_SECRET` was given and the built-in development secret is in use. */
      usingDevelopmentSecret: boolean;
    }
  | {
      kind: 'oidc';
      /**
       * The issuer's JWKS URL (`AUTH_JWKS_URL`). Keys are fetched on first use and cached; a token whose `kid` is not
       * among them makes the hub fetch the set again (key rotation needs no restart), at most once per cooldown.
       */
      jwksUrl: string;
      /** The `iss` every token must carry (`AUTH_ISSUER`). */
      issuer: string;
      /** The `aud` every token must carry (`AUTH_AUDIENCE`). */
      audience: string;
      /** After a fetch, how long a token with an unknown `kid` is refused without fetching again. @default 30 */
      jwksCooldownSeconds: number;
    };

export interface AuthConfig {
  tokens: TokenVerificationConfig;
  /** Tolerated clock difference when checking `exp` and `nbf` (HTTP, and graphql-ws on every subscribe). @default 30 */
  clockToleranceSeconds: number;
  /** Key for ticket holder tokens; shared by every instance. Required in production. */
  ticketHolderSecret: string;
  /** Key of the pseudonyms the audit log keeps instead of NIKs; shared by every instance. Required in production. */
  auditPseudonymKey: string;
}

export interface HttpConfig {
  /** Requests with a larger body are refused with HTTP 413 before any parsing. @default 100_000 */
  maxBodyBytes: number;
  /** Browser origins allowed by CORS: `'*'` or a list of exact origins. @default '*' outside production, none in production */
  corsOrigins: '*' | readonly string[];
  /** How long shutdown waits for in-flight requests before closing their connections. @default 10_000 */
  shutdownGraceMs: number;
  /**
   * Load balancers and proxies whose X-Forwarded-For is believed (addresses or CIDR blocks): for their requests the
   * client address (rate limits, WebSocket cap, audit) comes from that header. @default none: the TCP peer is the client
   */
  trustedProxies: readonly AddressRange[];
}

/** An agency source: reached at a configured endpoint, or (outside production) served by its sandbox stand-in. */
export type SourceSetting<Remote> = ({ kind: 'remote' } & Remote) | { kind: 'sandbox' };

export interface BkdSettings {
  /** SIASN-style REST base URL (`/oauth2/token`, `/pns/...`, `/simpeg/...` under it). */
  url: string;
  clientId: string;
  clientSecret: string;
}

export interface DapodikSettings {
  /** Base URL of the Dapodik WebService (`/WebService/getSekolah` under it). */
  url: string;
  token: string;
}

export interface SatusehatSettings {
  /** Base URL; the token is at `/oauth2/v1/accesstoken` and FHIR at `/fhir-r4/v1` under it. */
  url: string;
  clientId: string;
  clientSecret: string;
}

export interface DisdukcapilSettings {
  /** `postgres://` URL of the read-only role on the civil registry's database. Never logged. */
  databaseUrl: string;
}

export interface SourcesConfig {
  bkd: SourceSetting<BkdSettings>;
  disdik: SourceSetting<DapodikSettings>;
  dinkes: SourceSetting<SatusehatSettings>;
  disdukcapil: SourceSetting<DisdukcapilSettings>;
  /** The sources added with `npm run new:connector` (connectors/added.ts), by agency; settings as their module made them. */
  added: ReadonlyMap<AgencyCode, SourceSetting<{ settings: unknown }>>;
  /** Budget for one source call, retries included; past it the call fails with SOURCE_TIMEOUT. @default 2_000 */
  timeoutMs: number;
  /** Extra attempts for reads after a retryable failure, within the budget. @default 2 */
  retries: number;
  /** Calls in flight per source. @default 8 */
  concurrency: number;
  /** Consecutive failed calls that open a source's breaker. @default 5 */
  breakerThreshold: number;
  /** How long an open breaker refuses calls before trying the source again. @default 10_000 */
  breakerCooldownMs: number;
  /** How long source answers (records per NIP, rosters, GTK lists) are reused. @default 30_000 */
  cacheTtlMs: number;
  /** How often each instance refreshes the catalog from the sources (one instance at a time does it). @default 300 */
  catalogSyncIntervalSeconds: number;
  /**
   * How often the hub's copy of BKD's staff records (roster, trainings, SKP) is refreshed; null: never on its own,
   * only when an ADMIN asks (`syncStaff`). A full sync costs about three SIASN calls per civil servant.
   * @default 21_600 (6 hours); null in test mode, so that test files pay for a sync only when they ask for one
   */
  staffSyncIntervalSeconds: number | null;
}

export interface RateLimitsConfig {
  /** submitSurvey calls per minute, per client address and per token. @default 10 */
  surveysPerMinute: number;
  /** submitComplaint calls per minute, per client address and per token. @default 5 */
  complaintsPerMinute: number;
  /** takeTicket calls per minute, per client address and per token; OFFICER and SUPERVISOR tokens are not limited. @default 10 */
  ticketsPerMinute: number;
  /** cancelTicket calls per minute, per client address and per token. @default 10 */
  cancelsPerMinute: number;
  /**
   * Addresses (office kiosks and survey tablets) not limited per address on the public mutations; tokens used from
   * them are still limited per token. @default none
   */
  exemptAddresses: readonly AddressRange[];
}

/** Limits on every GraphQL operation, HTTP and graphql-ws alike (src/operations/). */
export interface OperationsConfig {
  limits: OperationLimits;
  /** Operations in one batched HTTP POST (a JSON array); 0 refuses batches. @default 0 */
  maxBatchSize: number;
  /** Persisted operations from `examples/`: `off`, `allow` (by hash or text) or `require` (nothing else runs). @default allow */
  persisted: PersistedOperationsMode;
}

/** graphql-ws connections. */
export interface WebSocketConfig {
  /** A socket that sends no `connection_init` within this time is closed with 4408. @default 3_000 */
  connectionInitTimeoutMs: number;
  /** Interval of the server's WebSocket pings; a peer that does not answer one within it is dropped. 0 turns pings off. @default 12_000 */
  keepAliveMs: number;
  /** Operations (subscriptions, and queries in flight) one socket may run at once; more are refused with RATE_LIMITED. @default 20 */
  maxOperationsPerConnection: number;
  /** Open sockets per client address on one instance; more are closed with 4430. @default 100 */
  maxConnectionsPerAddress: number;
}

export interface Config {
  mode: RuntimeMode;
  /** Interface to listen on. @default 127.0.0.1 (0.0.0.0 in production) */
  host: string;
  /** TCP port; 0 picks a free one (tests). @default 4000 */
  port: number;
  database: DatabaseConfig;
  auth: AuthConfig;
  http: HttpConfig;
  logLevel: LogLevel;
  observability: ObservabilityConfig;
  sources: SourcesConfig;
  rateLimits: RateLimitsConfig;
  operations: OperationsConfig;
  webSocket: WebSocketConfig;
  /** Insert the Jambi demo data at start (idempotent). @default true outside production */
  seedDemoData: boolean;
  /**
   * With the demo data, also generate six months of served tickets, surveys and complaints at the demo counters
   * (src/db/seed/demo-history.ts): what the performance dashboards show. Idempotent; a few seconds on first start.
   * @default true outside test mode (tests that need it ask)
   */
  seedDemoHistory: boolean;
  /** Answer introspection queries. @default true outside production */
  introspection: boolean;
  /**
   * Add `extensions.stats` (SQL statements, source calls, duration) to every response: how tests and benchmarks
   * prove there is no N+1. @default true outside production
   */
  exposeRequestStats: boolean;
}

export interface ObservabilityConfig {
  tracing: TracingConfig;
  /** When set, /metrics answers only requests with `Authorization: Bearer <token>`. @default none (open) */
  metricsToken: string | null;
  /** Names this instance in logs and the `x-hub-instance` response header. @default <hostname>-<pid> */
  instanceId: string | null;
}

/** The one way configuration fails: it names the variable and what is wrong with its value. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** Shipped so that `npm start` works on a fresh machine; refused in production mode. */
export const DEVELOPMENT_JWT_SECRET = 'sepucuk-development-secret-not-for-production';
export const DEVELOPMENT_TICKET_SECRET = 'sepucuk-development-ticket-secret-not-for-production';
export const DEVELOPMENT_AUDIT_KEY = 'sepucuk-development-audit-key-not-for-production';

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const MODES: readonly RuntimeMode[] = ['development', 'test', 'production'];

/**
 * Validates the whole environment at once and returns the resolved configuration.
 * @throws {ConfigError} on the first variable whose value is unusable.
 */
export function loadConfig(env: Environment): Config {
  const mode = readEnum(env, 'NODE_ENV', MODES, 'development');
  const production = mode === 'production';

  return {
    mode,
    host: readString(env, 'HOST') ?? (production ? '0.0.0.0' : '127.0.0.1'),
    port: readInt(env, 'PORT', { min: 0, max: 65_535, fallback: 4000, what: 'a TCP port' }),
    database: readDatabase(env),
    auth: readAuth(env, production),
    http: {
      maxBodyBytes: readInt(env, 'HTTP_MAX_BODY_BYTES', { min: 1_024, max: 50_000_000, fallback: 100_000 }),
      corsOrigins: readCorsOrigins(env, production),
      shutdownGraceMs: readInt(env, 'SHUTDOWN_GRACE_MS', { min: 0, max: 600_000, fallback: 10_000 }),
      trustedProxies: readAddressRanges(env, 'TRUSTED_PROXIES'),
    },
    logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, mode === 'test' ? 'silent' : 'info'),
    observability: {
      tracing: {
        tracesUrl: readTracesUrl(env),
        serviceName: readString(env, 'OTEL_SERVICE_NAME') ?? 'sepucuk',
        sampleRatio: readRatio(env, 'OTEL_TRACES_SAMPLE_RATIO', 1),
      },
      metricsToken: readString(env, 'METRICS_BEARER_TOKEN') ?? null,
      instanceId: readString(env, 'HUB_INSTANCE_ID') ?? null,
    },
    sources: readSources(env, production),
    rateLimits: {
      surveysPerMinute: readInt(env, 'RATE_LIMIT_SURVEYS_PER_MINUTE', { min: 1, max: 100_000, fallback: 10 }),
      complaintsPerMinute: readInt(env, 'RATE_LIMIT_COMPLAINTS_PER_MINUTE', { min: 1, max: 100_000, fallback: 5 }),
      ticketsPerMinute: readInt(env, 'RATE_LIMIT_TICKETS_PER_MINUTE', { min: 1, max: 100_000, fallback: 10 }),
      cancelsPerMinute: readInt(env, 'RATE_LIMIT_CANCELS_PER_MINUTE', { min: 1, max: 100_000, fallback: 10 }),
      exemptAddresses: readAddressRanges(env, 'RATE_LIMIT_EXEMPT_ADDRESSES'),
    },
    operations: readOperations(env),
    webSocket: {
      connectionInitTimeoutMs: readInt(env, 'WS_CONNECTION_INIT_TIMEOUT_MS', { min: 100, max: 60_000, fallback: 3_000 }),
      keepAliveMs: readInt(env, 'WS_KEEPALIVE_MS', { min: 0, max: 600_000, fallback: 12_000 }),
      maxOperationsPerConnection: readInt(env, 'WS_MAX_OPERATIONS_PER_CONNECTION', { min: 1, max: 10_000, fallback: 20 }),
      maxConnectionsPerAddress: readInt(env, 'WS_MAX_CONNECTIONS_PER_ADDRESS', { min: 1, max: 1_000_000, fallback: 100 }),
    },
    seedDemoData: readBool(env, 'SEED_DEMO_DATA', !production),
    seedDemoHistory: readBool(env, 'SEED_DEMO_HISTORY', mode !== 'test'),
    introspection: readBool(env, 'GRAPHQL_INTROSPECTION', !production),
    exposeRequestStats: readBool(env, 'EXPOSE_REQUEST_STATS', !production),
  };
}

function readOperations(env: Environment): OperationsConfig {
  return {
    limits: {
      maxTokens: readInt(env, 'GRAPHQL_MAX_TOKENS', { min: 50, max: 100_000, fallback: 2_000 }),
      maxDepth: readInt(env, 'GRAPHQL_MAX_DEPTH', { min: 2, max: 100, fallback: 10 }),
      maxCost: readInt(env, 'GRAPHQL_MAX_COST', { min: 10, max: 100_000_000, fallback: 100_000 }),
      maxSubscriptionCost: readInt(env, 'GRAPHQL_MAX_SUBSCRIPTION_COST', { min: 10, max: 100_000_000, fallback: 1_000 }),
      defaultListSize: readInt(env, 'GRAPHQL_COST_LIST_SIZE', { min: 1, max: 1_000, fallback: 10 }),
      maxAliases: readInt(env, 'GRAPHQL_MAX_ALIASES', { min: 0, max: 1_000, fallback: 15 }),
      maxDirectives: readInt(env, 'GRAPHQL_MAX_DIRECTIVES', { min: 0, max: 1_000, fallback: 20 }),
    },
    maxBatchSize: readInt(env, 'GRAPHQL_MAX_BATCH_SIZE', { min: 0, max: 100, fallback: 0 }),
    persisted: readEnum(env, 'PERSISTED_OPERATIONS', PERSISTED_OPERATIONS_MODES, 'allow'),
  };
}

/** A comma-separated list of addresses and CIDR blocks, e.g. `10.0.0.0/8, 192.168.1.5, fd00::/8`. */
function readAddressRanges(env: Environment, name: string): readonly AddressRange[] {
  const value = readString(env, name);
  if (value === undefined) return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const range = parseAddressRange(entry);
      if (range === null) throw new ConfigError(name, `has "${entry}", which is not an IP address or a CIDR block like 10.0.0.0/8`);
      return range;
    });
}

/**
 * Only the hub database's settings (`DATABASE_URL`, `DATABASE_POOL_MAX`, `PGLITE_DATA_DIR`), read as `loadConfig` reads
 * them: for tools that open the hub's database without running a hub (`npm run audit:verify`).
 */
export function loadDatabaseConfig(env: Environment): DatabaseConfig {
  return readDatabase(env);
}

function readDatabase(env: Environment): DatabaseConfig {
  const url = readString(env, 'DATABASE_URL');
  if (url !== undefined) {
    return { kind: 'postgres', url: parsePostgresUrl(url, 'DATABASE_URL'), poolMax: readInt(env, 'DATABASE_POOL_MAX', { min: 1, max: 1_000, fallback: 10 }) };
  }
  const dir = readString(env, 'PGLITE_DATA_DIR') ?? '.data/pglite';
  return { kind: 'pglite', dataDir: dir === 'memory://' ? null : path.resolve(dir) };
}

function parsePostgresUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value is not echoed: a database URL usually carries a password.
    throw new ConfigError(name, 'is not a valid URL (expected postgres://user:password@host:5432/database)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(name, `has scheme "${url.protocol}" (expected postgres: or postgresql:)`);
  }
  if (url.hostname === '' && !url.searchParams.has('host')) {
    throw new ConfigError(name, 'names no host (expected postgres://user:password@host:5432/database)');
  }
  if (url.pathname.length <= 1) {
    throw new ConfigError(name, 'names no database (expected postgres://user:password@host:5432/database)');
  }
  return value;
}

function readAuth(env: Environment, production: boolean): AuthConfig {
  const tokens = readTokenVerification(env, production);
  const ticketSecret = readString(env, 'TICKET_HOLDER_SECRET');
  if (production && ticketSecret === undefined) {
    throw new ConfigError('TICKET_HOLDER_SECRET', 'must be set in production (every instance needs the same key)');
  }
  if (ticketSecret !== undefined && ticketSecret.length < 32) {
    throw new ConfigError('TICKET_HOLDER_SECRET', `is ${ticketSecret.length} characters long (at least 32 are required)`);
  }
  const auditKey = readString(env, 'AUDIT_PSEUDONYM_KEY');
  if (production && auditKey === undefined) {
    throw new ConfigError('AUDIT_PSEUDONYM_KEY', 'must be set in production (every instance needs the same key)');
  }
  if (auditKey !== undefined && auditKey.length < 32) {
    throw new ConfigError('AUDIT_PSEUDONYM_KEY', `is ${auditKey.length} characters long (at least 32 are required)`);
  }
  return {
    auditPseudonymKey: auditKey ?? DEVELOPMENT_AUDIT_KEY,
    tokens,
    clockToleranceSeconds: readInt(env, 'AUTH_CLOCK_TOLERANCE_SECONDS', { min: 0, max: 300, fallback: 30 }),
    ticketHolderSecret: ticketSecret ?? DEVELOPMENT_TICKET_SECRET,
  };
}

/**
 * `AUTH_JWKS_URL` (with `AUTH_ISSUER` and `AUTH_AUDIENCE`) selects OIDC; otherwise `AUTH_JWT_SECRET` (HS256). The two
 * exclude each other. Production requires OIDC and refuses HS256 outright: a shared secret lets whoever issues tokens
 * (and whoever reads the secret) sign any role.
 */
function readTokenVerification(env: Environment, production: boolean): TokenVerificationConfig {
  const secret = readString(env, 'AUTH_JWT_SECRET');
  const jwksUrl = readString(env, 'AUTH_JWKS_URL');
  if (production && secret !== undefined) {
    throw new ConfigError('AUTH_JWT_SECRET', 'is refused in production: HS256 shared secrets are for development; set AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE (OIDC)');
  }
  if (jwksUrl === undefined) {
    if (production) throw new ConfigError('AUTH_JWKS_URL', 'must be set in production (with AUTH_ISSUER and AUTH_AUDIENCE): tokens are verified with the OIDC issuer\'s keys');
    if (secret !== undefined && secret.length < 32) {
      throw new ConfigError('AUTH_JWT_SECRET', `is ${secret.length} characters long (at least 32 are required for HS256)`);
    }
    return { kind: 'hs256', secret: secret ?? DEVELOPMENT_JWT_SECRET, usingDevelopmentSecret: secret === undefined };
  }
  if (secret !== undefined) {
    throw new ConfigError('AUTH_JWT_SECRET', 'must not be set together with AUTH_JWKS_URL (tokens are verified either with a shared secret or with the issuer\'s keys)');
  }
  const withJwks = (name: string, what: string): string => {
    const value = readString(env, name);
    if (value === undefined) throw new ConfigError(name, `must be set with AUTH_JWKS_URL (${what})`);
    return value;
  };
  return {
    kind: 'oidc',
    jwksUrl: readJwksUrl(jwksUrl, production),
    issuer: withJwks('AUTH_ISSUER', 'the iss claim every token must carry'),
    audience: withJwks('AUTH_AUDIENCE', 'the aud claim every token must carry'),
    jwksCooldownSeconds: readInt(env, 'AUTH_JWKS_COOLDOWN_SECONDS', { min: 0, max: 3_600, fallback: 30 }),
  };
}

/** The keys that decide every role must not travel in clear text: https, except to this host itself (a sidecar). */
function readJwksUrl(value: string, production: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('AUTH_JWKS_URL', `="${value}" is not a URL (e.g. https://sso.jambiprov.go.id/realms/asn/protocol/openid-connect/certs)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('AUTH_JWKS_URL', `="${value}" is not an http(s) URL`);
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (production && url.protocol === 'http:' && !loopback) {
    throw new ConfigError('AUTH_JWKS_URL', `="${value}" must use https in production (plain http only to this host itself)`);
  }
  return value;
}

/**
 * Each source is configured by its URL variable and the credentials that go with it. Outside production a source
 * without a URL is served by its sandbox stand-in; in production the missing URL is an error that names it.
 */
function readSources(env: Environment, production: boolean): SourcesConfig {
  const source = <T>(urlVariable: string, read: (url: string) => T): SourceSetting<T> => {
    const url = readString(env, urlVariable);
    if (url === undefined) {
      if (production) throw new ConfigError(urlVariable, 'must be set in production (sandbox stand-ins are for development)');
      return { kind: 'sandbox' };
    }
    return { kind: 'remote', ...read(url) };
  };
  const required = (name: string): string => {
    const value = readString(env, name);
    if (value === undefined) throw new ConfigError(name, 'must be set when its source URL is set');
    return value;
  };
  return {
    bkd: source('BKD_SIASN_URL', (url) => ({
      url: readHttpUrl('BKD_SIASN_URL', url),
      clientId: required('BKD_SIASN_CLIENT_ID'),
      clientSecret: required('BKD_SIASN_CLIENT_SECRET'),
    })),
    disdik: source('DAPODIK_URL', (url) => ({ url: readHttpUrl('DAPODIK_URL', url), token: required('DAPODIK_TOKEN') })),
    dinkes: source('SATUSEHAT_URL', (url) => ({
      url: readHttpUrl('SATUSEHAT_URL', url),
      clientId: required('SATUSEHAT_CLIENT_ID'),
      clientSecret: required('SATUSEHAT_CLIENT_SECRET'),
    })),
    disdukcapil: source('DISDUKCAPIL_DATABASE_URL', (url) => ({ databaseUrl: parsePostgresUrl(url, 'DISDUKCAPIL_DATABASE_URL') })),
    added: new Map<AgencyCode, SourceSetting<{ settings: unknown }>>(ADDED_CONNECTORS.map((module) => [module.agency, source(module.urlVariable, (url) => ({ settings: addedSettings(module, url, required) }))])),
    timeoutMs: readInt(env, 'SOURCE_TIMEOUT_MS', { min: 50, max: 60_000, fallback: 2_000 }),
    retries: readInt(env, 'SOURCE_RETRIES', { min: 0, max: 5, fallback: 2 }),
    concurrency: readInt(env, 'SOURCE_CONCURRENCY', { min: 1, max: 256, fallback: 8 }),
    breakerThreshold: readInt(env, 'SOURCE_BREAKER_THRESHOLD', { min: 1, max: 1_000, fallback: 5 }),
    breakerCooldownMs: readInt(env, 'SOURCE_BREAKER_COOLDOWN_MS', { min: 100, max: 3_600_000, fallback: 10_000 }),
    cacheTtlMs: readInt(env, 'SOURCE_CACHE_TTL_MS', { min: 0, max: 3_600_000, fallback: 30_000 }),
    catalogSyncIntervalSeconds: readInt(env, 'CATALOG_SYNC_INTERVAL_SECONDS', { min: 5, max: 86_400, fallback: 300 }),
    staffSyncIntervalSeconds: readStaffSyncInterval(env),
  };
}

/** An added source's settings, made by its module from its URL (checked here) and its credential variables. */
function addedSettings(module: ConnectorModule<unknown>, url: string, required: (name: string) => string): unknown {
  const checkedUrl = readHttpUrl(module.urlVariable, url);
  return module.settingsFrom((variable) => {
    if (variable === module.urlVariable) return checkedUrl;
    if (!module.credentialVariables.includes(variable)) throw new Error(`the ${module.agency} module reads ${variable}, which it does not declare`);
    return required(variable);
  });
}

/**
 * `STAFF_SYNC_INTERVAL_SECONDS`: 0 turns the scheduled sync off (an ADMIN's `syncStaff` still runs one); otherwise
 * at least a minute (a full sync is thousands of SIASN calls) and at most a week.
 */
function readStaffSyncInterval(env: Environment): number | null {
  const fallback = readString(env, 'NODE_ENV') === 'test' ? 0 : 21_600;
  const seconds = readInt(env, 'STAFF_SYNC_INTERVAL_SECONDS', { min: 0, max: 604_800, fallback, what: 'a number of seconds: 0 (off) or 60 to 604800' });
  if (seconds !== 0 && seconds < 60) throw new ConfigError('STAFF_SYNC_INTERVAL_SECONDS', `=${seconds} is too short: 0 (off) or at least 60`);
  return seconds === 0 ? null : seconds;
}

function readHttpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `="${value}" is not a URL (expected https://host/path)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(name, `="${value}" is not an http(s) URL`);
  if (url.username !== '' || url.password !== '') throw new ConfigError(name, 'must not carry credentials (use the _CLIENT_ID/_SECRET/_TOKEN variables)');
  return value;
}

/** The OTLP/HTTP traces URL, from the standard OpenTelemetry variables; null (tracing off) when neither is set. */
function readTracesUrl(env: Environment): string | null {
  const traces = readString(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const base = readString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const [name, value] = traces !== undefined ? ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', traces] : ['OTEL_EXPORTER_OTLP_ENDPOINT', base];
  if (value === undefined) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `="${value}" is not a URL (e.g. http://otel-collector:4318)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(name, `="${value}" is not an http(s) URL`);
  return traces !== undefined ? url.toString() : `${url.toString().replace(/\/$/, '')}/v1/traces`;
}

function readRatio(env: Environment, name: string, fallback: number): number {
  const value = readString(env, name);
  if (value === undefined) return fallback;
  const ratio = Number(value);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) throw new ConfigError(name, `="${value}" is not a number from 0 to 1`);
  return ratio;
}

function readCorsOrigins(env: Environment, production: boolean): '*' | readonly string[] {
  const value = readString(env, 'CORS_ORIGINS');
  if (value === undefined) return production ? [] : '*';
  if (value === '*') return '*';
  const origins = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || parsed.origin !== origin) {
      throw new ConfigError('CORS_ORIGINS', `has "${origin}", which is not an origin like https://dashboard.jambiprov.go.id`);
    }
  }
  return origins;
}

/** Unset and empty are the same: an empty variable is how shells and compose files "unset" a value. */
function readString(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function readInt(
  env: Environment,
  name: string,
  options: { min: number; max: number; fallback: number; what?: string },
): number {
  const value = readString(env, name);
  if (value === undefined) return options.fallback;
  const what = options.what ?? `an integer from ${options.min} to ${options.max}`;
  if (!/^-?\d+$/.test(value)) throw new ConfigError(name, `="${value}" is not ${what}`);
  const n = Number(value);
  if (n < options.min || n > options.max) throw new ConfigError(name, `=${value} is out of range (${options.min}..${options.max})`);
  return n;
}

function readBool(env: Environment, name: string, fallback: boolean): boolean {
  const value = readString(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(name, `="${value}" is not a boolean (use true or false)`);
}

function readEnum<T extends string>(env: Environment, name: string, allowed: readonly T[], fallback: T): T {
  const value = readString(env, name);
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(name, `="${value}" is not one of ${allowed.join(', ')}`);
}
