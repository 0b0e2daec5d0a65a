/**
 * Prometheus metrics for one hub instance, served at /metrics. One registry per hub (not prom-client's global), so
 * several hubs in one process (tests) keep their own figures.
 *
 * Label values that clients choose (operation names) are capped: a client inventing a new name per request must not
 * grow the registry without bound, so past `maxOperationNames` distinct names the rest count as `other`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type BreakerState = 'closed' | 'half_open' | 'open';
const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

export interface MetricsSources {
  /** Connections of the database pool. */
  pool(): { used: number; free: number; pending: number; max: number };
  /** Waiting tickets per office today; read when Prometheus scrapes. */
  queueDepth(): Promise<{ officeCode: string; waiting: number }[]>;
  webSocketConnections(): number;
  subscriptions(): number;
  ready(): boolean;
  listenConnected(): boolean;
}

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export class HubMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();

  readonly httpRequests = new Counter({
    name: 'sepucuk_http_requests_total',
    help: 'HTTP requests by route and status code.',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });
  readonly operations = new Counter({
    name: 'sepucuk_graphql_operations_total',
    help: 'GraphQL operations (HTTP and graphql-ws) by operation name, type and outcome (ok or error).',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly operationErrors = new Counter({
    name: 'sepucuk_graphql_errors_total',
    help: 'Errors in GraphQL responses by operation name and extensions.code.',
    labelNames: ['operation', 'code'] as const,
    registers: [this.registry],
  });
  readonly operationDuration = new Histogram({
    name: 'sepucuk_graphql_operation_duration_seconds',
    help: 'Time to answer a GraphQL operation, by operation name and type.',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly subscriptionMessages = new Counter({
    name: 'sepucuk_subscription_messages_total',
    help: 'Messages sent to graphql-ws subscribers, by subscription field.',
    labelNames: ['field'] as const,
    registers: [this.registry],
  });
  readonly sourceDuration = new Histogram({
    name: 'sepucuk_source_request_duration_seconds',
    help: 'Calls to agency source systems by agency, call and outcome (ok, error, timeout, rejected by the breaker).',
    labelNames: ['agency', 'call', 'outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [this.registry],
  });
  readonly breakerState = new Gauge({
    name: 'sepucuk_source_breaker_state',
    help: 'Circuit breaker per source: 0 closed, 1 half-open, 2 open.',
    labelNames: ['agency'] as const,
    registers: [this.registry],
  });
  readonly loaderBatchSize = new Histogram({
    name: 'sepucuk_dataloader_batch_size',
    help: 'Keys per DataLoader batch, by loader.',
    labelNames: ['loader'] as const,
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers: [this.registry],
  });
  readonly sqlStatements = new Counter({
    name: 'sepucuk_sql_statements_total',
    help: 'SQL statements sent to the hub database, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly sqlDuration = new Histogram({
    name: 'sepucuk_sql_statement_duration_seconds',
    help: 'Time per SQL statement, including waiting for a pooled connection.',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly pubsubLag = new Histogram({
    name: 'sepucuk_pubsub_lag_seconds',
    help: 'From a change being announced (NOTIFY, before commit) to this instance dispatching it to subscribers.',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });

  constructor(
    sources: MetricsSources,
    private readonly maxOperationNames = 200,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'sepucuk_' });
    const registers = [this.registry];
    new Gauge({
      name: 'sepucuk_db_pool_connections',
      help: 'Database pool connections by state (used, free, pending acquires, max).',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const pool = sources.pool();
        for (const state of ['used', 'free', 'pending', 'max'] as const) this.set({ state }, pool[state]);
      },
    });
    new Gauge({
      name: 'sepucuk_queue_waiting_tickets',
      help: "Tickets waiting today (Asia/Jakarta) per office.",
      labelNames: ['office'] as const,
      registers,
      async collect() {
        this.reset();
        for (const { officeCode, waiting } of await sources.queueDepth()) this.set({ office: officeCode }, waiting);
      },
    });
    new Gauge({
      name: 'sepucuk_websocket_connections',
      help: 'Open graphql-ws connections on this instance.',
      registers,
      collect() {
        this.set(sources.webSocketConnections());
      },
    });
    new Gauge({
      name: 'sepucuk_subscriptions_active',
      help: 'Active subscriptions on this instance.',
      registers,
      collect() {
        this.set(sources.subscriptions());
      },
    });
    new Gauge({
      name: 'sepucuk_ready',
      help: '1 while /readyz would answer ready (started, not stopping).',
      registers,
      collect() {
        this.set(sources.ready() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'sepucuk_listen_connected',
      help: '1 while the LISTEN connection for cross-instance events is up.',
      registers,
      collect() {
        this.set(sources.listenConnected() ? 1 : 0);
      },
    });
  }

  /** The label for an operation name: the name when it is well formed and there is room, else `other`/`anonymous`. */
  operationLabel(name: string | null | undefined): string {
    if (name === null || name === undefined || name === '') return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= this.maxOperationNames) return 'other';
    this.operationNames.add(name);
    return name;
  }

  setBreakerState(agency: string, state: BreakerState): void {
    this.breakerState.set({ agency }, BREAKER_VALUE[state]);
  }

  /** Records one finished operation with its error codes. */
  recordOperation(name: string | null | undefined, type: string, seconds: number, errorCodes: readonly string[]): void {
    const operation = this.operationLabel(name);
    this.operations.inc({ operation, type, outcome: errorCodes.length === 0 ? 'ok' : 'error' });
    this.operationDuration.observe({ operation, type }, seconds);
    for (const code of errorCodes) this.operationErrors.inc({ operation, code });
  }
}
