/**
 * How a source system fails, as the hub tells it apart. Connectors throw {@link SourceError} and nothing else; the
 * resolver boundary turns it into a client error from the closed set (SOURCE_TIMEOUT or SOURCE_UNAVAILABLE) that
 * names the agency and never carries the source's own text, which goes to the log.
 */
import type { AgencyCode } from '../../src/domain/catalog.js';
import { ErrorCode, HubError } from '../../src/errors.js';

export const SOURCE_FAILURES = [
  /** No answer within the call's time budget. */
  'TIMEOUT',
  /** Connection refused or reset, HTTP 5xx or 429, a database error: the source is not serving. */
  'UNAVAILABLE',
  /** An answer we cannot parse or that breaks the source's own contract (a missing field, a wrong envelope). */
  'MALFORMED',
  /** The source refused our credentials (after a token refresh, if any). */
  'DENIED',
  /** The circuit breaker is open: recent calls failed, so this one was not attempted. */
  'BREAKER_OPEN',
  /** Too many calls already waiting for this source (its concurrency limit and queue are full). */
  'OVERLOADED',
] as const;
export type SourceFailure = (typeof SOURCE_FAILURES)[number];

export class SourceError extends Error {
  constructor(
    readonly agency: AgencyCode,
    readonly failure: SourceFailure,
    message: string,
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SourceError';
    this.retryable = options.retryable ?? failure === 'UNAVAILABLE';
  }

  /** Worth another attempt within the same call's budget (only ever for idempotent reads). */
  readonly retryable: boolean;

  /** The client-facing code: a timeout is SOURCE_TIMEOUT, everything else SOURCE_UNAVAILABLE. */
  get code(): ErrorCode {
    return this.failure === 'TIMEOUT' ? ErrorCode.SourceTimeout : ErrorCode.SourceUnavailable;
  }
}

const CLIENT_MESSAGES: Readonly<Record<SourceFailure, string>> = {
  TIMEOUT: 'did not answer in time',
  UNAVAILABLE: 'is not available',
  MALFORMED: 'sent data the hub could not read',
  DENIED: 'refused the hub\'s credentials',
  BREAKER_OPEN: 'is not available (recent calls failed; the hub is giving it time to recover)',
  OVERLOADED: 'is busy (too many calls waiting)',
};

/** The error a client sees: the agency and a plain reason, never the source's own message. */
export function toClientSourceError(error: SourceError): HubError {
  return new HubError(error.code, `The ${error.agency} source system ${CLIENT_MESSAGES[error.failure]}`, {
    details: { agency: error.agency, reason: error.failure },
    cause: error,
  });
}

/** Rethrows a SourceError as the client error it becomes, anything else as it is: for `.catch` at the resolver boundary. */
export function rethrowForClient(error: unknown): never {
  throw error instanceof SourceError ? toClientSourceError(error) : error;
}
