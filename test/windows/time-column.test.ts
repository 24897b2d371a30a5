import { describe, expect, it } from 'vitest';
import { TimeColumn } from '../../src/windows/time-column.js';
import { mulberry32 } from '../detectors/harness.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');

/** Writes the same instants to a column and a plain array, in random row order, and reads all back. */
function roundTrip(times: number[], rand: () => number): { column: TimeColumn; back: number[] } {
  const column = new TimeColumn();
  column.resize(times.length);
  const rows = times.map((_, i) => i);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  for (const i of rows) column.set(i, times[i]);
  return { column, back: times.map((_, i) => column.get(i)) };
}

describe('TimeColumn', () => {
  it('keeps whole-second instants exactly in 4 bytes, before and after the first one written', () => {
    const rand = mulberry32(3);
    // Shuffled: later rows hold earlier instants (negative offsets from the base), years apart.
    const times = Array.from(
      { length: 5000 },
      () => T0 + Math.floor((rand() - 0.5) * 2 * 10 * 365 * 86_400) * 1000,
    );
    const { column, back } = roundTrip(times, rand);
    expect(back).toEqual(times);
    expect(column.wide).toBe(false);
  });

  it('turns into milliseconds at the first instant that is not a whole second away, keeping the rest', () => {
    const rand = mulberry32(4);
    const times = Array.from({ length: 3000 }, (_, i) => T0 + i * 1000);
    times[2000] += 437;
    const { column, back } = roundTrip(times, rand);
    expect(back).toEqual(times);
    expect(column.wide).toBe(true);
    // Growing a widened column keeps its rows.
    column.resize(10_000);
    column.set(9999, T0 + 0.5);
    expect(column.get(9999)).toBe(T0 + 0.5);
    expect(column.get(2000)).toBe(times[2000]);
  });

  it('widens for instants more than 68 years apart', () => {
    const column = new TimeColumn();
    column.resize(2);
    column.set(0, T0);
    column.set(1, T0 - 80 * 365 * 86_400_000);
    expect(column.wide).toBe(true);
    expect([column.get(0), column.get(1)]).toEqual([T0, T0 - 80 * 365 * 86_400_000]);
  });
});
