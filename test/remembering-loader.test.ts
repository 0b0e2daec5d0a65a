/**
 * RememberingLoader (src/remembering-loader.ts): answers are remembered only when a parent loaded a whole list, never
 * a failed one, and loads still batch as a DataLoader does.
 */
import DataLoader from 'dataloader';
import { describe, expect, it } from 'vitest';
import { RememberingLoader } from '../src/remembering-loader.js';

function loader() {
  const batches: string[][] = [];
  const data = new DataLoader<string, number, string>(async (keys) => {
    batches.push([...keys]);
    return keys.map((key) => (key === 'broken' ? new Error('no such key') : key.length));
  });
  return { batches, remembering: new RememberingLoader(data, (key: string) => key) };
}

describe('RememberingLoader', () => {
  it('remembers what loadAll loaded, in one batch, and nothing that failed', async () => {
    const { batches, remembering } = loader();
    expect(remembering.answerFor('abc')).toBeUndefined();
    await remembering.loadAll(['abc', 'de', 'broken']);
    expect(batches).toEqual([['abc', 'de', 'broken']]);
    expect(remembering.answerFor('abc')).toBe(3);
    expect(remembering.answerFor('de')).toBe(2);
    expect(remembering.answerFor('broken')).toBeUndefined();
    await expect(remembering.load('broken')).rejects.toThrow('no such key');
  });

  it('does not remember single loads, which a field awaits itself; they still batch and share the cache', async () => {
    const { batches, remembering } = loader();
    expect(await Promise.all([remembering.load('a'), remembering.load('bb')])).toEqual([1, 2]);
    expect(remembering.answerFor('a')).toBeUndefined();
    await remembering.loadAll(['a', 'bb']);
    expect(batches).toEqual([['a', 'bb']]);
    expect(remembering.answerFor('bb')).toBe(2);
  });
});
