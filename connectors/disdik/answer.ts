/**
 * Telling a Dapodik WebService answer apart. The service answers almost everything with HTTP 200, so the status says
 * little: a JSON `{success: false}` is a failure (or "not found", when the message says "tidak ditemukan"), a body
 * that is not JSON is the plain-text `Access denied` of a refused token, and anything else must be the envelope.
 */
import type { HttpAnswer } from '../kit/http.js';
import { SourceError } from '../kit/source-error.js';
import { failureSchema } from './payloads.js';

export type DapodikAnswer =
  | { kind: 'data'; body: unknown }
  /** The service said the school does not exist; `message` is its own words (an NPSN, no personal data). */
  | { kind: 'not-found'; message: string };

/** Dapodik's wording for an unknown key: "Data sekolah dengan NPSN ... tidak ditemukan". */
const NOT_FOUND = /tidak\s+ditemukan/i;

/** The source's own words are kept for the log, not more of them than a line. */
const MAX_MESSAGE_CHARS = 200;

/** @throws {SourceError} DENIED, UNAVAILABLE or MALFORMED, as the answer deserves. */
export function readAnswer(what: string, answer: HttpAnswer): DapodikAnswer {
  if (answer.status === 401 || answer.status === 403) throw new SourceError('DISDIK', 'DENIED', `${what}: HTTP ${answer.status}`);
  if (answer.status < 200 || answer.status > 299) {
    // 5xx and 429 never get here (httpExchange); a 404 or 400 means the URL is not a WebService: retrying will not help.
    throw new SourceError('DISDIK', 'UNAVAILABLE', `${what}: HTTP ${answer.status}`, { retryable: false });
  }
  const body = typeof answer.body === 'string' ? mislabelledJson(answer.body) : answer.body;
  if (typeof body === 'string') {
    // Dapodik refuses a token with a plain-text "Access denied" and HTTP 200; it sends nothing else that is not JSON.
    const saysDenied = /access\s+denied/i.test(body);
    throw new SourceError('DISDIK', 'DENIED', `${what}: ${saysDenied ? '"Access denied"' : `a ${answer.contentType || 'untyped'} body instead of JSON`}`);
  }
  const failed = failureSchema.safeParse(body);
  if (failed.success) {
    const message = (failed.data.message ?? '').slice(0, MAX_MESSAGE_CHARS);
    if (NOT_FOUND.test(message)) return { kind: 'not-found', message };
    throw new SourceError('DISDIK', 'UNAVAILABLE', `${what}: success false (${message || 'no message'})`);
  }
  return { kind: 'data', body };
}

/** An object sent as text/html or text/plain (PHP services often forget the header) is still JSON; other text is text. */
function mislabelledJson(text: string): unknown {
  if (!text.trimStart().startsWith('{')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
