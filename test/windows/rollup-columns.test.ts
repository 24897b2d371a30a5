import { describe, expect, it } from 'vitest';
import { RollupColumns, RollupLinks } from '../../src/windows/rollup-columns.js';
import { mulberry32 } from '../detectors/harness.js';

/** Reference: every value added to every group of its leaf, in a Map per group. */
function reference(
  adds: [number, number, number][],
  links: [number, number][],
): Map<number, Map<number, number>> {
  const groups = new Map<number, Map<number, number>>();
  for (const [leaf, index, value] of adds) {
    for (const [l, g] of links) {
      if (l !== leaf) continue;
      let series = groups.get(g);
      if (series === undefined) {
        series = new Map();
        groups.set(g, series);
      }
      series.set(index, (series.get(index) ?? 0) + value);
    }
  }
  return groups;
}

function scenario(seed: number, ordered: boolean) {
  const rand = mulberry32(seed);
  // 40 leaves, each in 1 to 3 of 12 groups (nested prefixes: a leaf's groups share it with others).
  const links: [number, number][] = [];
  for (let leaf = 0; leaf < 40; leaf++) {
    links.push([leaf, leaf % 3]);
    if (leaf % 2 === 0) links.push([leaf, 3 + (leaf % 5)]);
    if (leaf % 4 === 0) links.push([leaf, 8 + (leaf % 4)]);
  }
  const adds: [number, number, number][] = [];
  for (let i = 0; i < 30_000; i++) {
    const leaf = Math.floor(rand() * 40);
    // Counts (1), whole seconds, and one leaf past 65,535 in one cell.
    const value = leaf === 7 ? 40 : rand() < 0.5 ? 1 : Math.floor(rand() * 900);
    const index = ordered ? 500 + Math.floor(i / 300) : 400 + Math.floor(rand() * 200);
    adds.push([leaf, index, value]);
  }
  return { links, adds };
}

function build(links: [number, number][], adds: [number, number, number][]): RollupColumns {
  const rl = new RollupLinks();
  const rc = new RollupColumns(rl);
  const linked = new Set<number>();
  for (const [leaf, index, value] of adds) {
    // Links are declared when a leaf is first seen, as records arrive.
    if (!linked.has(leaf)) {
      linked.add(leaf);
      for (const [l, g] of links) if (l === leaf) rl.link(l, g);
    }
    rc.add(leaf, index, value);
  }
  return rc;
}

describe('RollupColumns: group series as the sums of their leaves', () => {
  for (const ordered of [true, false]) {
    it(`matches adding to every group, records ${ordered ? 'in time order' : 'out of order'}`, () => {
      const { links, adds } = scenario(ordered ? 3 : 4, ordered);
      const rc = build(links, adds);
      const want = reference(adds, links);
      for (let g = 0; g < 13; g++) {
        const series = want.get(g) ?? new Map<number, number>();
        let total = 0;
        for (const v of series.values()) total += v;
        expect(rc.total(g)).toBe(total);
        for (let k = 390; k < 610; k += 3) expect(rc.get(g, k)).toBe(series.get(k) ?? 0);
        let inRange = 0;
        for (const [k, v] of series) if (k >= 450 && k <= 520) inRange += v;
        expect(rc.sum(g, 450, 520)).toBe(inRange);
        const seen: [number, number][] = [];
        rc.forEach(g, (k, v) => {
          seen.push([k, v]);
        });
        const expected = [...series].filter(([, v]) => v !== 0).sort((a, b) => a[0] - b[0]);
        expect(seen).toEqual(expected);
      }
      expect(rc.get(0, 500)).toBeGreaterThan(0);
    });
  }

  it('rollAll gives every group at once, to go on adding to per group', () => {
    const { links, adds } = scenario(5, false);
    const rc = build(links, adds);
    const all = rc.rollAll();
    const want = reference(adds, links);
    for (const [g, series] of want) for (const [k, v] of series) expect(all.get(g, k)).toBe(v);
    all.add(3, 450, 0.25);
    expect(all.get(3, 450)).toBe((want.get(3)?.get(450) ?? 0) + 0.25);
  });

  it('refuses adds and links once a group was read (a read never misses values)', () => {
    const rl = new RollupLinks();
    const rc = new RollupColumns(rl);
    rl.link(0, 0);
    rc.add(0, 10, 1);
    expect(rc.get(0, 10)).toBe(1);
    expect(() => rc.add(0, 10, 1)).toThrow();
    expect(() => rl.link(1, 0)).toThrow();
  });

  it('a group without leaves reads 0', () => {
    const rl = new RollupLinks();
    const rc = new RollupColumns(rl);
    rl.link(0, 2);
    rc.add(0, 5, 3);
    expect(rc.total(1)).toBe(0);
    expect(rc.total(9)).toBe(0);
    expect(rc.sum(2, 0, 10)).toBe(3);
  });
});
