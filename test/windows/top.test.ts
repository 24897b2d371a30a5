import { describe, expect, it } from 'vitest';
import { createFormatContext } from '../../src/formats/context.js';
import { type CallRecord, NO_ID } from '../../src/records/record.js';
import { DAY, HOUR } from '../../src/windows/buckets.js';
import { EXACT_DISTINCT } from '../../src/windows/distinct.js';
import { keyOf, parseWindowOption, type TopOptions, topOf, windowScheme } from '../../src/windows/top.js';
import { call } from '../detectors/harness.js';

const ctx = createFormatContext({ country: 'FR', tz: 'Europe/Paris' });

function opts(over: Partial<TopOptions>): TopOptions {
  return {
    by: 'callee',
    windowMs: DAY,
    prefixLength: 1,
    limit: 10,
    numbers: ctx.numbers,
    clock: ctx.clock,
    ...over,
  };
}

const iso = (t: number) => ctx.clock.iso(t);

describe('windowScheme', () => {
  it('cuts days at local midnight, a DST day being 23 hours long', () => {
    const s = windowScheme(DAY, ctx.clock);
    expect(s.kind).toBe('local-days');
    const w = s.index(Date.parse('2026-03-29T12:00:00+02:00'));
    expect(iso(s.start(w))).toBe('2026-03-29T00:00:00+01:00');
    expect(iso(s.end(w))).toBe('2026-03-30T00:00:00+02:00');
    expect(s.end(w) - s.start(w)).toBe(23 * HOUR);
    // 00:30 local on 3 March is 23:30 UTC on 2 March: it belongs to 3 March.
    const late = s.index(Date.parse('2026-03-02T23:30:00Z'));
    expect(iso(s.start(late))).toBe('2026-03-03T00:00:00+01:00');
  });

  it('aligns fixed windows on midnight of standard time', () => {
    const s = windowScheme(6 * HOUR, ctx.clock);
    expect(s.kind).toBe('fixed');
    const w = s.index(Date.parse('2026-01-10T05:30:00+01:00'));
    expect(iso(s.start(w))).toBe('2026-01-10T00:00:00+01:00');
    expect(iso(s.end(w))).toBe('2026-01-10T06:00:00+01:00');
    // Hours stay fixed hours across the autumn change: the repeated 02:00 hour is two windows.
    const h = windowScheme(HOUR, ctx.clock);
    const first = h.index(Date.parse('2026-10-25T02:30:00+02:00'));
    const second = h.index(Date.parse('2026-10-25T02:30:00+01:00'));
    expect(second - first).toBe(1);
  });

  it('parses window lengths and refuses malformed ones', () => {
    expect(parseWindowOption('1h')).toBe(HOUR);
    expect(parseWindowOption('30m')).toBe(30 * 60_000);
    expect(parseWindowOption('7d')).toBe(7 * DAY);
    expect(parseWindowOption('1x')).toBeNaN();
    expect(parseWindowOption('0h')).toBeNaN();
    expect(parseWindowOption('0.5s')).toBeNaN();
    expect(parseWindowOption('')).toBeNaN();
  });
});

describe('keyOf', () => {
  it('derives prefixes and countries from canonical numbers', () => {
    const n = ctx.numbers;
    expect(keyOf(n, '+33612345678', 'callee-prefix', 1)).toBe('+336');
    expect(keyOf(n, '+33612345678', 'caller-prefix', 3)).toBe('+33612');
    expect(keyOf(n, '+33612345678', 'caller-prefix', 0)).toBe('+33');
    expect(keyOf(n, '+3361', 'caller-prefix', 9)).toBe('+3361');
    expect(keyOf(n, '+12025550123', 'caller-prefix', 3)).toBe('+1202');
    expect(keyOf(n, '+33612345678', 'caller-country', 1)).toBe('FR');
    expect(keyOf(n, '+212612345678', 'caller-country', 1)).toBe('MA');
    expect(keyOf(n, 'withheld', 'caller-country', 1)).toBe('withheld');
    expect(keyOf(n, 'withheld', 'caller-prefix', 1)).toBe('withheld');
    expect(keyOf(n, '3900', 'caller-country', 1)).toBe('short-code');
    expect(keyOf(n, '3900', 'caller-prefix', 1)).toBe('3900');
    expect(keyOf(n, 'abc', 'caller-country', 1)).toBe('unknown');
  });
});

describe('topOf', () => {
  const A = '+33140000001';
  const B = '+33140000002';
  const records = (): CallRecord[] => [
    // 2 March: A gets 3 calls from 2 callers (1 answered), B gets 1.
    call({ at: '2026-03-02T09:00:00+01:00', from: '0611111111', to: A, duration: 30 }),
    call({ at: '2026-03-02T09:10:00+01:00', from: '0611111111', to: A }),
    call({ at: '2026-03-02T09:20:00+01:00', from: '0622222222', to: A }),
    call({ at: '2026-03-02T10:05:00+01:00', from: '0633333333', to: B, duration: 5 }),
    // 3 March (00:30 local = 23:30 UTC on the 2nd): B gets 2, A gets 1.
    call({ at: '2026-03-02T23:30:00Z', from: '0644444444', to: B }),
    call({ at: '2026-03-03T08:00:00+01:00', from: '0655555555', to: B, duration: 60 }),
    call({ at: '2026-03-03T08:30:00+01:00', from: '0611111111', to: A }),
  ];

  it('ranks callees per local day with calls, distinct callers and answered counts', () => {
    const t = topOf(records(), opts({ by: 'callee', windowMs: DAY }));
    expect(t.calls).toBe(7);
    expect(t.windowKind).toBe('local-days');
    expect(t.overall.keys).toBe(2);
    expect(t.overall.top).toEqual([
      { key: A, calls: 4, answered: 1, distinctCounterparts: 2, distinctApprox: false },
      { key: B, calls: 3, answered: 2, distinctCounterparts: 3, distinctApprox: false },
    ]);
    expect(t.windows.map((w) => [iso(w.start), iso(w.end), w.calls, w.keys])).toEqual([
      ['2026-03-02T00:00:00+01:00', '2026-03-03T00:00:00+01:00', 4, 2],
      ['2026-03-03T00:00:00+01:00', '2026-03-04T00:00:00+01:00', 3, 2],
    ]);
    expect(t.windows[0].top.map((e) => [e.key, e.calls, e.distinctCounterparts, e.answered])).toEqual([
      [A, 3, 2, 1],
      [B, 1, 1, 1],
    ]);
    expect(t.windows[1].top.map((e) => [e.key, e.calls, e.distinctCounterparts, e.answered])).toEqual([
      [B, 2, 2, 1],
      [A, 1, 1, 0],
    ]);
    expect(t.distinctApprox).toBe(false);
  });

  it('ranks callers per hour and keeps only the limit', () => {
    const t = topOf(records(), opts({ by: 'caller', windowMs: HOUR, limit: 1 }));
    expect(t.overall.keys).toBe(5);
    expect(t.overall.top).toEqual([
      { key: '+33611111111', calls: 3, answered: 1, distinctCounterparts: 1, distinctApprox: false },
    ]);
    expect(t.windows.map((w) => [iso(w.start), w.calls, w.keys, w.top[0].key])).toEqual([
      ['2026-03-02T09:00:00+01:00', 3, 2, '+33611111111'],
      ['2026-03-02T10:00:00+01:00', 1, 1, '+33633333333'],
      ['2026-03-03T00:00:00+01:00', 1, 1, '+33644444444'],
      ['2026-03-03T08:00:00+01:00', 2, 2, '+33611111111'],
    ]);
  });

  it('breaks ties by distinct counterparts, then key order', () => {
    const recs = [
      call({ at: '2026-03-02T09:00:00+01:00', from: '+33699000001', to: '+33100000003' }),
      call({ at: '2026-03-02T09:01:00+01:00', from: '+33699000001', to: '+33100000003' }),
      call({ at: '2026-03-02T09:02:00+01:00', from: '+33699000001', to: '+33100000002' }),
      call({ at: '2026-03-02T09:03:00+01:00', from: '+33699000002', to: '+33100000002' }),
      call({ at: '2026-03-02T09:04:00+01:00', from: '+33699000001', to: '+33100000009' }),
      call({ at: '2026-03-02T09:05:00+01:00', from: '+33699000001', to: '+33100000001' }),
    ];
    const t = topOf(recs, opts({ by: 'callee' }));
    expect(t.overall.top.map((e) => e.key)).toEqual([
      '+33100000002', // 2 calls, 2 callers
      '+33100000003', // 2 calls, 1 caller
      '+33100000001', // 1 call: key order
      '+33100000009',
    ]);
  });

  it('groups by prefix and by caller country', () => {
    const recs = [
      call({ at: '2026-03-02T09:00:00+01:00', from: '+33612345678', to: '+33140000000' }),
      call({ at: '2026-03-02T09:00:00+01:00', from: '+33698765432', to: '+33340000000' }),
      call({ at: '2026-03-02T09:00:00+01:00', from: '+212612345678', to: '+33340000001' }),
      call({ at: '2026-03-02T09:00:00+01:00', from: 'anonymous', to: '+33340000001' }),
      call({ at: '2026-03-02T09:00:00+01:00', from: '3900', to: '+33340000002' }),
    ];
    const callee = topOf(recs, opts({ by: 'callee-prefix', prefixLength: 1 }));
    expect(callee.overall.top.map((e) => [e.key, e.calls, e.distinctCounterparts])).toEqual([
      ['+333', 4, 4],
      ['+331', 1, 1],
    ]);
    const caller = topOf(recs, opts({ by: 'caller-prefix', prefixLength: 2 }));
    expect(caller.overall.top.map((e) => [e.key, e.calls])).toEqual([
      ['+21261', 1],
      ['+3361', 1],
      ['+3369', 1],
      ['3900', 1],
      ['withheld', 1],
    ]);
    const country = topOf(recs, opts({ by: 'caller-country' }));
    expect(country.overall.top.map((e) => [e.key, e.calls, e.distinctCounterparts])).toEqual([
      ['FR', 2, 2],
      ['MA', 1, 1],
      ['short-code', 1, 1],
      ['withheld', 1, 1],
    ]);
  });

  it(`counts distinct counterparts exactly up to ${EXACT_DISTINCT}, then estimates and says so`, () => {
    const flood = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        call({
          at: Date.parse('2026-03-02T09:00:00+01:00') + i * 1000,
          from: `+336${10000000 + i}`,
          to: '+33140000000',
        }),
      );
    const exact = topOf(flood(EXACT_DISTINCT), opts({}));
    expect(exact.overall.top[0].distinctCounterparts).toBe(EXACT_DISTINCT);
    expect(exact.overall.top[0].distinctApprox).toBe(false);
    expect(exact.distinctApprox).toBe(false);
    const over = topOf(flood(3000), opts({}));
    const e = over.overall.top[0];
    expect(e.calls).toBe(3000);
    expect(e.distinctApprox).toBe(true);
    expect(over.distinctApprox).toBe(true);
    expect(Math.abs(e.distinctCounterparts - 3000)).toBeLessThan(3000 * 0.05);
  });
});

describe('topOf against a naive count', () => {
  /** sfc32-like seeded generator, so the test data is the same on every run. */
  function rng(seed: number): () => number {
    let a = 0x9e3779b9;
    let b = 0x243f6a88;
    let c = 0xb7e15162;
    let d = seed;
    return () => {
      d = (d + 1) | 0;
      const t = (((a + b) | 0) + d) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      return (t >>> 0) / 4294967296;
    };
  }

  it('agrees on every window, key, count and distinct count (40,000 unordered calls)', () => {
    const next = rng(42);
    const t0 = Date.parse('2026-03-27T00:00:00+01:00'); // spans the spring DST change
    const recs: CallRecord[] = [];
    for (let i = 0; i < 40_000; i++) {
      // A few busy callees and many quiet ones; callers from a population of 2,000.
      const callee =
        next() < 0.3 ? `+3314000000${Math.floor(next() * 5)}` : `+336${20000000 + Math.floor(next() * 4000)}`;
      const caller = `+337${30000000 + Math.floor(next() * 2000)}`;
      recs.push({
        start: t0 + Math.floor(next() * 5 * DAY),
        caller,
        callee,
        callerId: NO_ID,
        calleeId: NO_ID,
        duration: 0,
        status: next() < 0.4 ? 'answered' : 'missed',
        direction: 'unknown',
        input: 0,
        line: i + 2,
      });
    }
    // Busy callees get ~20 calls an hour, ~120 in 6 hours: below EXACT_DISTINCT, so all counts are exact.
    for (const windowMs of [HOUR, 6 * HOUR]) {
      const scheme = windowScheme(windowMs, ctx.clock);
      const naive = new Map<number, Map<string, { calls: number; answered: number; cps: Set<string> }>>();
      for (const r of recs) {
        const w = scheme.start(scheme.index(r.start));
        let m = naive.get(w);
        if (!m) {
          m = new Map();
          naive.set(w, m);
        }
        let e = m.get(r.callee);
        if (!e) {
          e = { calls: 0, answered: 0, cps: new Set() };
          m.set(r.callee, e);
        }
        e.calls++;
        if (r.status === 'answered') e.answered++;
        e.cps.add(r.caller);
      }
      const expected = [...naive.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([start, m]) => ({
          start,
          keys: m.size,
          top: [...m.entries()]
            .map(([key, e]) => ({
              key,
              calls: e.calls,
              answered: e.answered,
              distinctCounterparts: e.cps.size,
              distinctApprox: false,
            }))
            .sort(
              (a, b) =>
                b.calls - a.calls ||
                b.distinctCounterparts - a.distinctCounterparts ||
                (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
            )
            .slice(0, 7),
        }));
      const t = topOf(recs, opts({ by: 'callee', windowMs, limit: 7 }));
      expect(t.windows.map((w) => ({ start: w.start, keys: w.keys, top: w.top }))).toEqual(expected);
      expect(t.windows.reduce((n, w) => n + w.calls, 0)).toBe(40_000);
      // Fixed hours: 120; 6-hour windows from midnight standard time (+01:00): 20.
      expect(t.windows.length).toBe(windowMs === HOUR ? 120 : 20);
    }
    // Per local day (27 March to 1 April 01:00), the 5 busy callees have ~480 distinct callers: estimated.
    const days = topOf(recs, opts({ by: 'callee', windowMs: DAY, limit: 5 }));
    expect(days.windows.length).toBe(6);
    expect(days.distinctApprox).toBe(true);
    const busy = days.windows[1].top;
    expect(busy.map((e) => e.key).sort()).toEqual([0, 1, 2, 3, 4].map((k) => `+3314000000${k}`));
    for (const e of busy) {
      const exact = new Set(
        recs
          .filter((r) => r.callee === e.key && ctx.clock.day(r.start) === '2026-03-28')
          .map((r) => r.caller),
      );
      expect(e.distinctApprox).toBe(true);
      expect(Math.abs(e.distinctCounterparts - exact.size)).toBeLessThan(exact.size * 0.05);
    }
  });
});
