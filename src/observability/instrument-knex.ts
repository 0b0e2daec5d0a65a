/**
 * One place that watches every SQL statement: counted in the request's stats (the N+1 checks), in metrics, and as a
 * span under the current operation. Statement text goes into spans, bindings never (they may hold personal data).
 */
import type { Knex } from 'knex';
import type { RequestStatsScope } from '../request-stats.js';
import type { HubMetrics } from './metrics.js';
import type { Tracing } from './tracing.js';
import type { Span } from '@opentelemetry/api';

interface QueryEvent {
  sql?: string;
  __knexQueryUid?: string;
}

export function instrumentKnex(knex: Knex, scope: RequestStatsScope, metrics: HubMetrics, tracing: Tracing): void {
  // BEGIN and COMMIT have no uid and no response event: they are counted, not timed.
  const running = new Map<string, { startedAt: number; span: Span | undefined }>();
  knex.on('query', (query: QueryEvent) => {
    const stats = scope.current();
    if (stats !== undefined) stats.sqlStatements++;
    if (query.__knexQueryUid === undefined) {
      metrics.sqlStatements.inc({ outcome: 'ok' });
      return;
    }
    const span = tracing.startChild(stats?.span, 'sql', { 'db.system.name': 'postgresql', 'db.query.text': query.sql ?? '' });
    running.set(query.__knexQueryUid, { startedAt: performance.now(), span });
  });
  const finish = (query: QueryEvent, error?: unknown) => {
    const uid = query.__knexQueryUid;
    const started = uid === undefined ? undefined : running.get(uid);
    if (uid === undefined || started === undefined) return;
    running.delete(uid);
    metrics.sqlStatements.inc({ outcome: error === undefined ? 'ok' : 'error' });
    metrics.sqlDuration.observe((performance.now() - started.startedAt) / 1000);
    tracing.end(started.span, error);
  };
  knex.on('query-response', (_response: unknown, query: QueryEvent) => finish(query));
  knex.on('query-error', (error: unknown, query: QueryEvent) => finish(query, error ?? new Error('query failed')));
}
