/**
 * The OperationGuard for HTTP: reads the operation(s) of a GET (search parameters) or POST (JSON body, or a batch
 * array when batching is on), checks each one, and hands Apollo the request with persisted operations resolved to
 * their text. A refused request never reaches Apollo: it gets 400 and the errors, with no context built and nothing
 * executed.
 *
 * Bodies that are not JSON (forms, text) are passed on untouched: Apollo refuses them (CSRF prevention, "POST body
 * missing"), and it executes only JSON objects, which are always checked here.
 */
import type { GraphQLError } from 'graphql';
import type { HubError } from '../errors.js';
import { refusal, type OperationGuard, type OperationRequest, type PreparedOperation } from '../operations/guard.js';
import { selectOperation } from '../operations/persisted.js';
import { RefusalReason } from '../operations/reasons.js';

export type HttpOperations = { ok: true; body: unknown; search: string } | { ok: false; status: number; errors: readonly GraphQLError[] };

export interface HttpOperationOptions {
  guard: OperationGuard;
  /** Operations in one batched POST (a JSON array); 0 refuses batches. GRAPHQL_MAX_BATCH_SIZE. */
  maxBatchSize: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const badRequest = (message: string, reason: RefusalReason): HttpOperations => ({ ok: false, status: 400, errors: [refusal(message, reason)] });

/**
 * graphql-js would run a subscription sent over HTTP as if it were a query, calling its resolver without an event:
 * refused, pointing at graphql-ws.
 */
function subscriptionOverHttp(operation: PreparedOperation): HubError | null {
  if (selectOperation(operation.document, operation.operationName)?.operation !== 'subscription') return null;
  return refusal('subscriptions run over graphql-ws (the same URL with ws:// or wss://), not over HTTP', RefusalReason.SubscriptionOverHttp);
}

/** The body Apollo gets: the text to run, and no persistedQuery extension (the hub resolved it; Apollo's APQ is off). */
function resolved(body: Record<string, unknown>, query: string): Record<string, unknown> {
  const extensions = body['extensions'];
  if (!isRecord(extensions) || !('persistedQuery' in extensions)) return { ...body, query };
  const { persistedQuery: _resolved, ...rest } = extensions;
  return { ...body, query, extensions: rest };
}

function checkOne(guard: OperationGuard, body: Record<string, unknown>): { ok: true; body: Record<string, unknown> } | { ok: false; errors: readonly GraphQLError[] } {
  const result = guard.prepare(body, { validate: false });
  if (!result.ok) return result;
  const subscription = subscriptionOverHttp(result.operation);
  return subscription === null ? { ok: true, body: resolved(body, result.operation.query) } : { ok: false, errors: [subscription] };
}

function checkPost(options: HttpOperationOptions, body: unknown, search: string): HttpOperations {
  if (Array.isArray(body)) {
    if (options.maxBatchSize === 0) return badRequest('batched requests are off (GRAPHQL_MAX_BATCH_SIZE=0): send one operation per request', RefusalReason.BatchLimit);
    if (body.length === 0) return badRequest('the batch is empty', RefusalReason.BatchLimit);
    if (body.length > options.maxBatchSize) {
      return badRequest(`the batch has ${body.length} operations: at most ${options.maxBatchSize} allowed (GRAPHQL_MAX_BATCH_SIZE)`, RefusalReason.BatchLimit);
    }
    const checked: Record<string, unknown>[] = [];
    for (const item of body) {
      if (!isRecord(item)) return badRequest('each operation of a batch must be a JSON object', RefusalReason.BatchLimit);
      const one = checkOne(options.guard, item);
      if (!one.ok) return { ok: false, status: 400, errors: one.errors };
      checked.push(one.body);
    }
    return { ok: true, body: checked, search };
  }
  if (!isRecord(body)) return { ok: true, body, search };
  const one = checkOne(options.guard, body);
  return one.ok ? { ok: true, body: one.body, search } : { ok: false, status: 400, errors: one.errors };
}

function checkGet(options: HttpOperationOptions, body: unknown, search: string): HttpOperations {
  const params = new URLSearchParams(search);
  const request: OperationRequest = {};
  for (const name of ['query', 'operationName', 'variables', 'extensions'] as const) {
    const values = params.getAll(name);
    if (values.length > 1) return badRequest(`the ${name} search parameter may only be given once`, RefusalReason.BadRequest);
    const value = values[0];
    if (value === undefined) continue;
    if (name === 'variables' || name === 'extensions') {
      try {
        request[name] = JSON.parse(value) as unknown;
      } catch {
        return badRequest(`the ${name} search parameter is not valid JSON`, RefusalReason.BadRequest);
      }
    } else {
      request[name] = value;
    }
  }
  const result = options.guard.prepare(request, { validate: false });
  if (!result.ok) return { ok: false, status: 400, errors: result.errors };
  const subscription = subscriptionOverHttp(result.operation);
  if (subscription !== null) return { ok: false, status: 400, errors: [subscription] };
  params.set('query', result.operation.query);
  if (isRecord(request.extensions) && 'persistedQuery' in request.extensions) {
    const { persistedQuery: _resolved, ...rest } = request.extensions;
    if (Object.keys(rest).length === 0) params.delete('extensions');
    else params.set('extensions', JSON.stringify(rest));
  }
  return { ok: true, body, search: `?${params.toString()}` };
}

/** Checks the operations of one request to /graphql; `search` is the URL's query string (with its `?`, or empty). */
export function checkHttpOperations(options: HttpOperationOptions, method: 'GET' | 'POST', body: unknown, search: string): HttpOperations {
  switch (method) {
    case 'GET':
      return checkGet(options, body, search);
    case 'POST':
      return checkPost(options, body, search);
  }
}
