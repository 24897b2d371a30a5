import { describe, expect, it } from 'vitest';
import { DenseColumns } from '../../src/windows/dense-columns.js';
import { DenseSeries } from '../../src/windows/series.js';
import { mulberry32 } from '../detectors/harness.js';

describe('DenseColumns: one DenseSeries per key', () => {
  it('matches DenseSeries on shuffled indexes, large counts and fractional sums', () => {
    const rand = mulberry32(11);
    const mine = new DenseColumns();
    const refs = new Map<number, DenseSeries>();
    for (let i = 0; i < 20_000; i++) {
      const key = Math.floor(rand() * 6);
      // Key 0 gets counts past 65,535 in one cell; key 5 fractional values; others spread in time.
      const index = key === 0 ? 1000 : 900 + Math.floor(rand() * 300) - (i % 2 ? 250 : 0);
      const value = key === 0 ? 37 : key === 5 ? 0.25 + Math.floor(rand() * 10) : 1;
      mine.add(key, index, value);
      let ref = refs.get(key);
      if (ref === undefined) {
        ref = new DenseSeries();
        refs.set(key, ref);
      }
      ref.add(index, value);
    }
    for (const [key, ref] of refs) {
      expect(mine.total(key)).toBe(ref.total);
      expect(mine.sum(key, 700, 1100)).toBe(ref.sum(700, 1100));
      expect(mine.sum(key, 1001, 1001)).toBe(ref.sum(1001, 1001));
      for (let k = 600; k < 1250; k += 7) expect(mine.get(key, k)).toBe(ref.get(k));
      const seen: [number, number][] = [];
      const want: [number, number][] = [];
      mine.forEach(key, (k, v) => {
        seen.push([k, v]);
      });
      ref.forEach((k, v) => {
        want.push([k, v]);
      });
      expect(seen).toEqual(want);
    }
    expect(mine.get(0, 1000)).toBeGreaterThan(65_535);
    expect(mine.get(42, 1000)).toBe(0);
    expect(mine.sum(42, 0, 2000)).toBe(0);
  });
});
