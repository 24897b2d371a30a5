import { describe, expect, it } from 'vitest';
import { DayCells } from '../../src/windows/day-cells.js';
import { mulberry32 } from '../detectors/harness.js';

/** Every (day -> counters) of a list, read back through `first` and `nextOf` (a day seen twice throws). */
function contents(cells: DayCells, list: number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let c = cells.first(list); c >= 0; c = cells.nextOf[c]) {
    if (out.has(cells.dayOf[c])) throw new Error(`day ${cells.dayOf[c]} twice in list ${list}`);
    out.set(cells.dayOf[c], Array.from(cells.counts.subarray(c * cells.width, (c + 1) * cells.width)));
  }
  return out;
}

describe('DayCells', () => {
  it('counts per list and day like a map of maps, in time order or shuffled', () => {
    for (const shuffled of [false, true]) {
      const rand = mulberry32(shuffled ? 11 : 12);
      const cells = new DayCells(2);
      const reference: Map<number, number[]>[] = [];
      for (let i = 0; i < 300; i++) {
        expect(cells.newList()).toBe(i);
        reference.push(new Map());
      }
      let clock = 19_000;
      let notFirst = 0;
      for (let n = 0; n < 20_000; n++) {
        if (!shuffled && rand() < 0.01) clock++;
        const day = shuffled ? 19_000 + Math.floor(rand() * 200) - 100 : clock;
        const list = Math.floor(rand() * 300);
        const which = rand() < 0.3 ? 1 : 0;
        const c = cells.cell(list, day);
        if (cells.first(list) !== c) notFirst++;
        cells.counts[c * 2 + which] += 2;
        const ref = reference[list].get(day) ?? [0, 0];
        ref[which] += 2;
        reference[list].set(day, ref);
      }
      expect(notFirst).toBe(0);
      expect(cells.cellCount).toBeGreaterThan(256);
      expect(Array.from({ length: 300 }, (_, i) => contents(cells, i))).toEqual(reference);
    }
  });

  it('starts lists empty and cells at zero', () => {
    const cells = new DayCells(3);
    const a = cells.newList();
    const b = cells.newList();
    expect(cells.first(a)).toBe(-1);
    const c = cells.cell(b, -5);
    expect(Array.from(cells.counts.subarray(c * 3, c * 3 + 3))).toEqual([0, 0, 0]);
    expect(cells.cell(b, -5)).toBe(c);
    expect(cells.first(a)).toBe(-1);
    expect(contents(cells, b)).toEqual(new Map([[-5, [0, 0, 0]]]));
  });
});
