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

  it('keeps every value through repeated growth at both ends (spare capacity stays zero)', () => {
    const s = new DenseSeries();
    const ref = new Map<number, number>();
    // Deterministic walk: mostly rising indexes with jumps back, as in a roughly time-ordered export.
    let x = 1000;
    let seed = 7;
    for (let n = 0; n < 5000; n++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      x += (seed % 7) - 2;
      if (seed % 97 === 0) x -= 400;
      const v = (seed % 5) + 1;
      s.add(x, v);
      ref.set(x, (ref.get(x) ?? 0) + v);
    }
    const keys = [...ref.keys()];
    const lo = Math.min(...keys);
    const hi = Math.max(...keys);
    expect(s.min).toBe(lo);
    expect(s.max).toBe(hi);
    let total = 0;
    for (let k = lo - 3; k <= hi + 3; k++) {
      expect(s.get(k)).toBe(ref.get(k) ?? 0);
      total += ref.get(k) ?? 0;
    }
    expect(s.total).toBe(total);
    expect(s.sum(lo, hi)).toBe(total);
    expect(s.get(hi + 1)).toBe(0);
  });
});
