import { describe, expect, it } from 'vitest';
import { grownFloat64, grownInt32, PairIds } from '../../src/windows/pair-ids.js';
import { mulberry32 } from '../detectors/harness.js';

describe('PairIds', () => {
  it('gives the ids a Map keyed by both ids would, in first-seen order, through growth', () => {
    const rand = mulberry32(5);
    const pairs = new PairIds();
    const reference = new Map<string, number>();
    const got: number[] = [];
    const want: number[] = [];
    // Skewed ids (many pairs share a first id, as lines share callers), enough to grow several times.
    for (let i = 0; i < 30_000; i++) {
      const a = Math.floor(rand() ** 2 * 3000);
      const b = Math.floor(rand() * 100_000);
      const key = `${a}|${b}`;
      let id = reference.get(key);
      if (id === undefined) {
        id = reference.size;
        reference.set(key, id);
      }
      want.push(id);
      got.push(pairs.idOf(a, b));
    }
    expect(got).toEqual(want);
    expect(pairs.size).toBe(reference.size);
    expect(pairs.capacity).toBeGreaterThanOrEqual(pairs.size);
    const back = [...reference].map(([key, id]) => {
      const [a, b] = key.split('|').map(Number);
      return `${pairs.firsts[id]}|${pairs.seconds[id]}|${pairs.find(a, b)}`;
    });
    expect(back).toEqual([...reference].map(([key, id]) => `${key}|${id}`));
  });

  it('tells ordered pairs apart and finds nothing it was not given', () => {
    const pairs = new PairIds();
    expect(pairs.find(1, 2)).toBe(-1);
    expect(pairs.idOf(1, 2)).toBe(0);
    expect(pairs.idOf(2, 1)).toBe(1);
    expect(pairs.idOf(0, 0)).toBe(2);
    expect(pairs.idOf(1, 2)).toBe(0);
    expect(pairs.find(2, 2)).toBe(-1);
    expect(pairs.find(0, 0)).toBe(2);
    expect(pairs.size).toBe(3);
  });

  it('grows columns keeping their values and filling the new entries', () => {
    const f = grownFloat64(Float64Array.of(1, 2), 4, Number.POSITIVE_INFINITY);
    expect([...f]).toEqual([1, 2, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect([...grownFloat64(Float64Array.of(3), 2, 0)]).toEqual([3, 0]);
    expect([...grownInt32(Int32Array.of(7), 3)]).toEqual([7, 0, 0]);
  });
});
