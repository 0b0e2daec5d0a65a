/**
 * Fixed-window hit counters in PostgreSQL, so that a limit holds across every hub instance behind a load balancer
 * (an in-memory counter per instance would let a client multiply its allowance by the number of instances).
 */
import type { Knex } from 'knex';
import { GroupCommit } from './group-commit.js';
import { isRowError, prepared } from './sql.js';

/** One caller's hit: its keys (an address, a token subject) in the window starting at `windowStart`. */
interface HitRequest {
  keys: readonly string[];
  windowStart: Date;
}

/**
 * Counts the hits of a batch of callers in one statement. Each key's hits in a window are added up and upserted once
 * (in key order, so two batches lock shared rows in the same order); each caller's count is the one it would have seen
 * alone, the batch's hits on its key counted in arrival order. Earlier windows of the keys are dropped, older than the
 * earliest window the batch counts for the key (never a row the statement also counts into).
 */
const HIT_SQL = `
  with hit as (
    select * from rows from (jsonb_to_recordset(?::jsonb) as (key text, window_start timestamptz)) with ordinality
  ), pruned as (
    delete from rate_limit_window w
     using (select key, min(window_start) as window_start from hit group by key) earliest
     where w.key = earliest.key and w.window_start < earliest.window_start
  ), demand as (
    select key, window_start, count(*)::int as wanted from hit group by key, window_start
  ), counted as (
    insert into rate_limit_window (key, window_start, hits)
    select key, window_start, wanted from demand order by key, window_start
    on conflict (key, window_start) do update set hits = rate_limit_window.hits + excluded.hits
    returning key, window_start, hits
  )
  select hit.ordinality, counted.hits - demand.wanted + row_number() over (partition by hit.key, hit.window_start order by hit.ordinality) as hits
    from hit join demand using (key, window_start) join counted using (key, window_start)`;

export class RateLimitStore {
  /** Group commit of hits (src/store/group-commit.ts): every public write counts one, so they arrive with the rush. */
  private readonly hits = new GroupCommit<HitRequest, number[]>((requests) => this.hitAll(requests), { maxInFlight: 1, maxBatch: 64, isItemError: isRowError });

  constructor(private readonly knex: Knex) {}

  /**
   * Counts one hit for each key in the window starting at `windowStart` and returns each key's count so far, in key
   * order. Shared with the callers that hit at the same time: one statement, which also drops the keys' earlier
   * windows, so a returning client leaves one row behind.
   */
  hit(keys: readonly string[], windowStart: Date): Promise<number[]> {
    return this.hits.submit({ keys, windowStart });
  }

  private async hitAll(requests: readonly HitRequest[]): Promise<number[][]> {
    const hits = requests.flatMap(({ keys, windowStart }) => keys.map((key) => ({ key, window_start: windowStart.toISOString() })));
    const result: { rows: { ordinality: string | number; hits: string | number }[] } = await prepared(this.knex, HIT_SQL, [JSON.stringify(hits)]);
    const counts = new Map(result.rows.map((row) => [Number(row.ordinality), Number(row.hits)]));
    let ordinality = 0;
    return requests.map(({ keys }) => keys.map(() => counts.get(++ordinality) ?? 0));
  }

  /** Deletes windows that ended before `before` (clients that never came back). */
  async prune(before: Date): Promise<number> {
    // Counted from the rows returned: knex-pglite answers delete() with a result object, not a number.
    const removed: { key: string }[] = await this.knex('rate_limit_window').where('window_start', '<', before).delete().returning('key');
    return removed.length;
  }
}
