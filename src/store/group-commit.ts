/**
 * Group commit: items submitted while enough batches are already running wait, and go together in the next batch.
 *
 * Under light load every item runs at once, alone, so waiting adds no latency. Under a rush the cost paid per statement
 * (the round trip, the executor's start, statement triggers, the commit and its WAL flush) is paid once per batch
 * instead of once per item, and the database's CPU goes to the rows themselves.
 *
 * A batch that fails on what may be one item's fault is run again one item at a time, in arrival order, so that each
 * caller gets its own item's outcome: one bad item (a retried idempotency key, a full day of numbers) does not fail the
 * others. `execute` must therefore be all or nothing for a batch (one statement, or one transaction). Failures are the
 * rare path: the items run alone still count as the batch in flight.
 */

export interface GroupCommitOptions {
  /** Batches running at once; items beyond wait for one of them to end. */
  maxInFlight: number;
  /** Items per batch at most. */
  maxBatch: number;
  /**
   * Whether a batch's error may be one item's fault (a constraint an item breaks), so that running the items alone
   * gives each its own outcome. Other errors (a lost connection, a timeout) would only repeat, once per item: every
   * caller of the batch gets them at once.
   */
  isItemError: (error: unknown) => boolean;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/** Runs submitted items through `execute` in batches (see the module's comment). */
export class GroupCommit<Item, Result> {
  private waiting: Waiting<Item, Result>[] = [];
  private inFlight = 0;

  constructor(
    /** Runs a batch; resolves with one result per item, in the items' order. */
    private readonly execute: (items: readonly Item[]) => Promise<readonly Result[]>,
    private readonly options: GroupCommitOptions,
  ) {
    if (options.maxInFlight < 1 || options.maxBatch < 1) throw new Error('GroupCommit needs maxInFlight >= 1 and maxBatch >= 1');
  }

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.startBatches();
    });
  }

  private startBatches(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.startBatches();
      });
    }
  }

  private async run(batch: readonly Waiting<Item, Result>[]): Promise<void> {
    let results: readonly Result[];
    try {
      results = await this.execute(batch.map((waiting) => waiting.item));
    } catch (error) {
      if (batch.length > 1 && this.options.isItemError(error)) {
        for (const waiting of batch) await this.runAlone(waiting); // in arrival order, as they would have been numbered
      } else {
        for (const waiting of batch) waiting.reject(error);
      }
      return;
    }
    // Written, so never run again: a miscount is our bug, reported to every caller of the batch.
    if (results.length !== batch.length) {
      const miscount = new Error(`a batch of ${batch.length} gave ${results.length} results`);
      for (const waiting of batch) waiting.reject(miscount);
      return;
    }
    batch.forEach((waiting, i) => waiting.resolve(results[i] as Result));
  }

  private async runAlone(waiting: Waiting<Item, Result>): Promise<void> {
    try {
      const results = await this.execute([waiting.item]);
      if (results.length !== 1) throw new Error(`a batch of 1 gave ${results.length} results`);
      waiting.resolve(results[0] as Result);
    } catch (error) {
      waiting.reject(error);
    }
  }
}
