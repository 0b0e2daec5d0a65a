/**
 * Turns pushed events into the AsyncIterator a GraphQL subscription resolver returns. Events are buffered in order;
 * a subscriber that falls `maxBuffered` events behind is ended with an error rather than holding memory without
 * bound. `return()` (the client unsubscribed or disconnected) unsubscribes at once.
 */

export interface SubscriptionIteratorOptions<T> {
  /** Starts delivery; returns the function that stops it. `end` completes the iterator after what was pushed. */
  subscribe(push: (value: T) => void, end: () => void): () => void;
  /** Values to yield before any pushed one (e.g. the current state). */
  initial?: readonly T[];
  /** @default 256 */
  maxBuffered?: number;
}

export class SubscriberTooSlowError extends Error {
  constructor(maxBuffered: number) {
    super(`subscriber fell more than ${maxBuffered} events behind`);
    this.name = 'SubscriberTooSlowError';
  }
}

export function subscriptionIterator<T>(options: SubscriptionIteratorOptions<T>): AsyncIterableIterator<T> {
  const maxBuffered = options.maxBuffered ?? 256;
  const buffer: T[] = [...(options.initial ?? [])];
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let failure: Error | null = null;
  let done = false;
  let unsubscribe: () => void = () => {};

  unsubscribe = options.subscribe((value) => {
    if (done) return;
    if (waiting !== null) {
      const resolve = waiting;
      waiting = null;
      resolve({ value, done: false });
    } else if (buffer.length >= maxBuffered) {
      failure = new SubscriberTooSlowError(maxBuffered);
      finish();
    } else {
      buffer.push(value);
    }
  }, () => finish());
  // `end` may have been called while subscribing, before `unsubscribe` existed.
  if (done) unsubscribe();

  function finish(): void {
    if (done) return;
    done = true;
    unsubscribe();
    if (waiting !== null) {
      waiting({ value: undefined, done: true });
      waiting = null;
    }
  }

  return {
    next() {
      if (buffer.length > 0) return Promise.resolve({ value: buffer.shift() as T, done: false });
      if (failure !== null) return Promise.reject(failure);
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return() {
      buffer.length = 0;
      finish();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error?: unknown) {
      finish();
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
