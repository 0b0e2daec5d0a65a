/**
 * What one request cost: SQL statements issued and source-system calls made. Counted through an
 * AsyncLocalStorage so that work done in DataLoader batches and connector calls is attributed to the request that
 * caused it, even with many requests in flight. This is how tests and benchmarks show there is no N+1.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span } from '@opentelemetry/api';

export interface RequestStats {
  sqlStatements: number;
  sourceCalls: number;
  readonly startedAt: number;
  /** The operation's trace span, when tracing is on: SQL statements and source calls become its children. */
  span: Span | undefined;
}

export class RequestStatsScope {
  private readonly storage = new AsyncLocalStorage<RequestStats>();

  /** Runs `fn` with a fresh stats record that every statement and source call made on its behalf is counted in. */
  run<T>(fn: (stats: RequestStats) => T): T {
    const stats: RequestStats = { sqlStatements: 0, sourceCalls: 0, startedAt: performance.now(), span: undefined };
    return this.storage.run(stats, () => fn(stats));
  }

  current(): RequestStats | undefined {
    return this.storage.getStore();
  }

  countSourceCall(): void {
    const stats = this.storage.getStore();
    if (stats !== undefined) stats.sourceCalls++;
  }
}
