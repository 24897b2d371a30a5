import { describe, expect, it } from 'vitest';
import { robocallFlood } from '../../src/detectors/robocall-flood.js';
import type { Candidate } from '../../src/detectors/types.js';
import { createFormatContext } from '../../src/formats/context.js';
import type { CallRecord } from '../../src/records/record.js';
import { call, evidenceOf, mulberry32, runDetector } from './harness.js';

const T0 = Date.parse('2019-03-08T14:00:00+01:00');
const MIN = 60_000;
const DIALER = '+33948123456';
const lines = Array.from({ length: 40 }, (_, i) => `+334421000${String(i).padStart(2, '0')}`);

/** The vendor's dialer: every line every 60-120 s for two hours, one recorded message (~42 s). */
function flood(rand: () => number, from = (_i: number) => DIALER, at = T0): CallRecord[] {
  const out: CallRecord[] = [];
  let k = 0;
  for (const line of lines) {
    let t = at + rand() * 60_000;
    while (t < at + 120 * MIN) {
      const answered = rand() < 0.7;
      out.push(
        call({
          at: Math.round(t),
          from: from(k++),
          to: line,
          duration: answered ? 40 + Math.round(rand() * 4) : 0,
        }),
      );
      t += 60_000 + rand() * 60_000;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Ordinary inbound calls to the company's lines over the day. */
function background(rand: () => number): CallRecord[] {
  const out: CallRecord[] = [];
  for (let i = 0; i < 300; i++) {
    out.push(
      call({
        at: T0 - 5 * 60 * MIN + Math.round(rand() * 10 * 60 * MIN),
        from: `+3361${String(Math.floor(rand() * 1e7)).padStart(7, '0')}`,
        to: lines[Math.floor(rand() * lines.length)],
        duration: Math.round(30 + rand() * 400),
      }),
    );
  }
  return out;
}

/** A switchboard calling 600 different customers once each, some twice hours later. */
function salesCampaign(rand: () => number): CallRecord[] {
  const out: CallRecord[] = [];
  let t = T0 - 4 * 60 * MIN;
  for (let i = 0; i < 600; i++) {
    const customer = `+3324${String(1_000_000 + i * 37).padStart(7, '0')}`;
    out.push(
      call({ at: Math.round(t), from: '+33140000000', to: customer, duration: Math.round(rand() * 300) }),
    );
    if (i % 5 === 0) {
      out.push(call({ at: Math.round(t + 3 * 60 * MIN), from: '+33140000000', to: customer, duration: 0 }));
    }
    t += 40_000 + rand() * 20_000;
  }
  return out.sort((a, b) => a.start - b.start);
}

function only(cands: Candidate[], severities: string[]): Candidate[] {
  return cands.filter((c) => severities.includes(c.severity));
}

describe('robocall-flood', () => {
  it('finds the dialer that calls every line every 1-2 minutes, with its episode and figures', () => {
    const rand = mulberry32(1);
    const records = [...background(rand), ...flood(rand)].sort((a, b) => a.start - b.start);
    const cands = runDetector(robocallFlood, records);
    expect(cands).toHaveLength(1);
    const c = cands[0];
    expect(c.subject).toBe(DIALER);
    expect(c.subjectType).toBe('number');
    expect(c.severity).toBe('high');
    expect(c.metrics.linesReached).toBe(40);
    expect(c.metrics.hammeredLines).toBe(40);
    expect(c.metrics.distinctNumbers).toBe(1);
    const cadence = c.metrics.cadence as number;
    expect(cadence).toBeGreaterThan(75);
    expect(cadence).toBeLessThan(105);
    expect(c.metrics.cadenceCv as number).toBeLessThan(0.3);
    expect(c.metrics.durationMedian).toBeGreaterThanOrEqual(41);
    expect(c.metrics.durationMedian).toBeLessThanOrEqual(43);
    expect(c.metrics.durationSpread as number).toBeLessThan(0.1);
    // The window is the flood's two hours; the few calls before promotion are outside it.
    const dialerCalls = records.filter((r) => r.caller === DIALER);
    expect(c.start).toBeGreaterThanOrEqual(dialerCalls[0].start);
    expect(c.start).toBeLessThan(T0 + 2 * MIN);
    expect(c.end).toBe(dialerCalls[dialerCalls.length - 1].start);
    const ev = evidenceOf(c, records);
    expect(ev).toHaveLength(c.calls);
    // Only the calls before the dialer reached ~minLines lines in its first hour are not counted.
    expect(c.calls).toBeGreaterThanOrEqual(dialerCalls.length - 10);
    expect(ev.every((r) => r.caller === DIALER)).toBe(true);
    expect(c.summary.en).toContain('40 distinct lines');
    expect(c.summary.fr).toContain('40 lignes différentes');
    // Decimals with each language's mark (CV 0.xx / 0,xx).
    const cv = String(c.metrics.cadenceCv);
    expect(cv).toMatch(/^0\.\d+$/);
    expect(c.summary.en).toContain(`(regularity CV ${cv};`);
    expect(c.summary.fr).toContain(`(régularité CV ${cv.replace('.', ',')} ;`);
  });

  it('finds a platform rotating its numbers within a block, with the block as subject', () => {
    const rand = mulberry32(2);
    const records = flood(rand, () => `+33948123${String(Math.floor(rand() * 1000)).padStart(3, '0')}`);
    const cands = runDetector(robocallFlood, records);
    expect(cands).toHaveLength(1);
    expect(cands[0].subject).toBe('+33948123');
    expect(cands[0].subjectType).toBe('prefix');
    expect(cands[0].metrics.distinctNumbers as number).toBeGreaterThan(500);
    expect(evidenceOf(cands[0], records)).toHaveLength(cands[0].calls);
  });

  it('works on a descending export (newest first)', () => {
    const rand = mulberry32(3);
    const records = flood(rand).reverse();
    const cands = runDetector(robocallFlood, records);
    expect(cands).toHaveLength(1);
    expect(evidenceOf(cands[0], records)).toHaveLength(cands[0].calls);
  });

  it('settles each day’s flood as time passes: one finding per day, exact on rows written late', () => {
    const rand = mulberry32(8);
    const DAY = 24 * 60 * MIN;
    const days: CallRecord[] = [];
    for (let d = 0; d < 6; d++) days.push(...flood(rand, () => DIALER, T0 + d * DAY + d * 7 * MIN));
    const sorted = [...background(rand), ...days].sort((a, b) => a.start - b.start);
    const plain = (cs: Candidate[]) => cs.map(({ matches: _m, ...rest }) => rest);
    const cands = runDetector(robocallFlood, sorted);
    // Thousands of calls a day: the tracker settles each day while reading, not only at the end.
    expect(sorted.filter((r) => r.caller === DIALER).length / 6).toBeGreaterThan(2 * 1024);
    expect(cands).toHaveLength(6);
    expect(cands.map((c) => new Date(c.start).getUTCDate())).toEqual([8, 9, 10, 11, 12, 13]);
    for (const c of cands) {
      expect(c.metrics.hammeredLines).toBe(40);
      expect(evidenceOf(c, sorted)).toHaveLength(c.calls);
    }
    // Rows of the later days written up to 40 minutes late (as a switch writing a row when a call
    // ends): the same findings, figure for figure.
    const jitter = mulberry32(9);
    const late = sorted
      .map((r) => ({ r, key: r.start < T0 + DAY ? r.start : r.start + jitter() * 40 * MIN }))
      .sort((a, b) => a.key - b.key)
      .map(({ r }) => r);
    expect(late).not.toEqual(sorted);
    expect(plain(runDetector(robocallFlood, late))).toEqual(plain(cands));
    // Newest first: the same days (each flood is followed from a little later, where it was promoted).
    const desc = runDetector(robocallFlood, [...sorted].reverse());
    expect(desc.map((c) => new Date(c.start).getUTCDate())).toEqual([8, 9, 10, 11, 12, 13]);
    for (const c of desc) expect(evidenceOf(c, sorted)).toHaveLength(c.calls);
  });

  it('stays quiet on an outbound sales campaign (many lines, no cadence per line)', () => {
    const rand = mulberry32(4);
    const records = [...salesCampaign(rand), ...background(rand)].sort((a, b) => a.start - b.start);
    expect(only(runDetector(robocallFlood, records), ['high', 'medium'])).toEqual([]);
    expect(runDetector(robocallFlood, records)).toEqual([]);
  });

  it('stays quiet on a company’s internal calls (extensions, internal direction)', () => {
    const out: CallRecord[] = [];
    for (let k = 0; k < 60; k++) {
      for (let e = 0; e < 20; e++) {
        out.push(call({ at: T0 + k * 2 * MIN + e * 1000, from: '200', to: String(201 + e), duration: 20 }));
        out.push(
          call({
            at: T0 + k * 2 * MIN + e * 1000 + 500,
            from: '+33442100000',
            to: lines[e + 1],
            duration: 20,
            direction: 'internal',
          }),
        );
      }
    }
    expect(runDetector(robocallFlood, out)).toEqual([]);
  });

  it('reports irregular hammering as low, and honours minLines', () => {
    const rand = mulberry32(5);
    // Each line called ~10 times in 2 h at random moments (exponential gaps): CV near 1.
    const out: CallRecord[] = [];
    for (const line of lines.slice(0, 20)) {
      let t = T0;
      for (let k = 0; k < 25; k++) {
        t += -Math.log(1 - rand()) * 5 * MIN;
        out.push(call({ at: Math.round(t), from: DIALER, to: line, duration: Math.round(rand() * 200) }));
      }
    }
    out.sort((a, b) => a.start - b.start);
    const cands = runDetector(robocallFlood, out);
    expect(cands).toHaveLength(1);
    expect(cands[0].severity).toBe('low');
    expect(cands[0].metrics.cadenceCv as number).toBeGreaterThan(0.5);

    const regular = flood(mulberry32(6));
    expect(runDetector(robocallFlood, regular, { params: { minLines: 41 } })).toEqual([]);
    const strict = runDetector(robocallFlood, regular, { params: { minLines: 25 } });
    expect(strict).toHaveLength(1);
    // 40 hammered lines is high only when it is at least twice minLines.
    expect(strict[0].severity).toBe('medium');
    expect(runDetector(robocallFlood, regular, { params: { minLines: 20 } })[0].severity).toBe('high');
  });

  it('ignores withheld, raw and empty callers and works with an owner set (only inbound rows)', () => {
    const rand = mulberry32(7);
    const records = flood(rand);
    for (const r of records) r.caller = 'withheld';
    expect(runDetector(robocallFlood, records)).toEqual([]);
    const raw = flood(rand);
    for (const r of raw) r.caller = 'VENDOR';
    expect(runDetector(robocallFlood, raw)).toEqual([]);
    // A single victim's log: one line only, nothing to report.
    const single = flood(rand).filter((r) => r.callee === lines[0]);
    expect(runDetector(robocallFlood, single, { owner: lines[0] })).toEqual([]);
  });

  it('stops following a number once the book files it as a raw string, as the string test would', () => {
    // `+999...` looks like E.164 until the book meets a raw spelling of it that no plan accepts: from
    // then on NumberBook.isE164 says no, and the number's later calls are not a source any more.
    const odd = '+99912345678';
    const run = (fileAfter: number) => {
      const ctx = createFormatContext({});
      const params: Record<string, number> = {};
      for (const [name, spec] of Object.entries(robocallFlood.meta.params)) params[name] = spec.default;
      const detector = robocallFlood.create({
        params,
        numbers: ctx.numbers,
        clock: ctx.clock,
        country: ctx.country,
      });
      const records = flood(mulberry32(8), () => odd);
      records.forEach((r, i) => {
        if (i === fileAfter) ctx.numbers.canonical(` ${odd}`);
        r.callerId = ctx.numbers.idOf(r.caller);
        r.calleeId = ctx.numbers.idOf(r.callee);
        detector.observe(r);
      });
      return detector.finish();
    };
    expect(run(-1)).toHaveLength(1);
    expect(run(1)).toEqual([]);
  });
});
