import { describe, expect, it } from 'vitest';
import { DenseSeries } from '../../src/windows/series.js';

describe('DenseSeries', () => {
  it('counts per index in any order, growing at both ends', () => {
    const s = new DenseSeries();
    for (const i of [10, 12, 3, 10, 40, -2]) s.add(i);
    s.add(12, 2.5);
    expect(s.get(10)).toBe(2);
    expect(s.get(12)).toBe(3.5);
    expect(s.get(-2)).toBe(1);
    expect(s.get(11)).toBe(0);
    expect(s.get(1000)).toBe(0);
    expect(s.min).toBe(-2);
    expect(s.max).toBe(40);
    expect(s.total).toBe(8.5);
    expect(s.sum(3, 12)).toBe(6.5);
    expect(s.sum(-100, 100)).toBe(8.5);
    expect(s.peak(0, 40)).toEqual({ index: 12, value: 3.5 });
    const seen: [number, number][] = [];
    s.forEach((i, v) => {
      seen.push([i, v]);
    });
    expect(seen).toEqual([
      [-2, 1],
      [3, 1],
      [10, 2],
      [12, 3.5],
      [40, 1],
    ]);
  });

  it('is empty until something is added', () => {
    const s = new DenseSeries();
    expect(s.sum(0, 10)).toBe(0);
    expect(s.peak(0, 10)).toEqual({ index: -1, value: 0 });
    expect(s.total).toBe(0);
  });
});
