import { describe, expect, it } from 'vitest';
import { createFormatContext } from '../../src/formats/context.js';
import type { CallRecord } from '../../src/records/record.js';
import { DAY, HOUR } from '../../src/windows/buckets.js';
import { type TimelineOptions, timelineOf } from '../../src/windows/timeline.js';
import { type CallSpec, call } from '../detectors/harness.js';

const ctx = createFormatContext({ country: 'FR', tz: 'Europe/Paris' });
const iso = (t: number) => ctx.clock.iso(t);
const N = '+33140000000';

function opts(over: Partial<TimelineOptions> = {}): TimelineOptions {
  return { number: N, windowMs: DAY, clock: ctx.clock, ...over };
}

/** A record at a known input and line. */
function at(line: number, spec: CallSpec, input = 0): CallRecord {
  return { ...call(spec), line, input };
}

describe('timelineOf: windows', () => {
  const records = (): CallRecord[] => [
    at(2, { at: '2026-03-02T09:00:00+01:00', from: '0611111111', to: N, duration: 30 }),
    at(3, { at: '2026-03-02T09:30:00+01:00', from: '0611111111', to: N, status: 'busy' }),
    at(4, { at: '2026-03-02T10:15:00+01:00', from: N, to: '0622222222', duration: 12 }),
    at(5, { at: '2026-03-02T10:20:00+01:00', from: '0633333333', to: '0644444444' }), // not the number
    at(6, { at: '2026-03-02T23:30:00Z', from: '0655555555', to: N, status: 'unknown' }), // 3 March local
    at(7, { at: '2026-03-05T08:00:00+01:00', from: N, to: N }), // to itself: counted in, missed
  ];

  it('counts in/out, answered/missed and distinct counterparts per local day', () => {
    const t = timelineOf(records(), opts());
    expect(t.number).toBe(N);
    expect(t.windowKind).toBe('local-days');
    expect([t.calls, t.in, t.out, t.answered, t.missed]).toEqual([5, 4, 1, 2, 2]);
    expect(t.distinctCounterparts).toBe(4);
    expect(
      t.buckets.map((b) => [iso(b.start), iso(b.end), b.calls, b.in, b.out, b.answered, b.missed]),
    ).toEqual([
      ['2026-03-02T00:00:00+01:00', '2026-03-03T00:00:00+01:00', 3, 2, 1, 2, 1],
      ['2026-03-03T00:00:00+01:00', '2026-03-04T00:00:00+01:00', 1, 1, 0, 0, 0],
      ['2026-03-05T00:00:00+01:00', '2026-03-06T00:00:00+01:00', 1, 1, 0, 0, 1],
    ]);
    expect(t.buckets[0].distinctCounterparts).toBe(2);
    expect(t.claim).toBeNull();
  });

  it('counts per hour', () => {
    const t = timelineOf(records(), opts({ windowMs: HOUR }));
    expect(t.windowKind).toBe('fixed');
    expect(t.buckets.map((b) => [iso(b.start), b.calls])).toEqual([
      ['2026-03-02T09:00:00+01:00', 2],
      ['2026-03-02T10:00:00+01:00', 1],
      ['2026-03-03T00:00:00+01:00', 1],
      ['2026-03-05T08:00:00+01:00', 1],
    ]);
  });

  it('gives an empty timeline for a number that never appears', () => {
    const t = timelineOf(records(), opts({ number: '+33999999999', minCount: 3 }));
    expect(t.calls).toBe(0);
    expect(t.buckets).toEqual([]);
    expect(t.claim).toEqual({ minCount: 3, windowMs: DAY, reached: false, busiest: null, episodes: [] });
  });
});

describe('timelineOf: sliding-window claim', () => {
  const base = Date.parse('2026-03-02T12:00:00+01:00');
  /** Received calls at these minute offsets from `base`, lines 10, 11, ... */
  const received = (minutes: number[], extra: CallRecord[] = []): CallRecord[] => [
    ...minutes.map((m, i) => at(10 + i, { at: base + m * 60_000, from: `+3361000${1000 + i}`, to: N })),
    ...extra,
  ];

  it('finds the busiest window across calendar days and lists its rows', () => {
    // 2 calls on 2 March afternoon, 3 in the early hours of 3 March: 5 within 24 h, never 5 in a local day.
    const minutes = [0, 60, 12 * 60, 13 * 60, 14 * 60, 3 * 24 * 60];
    const outgoing = at(99, { at: base + 30 * 60_000, from: N, to: '+33622222222' });
    const t = timelineOf(received(minutes, [outgoing]), opts({ minCount: 5 }));
    expect(Math.max(...t.buckets.map((b) => b.in))).toBe(3);
    const c = t.claim!;
    expect(c.reached).toBe(true);
    expect(c.busiest).not.toBeNull();
    expect(iso(c.busiest!.start)).toBe('2026-03-02T12:00:00+01:00');
    expect(iso(c.busiest!.end)).toBe('2026-03-03T12:00:00+01:00');
    expect(c.busiest!.calls).toBe(5);
    expect(c.busiest!.rows.map((r) => [r.input, r.line])).toEqual([
      [0, 10],
      [0, 11],
      [0, 12],
      [0, 13],
      [0, 14],
    ]);
    expect(c.episodes.map((e) => [iso(e.start), iso(e.end), e.peak, e.calls])).toEqual([
      ['2026-03-02T12:00:00+01:00', '2026-03-03T12:00:00+01:00', 5, 5],
    ]);
  });

  it('says when the claim is not supported, with the busiest window anyway', () => {
    const t = timelineOf(received([0, 60, 25 * 60, 26 * 60, 27 * 60]), opts({ minCount: 4 }));
    const c = t.claim!;
    expect(c.reached).toBe(false);
    expect(c.busiest!.calls).toBe(3);
    // 13:00 on the 2nd to 13:00 on the 3rd holds only one call: the end is exclusive.
    expect(iso(c.busiest!.start)).toBe('2026-03-03T13:00:00+01:00');
    expect(c.episodes).toEqual([]);
  });

  it('merges overlapping qualifying windows into episodes and keeps separate ones apart', () => {
    // Window 1h, at least 3: minutes 0,10,20,30 (windows from 0 and 10 qualify, overlapping) and 300,301,302.
    const t = timelineOf(received([0, 10, 20, 30, 300, 301, 302]), opts({ windowMs: HOUR, minCount: 3 }));
    const c = t.claim!;
    expect(c.reached).toBe(true);
    expect(c.busiest!.calls).toBe(4);
    expect(c.episodes.map((e) => [iso(e.start), iso(e.end), e.peak, e.calls])).toEqual([
      ['2026-03-02T12:00:00+01:00', '2026-03-02T13:10:00+01:00', 4, 4],
      ['2026-03-02T17:00:00+01:00', '2026-03-02T18:00:00+01:00', 3, 3],
    ]);
  });

  it('orders rows by time whatever the input order, and ends windows exclusively', () => {
    const recs = [
      at(30, { at: base + HOUR, from: '+33611000001', to: N }, 1), // exactly at the end: outside
      at(20, { at: base + 59 * 60_000, from: '+33611000002', to: N }, 1),
      at(10, { at: base, from: '+33611000003', to: N }, 0),
      at(11, { at: base, from: '+33611000004', to: N }, 0),
    ];
    const c = timelineOf(recs, opts({ windowMs: HOUR, minCount: 3 })).claim!;
    expect(c.busiest!.calls).toBe(3);
    expect(c.busiest!.rows.map((r) => [r.input, r.line])).toEqual([
      [0, 10],
      [0, 11],
      [1, 20],
    ]);
  });
});
