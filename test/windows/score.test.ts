import { describe, expect, it } from 'vitest';
import { poissonTail } from '../../src/windows/baseline.js';
import { mergeSpans, poissonLog10Tail, round2, scoreWindow } from '../../src/windows/score.js';

const OPTS = { minCount: 30, minRatio: 3, zThreshold: 3.5, maxP: 1e-6 };

describe('poissonLog10Tail', () => {
  it('agrees with the direct tail where that does not underflow', () => {
    for (const [k, lambda] of [
      [5, 2],
      [20, 4],
      [60, 20],
      [3, 10],
    ]) {
      expect(poissonLog10Tail(k, lambda)).toBeCloseTo(Math.log10(poissonTail(k, lambda)), 6);
    }
  });

  it('stays finite far in the tail (7,000 calls against 1,000 expected)', () => {
    const v = poissonLog10Tail(7000, 1000);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeLessThan(-2000);
    expect(poissonLog10Tail(0, 5)).toBe(0);
    expect(poissonLog10Tail(3, 0)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('scoreWindow', () => {
  it('flags a flood against a busy history (MAD method)', () => {
    const history = [480, 510, 495, 530, 470, 505, 520, 490];
    const s = scoreWindow(3500, history, OPTS);
    expect(s.method).toBe('mad');
    expect(s.anomalous).toBe(true);
    expect(s.ratio).toBeGreaterThan(6);
  });

  it('does not flag ordinary swings of a busy line, nor small counts on a silent one', () => {
    expect(scoreWindow(700, [480, 510, 495, 530, 470, 505, 520, 490], OPTS).anomalous).toBe(false);
    // 3 calls after silence: below the minimum count.
    expect(scoreWindow(3, [0, 0, 0, 0, 0, 0, 0], OPTS).anomalous).toBe(false);
  });

  it('uses the Poisson tail on sparse lines, with the rule-of-three rate after silence', () => {
    const s = scoreWindow(40, [0, 1, 0, 2, 0, 1, 0, 0, 1, 0], OPTS);
    expect(s.method).toBe('poisson');
    expect(s.anomalous).toBe(true);
    const silent = scoreWindow(40, new Array(30).fill(0), OPTS);
    expect(silent.level).toBeCloseTo(0.1, 10);
    expect(silent.anomalous).toBe(true);
  });

  it('needs every condition: a higher minRatio rejects', () => {
    const history = [480, 510, 495, 530, 470, 505, 520, 490];
    expect(scoreWindow(1400, history, OPTS).anomalous).toBe(false);
    expect(scoreWindow(1600, history, OPTS).anomalous).toBe(true);
    expect(scoreWindow(1600, history, { ...OPTS, minRatio: 4 }).anomalous).toBe(false);
  });
});

describe('mergeSpans and round2', () => {
  it('merges overlapping and close spans', () => {
    expect(
      mergeSpans(
        [
          { start: 10, end: 12 },
          { start: 0, end: 2 },
          { start: 3, end: 5 },
          { start: 11, end: 15 },
        ],
        1,
      ),
    ).toEqual([
      { start: 0, end: 5 },
      { start: 10, end: 15 },
    ]);
    expect(
      mergeSpans(
        [
          { start: 0, end: 2 },
          { start: 3, end: 5 },
        ],
        0,
      ),
    ).toHaveLength(2);
  });

  it('rounds to two decimals', () => {
    expect(round2(6.98765)).toBe(6.99);
    expect(round2(0.125)).toBe(0.13);
  });
});
