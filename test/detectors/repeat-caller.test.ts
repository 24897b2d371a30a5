import { describe, expect, it } from 'vitest';
import { repeatCaller } from '../../src/detectors/repeat-caller.js';
import type { Candidate } from '../../src/detectors/types.js';
import type { CallRecord } from '../../src/records/record.js';
import { call, evidenceOf, mulberry32 as rng, runDetector, runReused } from './harness.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Monday 2024-01-08 00:00 in Paris (+01:00). */
const T0 = Date.parse('2024-01-08T00:00:00+01:00');
const VICTIM = '+33612345678';
const MOTHER = '+33298765432';
const PARTNER = '+33687654321';
const HARASSER = '+33755555555';
const SWITCHBOARD = '+33140000000';
const SUPPLIER = '+33155555555';

/** Paris wall-clock instant: day offset from T0, hour and minute (January: +01:00). */
function at(day: number, hour: number, minute = 0): number {
  return T0 + day * DAY_MS + hour * HOUR_MS + minute * 60_000;
}

/** A month of ordinary life for the victim: mother 3-5 calls a day, partner every evening at 22:30. */
function ordinaryLife(rand: () => number, days = 30): CallRecord[] {
  const out: CallRecord[] = [];
  for (let day = 0; day < days; day++) {
    const n = 3 + Math.floor(rand() * 3);
    for (let i = 0; i < n; i++) {
      out.push(
        call({ at: at(day, 9 + i * 2, Math.floor(rand() * 60)), from: MOTHER, to: VICTIM, duration: 240 }),
      );
    }
    out.push(
      call({ at: at(day, 22, 30), from: PARTNER, to: VICTIM, duration: 600 + Math.floor(rand() * 600) }),
    );
    if (rand() < 0.3) {
      out.push(
        call({ at: at(day, 18), from: `+3361${String(day).padStart(7, '0')}`, to: VICTIM, duration: 120 }),
      );
    }
  }
  return out;
}

/** Five days of harassment: 12-25 calls a day at any hour, nights included, mostly not answered. */
function harassment(rand: () => number, firstDay: number): CallRecord[] {
  const out: CallRecord[] = [];
  for (let day = firstDay; day < firstDay + 5; day++) {
    const n = 12 + Math.floor(rand() * 14);
    for (let i = 0; i < n; i++) {
      const hour = Math.floor(rand() * 24);
      const answered = rand() < 0.15;
      out.push(
        call({
          at: at(day, hour, Math.floor(rand() * 60)),
          from: HARASSER,
          to: VICTIM,
          duration: answered ? 8 : 0,
        }),
      );
    }
  }
  return out;
}

const NIGHT_OWL = '+33611111111';
/** Always the same regular night caller of the switchboard (it calls every night at 23:50). */
function pick(_rand: () => number): string {
  return NIGHT_OWL;
}

function byStart(records: CallRecord[]): CallRecord[] {
  return records.sort((a, b) => a.start - b.start);
}

function about(found: Candidate[], caller: string): Candidate[] {
  return found.filter((c) => c.subject === caller);
}

describe('repeat-caller', () => {
  const life = ordinaryLife(rng(1));
  const harass = harassment(rng(2), 10);
  const records = byStart([...life, ...harass]);

  it('reports the harasser at high severity with the pattern in its metrics', () => {
    const found = runDetector(repeatCaller, records);
    const [c] = about(found, HARASSER);
    expect(c.severity).toBe('high');
    expect(c.subjectType).toBe('number');
    expect(c.metrics.callee).toBe(VICTIM);
    expect(c.calls).toBe(harass.length);
    expect(evidenceOf(c, records)).toHaveLength(harass.length);
    expect(c.metrics.days).toBe(5);
    expect(c.metrics.callsMaxPerDay as number).toBeGreaterThanOrEqual(12);
    expect(c.metrics.burstDays).toBe(5);
    expect(c.metrics.nightCalls as number).toBeGreaterThan(5);
    expect(c.metrics.answeredShare as number).toBeLessThan(0.3);
    expect(c.metrics.maxCallsIn30Days).toBe(harass.length);
    expect(c.summary.en).toContain('4 sales calls per 30 days');
    expect(c.summary.fr).toContain('4 fois par 30 jours');
  });

  it('counts night calls in the clock zone', () => {
    const nightly = [1, 2, 3].map((d) => call({ at: at(d, 23, 30), from: HARASSER, to: VICTIM }));
    const paris = runDetector(repeatCaller, nightly);
    expect(paris).toHaveLength(1);
    expect(paris[0].metrics.nightCalls).toBe(3);
    expect(paris[0].metrics.nights).toBe(3);
    expect(paris[0].severity).toBe('medium');
    // 23:30 in Paris is 17:30 in New York: no night calls there, and 1 call a day is nothing.
    expect(runDetector(repeatCaller, nightly, { tz: 'America/New_York' })).toHaveLength(0);
    // The same three late calls spread over a month are ordinary.
    const spread = [1, 12, 25].map((d) => call({ at: at(d, 23, 30), from: HARASSER, to: VICTIM }));
    expect(runDetector(repeatCaller, spread)).toHaveLength(0);
  });

  it('a mother calling 3-5 times a day stays quiet; a partner calling every night talking for long stays low', () => {
    const found = runDetector(repeatCaller, records);
    expect(about(found, MOTHER)).toHaveLength(0);
    const partner = about(found, PARTNER);
    expect(partner.every((c) => c.severity === 'low')).toBe(true);
    expect(found.filter((c) => c.severity !== 'low').map((c) => c.subject)).toEqual([HARASSER]);
  });

  it('a supplier calling a busy switchboard 15 times a day is not reported; 25 times a day stays low', () => {
    const rand = rng(3);
    const out: CallRecord[] = [];
    for (let day = 0; day < 10; day++) {
      for (let i = 0; i < 300; i++) {
        out.push(
          call({
            at: at(day, 8, Math.floor(rand() * 600)),
            from: `+336${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
            to: SWITCHBOARD,
            duration: 90,
          }),
        );
      }
      for (let i = 0; i < 15; i++) {
        out.push(call({ at: at(day, 8, i * 30), from: SUPPLIER, to: SWITCHBOARD, duration: i % 3 ? 0 : 30 }));
      }
      // Night and withheld calls are ordinary on a business line.
      for (let i = 0; i < 8; i++)
        out.push(call({ at: at(day, 23, i * 5), from: 'Private', to: SWITCHBOARD }));
      out.push(call({ at: at(day, 23, 50), from: pick(rand), to: SWITCHBOARD, duration: 300 }));
    }
    expect(runDetector(repeatCaller, byStart(out))).toHaveLength(0);
    for (let day = 0; day < 10; day++) {
      for (let i = 0; i < 10; i++)
        out.push(call({ at: at(day, 15, i * 5), from: SUPPLIER, to: SWITCHBOARD }));
    }
    const found = runDetector(repeatCaller, byStart(out));
    const [c] = about(found, SUPPLIER);
    expect(c.severity).toBe('low');
    expect(c.metrics.businessLine).toBe(true);
    expect(c.summary.en).toContain('business line');
    expect(found.filter((x) => x.severity !== 'low')).toHaveLength(0);
  });

  it('reports withheld callers only at low severity, with the caveat, and not at all when asked', () => {
    const withheld: CallRecord[] = [];
    for (let day = 0; day < 3; day++) {
      for (let i = 0; i < 12; i++) withheld.push(call({ at: at(day, 1 + i), from: 'Anonymous', to: VICTIM }));
    }
    const [c] = runDetector(repeatCaller, withheld);
    expect(c.subject).toBe('withheld');
    expect(c.severity).toBe('low');
    expect(c.metrics.withheld).toBe(true);
    expect(c.summary.en).toContain('cannot be told apart');
    expect(runDetector(repeatCaller, withheld, { params: { reportWithheld: 0 } })).toHaveLength(0);
  });

  it('ignores calls made by the owner, and keeps unparsable callers as they are', () => {
    const calls = Array.from({ length: 8 }, (_, i) => call({ at: at(0, 10 + i), from: VICTIM, to: MOTHER }));
    expect(runDetector(repeatCaller, calls, { owner: VICTIM })).toHaveLength(0);
    expect(runDetector(repeatCaller, calls)).toHaveLength(1);
    const raw = Array.from({ length: 7 }, (_, i) =>
      call({ at: at(0, 10 + i), from: 'ABC*12#x', to: VICTIM }),
    );
    const [c] = runDetector(repeatCaller, raw);
    expect(c.subject).toBe('ABC*12#x');
    expect(c.calls).toBe(7);
    const blank = Array.from({ length: 7 }, (_, i) => call({ at: at(0, 10 + i), from: '', to: VICTIM }));
    expect(runDetector(repeatCaller, blank)).toHaveLength(0);
  });

  it('its window covers the harassment days, not ordinary calls weeks before', () => {
    const earlier = [2, 5].map((d) => call({ at: at(d, 18), from: HARASSER, to: VICTIM, duration: 200 }));
    const all = byStart([...records, ...earlier]);
    const [c] = about(runDetector(repeatCaller, all), HARASSER);
    expect(c.calls).toBe(harass.length);
    expect(c.start).toBe(at(10, 0));
    expect(c.end).toBe(at(15, 0) - 1);
    expect(evidenceOf(c, all)).toHaveLength(harass.length);
  });

  it('one finding per caller: several targets are listed, a dialler calling many lines stays medium', () => {
    const sister = '+33699999999';
    const both = byStart([...harass, ...harassment(rng(4), 10).map((r) => ({ ...r, callee: sister }))]);
    const [c] = runDetector(repeatCaller, both);
    expect(runDetector(repeatCaller, both)).toHaveLength(1);
    expect(c.severity).toBe('high');
    expect(c.metrics.calleeCount).toBe(2);
    expect([...(c.metrics.callees as string[])].sort()).toEqual([VICTIM, sister].sort());
    expect(evidenceOf(c, both)).toHaveLength(c.calls);
    expect(c.calls).toBe(both.length);

    const lines = Array.from({ length: 6 }, (_, i) => `+3361000000${i}`);
    const dialler: CallRecord[] = [];
    for (const line of lines) {
      for (let i = 0; i < 30; i++)
        dialler.push(call({ at: at(3, 9, i * 2), from: '+33948000000', to: line }));
    }
    const found = runDetector(repeatCaller, dialler);
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('medium');
    expect(found[0].metrics.calleeCount).toBe(6);
    expect(found[0].summary.en).toContain('campaign');
    expect(found[0].calls).toBe(180);
  });

  it('parameters change the outcome', () => {
    const strict = runDetector(repeatCaller, records, {
      params: { highCallsPerDay: 50, repeatDays: 10, mediumNights: 10 },
    });
    expect(about(strict, HARASSER)[0].severity).toBe('medium');
    const mother = runDetector(repeatCaller, records, { params: { minCallsPerDay: 3 } });
    expect(about(mother, MOTHER)).toHaveLength(1);
  });

  it('finds the same when every row comes in one reused record object', () => {
    const plain = (found: Candidate[]) => found.map(({ matches: _m, ...rest }) => rest);
    const found = runReused(repeatCaller, records);
    expect(about(found, HARASSER)).toHaveLength(1);
    expect(plain(found)).toEqual(plain(runDetector(repeatCaller, records)));
  });

  it('finds the same in any record order', () => {
    const rand = rng(5);
    const sister = '+33699999999';
    const all = [
      ...records,
      ...harassment(rng(6), 3).map((r) => ({ ...r, callee: sister })),
      // Night calls on three nights, early and late, to check nights across midnight.
      ...[1, 2, 3].flatMap((d) => [
        call({ at: at(d, 23, 10), from: PARTNER, to: MOTHER }),
        call({ at: at(d + 1, 2, 10), from: PARTNER, to: MOTHER }),
      ]),
    ];
    const plain = (found: Candidate[]) =>
      found
        .map(({ matches: _m, ...rest }) => rest)
        .sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
    const sorted = runDetector(repeatCaller, byStart([...all]));
    const reversed = runDetector(repeatCaller, byStart([...all]).reverse());
    const shuffled = [...all];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const mixed = runDetector(repeatCaller, shuffled);
    expect(sorted.map((c) => c.subject).sort()).toEqual([HARASSER, PARTNER].sort());
    expect(about(sorted, PARTNER)[0].metrics.calleeCount).toBe(2);
    expect(plain(reversed)).toEqual(plain(sorted));
    expect(plain(mixed)).toEqual(plain(sorted));
    const [c] = about(mixed, HARASSER);
    expect(evidenceOf(c, shuffled)).toHaveLength(c.calls);
  });

  it('keeps exact talk times whatever the first call of a pair looks like', () => {
    // First calls that do not fit the compact first-call form: long, fractional, decades apart.
    const long = [call({ at: at(0, 9), from: HARASSER, to: VICTIM, duration: 5000 })];
    const fractional = [call({ at: at(0, 9), from: HARASSER, to: VICTIM, duration: 0.1 })];
    const early = [call({ at: at(-40_000, 9), from: MOTHER, to: PARTNER, duration: 1 })];
    const burst = Array.from({ length: 7 }, (_, i) =>
      call({ at: at(1, 10 + i), from: HARASSER, to: VICTIM, duration: 10.5 }),
    );
    const [a] = runDetector(repeatCaller, [...early, ...long, ...burst]);
    expect(a.metrics.meanDuration).toBe(Math.round(((5000 + 7 * 10.5) / 8) * 100) / 100);
    expect(a.metrics.maxCallsIn30Days).toBe(8);
    expect(a.calls).toBe(7);
    const [b] = runDetector(repeatCaller, [...early, ...fractional, ...burst]);
    expect(b.metrics.meanDuration).toBe(Math.round(((0.1 + 7 * 10.5) / 8) * 100) / 100);
    // Unanswered calls and answered calls without talk time count in the answered share only.
    const silent = [
      call({ at: at(0, 9), from: HARASSER, to: VICTIM, duration: 0, status: 'answered' }),
      ...burst.map((r, i) => ({ ...r, duration: i < 3 ? 20 : 0, status: i < 3 ? 'answered' : 'missed' })),
    ] as CallRecord[];
    const [s] = runDetector(repeatCaller, silent);
    expect(s.metrics.answeredShare).toBe(0.5);
    expect(s.metrics.meanDuration).toBe(15);
  });
});
