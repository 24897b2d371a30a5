import { describe, expect, it } from 'vitest';
import { IdTable } from '../../src/windows/id-table.js';
import { mulberry32 } from '../detectors/harness.js';

describe('IdTable: integer id -> number, open addressing', () => {
  it('or() matches a Map of bit masks, for ids in any order and past the initial capacity', () => {
    const rand = mulberry32(3);
    const table = new IdTable();
    const ref = new Map<number, number>();
    for (let k = 0; k < 50_000; k++) {
      // Sequential and scattered ids, as NumberBook ids of callers come.
      const id = k % 3 === 0 ? k : Math.floor(rand() * 1e6);
      const bit = 1 << Math.floor(rand() * 24);
      table.or(id, bit);
      ref.set(id, (ref.get(id) ?? 0) | bit);
    }
    expect(table.size).toBe(ref.size);
    for (const [id, mask] of ref) expect(table.get(id)).toBe(mask);
    const seen = new Map<number, number>();
    table.forEach((id, v) => {
      seen.set(id, v);
    });
    expect(seen).toEqual(ref);
  });

  it('min() keeps the smallest value per id whatever the order', () => {
    const rand = mulberry32(4);
    const table = new IdTable(2);
    const ref = new Map<number, number>();
    for (let k = 0; k < 20_000; k++) {
      const id = Math.floor(rand() * 3000);
      const t = Math.floor((rand() - 0.5) * 4e9);
      table.min(id, t);
      ref.set(id, Math.min(ref.get(id) ?? Number.POSITIVE_INFINITY, t));
    }
    expect(table.size).toBe(ref.size);
    for (const [id, t] of ref) expect(table.get(id)).toBe(t);
  });

  it('tells absent ids apart, id 0 included', () => {
    const table = new IdTable();
    expect(table.has(0)).toBe(false);
    expect(table.get(0)).toBeNaN();
    expect(table.get(0, -1)).toBe(-1);
    table.or(0, 0);
    expect(table.has(0)).toBe(true);
    expect(table.get(0)).toBe(0);
    expect(table.has(1)).toBe(false);
  });
});
