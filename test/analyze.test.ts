import { describe, expect, it } from 'vitest';
import { readerWarnings } from '../src/analyze.js';
import type { InputSummary } from '../src/formats/read.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');

function input(
  path: string,
  from: number,
  to: number,
  order: InputSummary['order'] = 'ascending',
): InputSummary {
  return {
    index: 0,
    path,
    format: 'generic',
    formatTitle: '',
    encoding: 'utf-8',
    delimiter: ',',
    mapping: {},
    refKind: 'line',
    headerLine: 1,
    rows: 10,
    rejected: 0,
    rejections: [],
    skipped: 0,
    skips: [],
    outOfRange: 0,
    firstStart: T0 + from * HOUR,
    lastStart: T0 + to * HOUR,
    order,
    stepsBack: order === 'unordered' ? 9 : 0,
    stepsForward: order === 'unordered' ? 9 : 0,
  };
}

describe('readerWarnings', () => {
  it('is silent for one ordered input, and for inputs of consecutive periods (an hour of overlap allowed)', () => {
    expect(readerWarnings([input('a.csv', 0, 48)])).toEqual([]);
    expect(
      readerWarnings([input('a.csv', 0, 48), input('b.csv', 47.5, 96), input('c.csv', 96, 120)]),
    ).toEqual([]);
    // Read in the other order: each still ends before the next begins, in time.
    expect(readerWarnings([input('b.csv', 48, 96), input('a.csv', 0, 48)])).toEqual([]);
  });

  it('names an unordered input, and every pair of inputs that cover the same period, in both languages', () => {
    const w = readerWarnings([
      input('a.csv', 0, 48),
      input('b.csv', 24, 72),
      input('c.csv', 100, 120, 'unordered'),
    ]);
    expect(w).toHaveLength(2);
    expect(w[0].en).toContain('a.csv and b.csv cover the same period');
    expect(w[0].fr).toContain('a.csv et b.csv couvrent la même période');
    expect(w[0].en).toContain('robocall-flood');
    expect(w[1].en).toContain('c.csv is not in time order (9 steps back and 9 forward');
  });
});
