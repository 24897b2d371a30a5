import { describe, expect, it } from 'vitest';
import { callStorm } from '../../src/detectors/call-storm.js';
import type { Candidate } from '../../src/detectors/types.js';
import type { CallRecord } from '../../src/records/record.js';
import { round2 } from '../../src/windows/score.js';
import { call, evidenceOf, mulberry32 as rng, runDetector, runReused } from './harness.js';

function poisson(rand: () => number, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let prod = rand();
  while (prod > limit) {
    k++;
    prod *= rand();
  }
  return k;
}

const HOUR_MS = 3_600_000;
const HELPLINE = '+33140000000';
/** 2018-08-05 00:00 in Paris (+02:00): four weeks before the attack. */
const T0 = Date.parse('2018-08-05T00:00:00+02:00');
/** Sunday 2018-09-02 18:00 in Paris: onset of the flood. */
const ONSET = Date.parse('2018-09-02T18:00:00+02:00');

/** Hour-of-day weights of a helpline: quieter mornings, busier evenings and nights. */
const HELPLINE_PROFILE = [
  1.2, 1, 0.8, 0.6, 0.4, 0.3, 0.3, 0.4, 0.6, 0.8, 0.9, 1, 1, 1, 1, 1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.5, 1.4, 1.3,
];

function mobile(rand: () => number): string {
  return `+336${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
}

/** Calls to `callee`: `perDay` on average with the hour profile, regular callers from a pool. */
function traffic(
  rand: () => number,
  callee: string,
  from: number,
  days: number,
  perDay: number,
  pool: string[],
  profile = HELPLINE_PROFILE,
): CallRecord[] {
  const total = profile.reduce((a, b) => a + b, 0);
  const out: CallRecord[] = [];
  for (let h = 0; h < days * 24; h++) {
    const n = poisson(rand, (perDay * profile[h % 24]) / total);
    for (let i = 0; i < n; i++) {
      const answered = rand() < 0.8;
      out.push(
        call({
          at: from + h * HOUR_MS + Math.floor(rand() * HOUR_MS),
          from: pool[Math.floor(rand() * pool.length)],
          to: callee,
          duration: answered ? 300 + Math.floor(rand() * 600) : 0,
        }),
      );
    }
  }
  return out;
}

/** The flood: `perHour` calls an hour from new callers, mostly unanswered and short. */
function flood(
  rand: () => number,
  callee: string,
  from: number,
  hours: number,
  perHour: number,
): CallRecord[] {
  const out: CallRecord[] = [];
  for (let h = 0; h < hours; h++) {
    const n = poisson(rand, perHour);
    for (let i = 0; i < n; i++) {
      const answered = rand() < 0.2;
      out.push(
        call({
          at: from + h * HOUR_MS + Math.floor(rand() * HOUR_MS),
          from: mobile(rand),
          to: callee,
          duration: answered ? 20 + Math.floor(rand() * 40) : 0,
        }),
      );
    }
  }
  return out;
}

function byStart(records: CallRecord[]): CallRecord[] {
  return records.sort((a, b) => a.start - b.start);
}

describe('call-storm: the SOS Amitié flood', () => {
  const rand = rng(2018);
  const pool = Array.from({ length: 3000 }, () => mobile(rand));
  // 28 days at ~500 calls/day, then the flood from Sunday 18:00 to Tuesday midnight (~150/hour).
  const normal = traffic(rand, HELPLINE, T0, 31, 500, pool);
  const storm = flood(rand, HELPLINE, ONSET, 54, 150);
  const records = byStart([...normal, ...storm]);

  it('finds one high-severity episode on the helpline, from the onset to the end of the flood', () => {
    const found = runDetector(callStorm, records);
    expect(found).toHaveLength(1);
    const c = found[0];
    expect(c.subject).toBe(HELPLINE);
    expect(c.subjectType).toBe('number');
    expect(c.severity).toBe('high');
    expect(new Date(c.start).toISOString()).toBe(new Date(ONSET).toISOString());
    expect(new Date(c.end + 1).toISOString()).toBe('2018-09-04T22:00:00.000Z');
    expect(c.metrics.baselineMethod).toBe('mad');
    expect(c.metrics.baselinePerDay as number).toBeGreaterThan(450);
    expect(c.metrics.baselinePerDay as number).toBeLessThan(550);
    expect(c.metrics.ratio as number).toBeGreaterThan(5);
    expect(c.metrics.firstTimeCallerShare as number).toBeGreaterThan(0.85);
    expect(c.metrics.answerRatio as number).toBeLessThan(0.5);
    expect(c.metrics.baselineAnswerRatio as number).toBeGreaterThan(0.75);
    expect(c.metrics.meanDuration as number).toBeLessThan(c.metrics.baselineMeanDuration as number);
    expect(c.metrics.peakHourCalls as number).toBeGreaterThan(150);
    expect(c.summary.en).toContain(HELPLINE);
    expect(c.summary.fr).toContain(HELPLINE);
    // Figures as each language writes them: 8,1xx / 8 1xx calls, 6.x / 6,x times, 9x% / 9x %.
    const calls = c.calls;
    expect(calls).toBeGreaterThan(1000);
    const thousands = Math.floor(calls / 1000);
    const rest = String(calls % 1000).padStart(3, '0');
    expect(c.summary.en).toContain(`received ${thousands},${rest} inbound calls`);
    expect(c.summary.fr).toContain(`a reçu ${thousands}\u202f${rest} appels entrants`);
    const ratio = Math.round((c.metrics.ratio as number) * 10) / 10;
    expect(c.summary.en).toContain(`, ${String(ratio)} times its usual`);
    expect(c.summary.fr).toContain(`soit ${String(ratio).replace('.', ',')} fois ses`);
    const pct = Math.round((c.metrics.firstTimeCallerShare as number) * 100);
    expect(c.summary.en).toContain(`; ${pct}% had never called it before`);
    expect(c.summary.fr).toContain(` ; ${pct}\u00a0% ne l'avaient jamais appelé`);
  });

  it('counts exactly the calls that its evidence predicate selects, in either time order', () => {
    for (const input of [records, [...records].reverse()]) {
      const [c] = runDetector(callStorm, input);
      const rows = evidenceOf(c, input);
      expect(rows.length).toBe(c.calls);
      const inWindow = input.filter((r) => r.callee === HELPLINE && r.start >= c.start && r.start <= c.end);
      expect(rows.length).toBe(inWindow.length);
      // The flood is inside the window, and the window holds little else.
      expect(c.calls).toBeGreaterThanOrEqual(storm.length);
      expect(c.calls - storm.length).toBeLessThan(0.2 * storm.length);
    }
  });

  it('finds the same episode when the rows are shuffled', () => {
    const shuffled = [...records];
    const r2 = rng(7);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(r2() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const found = runDetector(callStorm, shuffled);
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('high');
    expect(found[0].start).toBe(ONSET);
  });

  it('parameters change the outcome: severity needs highRatio, detection needs minDayCalls/minHourCalls', () => {
    const [c] = runDetector(callStorm, records, { params: { highRatio: 10 } });
    expect(c.severity).toBe('medium');
    expect(
      runDetector(callStorm, records, { params: { minDayCalls: 5000, minHourCalls: 500 } }),
    ).toHaveLength(0);
  });
});

/** Office hours profile: nothing at night, busy 9-18, quieter at lunch. */
const OFFICE_PROFILE = [
  0, 0, 0, 0, 0, 0, 0, 0.2, 0.8, 1.4, 1.5, 1.4, 0.8, 1, 1.4, 1.5, 1.4, 1.2, 0.8, 0.3, 0.1, 0, 0, 0,
];

describe('call-storm: quiet lines stay quiet', () => {
  it('a busy switchboard (weekday peaks, quiet weekends, a busier Monday) gives no finding', () => {
    const rand = rng(11);
    const pool = Array.from({ length: 5000 }, () => mobile(rand));
    const records: CallRecord[] = [];
    const monday = Date.parse('2024-01-01T00:00:00+01:00');
    for (let day = 0; day < 56; day++) {
      const dow = day % 7; // 0 = Monday
      const perDay = dow >= 5 ? 60 : dow === 0 ? 700 : 500;
      records.push(
        ...traffic(rand, '+33145000000', monday + day * 86_400_000, 1, perDay, pool, OFFICE_PROFILE),
      );
    }
    // A residential line with 2-3 calls a day, and a small shop with about 20.
    records.push(...traffic(rand, '+33298000000', monday, 56, 2.5, pool.slice(0, 20)));
    records.push(...traffic(rand, '+33298000001', monday, 56, 20, pool.slice(0, 300), OFFICE_PROFILE));
    expect(runDetector(callStorm, byStart(records))).toHaveLength(0);
  });
});

describe('call-storm: edge cases', () => {
  const rand = rng(42);
  const pool = Array.from({ length: 3000 }, () => mobile(rand));

  it('with a single day of data it uses the floor, says so, and stays at most medium', () => {
    const day = Date.parse('2018-09-02T00:00:00+02:00');
    const records = byStart([
      ...traffic(rand, HELPLINE, day, 1, 500, pool),
      ...flood(rand, HELPLINE, ONSET, 6, 150),
    ]);
    const found = runDetector(callStorm, records);
    expect(found).toHaveLength(1);
    const c = found[0];
    expect(c.metrics.baselineMethod).toBe('floor');
    expect(c.metrics.baselinePerDay).toBeNull();
    expect(c.metrics.ratio).toBeNull();
    // Measured against the hours before the onset: most flood callers are new.
    expect(c.metrics.firstTimeCallerShare as number).toBeGreaterThan(0.7);
    expect(c.severity).toBe('low');
    expect(c.start).toBe(ONSET);
    expect(c.summary.en).toContain('no baseline');
    expect(c.summary.fr).toContain('pas de référence');
    expect(evidenceOf(c, records)).toHaveLength(c.calls);
    // An extreme single-day volume may reach medium, never high.
    const [big] = runDetector(callStorm, records, { params: { floorPerDay: 200, floorExtremeFactor: 2 } });
    expect(big.severity).toBe('medium');
  });

  it("an owner's phone log: callbacks from strangers are a storm, the owner's own calls are not", () => {
    const owner = '+33612345678';
    const family = pool.slice(0, 8);
    const start = Date.parse('2024-05-01T00:00:00+02:00');
    const records: CallRecord[] = traffic(rand, owner, start, 20, 3, family);
    // Day 15: 150 callbacks from strangers between 10:00 and 20:00.
    records.push(...flood(rand, owner, start + 15 * 86_400_000 + 10 * HOUR_MS, 10, 15));
    // The owner calls one number 60 times on day 3: outgoing, not a storm on that number.
    for (let i = 0; i < 60; i++) {
      records.push(call({ at: start + 3 * 86_400_000 + i * 60_000, from: owner, to: '+33299999999' }));
    }
    const found = runDetector(callStorm, byStart(records), { owner });
    expect(found).toHaveLength(1);
    const c = found[0];
    expect(c.subject).toBe(owner);
    expect(c.severity).toBe('high');
    expect(c.metrics.baselineMethod).toBe('poisson');
    expect(c.metrics.firstTimeCallerShare as number).toBeGreaterThan(0.95);
    expect(c.metrics.distinctCallers as number).toBeGreaterThan(100);
    expect(evidenceOf(c, records)).toHaveLength(c.calls);
  });

  it('the calls of the day tracking starts on count fully, fractional talk times included', () => {
    // A quiet line (3 calls a day) flooded on day 15: the day's first calls come before the line is
    // tracked and are replayed into its detail; quarter seconds take the replay's exact slow path.
    const line = '+33298000042';
    const start = Date.parse('2024-05-01T00:00:00+02:00');
    const storm = flood(rand, line, start + 15 * 86_400_000 + 10 * HOUR_MS, 10, 15).map((r, i) =>
      i % 2 === 0 ? { ...r, status: 'answered' as const, duration: 30.25 + i } : r,
    );
    const records = byStart([...traffic(rand, line, start, 20, 3, pool.slice(0, 8)), ...storm]);
    const [c] = runDetector(callStorm, records);
    const inside = records.filter((r) => c.matches(r));
    const answered = inside.filter((r) => r.status === 'answered');
    const talk = answered.reduce((a, r) => a + r.duration, 0);
    expect(c.calls).toBe(inside.length);
    expect(c.metrics.answerRatio).toBe(round2(answered.length / inside.length));
    expect(c.metrics.meanDuration).toBe(round2(talk / answered.length));
    expect(c.metrics.withheldCalls).toBe(0);
    expect(c.metrics.distinctCallers).toBe(new Set(inside.map((r) => r.caller)).size);
    expect(c.metrics.peakHourCalls).toBeGreaterThan(0);
  });

  it('a flood from withheld callers to a number that could not be normalised is reported low', () => {
    const start = Date.parse('2024-05-01T00:00:00+02:00');
    const records: CallRecord[] = [];
    for (let d = 0; d < 10; d++) {
      records.push(call({ at: start + d * 86_400_000 + 9 * HOUR_MS, from: pool[d], to: 'Hotline A' }));
    }
    for (let i = 0; i < 200; i++) {
      records.push(
        call({ at: start + 8 * 86_400_000 + 12 * HOUR_MS + i * 60_000, from: 'Private', to: 'Hotline A' }),
      );
    }
    const found = runDetector(callStorm, byStart(records));
    expect(found).toHaveLength(1);
    expect(found[0].subject).toBe('Hotline A');
    expect(found[0].metrics.distinctCallers).toBe(0);
    expect(found[0].severity).toBe('low');
  });
});

describe('call-storm: rows counted in batches', () => {
  const rand = rng(2018);
  const pool = Array.from({ length: 3000 }, () => mobile(rand));

  it('finds the same when every row comes in one reused record object, as on the worker thread', () => {
    const records = byStart([
      ...traffic(rand, HELPLINE, T0, 31, 500, pool),
      ...flood(rand, HELPLINE, ONSET, 54, 150),
    ]);
    const plain = (found: Candidate[]) => found.map(({ matches: _m, ...rest }) => rest);
    const found = runReused(callStorm, records);
    expect(found).toHaveLength(1);
    expect(plain(found)).toEqual(plain(runDetector(callStorm, records)));
  });

  it('counts fractional talk times exactly on every day, in any order, as pooled calls are reused', () => {
    // Quiet lines whose every answered call lasts a fractional time: each day's pooled calls take the
    // exact slow path, are freed when the next day comes and reused by other lines, then one line is
    // flooded with whole-second calls and its replayed day must still count the fractional ones.
    const line = '+33298000077';
    const start = Date.parse('2024-05-01T00:00:00+02:00');
    const fractional = (r: CallRecord): CallRecord =>
      r.status === 'answered' ? { ...r, duration: r.duration + 0.5 } : r;
    const quiet = [line, '+33298000078', '+33298000079', '+33298000080'].flatMap((l) =>
      traffic(rand, l, start, 20, 6, pool.slice(0, 20)).map(fractional),
    );
    const storm = flood(rand, line, start + 15 * 86_400_000 + 10 * HOUR_MS, 10, 15);
    const all = byStart([...quiet, ...storm]);
    for (const input of [all, [...all].reverse()]) {
      const found = runDetector(callStorm, input);
      expect(found.map((c) => c.subject)).toEqual([line]);
      const [c] = found;
      const inside = input.filter((r) => c.matches(r));
      const answered = inside.filter((r) => r.status === 'answered');
      const outside = input.filter((r) => r.callee === line && !c.matches(r));
      const answeredOut = outside.filter((r) => r.status === 'answered');
      expect(c.calls).toBe(inside.length);
      expect(c.metrics.meanDuration).toBe(
        round2(answered.reduce((a, r) => a + r.duration, 0) / answered.length),
      );
      expect(c.metrics.baselineMeanDuration).toBe(
        round2(answeredOut.reduce((a, r) => a + r.duration, 0) / answeredOut.length),
      );
    }
  });
});
