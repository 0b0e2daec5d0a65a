/**
 * Apollo plugins: one log line per operation, error logging with the request id, and the `extensions.stats` that
 * shows what a request cost.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { HubContext } from '../context.js';
import { roleOf } from '../domain/principal.js';
import { HubError, toClientError, unwrap } from '../errors.js';
import type { HubMetrics } from '../observability/metrics.js';

export interface RequestStatsSummary {
  sqlStatements: number;
  sourceCalls: number;
  durationMs: number;
}

export function summarizeStats(ctx: HubContext): RequestStatsSummary | undefined {
  const stats = ctx.stats;
  if (stats === undefined) return undefined;
  return {
    sqlStatements: stats.sqlStatements,
    sourceCalls: stats.sourceCalls,
    durationMs: Math.round((performance.now() - stats.startedAt) * 10) / 10,
  };
}

/** Logs an operation's errors: ours and the client's at debug level, anything unexpected at error level with its stack. */
export function logOperationErrors(ctx: HubContext, errors: readonly GraphQLError[]): void {
  for (const error of errors) {
    const original = unwrap(error);
    if (original instanceof HubError || !(error.originalError instanceof Error)) {
      ctx.log.debug({ code: error.extensions['code'], path: error.path, message: error.message }, 'operation error');
    } else {
      ctx.log.error({ err: original, path: error.path }, 'unexpected error in operation');
    }
  }
}

/** Error codes of a finished response as the client sees them (after formatting onto the closed set). */
function responseErrorCodes(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): string[] {
  return (errors ?? []).map((e) => String(e.extensions?.['code'] ?? 'INTERNAL_SERVER_ERROR'));
}

/**
 * One log line, one metrics record and a named trace span per operation; `extensions.stats` when configured.
 */
export function requestObservabilityPlugin(options: { exposeStats: boolean; metrics: HubMetrics; maskUnexpected: boolean }): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operationName, operation }) {
          const span = contextValue.stats?.span;
          span?.updateName(`${operation?.operation ?? 'operation'} ${operationName ?? 'anonymous'}`);
          span?.setAttributes({ 'graphql.operation.type': operation?.operation ?? '', 'graphql.operation.name': operationName ?? '' });
        },
        async didEncounterErrors({ contextValue, errors }) {
          logOperationErrors(contextValue, errors);
        },
        async willSendResponse({ contextValue, response, operationName, operation }) {
          const summary = summarizeStats(contextValue);
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const partial = contextValue.partialErrors.take();
          if (partial.length > 0 && body !== undefined) {
            body.errors = [...(body.errors ?? []), ...partial.map((e) => toClientError(e.toJSON(), e, { maskUnexpected: options.maskUnexpected }))];
          }
          const codes = responseErrorCodes(body?.errors);
          options.metrics.recordOperation(operationName, operation?.operation ?? 'invalid', (summary?.durationMs ?? 0) / 1000, codes);
          if (options.exposeStats && summary !== undefined && body !== undefined) {
            body.extensions = { ...body.extensions, stats: summary };
          }
          contextValue.log.info(
            {
              operation: operationName ?? null,
              role: roleOf(contextValue.principal),
              agency: contextValue.principal.kind === 'user' ? contextValue.principal.agency : null,
              ...summary,
              errorCodes: codes,
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
