/**
 * A per-request DataLoader that also remembers the answers a parent loaded for a whole list, so that the list's
 * fields can answer with a value instead of a promise. graphql-js completes a page of fifty services whose fields are
 * values several times faster than one whose fields are promises (a promise, a microtask and an async-context hook
 * each); the batch is the same one statement either way.
 */
import type DataLoader from 'dataloader';

export class RememberingLoader<K, V> {
  private readonly answered = new Map<string, V>();

  constructor(
    private readonly loader: DataLoader<K, V, string>,
    private readonly keyOf: (key: K) => string,
  ) {}

  load(key: K): Promise<V> {
    return this.loader.load(key);
  }

  /** Loads every key in one batch and remembers the answers; a key that failed is not remembered (its field fails). */
  async loadAll(keys: readonly K[]): Promise<void> {
    const values = await this.loader.loadMany(keys);
    values.forEach((value, i) => {
      if (!(value instanceof Error)) this.answered.set(this.keyOf(keys[i] as K), value);
    });
  }

  /** The answer {@link loadAll} loaded for `key` in this request, if it did. */
  answerFor(key: K): V | undefined {
    return this.answered.get(this.keyOf(key));
  }
}
