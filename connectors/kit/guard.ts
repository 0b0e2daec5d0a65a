/**
 * Every call to a source system goes through its {@link SourceGuard}: one time budget for the whole call, retries with
 * jittered backoff for idempotent reads (inside that budget), a circuit breaker, and a concurrency limit with a small
 * queue. The guard also keeps the source's status (breaker state, last success, last error, latency) that `sources`
 * shows, and tells an observer about every attempt (request stats, metrics, trace spans).
 *
 * The policies come from cockatiel: a well-kept library whose breaker, bulkhead and backoff are tested far beyond what
 * a hand-written copy here would be.
 */
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IPolicy,
} from 'cockatiel';
import type { AgencyCode } from '../../src/domain/catalog.js';
import { SourceError, type SourceFailure } from './source-error.js';

export interface GuardOptions {
  /** Budget for one call, all attempts and queueing included; past it the call fails with TIMEOUT. @default 2_000 */
  timeoutMs: number;
  /** Extra attempts for idempotent reads after a retryable failure (never past the budget). @default 2 */
  retries: number;
  /** Calls in flight to this source at once; more wait in a queue. @default 8 */
  concurrency: number;
  /** Calls that may wait for a free slot; beyond that a call fails at once with OVERLOADED. @default 200 */
  queueLimit: number;
  /** Consecutive failed calls (each with its retries) that open the breaker. @default 5 */
  breakerThreshold: number;
  /** How long an open breaker refuses calls before letting one through to test the source. @default 10_000 */
  breakerCooldownMs: number;
}

export const DEFAULT_GUARD_OPTIONS: GuardOptions = {
  timeoutMs: 2_000,
  retries: 2,
  concurrency: 8,
  queueLimit: 200,
  breakerThreshold: 5,
  breakerCooldownMs: 10_000,
};

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface SourceHealthStatus {
  breaker: BreakerState;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastFailure: SourceFailure | null;
  /** Moving average of successful attempts' latency; null before the first success. */
  latencyMs: number | null;
  /** True when the last attempt succeeded and the breaker is closed. */
  healthy: boolean;
}

/** What a guarded attempt carries to the wire. */
export interface CallContext {
  signal: AbortSignal;
  /** Headers to send with an HTTP call (e.g. `traceparent`); empty when nothing is traced. */
  headers: Record<string, string>;
}

export type CallOutcome = 'ok' | 'error' | 'timeout' | 'rejected';

/** Hooks the hub attaches: request stats, metrics and trace spans per attempt, breaker changes. */
export interface SourceObserver {
  attemptStarted(agency: AgencyCode, call: string): { headers: Record<string, string>; end(outcome: CallOutcome, error?: unknown): void };
  /** A call refused without an attempt (breaker open, queue full). */
  callRejected(agency: AgencyCode, call: string, failure: SourceFailure): void;
  breakerChanged(agency: AgencyCode, state: BreakerState): void;
}

export const SILENT_OBSERVER: SourceObserver = {
  attemptStarted: () => ({ headers: {}, end: () => {} }),
  callRejected: () => {},
  breakerChanged: () => {},
};

const BREAKER_STATES: Readonly<Record<CircuitState, BreakerState>> = {
  [CircuitState.Closed]: 'CLOSED',
  [CircuitState.Open]: 'OPEN',
  [CircuitState.HalfOpen]: 'HALF_OPEN',
  [CircuitState.Isolated]: 'OPEN',
};

/** Failures that say something about the source's health (a bad request of ours would not). */
const countsAgainstSource = (error: unknown): boolean => error instanceof SourceError && error.failure !== 'DENIED';

export class SourceGuard {
  private readonly breaker;
  private readonly idempotent: IPolicy;
  private readonly once: IPolicy;
  private lastSuccessAt: Date | null = null;
  private lastFailureAt: Date | null = null;
  private lastFailure: SourceFailure | null = null;
  private latencyMs: number | null = null;
  private lastAttemptFailed = false;

  constructor(
    readonly agency: AgencyCode,
    readonly options: GuardOptions,
    private readonly observer: SourceObserver = SILENT_OBSERVER,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.breaker = circuitBreaker(handleWhen(countsAgainstSource), {
      halfOpenAfter: options.breakerCooldownMs,
      breaker: new ConsecutiveBreaker(options.breakerThreshold),
    });
    this.breaker.onStateChange((state) => observer.breakerChanged(agency, BREAKER_STATES[state]));
    const budget = timeout(options.timeoutMs, TimeoutStrategy.Aggressive);
    const limit = bulkhead(options.concurrency, options.queueLimit);
    const retries = retry(
      handleWhen((error) => error instanceof SourceError && error.retryable),
      { maxAttempts: options.retries, backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 400 }) },
    );
    // The breaker sees calls, not attempts: one read that failed three times is one failure.
    this.idempotent = wrap(budget, this.breaker, retries, limit);
    this.once = wrap(budget, this.breaker, limit);
  }

  /**
   * Runs `attempt` under the policies. `call` names the kind of call for metrics and spans (e.g. `rw-diklat`), never
   * an id. Reads are retried; pass `idempotent: false` for anything that must not happen twice.
   */
  async run<T>(call: string, attempt: (context: CallContext) => Promise<T>, options: { idempotent?: boolean } = {}): Promise<T> {
    const policy = options.idempotent === false ? this.once : this.idempotent;
    try {
      return await policy.execute(({ signal }) => this.attempt(call, signal, attempt));
    } catch (error) {
      throw this.classify(call, error);
    }
  }

  status(): SourceHealthStatus {
    const breaker = BREAKER_STATES[this.breaker.state];
    return {
      breaker,
      lastSuccessAt: this.lastSuccessAt,
      lastFailureAt: this.lastFailureAt,
      lastFailure: this.lastFailure,
      latencyMs: this.latencyMs === null ? null : Math.round(this.latencyMs * 10) / 10,
      healthy: breaker === 'CLOSED' && !this.lastAttemptFailed,
    };
  }

  private async attempt<T>(call: string, signal: AbortSignal, attempt: (context: CallContext) => Promise<T>): Promise<T> {
    // cockatiel's retry starts the next attempt after its backoff even when the budget ran out meanwhile: not here.
    if (signal.aborted) throw new SourceError(this.agency, 'TIMEOUT', `${call}: budget spent before this attempt`, { retryable: false });
    const observation = this.observer.attemptStarted(this.agency, call);
    const startedAt = performance.now();
    try {
      const result = await attempt({ signal, headers: observation.headers });
      this.recordSuccess(performance.now() - startedAt);
      observation.end('ok');
      return result;
    } catch (error) {
      const failure = signal.aborted ? new SourceError(this.agency, 'TIMEOUT', `${call}: no answer within ${this.options.timeoutMs} ms`, { cause: error }) : this.asSourceError(call, error);
      this.recordFailure(failure.failure);
      observation.end(failure.failure === 'TIMEOUT' ? 'timeout' : 'error', failure);
      throw failure;
    }
  }

  /** Turns what the policies throw into a SourceError; attempts' own errors are SourceErrors already. */
  private classify(call: string, error: unknown): SourceError {
    if (error instanceof TaskCancelledError) {
      this.recordFailure('TIMEOUT');
      return new SourceError(this.agency, 'TIMEOUT', `${call}: no answer within ${this.options.timeoutMs} ms`, { cause: error });
    }
    if (error instanceof BrokenCircuitError) {
      this.observer.callRejected(this.agency, call, 'BREAKER_OPEN');
      return new SourceError(this.agency, 'BREAKER_OPEN', `${call}: breaker open`, { cause: error, retryable: false });
    }
    if (error instanceof BulkheadRejectedError) {
      this.observer.callRejected(this.agency, call, 'OVERLOADED');
      return new SourceError(this.agency, 'OVERLOADED', `${call}: concurrency limit and queue full`, { cause: error, retryable: false });
    }
    return this.asSourceError(call, error);
  }

  private asSourceError(call: string, error: unknown): SourceError {
    if (error instanceof SourceError) return error;
    return new SourceError(this.agency, 'UNAVAILABLE', `${call}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }

  private recordSuccess(ms: number): void {
    this.lastSuccessAt = this.now();
    this.lastAttemptFailed = false;
    // An exponentially weighted average: recent calls matter most, one slow call does not dominate.
    this.latencyMs = this.latencyMs === null ? ms : this.latencyMs * 0.8 + ms * 0.2;
  }

  private recordFailure(failure: SourceFailure): void {
    this.lastFailureAt = this.now();
    this.lastFailure = failure;
    this.lastAttemptFailed = true;
  }
}
