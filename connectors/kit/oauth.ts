/**
 * OAuth2 client-credentials tokens, cached per source: fetched once, shared by every call, refreshed shortly before
 * they expire, and dropped when the source answers 401 (so the next attempt fetches a new one). Concurrent callers
 * wait for one fetch.
 */

export interface IssuedToken {
  accessToken: string;
  /** Lifetime the issuer declared, in seconds. */
  expiresInSeconds: number;
}

export interface TokenCacheOptions {
  /**
   * Fetches a new token; called at most once at a time. Its signal is the cache's own (see `fetchTimeoutMs`), not a
   * caller's: a caller that gives up must not fail the others waiting for the same token.
   */
  fetch(signal: AbortSignal): Promise<IssuedToken>;
  /** How long one token fetch may take. @default 10_000 */
  fetchTimeoutMs?: number;
  /** Refresh this long before expiry, so that a call does not start with a token about to lapse. @default 60_000 */
  refreshMarginMs?: number;
  now?: () => number;
}

export class TokenCache {
  private current: { token: string; refreshAt: number } | null = null;
  private pending: Promise<string> | null = null;
  private readonly refreshMarginMs: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenCacheOptions) {
    this.refreshMarginMs = options.refreshMarginMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * A token valid for at least the refresh margin (or as long as the issuer allows, for short-lived tokens). `signal`
   * is the caller's: when it aborts, this caller stops waiting; the fetch goes on for the others.
   */
  async get(signal: AbortSignal): Promise<string> {
    const current = this.current;
    if (current !== null && current.refreshAt > this.now()) return current.token;
    this.pending ??= this.refresh(AbortSignal.timeout(this.options.fetchTimeoutMs ?? 10_000)).finally(() => (this.pending = null));
    return abortable(this.pending, signal);
  }

  /** Forgets `token` after the source refused it; a newer token fetched meanwhile is kept. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = null;
  }

  private async refresh(signal: AbortSignal): Promise<string> {
    const issued = await this.options.fetch(signal);
    // A token shorter-lived than twice the margin would never be reused; keep it for half its life instead.
    const lifetimeMs = issued.expiresInSeconds * 1000;
    const margin = Math.min(this.refreshMarginMs, lifetimeMs / 2);
    this.current = { token: issued.accessToken, refreshAt: this.now() + lifetimeMs - margin };
    return issued.accessToken;
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
