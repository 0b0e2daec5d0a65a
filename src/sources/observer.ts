/**
 * What the hub learns from every source call: it counts in the request's stats (the N+1 checks), in the latency
 * histogram per agency and call, as a client span under the operation's trace (whose context the call carries to the
 * source), and in the breaker-state gauge.
 */
import { SpanKind } from '@opentelemetry/api';
import type { SourceObserver } from '../../connectors/kit/guard.js';
import type { Logger } from '../logger.js';
import type { HubMetrics } from '../observability/metrics.js';
import type { Tracing } from '../observability/tracing.js';
import type { RequestStatsScope } from '../request-stats.js';

const BREAKER_METRIC = { CLOSED: 'closed', OPEN: 'open', HALF_OPEN: 'half_open' } as const;

export function createSourceObserver(scope: RequestStatsScope, metrics: HubMetrics, tracing: Tracing, log: Logger): SourceObserver {
  return {
    attemptStarted(agency, call) {
      const stats = scope.current();
      if (stats !== undefined) stats.sourceCalls++;
      const span = tracing.startChild(stats?.span, `source ${agency} ${call}`, { 'sepucuk.agency': agency, 'sepucuk.source.call': call }, SpanKind.CLIENT);
      const headers: Record<string, string> = {};
      tracing.inject(span, headers);
      const startedAt = performance.now();
      return {
        headers,
        end(outcome, error) {
          metrics.sourceDuration.observe({ agency, call, outcome }, (performance.now() - startedAt) / 1000);
          tracing.end(span, error);
        },
      };
    },
    callRejected(agency, call) {
      metrics.sourceDuration.observe({ agency, call, outcome: 'rejected' }, 0);
    },
    breakerChanged(agency, state) {
      metrics.setBreakerState(agency, BREAKER_METRIC[state]);
      const level = state === 'CLOSED' ? 'info' : 'warn';
      log[level]({ agency, breaker: state }, `source ${agency}: breaker ${state.toLowerCase().replace('_', '-')}`);
    },
  };
}
