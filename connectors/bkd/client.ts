/**
 * SIASN over HTTP: the client-credentials token, the bearer-token API calls and the `{code, data}` envelope. Every
 * call goes through the connector's {@link SourceGuard}, and the whole exchange (token, call, one retry after a 401)
 * happens inside one guarded attempt, so the time budget covers all of it.
 */
import type { BkdSettings } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import type { CallContext, SourceGuard } from '../kit/guard.js';
import { httpExchange, urlUnder, type HttpAnswer } from '../kit/http.js';
import { TokenCache } from '../kit/oauth.js';
import { parseSource } from '../kit/parse.js';
import { SourceError } from '../kit/source-error.js';
import { envelopeSchema, tokenSchema } from './payloads.js';

const AGENCY = 'BKD';

/** SIASN's "not found" is a failure envelope with this message (`{"code":0,"data":null,"message":"Data tidak ditemukan"}`). */
const NOT_FOUND_MESSAGE = /tidak ditemukan/i;

/** SIASN's own error text goes to the log (never to clients); this much of it is enough. */
const MAX_MESSAGE_CHARS = 200;

export interface ReadOptions<T> {
  query?: Record<string, string>;
  /** Parses the envelope's `data` (inside the guarded attempt, so a bad payload counts against the source). */
  parse: (data: unknown) => T;
  /** What SIASN's "Data tidak ditemukan" answer means for this read; without it, that answer is a failure. */
  notFound?: () => T;
  /** Retry after retryable failures. @default true */
  idempotent?: boolean;
}

export class SiasnClient {
  private readonly tokens: TokenCache;
  /** Aborts calls in flight when the connector closes. */
  private readonly closing = new AbortController();
  /**
   * The trace headers of the call that is asking for a token. TokenCache hands its fetch only a signal; it calls the
   * fetch synchronously from `get()` when a refresh starts, so setting this around `get()` gives the token request
   * the headers of the call that caused it.
   */
  private tokenRequestHeaders: Record<string, string> = {};

  constructor(
    private readonly settings: BkdSettings,
    private readonly guard: SourceGuard,
    private readonly log: Logger,
  ) {
    this.tokens = new TokenCache({ fetch: (signal) => this.fetchToken(signal, this.tokenRequestHeaders) });
  }

  /** One guarded GET of `path` (relative to the base URL), its envelope checked and its data parsed. */
  async read<T>(call: string, path: string, options: ReadOptions<T>): Promise<T> {
    if (this.closing.signal.aborted) throw new SourceError(AGENCY, 'UNAVAILABLE', `${call}: connector closed`, { retryable: false });
    let url: URL;
    try {
      url = urlUnder(this.settings.url, path, options.query);
    } catch (error) {
      throw new SourceError(AGENCY, 'UNAVAILABLE', `${call}: the configured SIASN URL is not a URL`, { cause: error, retryable: false });
    }
    return this.guard.run(
      call,
      async (context) => {
        const { signal, release } = eitherSignal(context.signal, this.closing.signal);
        try {
          const body = await this.authorizedGet(call, url, { signal, headers: context.headers });
          return this.openEnvelope(call, body, options);
        } catch (error) {
          if (this.closing.signal.aborted) throw new SourceError(AGENCY, 'UNAVAILABLE', `${call}: connector closed`, { cause: error, retryable: false });
          if (error instanceof SourceError && (error.failure === 'MALFORMED' || error.failure === 'DENIED')) {
            this.log.warn({ call, failure: error.failure, reason: error.message }, 'SIASN call failed');
          }
          throw error;
        } finally {
          release();
        }
      },
      { idempotent: options.idempotent ?? true },
    );
  }

  close(): void {
    this.closing.abort(new SourceError(AGENCY, 'UNAVAILABLE', 'connector closed', { retryable: false }));
  }

  /** GET with the cached token; after a 401, drops the token and tries once more with a fresh one. */
  private async authorizedGet(call: string, url: URL, context: CallContext): Promise<unknown> {
    let token = await this.token(context);
    let answer = await this.get(url, token, context);
    if (answer.status === 401) {
      this.log.info({ call }, 'SIASN refused the token; fetching a new one');
      this.tokens.invalidate(token);
      token = await this.token(context);
      answer = await this.get(url, token, context);
      if (answer.status === 401) throw new SourceError(AGENCY, 'DENIED', `${call}: HTTP 401 with a fresh token`);
    }
    if (answer.status === 403) throw new SourceError(AGENCY, 'DENIED', `${call}: HTTP 403`);
    if (answer.status !== 200) throw new SourceError(AGENCY, 'UNAVAILABLE', `${call}: HTTP ${answer.status}`, { retryable: false });
    return answer.body;
  }

  private get(url: URL, token: string, context: CallContext): Promise<HttpAnswer> {
    return httpExchange(AGENCY, { url, headers: { authorization: `Bearer ${token}` } }, context);
  }

  private openEnvelope<T>(call: string, body: unknown, options: ReadOptions<T>): T {
    const envelope = parseSource(AGENCY, `${call} envelope`, envelopeSchema, body);
    if (envelope.code === 1) return options.parse(envelope.data);
    const message = (envelope.message ?? '').slice(0, MAX_MESSAGE_CHARS);
    if (options.notFound !== undefined && NOT_FOUND_MESSAGE.test(message)) return options.notFound();
    throw new SourceError(AGENCY, 'UNAVAILABLE', `${call}: SIASN answered code ${envelope.code}${message === '' ? '' : ` (${message})`}`);
  }

  private token(context: CallContext): Promise<string> {
    this.tokenRequestHeaders = context.headers;
    try {
      return this.tokens.get(context.signal);
    } finally {
      this.tokenRequestHeaders = {};
    }
  }

  private async fetchToken(signal: AbortSignal, headers: Record<string, string>): Promise<{ accessToken: string; expiresInSeconds: number }> {
    const basic = Buffer.from(`${this.settings.clientId}:${this.settings.clientSecret}`).toString('base64');
    const answer = await httpExchange(
      AGENCY,
      {
        method: 'POST',
        url: urlUnder(this.settings.url, 'oauth2/token'),
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials' }),
      },
      { signal, headers },
    );
    if (answer.status === 401 || answer.status === 403) throw new SourceError(AGENCY, 'DENIED', `token: HTTP ${answer.status} (client credentials refused)`);
    if (answer.status !== 200) throw new SourceError(AGENCY, 'UNAVAILABLE', `token: HTTP ${answer.status}`, { retryable: false });
    const token = parseSource(AGENCY, 'token', tokenSchema, answer.body);
    this.log.debug({ expiresInSeconds: token.expires_in }, 'SIASN token issued');
    return { accessToken: token.access_token, expiresInSeconds: token.expires_in };
  }
}

/**
 * A signal that aborts when either does, and a release that detaches it. (`AbortSignal.any` would do, but its
 * followers of a long-lived signal, here the connector's, have leaked on some Node 20 releases.)
 */
function eitherSignal(a: AbortSignal, b: AbortSignal): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const abortA = () => controller.abort(a.reason);
  const abortB = () => controller.abort(b.reason);
  if (a.aborted) abortA();
  else if (b.aborted) abortB();
  a.addEventListener('abort', abortA, { once: true });
  b.addEventListener('abort', abortB, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      a.removeEventListener('abort', abortA);
      b.removeEventListener('abort', abortB);
    },
  };
}
