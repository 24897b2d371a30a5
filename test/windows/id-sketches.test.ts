import { describe, expect, it } from 'vitest';
import { Distinct, hash53 } from '../../src/windows/distinct.js';
import { IdDistinct, IdTopCounter } from '../../src/windows/id-sketches.js';
import { TopCounter } from '../../src/windows/topk.js';
import { mulberry32 } from '../detectors/harness.js';

/** Ids 0..n-1 stand for the strings `+3361234` + id. */
const name = (id: number): string => `+336123${String(id).padStart(5, '0')}`;
const hashOf = (id: number): number => hash53(name(id));

/** A stream of ids: a few heavy ones and a long tail, in random order. */
function stream(seed: number, length: number, distinct: number): number[] {
  const rand = mulberry32(seed);
  return Array.from({ length }, () =>
    rand() < 0.3 ? Math.floor(rand() * 3) : Math.floor(rand() * distinct),
  );
}

describe('IdDistinct gives what Distinct gives for the same values', () => {
  for (const [length, distinct] of [
    [50, 40],
    [3000, 500],
    [5000, 2000],
  ]) {
    it(`${length} values among ${distinct}`, () => {
      const ids = stream(length, length, distinct);
      const ref = new Distinct(512, 10);
      const mine = new IdDistinct(hashOf, 512, 10);
      for (const id of ids) {
        ref.add(name(id));
        mine.add(id);
      }
      expect(mine.count).toBe(ref.count);
      expect(mine.approx).toBe(ref.approx);
    });
  }

  it('unions several days exactly or by the same sketch, sealed or not', () => {
    for (const sizes of [
      [100, 200, 50],
      [100, 3000, 50],
    ]) {
      const refs: Distinct[] = [];
      const mine: IdDistinct[] = [];
      sizes.forEach((n, day) => {
        const r = new Distinct(512, 10);
        const m = new IdDistinct(hashOf, 512, 10);
        for (const id of stream(day + 7, n, n)) {
          r.add(name(id));
          m.add(id);
        }
        if (day % 2 === 0) m.seal();
        refs.push(r);
        mine.push(m);
      });
      expect(IdDistinct.union(mine)).toEqual(Distinct.union(refs));
    }
  });

  it('keeps counting after it was sealed (a day reopened by a late record)', () => {
    const ids = stream(3, 2000, 700);
    const ref = new Distinct(512, 10);
    const mine = new IdDistinct(hashOf, 512, 10);
    ids.forEach((id, i) => {
      ref.add(name(id));
      mine.add(id);
      if (i % 97 === 0) mine.seal();
      if (i % 50 === 0) expect(mine.count).toBe(ref.count);
    });
    expect(mine.count).toBe(ref.count);
    expect(mine.approx).toBe(true);
  });
});

describe('IdTopCounter gives what TopCounter gives for the same stream', () => {
  for (const [length, distinct] of [
    [10, 5],
    [400, 12],
    [3000, 900],
  ]) {
    it(`${length} values among ${distinct}, heaviest with count and error`, () => {
      const ref = new TopCounter(16);
      const mine = new IdTopCounter(16);
      for (const id of stream(length + 1, length, distinct)) {
        ref.add(name(id));
        mine.add(id);
      }
      const want = ref.top()!;
      const got = mine.top(name)!;
      expect({ key: name(got.id), count: got.count, error: got.error }).toEqual(want);
    });
  }

  it('breaks count ties by the smaller key string', () => {
    const mine = new IdTopCounter(4);
    for (const id of [9, 2, 5]) mine.add(id);
    expect(mine.top(name)?.id).toBe(2);
    expect(new IdTopCounter(4).top(name)).toBeNull();
  });
});
