import { describe, expect, it } from 'vitest';
import { growFloat64, grownRows, PairIndex } from '../../src/windows/pair-index.js';
import { mulberry32 } from '../detectors/harness.js';

describe('PairIndex', () => {
  it('gives the index a Map keyed by the pair would, in order of first appearance, across growth', () => {
    const rand = mulberry32(7);
    const index = new PairIndex();
    const reference = new Map<string, number>();
    const wrong: string[] = [];
    // Ids in any order, repeated pairs, a -1 key (the owner's line) and ids past the first capacity.
    for (let k = 0; k < 60_000; k++) {
      const a = Math.floor(rand() * 400) - 1;
      const b = Math.floor(rand() * 5000);
      const key = `${a},${b}`;
      let want = reference.get(key);
      if (want === undefined) {
        want = reference.size;
        reference.set(key, want);
      }
      const sizeBefore = index.size;
      if (index.add(a, b) !== want || index.added !== index.size > sizeBefore) wrong.push(key);
    }
    expect(wrong).toEqual([]);
    expect(index.size).toBe(reference.size);
    expect(index.rows).toBeGreaterThanOrEqual(index.size);
    for (const [key, i] of reference) {
      const [a, b] = key.split(',').map(Number);
      if (index.indexOf(a, b) !== i || index.left[i] !== a || index.right[i] !== b) wrong.push(key);
    }
    // Absent pairs, including the mirror of present ones (pairs are ordered).
    for (let k = 0; k < 2000; k++) {
      const a = 400 + Math.floor(rand() * 400);
      if (index.indexOf(a, Math.floor(rand() * 5000)) !== -1) wrong.push(`absent ${a}`);
    }
    expect(wrong).toEqual([]);
    const [a, b] = [...reference.keys()][0].split(',').map(Number);
    if (!reference.has(`${b},${a}`)) expect(index.indexOf(b, a)).toBe(-1);
  });

  it('grows rows by half, from a floor', () => {
    expect(grownRows(0)).toBe(1024);
    expect(grownRows(4096)).toBe(6144);
  });
});

describe('growFloat64', () => {
  it('keeps the values and fills the new rows with the fill value (0 by default)', () => {
    const a = Float64Array.from([1.5, -2]);
    expect([...growFloat64(a, 4)]).toEqual([1.5, -2, 0, 0]);
    expect([...growFloat64(a, 4, Number.POSITIVE_INFINITY)]).toEqual([1.5, -2, Infinity, Infinity]);
  });
});
