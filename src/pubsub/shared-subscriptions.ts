/**
 * Identical subscriptions run once per event. Ten thousand boards watching one office ask the same document with the
 * same variables; executing it ten thousand times per change (and serialising ten thousand copies) is what made
 * fan-out slow and large. Here each subscriber keeps its own source stream (its own first message, its own filter and
 * end, as the root field's `subscribe` makes them), but what an event becomes is computed once per group of identical
 * subscriptions: executed, formatted, serialised to one `payload` string, which is spliced into each subscriber's
 * `next` message (`{"id":<its own id>,"type":"next","payload":<shared>}`, byte for byte what graphql-ws would send).
 *
 * A group is (document, operation name, coerced variables, authorization scope). Only one scope is shared: the
 * public one. A subscription is shared when no field it can select (through aliases, fragments and every possible
 * type of an abstract one) carries an enforced rule of the authorization map (src/auth/field-rules.ts: a role gate or
 * personal data, on the field or its type); its events are then executed as the public principal, so a shared result
 * never holds more than the public may see, whoever subscribed. Every other subscription is executed per subscriber,
 * as graphql-ws does by default (complaintFiled, whose Complaint fields depend on the reader, is one).
 *
 * Events are shared by identity: the event bus hands one message object to every listener, and the rendered payload
 * is memoised per (message object, group) in a WeakMap, so it lives exactly as long as some subscriber still has the
 * message queued. A first message made per subscriber (the current state when it subscribed) is its own object and
 * so its own execution.
 */
import {
  Kind,
  createSourceEventStream,
  getNamedType,
  getOperationAST,
  isAbstractType,
  isCompositeType,
  isObjectType,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { FieldRule } from '../auth/field-rules.js';
import type { FieldRuleMap } from '../auth/enforce.js';
import { SubscriberTooSlowError } from './subscription-iterator.js';

/** Where one subscriber's messages go: its socket, under its own operation id. */
export interface SubscriberTarget {
  /** The subscriber's operation id (the `id` of its `subscribe` message). */
  readonly id: string;
  /** Queues one text frame (UTF-8 bytes) on the subscriber's socket. */
  send(frame: Buffer): void;
  /** Bytes queued on the socket and not yet written (ws's `bufferedAmount`). */
  bufferedAmount(): number;
}

export interface SharedSubscriptionsOptions<C> {
  schema: GraphQLSchema;
  /** The authorization map the schema enforces: which fields make a subscription unshareable. */
  rules: FieldRuleMap;
  /** Runs one execution of a group's document for one event (the caller adds stats and tracing). */
  execute(args: ExecutionArgs): Promise<ExecutionResult> | ExecutionResult;
  /** A fresh context for one shared execution, as the public principal. */
  sharedContext(): C;
  /** The `payload` of a `next` message for `result`, computed with `context` (errors formatted for clients). */
  format(result: ExecutionResult, context: C): FormattedExecutionResult;
  /** Told of every message sent, with the subscription's root field (metrics). */
  onSent?: (field: string) => void;
  /**
   * A subscriber whose socket holds more than this many unsent bytes when a message is due is ended with an error
   * (SubscriberTooSlowError) instead of buffering without bound. @default 4_194_304 (4 MiB)
   */
  maxBufferedBytes?: number;
}

export type SharedScope = 'public' | null;

const CLOSING_BRACE = Buffer.from('}');

/** One event's payload for one group, UTF-8 encoded: `bytes` once the execution finished. */
interface Rendered {
  bytes: Buffer | null;
  readonly promise: Promise<Buffer>;
}

type GroupArgs = Pick<ExecutionArgs, 'schema' | 'document'> & { operationName: string | null; variableValues: ExecutionArgs['variableValues'] | null };

export class SharedSubscriptions<C> {
  private readonly scopes = new WeakMap<DocumentNode, Map<string, SharedScope>>();
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private nextDocumentId = 1;
  private readonly rendered = new WeakMap<object, Map<string, Rendered>>();
  private readonly maxBufferedBytes: number;

  constructor(private readonly options: SharedSubscriptionsOptions<C>) {
    this.maxBufferedBytes = options.maxBufferedBytes ?? 4_194_304;
  }

  /** 'public' when the operation is a subscription that may be executed once for every subscriber; else null. */
  scopeOf(document: DocumentNode, operationName: string | null | undefined): SharedScope {
    let byName = this.scopes.get(document);
    if (byName === undefined) {
      byName = new Map();
      this.scopes.set(document, byName);
    }
    const name = operationName ?? '';
    let scope = byName.get(name);
    if (scope === undefined) {
      scope = publicOnly(this.options.schema, this.options.rules, document, operationName) ? 'public' : null;
      byName.set(name, scope);
    }
    return scope;
  }

  /**
   * Subscribes one subscriber whose operation {@link scopeOf} found shareable. `args` carry the subscriber's own
   * context, with which the root field's `subscribe` runs (its checks and its first message are the subscriber's).
   * Returns what graphql-ws manages: the result with errors when the subscription was refused, else an iterator that
   * yields nothing (the messages are written to `target` directly), ends when the subscription ends, fails with
   * the stream's error, and stops the subscriber when graphql-ws returns it (client `complete`, socket closed).
   */
  async subscribe(args: ExecutionArgs, target: SubscriberTarget): Promise<ExecutionResult | AsyncGenerator<ExecutionResult, void, void>> {
    const stream = await createSourceEventStream(args);
    if (!isAsyncIterable(stream)) return stream;
    const source = stream[Symbol.asyncIterator]();
    const key = this.groupKey(args);
    const field = rootFieldName(args.document, args.operationName);
    // The message as graphql-ws's JSON.stringify({ id, type, payload }) writes it, the payload encoded once per group.
    const head = Buffer.from(`{"id":${JSON.stringify(target.id)},"type":"next","payload":`);
    // What the group's executions need, without the subscriber's context: kept for as long as it stays subscribed.
    const group: GroupArgs = { schema: args.schema, document: args.document, operationName: args.operationName ?? null, variableValues: args.variableValues ?? null };

    let stopped = false;
    let settle: (result: IteratorResult<ExecutionResult>) => void = () => {};
    let fail: (error: unknown) => void = () => {};
    const ended = new Promise<IteratorResult<ExecutionResult>>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    // graphql-ws may return the iterator without ever awaiting it (the client completed while we subscribed).
    ended.catch(() => {});

    const pump = async () => {
      try {
        for (;;) {
          const next = await source.next();
          if (next.done === true || stopped) break;
          const rendered = this.payloadFor(next.value, key, group);
          // Awaited only while the first subscriber's execution runs; the rest of the group takes the bytes at once.
          const payload = rendered.bytes ?? (await rendered.promise);
          if (stopped) break;
          if (target.bufferedAmount() > this.maxBufferedBytes) throw new SubscriberTooSlowError(this.maxBufferedBytes);
          target.send(Buffer.concat([head, payload, CLOSING_BRACE], head.length + payload.length + 1));
          this.options.onSent?.(field);
        }
        settle({ done: true, value: undefined });
      } catch (error) {
        stopped = true;
        fail(error);
        await source.return?.().catch(() => {});
      }
    };
    void pump();

    const control: AsyncGenerator<ExecutionResult, void, void> = {
      next: () => ended,
      async return() {
        if (!stopped) {
          stopped = true;
          await source.return?.();
        }
        settle({ done: true, value: undefined });
        return { done: true, value: undefined };
      },
      async throw(error?: unknown) {
        await control.return();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return control;
      },
    };
    return control;
  }

  /** The serialised payload of `event` for a group: executed by the first subscriber to need it, shared by the rest. */
  private payloadFor(event: unknown, key: string, args: GroupArgs): Rendered {
    if (typeof event !== 'object' || event === null) return this.rendering(event, args);
    let perGroup = this.rendered.get(event);
    if (perGroup === undefined) {
      perGroup = new Map();
      this.rendered.set(event, perGroup);
    }
    let rendered = perGroup.get(key);
    if (rendered === undefined) {
      rendered = this.rendering(event, args);
      perGroup.set(key, rendered);
    }
    return rendered;
  }

  private rendering(event: unknown, args: GroupArgs): Rendered {
    const rendered: Rendered = { bytes: null, promise: this.render(event, args).then((bytes) => (rendered.bytes = bytes)) };
    return rendered;
  }

  private async render(event: unknown, args: GroupArgs): Promise<Buffer> {
    const context = this.options.sharedContext();
    const result = await this.options.execute({ ...args, rootValue: event, contextValue: context });
    return Buffer.from(JSON.stringify(this.options.format(result, context)));
  }

  private groupKey(args: ExecutionArgs): string {
    let id = this.documentIds.get(args.document);
    if (id === undefined) {
      id = this.nextDocumentId++;
      this.documentIds.set(args.document, id);
    }
    return `${id}\u0000${args.operationName ?? ''}\u0000${stableJson(args.variableValues ?? {})}`;
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function rootFieldName(document: DocumentNode, operationName: string | null | undefined): string {
  const selection = getOperationAST(document, operationName)?.selectionSet.selections[0];
  return selection?.kind === Kind.FIELD ? selection.name.value : 'unknown';
}

/** JSON with object keys sorted, so that `{a, b}` and `{b, a}` name one group. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function enforced(rule: FieldRule | undefined): boolean {
  return rule !== undefined && (rule.kind === 'roles' || rule.kind === 'personal');
}

/**
 * True when `document`'s operation is a subscription none of whose selectable fields has an enforced rule. Every
 * selection counts, whatever `@skip`/`@include` would decide, and a field selected on an abstract type counts for each
 * of its possible types: the answer is "public" only when no reading of the document could reach a guarded field.
 */
function publicOnly(schema: GraphQLSchema, rules: FieldRuleMap, document: DocumentNode, operationName: string | null | undefined): boolean {
  const operation = getOperationAST(document, operationName);
  const root = schema.getSubscriptionType();
  if (operation?.operation !== 'subscription' || root == null) return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const visiting = new Set<string>();

  const objectTypes = (type: GraphQLCompositeType): readonly GraphQLObjectType[] =>
    isAbstractType(type) ? schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];

  const visit = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType): boolean => {
    for (const selection of selectionSet.selections) {
      switch (selection.kind) {
        case Kind.FIELD: {
          const name = selection.name.value;
          if (name.startsWith('__')) {
            // __typename is public; introspection fields (__schema, __type) only exist on Query.
            if (name !== '__typename') return false;
            continue;
          }
          for (const type of objectTypes(parent)) {
            const field = type.getFields()[name];
            if (field === undefined) continue;
            if (enforced(rules.types[type.name]) || enforced(rules.fields[`${type.name}.${name}`])) return false;
            const named = getNamedType(field.type);
            if (selection.selectionSet !== undefined && isCompositeType(named) && !visit(selection.selectionSet, named)) return false;
          }
          if (isAbstractType(parent)) {
            // A field of the interface itself (resolvers may be the interface's).
            if (enforced(rules.types[parent.name]) || enforced(rules.fields[`${parent.name}.${name}`])) return false;
          }
          break;
        }
        case Kind.INLINE_FRAGMENT: {
          const condition = selection.typeCondition === undefined ? parent : schema.getType(selection.typeCondition.name.value);
          if (condition == null || !isCompositeType(condition)) return false;
          if (!visit(selection.selectionSet, condition)) return false;
          break;
        }
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (fragment === undefined) return false;
          if (visiting.has(name)) continue;
          const condition = schema.getType(fragment.typeCondition.name.value);
          if (condition == null || !isCompositeType(condition)) return false;
          visiting.add(name);
          const ok = visit(fragment.selectionSet, condition);
          visiting.delete(name);
          if (!ok) return false;
          break;
        }
      }
    }
    return true;
  };
  return visit(operation.selectionSet, root);
}
