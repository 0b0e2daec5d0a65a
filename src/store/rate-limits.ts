/**
 * Fixed-window hit counters in PostgreSQL, so that a limit holds across every hub instance behind a load balancer
 * (an in-memory counter per instance would let a client multiply its allowance by the number of instances).
 */
import type { Knex } from 'knex';

export class RateLimitStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Counts one hit for each key in the window starting at `windowStart` and returns each key's count so far, in key
   * order. One statement; it also drops the keys' earlier windows, so a returning client leaves one row behind.
   */
  async hit(keys: readonly string[], windowStart: Date): Promise<number[]> {
    const result: { rows: { key: string; hits: number }[] } = await this.knex.raw(
      `with pruned as (delete from rate_limit_window where key = any(?::text[]) and window_start < ?)
       insert into rate_limit_window (key, window_start, hits)
       select key, ?, 1 from unnest(?::text[]) as key
       on conflict (key, window_start) do update set hits = rate_limit_window.hits + 1
       returning key, hits`,
      [[...keys], windowStart, windowStart, [...keys]],
    );
    const hits = new Map(result.rows.map((row) => [row.key, Number(row.hits)]));
    return keys.map((key) => hits.get(key) ?? 0);
  }

  /** Deletes windows that ended before `before` (clients that never came back). */
  async prune(before: Date): Promise<number> {
    // Counted from the rows returned: knex-pglite answers delete() with a result object, not a number.
    const removed: { key: string }[] = await this.knex('rate_limit_window').where('window_start', '<', before).delete().returning('key');
    return removed.length;
  }
}
