import { describe, expect, it } from 'vitest';
import { IdDayCounts, PAGE_DAYS } from '../../src/windows/id-day-counts.js';
import { mulberry32 } from '../detectors/harness.js';

/** Adds every (id, day) to the structure and to a plain Map, checking each returned count. */
function compare(adds: [number, number][], maxCount: number) {
  const counts = new IdDayCounts(maxCount);
  const ref = new Map<string, number>();
  for (const [id, day] of adds) {
    const key = `${id}:${day}`;
    const n = Math.min(maxCount, (ref.get(key) ?? 0) + 1);
    ref.set(key, n);
    expect(counts.increment(id, day)).toBe(n);
  }
  return { counts, ref };
}

function expectSame(counts: IdDayCounts, ref: Map<string, number>, ids: number, days: [number, number]) {
  const byId = new Map<number, Map<number, number>>();
  for (const [key, n] of ref) {
    const [id, day] = key.split(':').map(Number);
    if (!byId.has(id)) byId.set(id, new Map());
    byId.get(id)!.set(day, n);
  }
  for (let id = 0; id < ids; id++) {
    const want = byId.get(id) ?? new Map<number, number>();
    for (let day = days[0]; day <= days[1]; day++) expect(counts.get(id, day)).toBe(want.get(day) ?? 0);
    const seen = new Map<number, number>();
    counts.forEachDay(id, (day, n) => {
      expect(seen.has(day)).toBe(false);
      seen.set(day, n);
    });
    expect(seen).toEqual(want);
  }
}

describe('IdDayCounts: small counts per id and day', () => {
  it('matches a Map for time-ordered days of many ids (past its initial capacities)', () => {
    const rand = mulberry32(1);
    const adds: [number, number][] = [];
    for (let day = 20_000; day < 20_031; day++) {
      for (let k = 0; k < 300; k++) adds.push([Math.floor(rand() ** 2 * 3000), day]);
    }
    const { counts, ref } = compare(adds, 255);
    expectSame(counts, ref, 3000, [19_990, 20_040]);
  });

  it('matches a Map for shuffled days spread over months, before and after the first day', () => {
    const rand = mulberry32(2);
    const adds: [number, number][] = [];
    for (let k = 0; k < 20_000; k++) {
      adds.push([Math.floor(rand() * 50), 20_000 + Math.floor((rand() - 0.5) * 8 * PAGE_DAYS)]);
    }
    const { counts, ref } = compare(adds, 255);
    expectSame(counts, ref, 50, [20_000 - 5 * PAGE_DAYS, 20_000 + 5 * PAGE_DAYS]);
  });

  it('saturates at maxCount, with wider slots when maxCount needs them', () => {
    const adds: [number, number][] = [];
    for (let k = 0; k < 400; k++) adds.push([7, 100], [7, 100 + PAGE_DAYS * 3]);
    for (const maxCount of [9, 255, 300, 70_000]) {
      const { counts, ref } = compare(adds, maxCount);
      expect(counts.get(7, 100)).toBe(Math.min(400, maxCount));
      expect(counts.get(7, 100 + PAGE_DAYS * 3)).toBe(Math.min(400, maxCount));
      expectSame(counts, ref, 8, [90, 110 + PAGE_DAYS * 3]);
    }
  });

  it('an id never added has no days', () => {
    const counts = new IdDayCounts(10);
    counts.increment(3, 5);
    expect(counts.get(2, 5)).toBe(0);
    expect(counts.get(1_000_000, 5)).toBe(0);
    let calls = 0;
    counts.forEachDay(2, () => calls++);
    counts.forEachDay(1_000_000, () => calls++);
    expect(calls).toBe(0);
    expect(counts.bytes).toBeGreaterThan(0);
  });

  it("keeps the caller's record fields apart from the counts, across growth", () => {
    const counts = new IdDayCounts(255, 4);
    const rand = mulberry32(5);
    const ref = new Map<string, number>();
    const fields = new Map<number, number[]>();
    for (let k = 0; k < 30_000; k++) {
      const id = Math.floor(rand() * 5000);
      const day = 100 + Math.floor(rand() * 40);
      counts.ensure(id);
      const at = counts.intIndex(id);
      for (let f = 0; f < 4; f++) counts.ints[at + f] += f + 1;
      counts.floats[counts.floatIndex(id)] += 0.5;
      const want = fields.get(id) ?? [0, 0, 0, 0, 0];
      for (let f = 0; f < 4; f++) want[f] += f + 1;
      want[4] += 0.5;
      fields.set(id, want);
      const key = `${id}:${day}`;
      ref.set(key, Math.min(255, (ref.get(key) ?? 0) + 1));
      expect(counts.increment(id, day)).toBe(ref.get(key));
    }
    for (const [id, want] of fields) {
      const at = counts.intIndex(id);
      expect([0, 1, 2, 3].map((f) => counts.ints[at + f])).toEqual(want.slice(0, 4));
      expect(counts.floats[counts.floatIndex(id)]).toBe(want[4]);
    }
    expectSame(counts, ref, 5000, [95, 145]);
  });
});
