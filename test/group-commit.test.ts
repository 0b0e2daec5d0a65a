/**
 * Group commit (src/store/group-commit.ts): when batches form, and how a failing batch gives each caller its own outcome.
 */
import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../src/store/group-commit.js';

/** An execute function that records its batches and ends each when the test says so. */
function controlledExecute(outcome: (items: readonly string[]) => string[] = (items) => items.map((item) => item.toUpperCase())) {
  const batches: string[][] = [];
  const endings: (() => void)[] = [];
  const execute = (items: readonly string[]) => {
    batches.push([...items]);
    return new Promise<string[]>((resolve, reject) => {
      endings.push(() => {
        try {
          resolve(outcome(items));
        } catch (error) {
          reject(error);
        }
      });
    });
  };
  /** Ends the batches started so far, then lets their callers' continuations run. */
  const endAll = async () => {
    for (const end of endings.splice(0)) end();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { execute, batches, endAll };
}

describe('GroupCommit', () => {
  it('runs an item at once when nothing is in flight, and the items that arrive meanwhile together', async () => {
    const { execute, batches, endAll } = controlledExecute();
    const group = new GroupCommit(execute, { maxInFlight: 1, maxBatch: 10, isItemError: () => true });
    const results = ['a', 'b', 'c', 'd'].map((item) => group.submit(item));
    expect(batches).toEqual([['a']]);
    await endAll();
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
    await endAll();
    expect(await Promise.all(results)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('keeps maxInFlight batches running and at most maxBatch items in each', async () => {
    const { execute, batches, endAll } = controlledExecute();
    const group = new GroupCommit(execute, { maxInFlight: 2, maxBatch: 2, isItemError: () => true });
    const results = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((item) => group.submit(item));
    expect(batches).toEqual([['a'], ['b']]);
    await endAll();
    expect(batches.slice(2)).toEqual([['c', 'd'], ['e', 'f']]);
    await endAll();
    expect(batches.slice(4)).toEqual([['g']]);
    await endAll();
    expect(await Promise.all(results)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
  });

  it('runs a failed batch again item by item, so that only the bad item fails', async () => {
    const { execute, batches, endAll } = controlledExecute((items) => {
      if (items.includes('bad')) throw new Error('bad item in the batch');
      return items.map((item) => item.toUpperCase());
    });
    const group = new GroupCommit(execute, { maxInFlight: 1, maxBatch: 10, isItemError: () => true });
    const results = ['first', 'a', 'bad', 'b'].map((item) => group.submit(item).catch((error: Error) => error.message));
    await endAll(); // 'first', alone
    await endAll(); // the batch of three fails
    for (let i = 0; i < 3; i++) await endAll(); // and its items run one after the other
    expect(batches.slice(2)).toEqual([['a'], ['bad'], ['b']]);
    expect(await Promise.all(results)).toEqual(['FIRST', 'A', 'bad item in the batch', 'B']);
  });

  it("gives every caller of a batch an error that is not one item's fault, without running the items again", async () => {
    const { execute, batches, endAll } = controlledExecute((items) => {
      if (items.length > 1) throw new Error('connection lost');
      return items.map((item) => item.toUpperCase());
    });
    const group = new GroupCommit(execute, { maxInFlight: 1, maxBatch: 10, isItemError: (error) => (error as Error).message !== 'connection lost' });
    const results = ['first', 'a', 'b'].map((item) => group.submit(item).catch((error: Error) => error.message));
    await endAll();
    await endAll();
    expect(await Promise.all(results)).toEqual(['FIRST', 'connection lost', 'connection lost']);
    expect(batches).toEqual([['first'], ['a', 'b']]);
  });

  it('never runs a batch that succeeded again, even when it answers with the wrong number of results', async () => {
    const { execute, batches, endAll } = controlledExecute((items) => items.slice(1));
    const group = new GroupCommit(execute, { maxInFlight: 1, maxBatch: 10, isItemError: () => true });
    group.submit('first').catch(() => {});
    const results = ['a', 'b'].map((item) => group.submit(item).catch((error: Error) => error.message));
    await endAll();
    await endAll();
    expect(await Promise.all(results)).toEqual(['a batch of 2 gave 1 results', 'a batch of 2 gave 1 results']);
    expect(batches).toEqual([['first'], ['a', 'b']]);
  });
});
