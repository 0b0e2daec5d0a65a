/**
 * The one gate every operation passes before it runs, on HTTP and on graphql-ws alike:
 *  1. its text: as sent, or looked up by `extensions.persistedQuery.sha256Hash` in the persisted operations;
 *  2. parsed with the token limit (cached by text);
 *  3. with PERSISTED_OPERATIONS=require, refused unless it is one of the persisted operations;
 *  4. measured against the depth, cost, alias and directive limits (cost uses the request's variables);
 *  5. refused when a string argument or variable holds a NUL character, which PostgreSQL text cannot store (it would
 *     fail deep in a store as an internal error);
 *  6. for graphql-ws only, validated (introspection refused when it is off) and its variables coerced: Apollo does
 *     both for HTTP.
 * A refusal is a list of GraphQL errors with `extensions.code` BAD_USER_INPUT (after {@link toClientError}) and a
 * `reason`; nothing has been resolved and no source has been called.
 */
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  getVariableValues,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { ErrorCode, HubError } from '../errors.js';
import { DocumentCache, type ParsedEntry } from '../server/document-cache.js';
import { checkLimits, measureOperation, pagingVariables, parseWithinLimit, type OperationLimits, type OperationMeasure } from './limits.js';
import { nulInDocument, nulInVariables } from './nul-characters.js';
import { RefusalReason } from './reasons.js';
import { PersistedOperations, PersistedOperationsError, selectOperation, type PersistedOperation } from './persisted.js';

/**
 * `off`: no persisted operations (a persistedQuery extension is refused, as Apollo does without APQ); `allow`: sent
 * by hash or as text, any operation runs; `require`: only persisted operations run, by hash or as their text.
 */
export type PersistedOperationsMode = 'off' | 'allow' | 'require';
export const PERSISTED_OPERATIONS_MODES: readonly PersistedOperationsMode[] = ['off', 'allow', 'require'];

/** What a client sent for one operation: an HTTP body (or GET parameters), or a graphql-ws `subscribe` payload. */
export interface OperationRequest {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: unknown;
}

export interface PreparedOperation {
  /** The text to run (the persisted text when the client sent a hash). */
  query: string;
  document: DocumentNode;
  operationName: string | null;
  variables: Record<string, unknown> | null;
  /** The persisted operation the client named by hash, if it did. */
  persisted: PersistedOperation | null;
}

export type GuardResult = { ok: true; operation: PreparedOperation } | { ok: false; errors: readonly GraphQLError[] };

export interface OperationGuardOptions {
  schema: GraphQLSchema;
  limits: OperationLimits;
  persisted: PersistedOperations;
  mode: PersistedOperationsMode;
  /** When false, introspection is refused (graphql-ws; Apollo does it for HTTP) and suggestions are hidden. */
  introspection: boolean;
}

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/** A request error GraphQL-style: toClientError turns Apollo's request codes into BAD_USER_INPUT with this reason. */
function requestError(error: GraphQLError, code: string): GraphQLError {
  if (error instanceof HubError) return error;
  return new GraphQLError(error.message, {
    ...(error.nodes === undefined ? {} : { nodes: error.nodes }),
    ...(error.source === undefined ? {} : { source: error.source }),
    ...(error.positions === undefined ? {} : { positions: error.positions }),
    extensions: { ...error.extensions, code },
  });
}

/** BAD_USER_INPUT with a reason: what the guard refuses that is not a GraphQL syntax or validation error. */
export function refusal(message: string, reason: RefusalReason): HubError {
  return new HubError(ErrorCode.BadUserInput, message, { details: { reason } });
}

const refused = (...errors: GraphQLError[]): GuardResult => ({ ok: false, errors });

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** " Did you mean ...?" spells out schema names: hidden from clients when introspection is off. */
const SUGGESTION = / ?Did you mean [\s\S]*\?$/;

/** The message without GraphQL's "Did you mean" suggestions. */
export function withoutSuggestions(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const message = formatted.message.replace(SUGGESTION, '');
  return message === formatted.message ? formatted : { ...formatted, message };
}

/** Measures kept per document text (operation name x page sizes). */
const MEASURES_PER_DOCUMENT = 32;

/** The guard's per-text knowledge: which variables the measure reads, and a NUL written in the text itself. */
class DocumentFacts {
  readonly measures = new Map<string, OperationMeasure>();
  constructor(
    readonly pagingVariables: readonly string[],
    readonly literalNul: HubError | null,
  ) {}
}

export class OperationGuard {
  private readonly documents: DocumentCache;
  private readonly rules: readonly ValidationRule[];
  private readonly facts = new WeakMap<DocumentNode, DocumentFacts>();

  constructor(private readonly options: OperationGuardOptions) {
    this.documents = new DocumentCache((text) => parseWithinLimit(text, options.limits.maxTokens));
    this.rules = options.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  }

  /** Hides suggestions when introspection is off; for every error a client receives, on both transports. */
  format(formatted: GraphQLFormattedError): GraphQLFormattedError {
    return this.options.introspection ? formatted : withoutSuggestions(formatted);
  }

  /**
   * Checks one operation. `validate`: also validate the document and coerce the variables (graphql-ws, which has no
   * Apollo pipeline to do it).
   */
  prepare(request: OperationRequest, { validate: validateDocument }: { validate: boolean }): GuardResult {
    const { operationName, variables } = request;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
      return refused(refusal('operationName must be a string', RefusalReason.BadRequest));
    }
    if (variables !== undefined && variables !== null && !isRecord(variables)) {
      return refused(refusal('variables must be an object', RefusalReason.BadRequest));
    }
    const source = this.source(request);
    if (source instanceof GraphQLError) return refused(source);

    const parsed = this.documents.get(source.query);
    if ('error' in parsed) return refused(requestError(parsed.error, RefusalReason.ParseFailed));
    const { document } = parsed;

    if (this.options.mode === 'require' && source.persisted === null && !this.options.persisted.includes(document, operationName)) {
      return refused(
        refusal(
          'this hub runs only its persisted operations (PERSISTED_OPERATIONS=require): send extensions.persistedQuery.sha256Hash of an operation under examples/, or its text',
          RefusalReason.NotPersisted,
        ),
      );
    }

    const values = variables ?? null;
    const known = this.documentFacts(document);
    const exceeded = checkLimits(this.measure(known, document, operationName, values ?? {}), this.options.limits);
    if (exceeded !== null) return refused(exceeded);
    const nul = nulInVariables(values) ?? known.literalNul;
    if (nul !== null) return refused(nul);

    if (validateDocument) {
      const invalid = this.validate(parsed, operationName, values);
      if (invalid !== null) return refused(...invalid);
    }
    return { ok: true, operation: { query: source.query, document, operationName: operationName ?? null, variables: values, persisted: source.persisted } };
  }

  /**
   * What the guard learns from a text alone, kept as long as its parsed document is (the document cache keeps the
   * texts clients send again and again; a text it does not keep is measured each time).
   */
  private documentFacts(document: DocumentNode): DocumentFacts {
    let facts = this.facts.get(document);
    if (facts === undefined) {
      facts = new DocumentFacts(pagingVariables(document), nulInDocument(document));
      this.facts.set(document, facts);
    }
    return facts;
  }

  /** The operation's measure, kept per operation name and values of the variables it depends on (page sizes). */
  private measure(facts: DocumentFacts, document: DocumentNode, operationName: string | null | undefined, variables: Readonly<Record<string, unknown>>): OperationMeasure {
    const key = JSON.stringify([operationName ?? null, ...facts.pagingVariables.map((name) => variables[name] ?? null)]);
    const known = facts.measures.get(key);
    if (known !== undefined) return known;
    const measured = measureOperation(this.options.schema, document, operationName, variables, this.options.limits.defaultListSize);
    // A client paging through many page sizes would otherwise grow this without end.
    if (facts.measures.size >= MEASURES_PER_DOCUMENT) facts.measures.clear();
    facts.measures.set(key, measured);
    return measured;
  }

  /** The text to run: sent, or persisted and named by hash. */
  private source(request: OperationRequest): { query: string; persisted: PersistedOperation | null } | GraphQLError {
    const { query } = request;
    if (query !== undefined && query !== null && typeof query !== 'string') return refusal('query must be a string', RefusalReason.BadRequest);
    const extensions = request.extensions;
    if (extensions !== undefined && extensions !== null && !isRecord(extensions)) return refusal('extensions must be an object', RefusalReason.BadRequest);
    const persistedQuery = extensions?.['persistedQuery'];
    if (persistedQuery !== undefined && persistedQuery !== null) {
      // Apollo's messages, which Apollo Client's persisted-query link recognises (it then sends the text instead).
      if (this.options.mode === 'off') return refusal('PersistedQueryNotSupported', RefusalReason.PersistedQueryNotSupported);
      if (!isRecord(persistedQuery) || persistedQuery['version'] !== 1) {
        return refusal('extensions.persistedQuery must be { version: 1, sha256Hash }', RefusalReason.BadRequest);
      }
      const hash = persistedQuery['sha256Hash'];
      if (typeof hash !== 'string' || !SHA256_HEX.test(hash)) {
        return refusal('extensions.persistedQuery.sha256Hash must be 64 hexadecimal digits (SHA-256)', RefusalReason.BadRequest);
      }
      // With the text, the text is what runs (and what require mode checks); the hash alone names a persisted one.
      if (typeof query === 'string' && query !== '') return { query, persisted: null };
      const persisted = this.options.persisted.lookup(hash);
      if (persisted === undefined) return refusal('PersistedQueryNotFound', RefusalReason.PersistedQueryNotFound);
      return { query: persisted.text, persisted };
    }
    if (typeof query !== 'string' || query.trim() === '') {
      return refusal('GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension', RefusalReason.BadRequest);
    }
    return { query, persisted: null };
  }

  /** Validation (cached with the document) and variable coercion; null when both pass. */
  private validate(parsed: ParsedEntry, operationName: string | null | undefined, variables: Record<string, unknown> | null): GraphQLError[] | null {
    parsed.validationErrors ??= validate(this.options.schema, parsed.document, this.rules);
    if (parsed.validationErrors.length > 0) return parsed.validationErrors.map((error) => requestError(error, RefusalReason.ValidationFailed));
    const operation = selectOperation(parsed.document, operationName);
    if (operation === null) {
      const message = operationName ? `Unknown operation named "${operationName}".` : 'Must provide operation name if query contains multiple operations.';
      return [refusal(message, RefusalReason.OperationResolutionFailure)];
    }
    const coerced = getVariableValues(this.options.schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 10 });
    if ('errors' in coerced && coerced.errors !== undefined) return coerced.errors.map((error) => requestError(error, ErrorCode.BadUserInput));
    return null;
  }
}

/**
 * The guard for a hub: its persisted operations read from `dir` (unless PERSISTED_OPERATIONS=off).
 * @throws {PersistedOperationsError} when a document under `dir` is broken, or when `require` finds nothing to allow.
 */
export function createOperationGuard(options: Omit<OperationGuardOptions, 'persisted'> & { dir: string }): OperationGuard {
  const { dir, ...rest } = options;
  const persisted = options.mode === 'off' ? PersistedOperations.none() : PersistedOperations.fromDirectory(dir, options.schema);
  if (options.mode === 'require' && persisted.size === 0) {
    throw new PersistedOperationsError(`PERSISTED_OPERATIONS=require, but ${dir} holds no operations: nothing could run`);
  }
  return new OperationGuard({ ...rest, persisted });
}
