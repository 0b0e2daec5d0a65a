/**
 * A short-lived cache of source answers, shared by all requests of one hub instance. It absorbs bursts (fifty
 * dashboard tiles asking for the same roster) and keeps concurrent misses to one source call ("single flight").
 *
 * Only source data goes in, never anything filtered for a caller: what a caller may see is decided after loading.
 * Failures are not cached.
 */
import { LRUCache } from 'lru-cache';

export interface TtlCacheOptions {
  /** How long an answer is reused. 0 turns caching off (calls are still single-flight). */
  ttlMs: number;
  /** Entries kept at most; the least recently used go first. @default 5_000 */
  maxEntries?: number;
}

export class TtlCache<V> {
  private readonly entries: LRUCache<string, { value: V }> | null;
  private readonly inFlight = new Map<string, Promise<V>>();

  constructor(options: TtlCacheOptions) {
    this.entries = options.ttlMs > 0 ? new LRUCache({ max: options.maxEntries ?? 5_000, ttl: options.ttlMs }) : null;
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries?.get(key);
    if (hit !== undefined) return hit.value;
    const pending = this.inFlight.get(key);
    if (pending !== undefined) return pending;
    const loading = load()
      .then((value) => {
        this.entries?.set(key, { value });
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, loading);
    return loading;
  }

  clear(): void {
    this.entries?.clear();
  }
}
