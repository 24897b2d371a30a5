import { describe, expect, it } from 'vitest';
import { EpisodeBuffer } from '../../src/windows/episode-buffer.js';
import { mulberry32 } from '../detectors/harness.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const GAP = 30 * MIN;
const SLACK = 2 * HOUR;

interface Call {
  time: number;
  line: number;
  caller: number;
  value: number;
  /** Order of arrival. */
  seq: number;
}

/** Reference: every call sorted by time (stable), split where two neighbours are more than GAP apart. */
function reference(calls: readonly Call[]): Call[][] {
  const sorted = [...calls].sort((a, b) => a.time - b.time);
  const out: Call[][] = [];
  let cur: Call[] = [];
  for (const c of sorted) {
    if (cur.length > 0 && c.time - cur[cur.length - 1].time > GAP) {
      out.push(cur);
      cur = [];
    }
    cur.push(c);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** Feeds calls in the given order; returns the episodes handed over, each as its calls in order. */
function run(calls: readonly Call[]): { episodes: Call[][]; maxBuffered: number } {
  const episodes: Call[][] = [];
  // The seq of a buffered call, kept in its `value` column with the real value in a side table.
  const bySeq = new Map<number, Call>();
  const buf = new EpisodeBuffer(GAP, SLACK, (b, order) => {
    const ep: Call[] = [];
    for (const i of order) {
      const c = bySeq.get(b.value[i]);
      if (!c || c.time !== b.time[i] || c.line !== b.line[i] || c.caller !== b.caller[i]) {
        throw new Error('column mismatch');
      }
      ep.push(c);
    }
    episodes.push(ep);
  });
  let maxBuffered = 0;
  for (const c of calls) {
    bySeq.set(c.seq, c);
    buf.add(c.time, c.line, c.caller, c.seq);
    maxBuffered = Math.max(maxBuffered, buf.length);
  }
  buf.flush();
  expect(buf.length).toBe(0);
  return { episodes: episodes.sort((a, b) => a[0].time - b[0].time), maxBuffered };
}

/** Bursts of calls (a few hours each, calls 0-3 min apart, ties included) separated by long silences. */
function bursts(seed: number, days: number): Call[] {
  const rand = mulberry32(seed);
  const out: Call[] = [];
  let t = Date.parse('2026-03-01T08:00:00Z');
  for (let d = 0; d < days; d++) {
    const end = t + (2 + rand() * 6) * HOUR;
    while (t < end) {
      out.push({ time: t, line: Math.floor(rand() * 50), caller: Math.floor(rand() * 3), value: 0, seq: 0 });
      // A quarter of the calls share the instant of the previous one; a few gaps are exactly GAP (same
      // episode) or just over it (a new one).
      const u = rand();
      if (u < 0.25) continue;
      if (u < 0.995) t += Math.round(rand() * 3 * MIN);
      else if (u < 0.997) t += GAP;
      else t += GAP + 1 + Math.round(rand() * HOUR);
    }
    t += (6 + rand() * 30) * HOUR;
  }
  return out.map((c, seq) => ({ ...c, seq }));
}

describe('EpisodeBuffer', () => {
  it('hands over exactly the episodes of a sort of every call, ascending, with stable ties', () => {
    const calls = bursts(1, 100);
    const { episodes, maxBuffered } = run(calls);
    expect(episodes).toEqual(reference(calls));
    // Settled as time passes: far fewer calls held than the whole input.
    expect(calls.length).toBeGreaterThan(20_000);
    expect(maxBuffered).toBeLessThan(calls.length / 4);
  });

  it('gives the same episodes on a descending input (calls at the same instant in arrival order)', () => {
    const calls = bursts(2, 100)
      .reverse()
      .map((c, seq) => ({ ...c, seq }));
    const { episodes, maxBuffered } = run(calls);
    expect(episodes).toEqual(reference(calls));
    expect(maxBuffered).toBeLessThan(calls.length / 4);
  });

  it('is exact when rows lag behind the newest by less than the slack', () => {
    // Sorted by time + a random lag of up to the slack (a row written when the call ends).
    const calls = bursts(3, 60)
      .map((c) => ({ c, key: c.time + mulberry32(c.seq)() * (SLACK - 1) }))
      .sort((a, b) => a.key - b.key)
      .map(({ c }, seq) => ({ ...c, seq }));
    expect(run(calls).episodes).toEqual(reference(calls));
  });

  it('on a shuffled input, hands over every call once, each piece within one true episode', () => {
    const rand = mulberry32(4);
    const calls = bursts(4, 40)
      .map((c) => ({ c, key: rand() }))
      .sort((a, b) => a.key - b.key)
      .map(({ c }, seq) => ({ ...c, seq }));
    const { episodes } = run(calls);
    const truth = new Map<number, number>();
    reference(calls).forEach((ep, k) => {
      for (const c of ep) truth.set(c.seq, k);
    });
    const seen = episodes.flat().map((c) => c.seq);
    expect(seen.sort((a, b) => a - b)).toEqual(calls.map((c) => c.seq));
    for (const ep of episodes) {
      expect(new Set(ep.map((c) => truth.get(c.seq))).size).toBe(1);
      for (let k = 1; k < ep.length; k++) expect(ep[k].time).toBeGreaterThanOrEqual(ep[k - 1].time);
    }
  });

  it('handles an empty buffer and a single call', () => {
    expect(run([]).episodes).toEqual([]);
    const one = [{ time: 5, line: 1, caller: 2, value: 0, seq: 0 }];
    expect(run(one).episodes).toEqual([one]);
  });
});
