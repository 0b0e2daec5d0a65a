/**
 * The closed set of error codes clients may see in `extensions.code`, and the one error class that carries them.
 *
 * Everything a client receives goes through {@link toClientError}: our own errors keep their code and message,
 * GraphQL's request errors (parse, validation, variables) become `BAD_USER_INPUT`, and anything unexpected becomes
 * `INTERNAL_SERVER_ERROR` with a generic message when details must not leak (production).
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ApolloServerErrorCode } from '@apollo/server/errors';

export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  /** An illegal state change, or a write that collides with existing data. */
  Conflict: 'CONFLICT',
  RateLimited: 'RATE_LIMITED',
  SourceUnavailable: 'SOURCE_UNAVAILABLE',
  SourceTimeout: 'SOURCE_TIMEOUT',
  InternalServerError: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const CLIENT_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** HTTP status for errors that end a request before execution (context creation, request parsing). */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
};

export interface HubErrorOptions {
  /** Extra, client-safe details (e.g. `field`, `agency`). Never put personal data or upstream text here. */
  details?: Record<string, unknown>;
  /** The underlying error, for the log only. */
  cause?: unknown;
}

/** An error the hub raises on purpose. Its message is written for the client and is always shown. */
export class HubError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options: HubErrorOptions = {}) {
    const status = HTTP_STATUS[code];
    super(message, {
      extensions: { ...options.details, code, ...(status === undefined ? {} : { http: { status } }) },
      ...(options.cause instanceof Error ? { originalError: options.cause } : {}),
    });
    this.name = 'HubError';
    this.code = code;
  }
}

export const badUserInput = (message: string, field?: string): HubError =>
  new HubError(ErrorCode.BadUserInput, message, field === undefined ? {} : { details: { field } });
export const notFound = (message: string): HubError => new HubError(ErrorCode.NotFound, message);
export const forbidden = (message: string): HubError => new HubError(ErrorCode.Forbidden, message);
export const conflict = (message: string): HubError => new HubError(ErrorCode.Conflict, message);
export const unauthenticated = (message: string): HubError => new HubError(ErrorCode.Unauthenticated, message);

/** Apollo's request-level codes, all of which mean the client sent something unusable. */
const APOLLO_REQUEST_CODES: ReadonlySet<string> = new Set([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
]);

export interface ClientErrorOptions {
  /** Production: unexpected errors get a generic message and no details. */
  maskUnexpected: boolean;
}

/**
 * Maps any formatted error onto the closed code set. Never throws.
 * `reason` keeps GraphQL's finer request code (e.g. `GRAPHQL_VALIDATION_FAILED`) for clients that want it.
 */
export function toClientError(formatted: GraphQLFormattedError, error: unknown, options: ClientErrorOptions): GraphQLFormattedError {
  const original = unwrap(error);
  const code = formatted.extensions?.['code'];
  if (original instanceof HubError || (typeof code === 'string' && CLIENT_CODES.has(code) && code !== ErrorCode.InternalServerError)) {
    return withoutInternals(formatted);
  }
  if (typeof code === 'string' && APOLLO_REQUEST_CODES.has(code)) {
    return { ...withoutInternals(formatted), extensions: { code: ErrorCode.BadUserInput, reason: code } };
  }
  if (options.maskUnexpected) {
    return {
      message: 'Internal server error',
      ...(formatted.locations === undefined ? {} : { locations: formatted.locations }),
      ...(formatted.path === undefined ? {} : { path: formatted.path }),
      extensions: { code: ErrorCode.InternalServerError },
    };
  }
  return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.InternalServerError } };
}

/** `http` is a transport hint for Apollo; `stacktrace` only ever goes to the log. */
function withoutInternals(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions === undefined) return formatted;
  const { http: _http, stacktrace: _stack, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}

/** Errors thrown in resolvers arrive wrapped in a GraphQLError whose `originalError` is what was thrown. */
export function unwrap(error: unknown): unknown {
  let current = error;
  while (
    current instanceof GraphQLError &&
    !(current instanceof HubError) &&
    current.originalError !== undefined &&
    current.originalError !== current
  ) {
    current = current.originalError;
  }
  return current;
}
