/**
 * What the `pg` driver and the knex pool throw, as the hub's SourceError:
 * - refused credentials (28P01, 28000) are DENIED;
 * - a statement cancelled by `statement_timeout` (57014) is a TIMEOUT;
 * - everything else is UNAVAILABLE (and so retried within the budget): network errors (refused, reset, terminated),
 *   the server shutting down or refusing connections (57P01-57P03, 53300, class 08), any other SQL error (the server
 *   is not serving the reader), and the pool's "timeout acquiring a connection". The pool also hands that last one to
 *   whichever call waits first when an earlier, abandoned connect times out, so it can arrive early in a call that
 *   a retry would serve; a call whose own budget ran out is a TIMEOUT anyway (the guard says so).
 *
 * The server's own message goes into the SourceError (and so the log) only when the call carried no personal data:
 * PostgreSQL quotes values in some messages ("invalid input syntax for type date: ...").
 */
import pg from 'pg';
import { SourceError } from '../kit/source-error.js';

export interface ErrorContext {
  /** The kind of call (catalog, verify, health), as the guard names it. */
  call: string;
  /** False when the statement's parameters are personal data: the server's message is left out. */
  serverTextAllowed: boolean;
}

export function toSourceError(error: unknown, context: ErrorContext): SourceError {
  if (error instanceof SourceError) return error;
  const { call } = context;
  if (error instanceof pg.DatabaseError) {
    const sqlstate = error.code ?? 'unknown';
    const text = context.serverTextAllowed ? `: ${error.message}` : '';
    const failure = sqlstateFailure(sqlstate);
    // No `cause`: the driver's error carries the server's message, which may quote a parameter.
    return new SourceError('DISDUKCAPIL', failure, `${call}: SQLSTATE ${sqlstate}${text}`);
  }
  if (error instanceof Error && error.name === 'KnexTimeoutError') {
    return new SourceError('DISDUKCAPIL', 'UNAVAILABLE', `${call}: no connection from the pool (a connect timed out)`, { cause: error });
  }
  const errno = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : null;
  const description = errno ?? (error instanceof Error ? error.message : String(error));
  return new SourceError('DISDUKCAPIL', 'UNAVAILABLE', `${call}: ${description}`, { cause: error });
}

/** The SQLSTATE's verdict; see the module comment. */
function sqlstateFailure(sqlstate: string): 'DENIED' | 'TIMEOUT' | 'UNAVAILABLE' {
  if (sqlstate === '28P01' || sqlstate === '28000') return 'DENIED';
  if (sqlstate === '57014') return 'TIMEOUT';
  return 'UNAVAILABLE';
}
