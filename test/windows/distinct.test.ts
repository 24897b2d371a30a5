import { describe, expect, it } from 'vitest';
import { DistinctCounter, hash32 } from '../../src/windows/distinct.js';

describe('hash32', () => {
  it('is stable and spreads similar numbers', () => {
    expect(hash32('+33612345678')).toBe(hash32('+33612345678'));
    expect(hash32('+33612345678')).not.toBe(hash32('+33612345679'));
    expect(hash32('')).toBeGreaterThanOrEqual(0);
  });
});

describe('DistinctCounter', () => {
  it('is exact while small', () => {
    const c = new DistinctCounter(100);
    for (let i = 0; i < 250; i++) c.add(`+3361234${String(i % 80).padStart(4, '0')}`);
    expect(c.isExact).toBe(true);
    expect(c.size).toBe(80);
  });

  it('switches to a HyperLogLog within a few percent past its limit', () => {
    const c = new DistinctCounter(1000);
    for (let i = 0; i < 50_000; i++) c.add(`+336${String(i * 7919).padStart(8, '0')}`);
    expect(c.isExact).toBe(false);
    expect(Math.abs(c.size - 50_000) / 50_000).toBeLessThan(0.05);
  });

  it('unites counters exactly when all are exact, approximately otherwise', () => {
    const a = new DistinctCounter(100);
    const b = new DistinctCounter(100);
    for (let i = 0; i < 60; i++) a.add(`n${i}`);
    for (let i = 30; i < 90; i++) b.add(`n${i}`);
    expect(DistinctCounter.union([a, b])).toEqual({ size: 90, exact: true });
    const big = new DistinctCounter(10);
    for (let i = 0; i < 5000; i++) big.add(`n${i}`);
    const u = DistinctCounter.union([a, b, big]);
    expect(u.exact).toBe(false);
    expect(Math.abs(u.size - 5000) / 5000).toBeLessThan(0.05);
    expect(DistinctCounter.union([])).toEqual({ size: 0, exact: true });
  });
});
