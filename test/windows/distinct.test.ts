import { describe, expect, it } from 'vitest';
import { Distinct, EXACT_DISTINCT, HyperLogLog, hash32, hash53, high32 } from '../../src/windows/distinct.js';

const mobile = (i: number) => `+3361${String(i).padStart(7, '0')}`;

describe('hash53 and hash32', () => {
  it('hashes to distinct 53-bit integers where 32 bits collide', () => {
    const seen53 = new Set<number>();
    const seen32 = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      const s = `+33${600000000 + i}`;
      const h = hash53(s);
      expect(Number.isSafeInteger(h) && h >= 0).toBe(true);
      seen53.add(h);
      seen32.add(hash32(s));
    }
    expect(seen53.size).toBe(100_000);
    // 100,000 values in 2^32: about one collision expected (n^2 / 2^33).
    expect(seen32.size).toBeGreaterThan(99_990);
  });

  it('is stable, and hash32 is the high 32 bits of hash53', () => {
    expect(hash53('+33612345678')).toBe(hash53('+33612345678'));
    expect(hash53('+33612345678')).not.toBe(hash53('+33612345679'));
    expect(hash32('+33612345678')).not.toBe(hash32('+33612345679'));
    for (const s of ['', 'withheld', '+33612345678', '+212612345678', 'é']) {
      expect(high32(hash53(s))).toBe(hash32(s));
      expect(hash32(s)).toBeGreaterThanOrEqual(0);
      expect(hash32(s)).toBeLessThan(2 ** 32);
    }
  });
});

describe('HyperLogLog', () => {
  it('estimates large cardinalities within a few percent at the default precision', () => {
    for (const n of [1000, 20_000, 200_000]) {
      const h = new HyperLogLog();
      for (let i = 0; i < n; i++) h.add(hash53(mobile(i)));
      expect(h.registers.length).toBe(4096);
      expect(Math.abs(h.estimate() - n) / n).toBeLessThan(0.05);
    }
  });

  it('takes a precision: 1 KiB at 10 (about 3 % error), 64 KiB at 16', () => {
    const small = new HyperLogLog(10);
    const big = new HyperLogLog(16);
    for (let i = 0; i < 50_000; i++) {
      small.add(hash53(mobile(i)));
      big.add(hash53(mobile(i)));
    }
    expect(small.registers.length).toBe(1024);
    expect(Math.abs(small.estimate() - 50_000) / 50_000).toBeLessThan(0.1);
    expect(Math.abs(big.estimate() - 50_000) / 50_000).toBeLessThan(0.02);
    expect(() => new HyperLogLog(3)).toThrow(RangeError);
    expect(() => new HyperLogLog(17)).toThrow(RangeError);
  });

  it('merges sketches of the same precision into their union', () => {
    const a = new HyperLogLog();
    const b = new HyperLogLog();
    for (let i = 0; i < 30_000; i++) a.add(hash53(mobile(i)));
    for (let i = 20_000; i < 50_000; i++) b.add(hash53(mobile(i)));
    a.merge(b);
    expect(Math.abs(a.estimate() - 50_000) / 50_000).toBeLessThan(0.05);
    expect(() => a.merge(new HyperLogLog(10))).toThrow(RangeError);
  });

  it('ranks hashes by the first 1 bit of their 41 bits after the register index (precision 12)', () => {
    const rankOf = (h: number): [number, number] => {
      const x = new HyperLogLog(12);
      x.add(h);
      const i = x.registers.findIndex((r) => r > 0);
      return [i, x.registers[i]];
    };
    expect(rankOf(0)).toEqual([0, 42]); // no 1 bit at all: 41 + 1
    expect(rankOf(1)).toEqual([0, 41]); // only the last bit
    expect(rankOf(2 ** 32)).toEqual([0, 9]); // bit 32 of 0..40
    expect(rankOf(2 ** 41 - 1)).toEqual([0, 1]);
    expect(rankOf(2 ** 53 - 1)).toEqual([4095, 1]);
    expect(rankOf(5 * 2 ** 41 + 2 ** 20)).toEqual([5, 21]);
  });
});

describe('Distinct', () => {
  it(`is exact up to ${EXACT_DISTINCT} values by default and ignores repeats`, () => {
    const d = new Distinct();
    for (let k = 0; k < 3; k++) for (let i = 0; i < 100; i++) d.add(mobile(i));
    expect(d.count).toBe(100);
    expect(d.approx).toBe(false);
    for (let i = 100; i < EXACT_DISTINCT; i++) d.add(mobile(i));
    expect([d.count, d.approx]).toEqual([EXACT_DISTINCT, false]);
    d.add(mobile(EXACT_DISTINCT));
    expect(d.approx).toBe(true);
    // Linear counting, accurate this far below 4,096 registers.
    expect(Math.abs(d.count - (EXACT_DISTINCT + 1))).toBeLessThanOrEqual(8);
    for (let k = 0; k < 3; k++) for (let i = 0; i < 5000; i++) d.add(mobile(i));
    expect(Math.abs(d.count - 5000)).toBeLessThan(250);
  });

  it('honours its exact limit and precision: a sketch from the start at 0, never at Infinity', () => {
    const limited = new Distinct(100, 10);
    for (let i = 0; i < 250; i++) limited.add(`+3361234${String(i % 80).padStart(4, '0')}`);
    expect([limited.count, limited.approx]).toEqual([80, false]);
    for (let i = 0; i < 50_000; i++) limited.add(`+336${String(i * 7919).padStart(8, '0')}`);
    expect(limited.approx).toBe(true);
    expect(Math.abs(limited.count - 50_000) / 50_000).toBeLessThan(0.1);

    const sketch = new Distinct(0);
    expect(sketch.approx).toBe(true);
    expect(sketch.count).toBe(0);
    sketch.add('+33612345678');
    sketch.add('+33612345678');
    expect(sketch.count).toBe(1);

    const always = new Distinct(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 20_000; i++) always.add(mobile(i % 12_345));
    expect([always.count, always.approx]).toEqual([12_345, false]);
    expect(() => new Distinct(10, 20)).toThrow(RangeError);
  });

  it('counts by hash: addHash(hash53(x)) and add(x) are the same value', () => {
    const d = new Distinct();
    d.add('+33612345678');
    d.addHash(hash53('+33612345678'));
    d.addHash(0);
    d.addHash(0);
    expect(d.count).toBe(2);
  });

  it('unites counters exactly when all are exact, approximately otherwise', () => {
    const a = new Distinct(100);
    const b = new Distinct(100);
    for (let i = 0; i < 60; i++) a.add(`n${i}`);
    for (let i = 30; i < 90; i++) b.add(`n${i}`);
    expect(Distinct.union([a, b])).toEqual({ count: 90, approx: false });
    expect(Distinct.union([a])).toEqual({ count: 60, approx: false });
    expect(Distinct.union([])).toEqual({ count: 0, approx: false });
    const big = new Distinct(10);
    for (let i = 0; i < 5000; i++) big.add(`n${i}`);
    const u = Distinct.union([a, b, big]);
    expect(u.approx).toBe(true);
    expect(Math.abs(u.count - 5000) / 5000).toBeLessThan(0.05);
    // Exact counters join a sketch of another precision through its registers.
    const small = new Distinct(0, 10);
    for (let i = 0; i < 3000; i++) small.add(`m${i}`);
    const v = Distinct.union([a, small]);
    expect(v.approx).toBe(true);
    expect(Math.abs(v.count - 3060) / 3060).toBeLessThan(0.1);
    expect(() => Distinct.union([big, small])).toThrow(RangeError);
  });
});
