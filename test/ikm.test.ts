/**
 * The IKM rules of PermenPAN-RB 14/2017 and the Krejcie-Morgan table, as pure functions.
 */
import { describe, expect, it } from 'vitest';
import { gradeOf, ikmOf, krejcieMorganSample, roundTo } from '../src/domain/ikm.js';

describe('IKM', () => {
  it('is the sum of NRR x 1/9, times 25, with the NRR per element a plain mean', () => {
    // Three respondents; by hand: NRR U1 = (4+3+2)/3 = 3, U2 = (4+3+3)/3 = 3.3333, U3 = (4+3+4)/3 = 3.6667,
    // U4 = (4+3+1)/3 = 2.6667, U5 = 3, U6 = 3.3333, U7 = 3.6667, U8 = 2.6667, U9 = 3.
    // Sum of NRR = 28.3333; x 1/9 = 3.1481; x 25 = 78.70 -> B (Baik).
    const answers = [
      [4, 4, 4, 4, 4, 4, 4, 4, 4],
      [3, 3, 3, 3, 3, 3, 3, 3, 3],
      [2, 3, 4, 1, 2, 3, 4, 1, 2],
    ];
    const sums = answers[0]!.map((_, e) => answers.reduce((s, row) => s + row[e]!, 0));
    const score = ikmOf({ responses: 3, sums })!;
    expect(score.elements.map((e) => roundTo(e.nrr, 4))).toEqual([3, 3.3333, 3.6667, 2.6667, 3, 3.3333, 3.6667, 2.6667, 3]);
    expect(roundTo(score.unit, 4)).toBe(3.1481);
    expect(score.converted).toBe(78.7);
    expect(score).toMatchObject({ grade: 'B', label: 'Baik' });
    // The lowest NRR (2.6667) first reached at U4.
    expect(score.lowest.element).toBe('U4');
  });

  it('is null without responses', () => {
    expect(ikmOf({ responses: 0, sums: [0, 0, 0, 0, 0, 0, 0, 0, 0] })).toBeNull();
  });

  it.each([
    [100, 'A'],
    [88.31, 'A'],
    [88.305, 'A'], // published as 88.31
    [88.3, 'B'],
    [76.61, 'B'],
    [76.6, 'C'],
    [65, 'C'],
    [64.99, 'D'],
    [64.994, 'D'], // published as 64.99
    [25, 'D'],
  ])('grades %s as %s (lower bounds inclusive, on the score as published to two decimals)', (converted, grade) => {
    expect(gradeOf(converted)).toBe(grade);
  });
});

describe('Krejcie-Morgan sample', () => {
  it.each([
    [0, 0],
    [5, 5],
    [10, 10],
    [50, 44],
    [100, 80],
    [500, 217],
    [1_000, 278],
    [5_000, 357],
    [10_000, 370],
    [9_000, 368],
    [75_000, 382],
    [1_000_000, 384],
  ])('asks %i served citizens for %i respondents, as the published table does', (population, sample) => {
    expect(krejcieMorganSample(population)).toBe(sample);
  });
});
