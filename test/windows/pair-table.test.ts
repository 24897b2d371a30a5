import { describe, expect, it } from 'vitest';
import { PairTable } from '../../src/windows/pair-table.js';
import { mulberry32 } from '../detectors/harness.js';

describe('PairTable', () => {
  it('keeps one value per ordered pair like a Map, through growth', () => {
    const rand = mulberry32(7);
    const table = new PairTable();
    const reference = new Map<string, number>();
    // Disagreements with the reference, counted rather than asserted per step (assertions are slow).
    let wrong = 0;
    for (let n = 0; n < 60_000; n++) {
      // Small id ranges make repeats frequent; a few large ids test the bounds.
      const a = rand() < 0.01 ? 2 ** 31 - 2 - Math.floor(rand() * 3) : Math.floor(rand() * 300);
      const b = Math.floor(rand() * 300);
      const key = `${a}>${b}`;
      const i = table.slot(a, b);
      if (table.added === reference.has(key)) wrong++;
      if (table.values[i] !== (reference.get(key) ?? 0)) wrong++;
      const v = (reference.get(key) ?? 0) + 1 + (n % 5);
      table.values[i] = v;
      reference.set(key, v);
    }
    expect(wrong).toBe(0);
    expect(table.size).toBe(reference.size);
    expect(table.size).toBeGreaterThan(1024);
    for (const [key, v] of reference) {
      const [a, b] = key.split('>').map(Number);
      if (table.get(a, b, -7) !== v) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it('tells (a, b) from (b, a), and says when a pair is missing', () => {
    const table = new PairTable();
    table.values[table.slot(1, 2)] = 12;
    table.values[table.slot(2, 1)] = 21;
    table.values[table.slot(0, 0)] = -3;
    expect(table.get(1, 2, -1)).toBe(12);
    expect(table.get(2, 1, -1)).toBe(21);
    expect(table.get(0, 0, -1)).toBe(-3);
    expect(table.get(1, 3, -1)).toBe(-1);
    expect(table.size).toBe(3);
    table.slot(1, 2);
    expect(table.added).toBe(false);
    expect(table.size).toBe(3);
  });

  it('touch reads without adding or changing anything, in any order of pairs', () => {
    const rand = mulberry32(11);
    const table = new PairTable();
    const reference = new Map<string, number>();
    let wrong = 0;
    for (let n = 0; n < 20_000; n++) {
      const a = Math.floor(rand() * 200);
      const b = Math.floor(rand() * 200);
      // Touch pairs present and absent, out of order, before each change.
      const size = table.size;
      const t = table.touch(b, a) + table.touch(a, b) + table.touch(2 ** 31 - 2, b);
      if (!Number.isInteger(t) || table.size !== size) wrong++;
      const key = `${a}>${b}`;
      const i = table.slot(a, b);
      if (table.added === reference.has(key)) wrong++;
      table.values[i] = n + 1;
      reference.set(key, n + 1);
    }
    expect(wrong).toBe(0);
    expect(table.size).toBe(reference.size);
    for (const [key, v] of reference) {
      const [a, b] = key.split('>').map(Number);
      if (table.get(a, b, -1) !== v) wrong++;
    }
    expect(wrong).toBe(0);
    expect(table.get(2 ** 31 - 2, 0, -1)).toBe(-1);
  });
});
