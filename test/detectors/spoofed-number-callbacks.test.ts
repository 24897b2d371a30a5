import { describe, expect, it } from 'vitest';
import { spoofedNumberCallbacks } from '../../src/detectors/spoofed-number-callbacks.js';
import { createFormatContext } from '../../src/formats/context.js';
import type { CallRecord } from '../../src/records/record.js';
import { call, evidenceOf, mulberry32, runDetector } from './harness.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.parse('2013-09-01T00:00:00+02:00');
const JOELLE = '+33254360199';
const digits = (rand: () => number, n: number): string =>
  Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');

/** Joëlle's ordinary days: a few friends, long calls both ways. */
function quietLife(rand: () => number, days: number, direction: 'in' | 'unknown' = 'in'): CallRecord[] {
  const friends = Array.from({ length: 6 }, () => `+33254${digits(rand, 6)}`);
  const out: CallRecord[] = [];
  for (let d = 0; d < days; d++) {
    const f = friends[Math.floor(rand() * friends.length)];
    const t = T0 + d * DAY + 10 * HOUR + Math.floor(rand() * 8 * HOUR);
    out.push(call({ at: t, from: f, to: JOELLE, duration: 300 + Math.floor(rand() * 900), direction }));
    out.push(
      call({
        at: t + 2 * HOUR,
        from: JOELLE,
        to: f,
        duration: 200,
        direction: direction === 'in' ? 'out' : 'unknown',
      }),
    );
  }
  return out;
}

/** A stranger who saw her number: a landline of the Indre, another of the region, a mobile, or Madagascar. */
function stranger(rand: () => number): string {
  const x = rand();
  if (x < 0.55) return `+33254${digits(rand, 6)}`;
  if (x < 0.75) return `+3324${digits(rand, 7)}`;
  if (x < 0.95) return `+336${digits(rand, 8)}`;
  return `+26132${digits(rand, 7)}`;
}

/** Angry callbacks: `perDay` new strangers a day for the given days, short answered calls or missed. */
function callbacks(
  rand: () => number,
  day0: number,
  perDay: number[],
  direction: 'in' | 'unknown' = 'in',
): CallRecord[] {
  const out: CallRecord[] = [];
  perDay.forEach((n, i) => {
    for (let k = 0; k < n; k++) {
      const who = stranger(rand);
      const t = T0 + (day0 + i) * DAY + 8 * HOUR + Math.floor(rand() * 14 * HOUR);
      const answered = rand() < 0.7;
      out.push(
        call({
          at: t,
          from: who,
          to: JOELLE,
          duration: answered ? 5 + Math.floor(rand() * 40) : 0,
          direction,
        }),
      );
      if (rand() < 0.3) out.push(call({ at: t + HOUR, from: who, to: JOELLE, duration: 0, direction }));
    }
  });
  return out;
}

describe('spoofed-number-callbacks', () => {
  it('finds the villager’s surge of callbacks from strangers of her area', () => {
    const rand = mulberry32(31);
    const surge = callbacks(rand, 40, [35, 110, 80, 60, 25]);
    const records = [...quietLife(rand, 60), ...surge].sort((a, b) => a.start - b.start);
    const cands = runDetector(spoofedNumberCallbacks, records, { owner: JOELLE });
    expect(cands).toHaveLength(1);
    const c = cands[0];
    expect(c.subject).toBe(JOELLE);
    expect(c.subjectType).toBe('number');
    expect(c.severity).toBe('high');
    expect(c.metrics.distinctCallers).toBe(310);
    expect(c.metrics.calls).toBe(surge.length);
    expect(c.calls).toBe(surge.length);
    expect(c.metrics.peakNewCallers).toBe(110);
    expect(c.metrics.peakDay).toBe('2013-10-12');
    expect(c.metrics.baselineMethod).toBe('poisson');
    expect(c.metrics.baselinePerDay).toBe(0.5);
    expect(c.metrics.priorCallsDisplayingNumber).toBe(0);
    expect(c.metrics.areaShare as number).toBeGreaterThan(0.9);
    expect(c.metrics.localShare as number).toBeGreaterThan(0.45);
    expect(c.metrics.shortShare).toBe(1);
    expect(c.start).toBe(Math.min(...surge.map((r) => r.start)));
    expect(c.end).toBe(Math.max(...surge.map((r) => r.start)));
    const ev = evidenceOf(c, records);
    expect(new Set(ev)).toEqual(new Set(surge));
    expect(c.summary.en).toContain('310 different callers');
    expect(c.summary.fr).toContain('310 correspondants différents');
    // The half-a-caller baseline with each language's decimal mark; shares as percentages.
    expect(c.summary.en).toContain(
      'new callers on 12 Oct 2013, usually 0.5); 100% were short or unanswered and ',
    );
    expect(c.summary.fr).toContain('d’habitude 0,5) ; 100\u00a0% étaient courts ou sans réponse et ');
  });

  it('in an operator-wide export, counts the calls that displayed her number before the callbacks', () => {
    const rand = mulberry32(32);
    const records = quietLife(rand, 30, 'unknown');
    const targets = Array.from({ length: 40 }, () => `+33254${digits(rand, 6)}`);
    const displayed: CallRecord[] = [];
    const back: CallRecord[] = [];
    targets.forEach((v, i) => {
      const t = T0 + 20 * DAY + 9 * HOUR + i * 300_000;
      displayed.push(call({ at: t, from: JOELLE, to: v, duration: rand() < 0.5 ? 2 : 0 }));
      if (i % 4 !== 3) back.push(call({ at: t + 2 * HOUR, from: v, to: JOELLE, duration: 20 }));
    });
    records.push(...displayed, ...back);
    records.sort((a, b) => a.start - b.start);
    const cands = runDetector(spoofedNumberCallbacks, records);
    expect(cands).toHaveLength(1);
    const c = cands[0];
    expect(c.subject).toBe(JOELLE);
    expect(c.severity).toBe('high');
    // 30 callbacks; a friend whose earlier calls preceded the line being followed may count as new.
    expect(c.metrics.distinctCallers as number).toBeGreaterThanOrEqual(30);
    expect(c.metrics.distinctCallers as number).toBeLessThanOrEqual(31);
    // Followed from its 10th call of the day on: the first displayed calls are not in the first pass.
    expect(c.metrics.callersWithPriorCall as number).toBeGreaterThanOrEqual(22);
    expect(c.metrics.priorCallsDisplayingNumber).toBe(c.metrics.callersWithPriorCall);
    const ev = evidenceOf(c, records);
    expect(ev).toHaveLength(c.calls);
    expect(ev.filter((r) => r.caller === JOELLE)).toHaveLength(
      c.metrics.priorCallsDisplayingNumber as number,
    );
  });

  it('stays quiet on a busy business line whose callers are regular customers it also calls', () => {
    const rand = mulberry32(33);
    const LINE = '+33142001122';
    const customers = Array.from({ length: 300 }, () => `+331${digits(rand, 8)}`);
    const records: CallRecord[] = [];
    for (let d = 0; d < 90; d++) {
      const busy = d % 30 === 15 ? 2 : 1; // one much busier day a month
      for (let k = 0; k < 40 * busy; k++) {
        const cu = customers[Math.floor(rand() * customers.length)];
        const t = T0 + d * DAY + 9 * HOUR + Math.floor(rand() * 9 * HOUR);
        records.push(call({ at: t, from: cu, to: LINE, duration: 20 + Math.floor(rand() * 400) }));
        if (rand() < 0.3) records.push(call({ at: t + HOUR, from: LINE, to: cu, duration: 120 }));
      }
      // New one-off callers, half of them Paris landlines like the line itself: 12 a day, 36 on the busy day.
      for (let k = 0; k < 12 * (busy === 2 ? 3 : 1); k++) {
        const t = T0 + d * DAY + 9 * HOUR + Math.floor(rand() * 9 * HOUR);
        const who = k % 2 ? `+336${digits(rand, 8)}` : `+331${digits(rand, 8)}`;
        records.push(call({ at: t, from: who, to: LINE, duration: 10 + Math.floor(rand() * 50) }));
      }
    }
    records.sort((a, b) => a.start - b.start);
    const cands = runDetector(spoofedNumberCallbacks, records);
    expect(cands.filter((c) => c.severity !== 'low')).toEqual([]);
    // The busy days stand out (36 new callers against about 12), but most callers are regulars.
    expect(cands.length).toBeGreaterThan(0);
    expect(cands.every((c) => (c.metrics.newCallerShare as number) < 0.5)).toBe(true);
  });

  it('keeps a surge without the marks of a displayed number (nationwide mobiles, no prior call) low', () => {
    const rand = mulberry32(34);
    const records = quietLife(rand, 60);
    for (let k = 0; k < 80; k++) {
      const t = T0 + 30 * DAY + 8 * HOUR + k * 400_000;
      records.push(
        call({ at: t, from: `+337${digits(rand, 8)}`, to: JOELLE, duration: 90 + k, direction: 'in' }),
      );
    }
    const cands = runDetector(spoofedNumberCallbacks, records, { owner: JOELLE });
    expect(cands).toHaveLength(1);
    expect(cands[0].severity).toBe('low');
    expect(cands[0].metrics.areaShare).toBe(null);
  });

  it('leaves a helpline flooded by strangers of its area to call-storm (it always hears from strangers)', () => {
    const rand = mulberry32(36);
    const HELPLINE = '+33142718015';
    const records: CallRecord[] = [];
    for (let d = 0; d < 30; d++) {
      const n = d === 20 ? 400 : 25;
      for (let k = 0; k < n; k++) {
        const t = T0 + d * DAY + 8 * HOUR + Math.floor(rand() * 12 * HOUR);
        records.push(
          call({
            at: t,
            from: `+331${digits(rand, 8)}`,
            to: HELPLINE,
            duration: 20 + Math.floor(rand() * 30),
          }),
        );
      }
    }
    records.sort((a, b) => a.start - b.start);
    const cands = runDetector(spoofedNumberCallbacks, records);
    expect(cands).toHaveLength(1);
    expect(cands[0].severity).toBe('low');
    expect(cands[0].metrics.areaShare).toBe(1);
    expect(cands[0].metrics.usualNewCallShare).toBe(1);
  });

  it('uses the floor on a single day of data, and minNewCallers changes the outcome', () => {
    const rand = mulberry32(35);
    const records = callbacks(rand, 0, [25]);
    records.push(call({ at: T0 + 5 * HOUR, from: 'anonymous', to: JOELLE, direction: 'in' }));
    records.push(call({ at: T0 + 6 * HOUR, from: 'N/A caller', to: JOELLE, direction: 'in' }));
    const cands = runDetector(spoofedNumberCallbacks, records, { owner: JOELLE });
    expect(cands).toHaveLength(1);
    expect(cands[0].metrics.baselineMethod).toBe('floor');
    expect(cands[0].metrics.distinctCallers).toBe(25);
    expect(evidenceOf(cands[0], records)).toHaveLength(cands[0].calls);
    expect(
      runDetector(spoofedNumberCallbacks, records, { owner: JOELLE, params: { minNewCallers: 26 } }),
    ).toEqual([]);
  });

  it('finds the same surge whatever the order of the owner’s log (counts, minima and maxima only)', () => {
    const rand = mulberry32(37);
    const surge = callbacks(rand, 40, [35, 110, 80, 60, 25]);
    const sorted = [...quietLife(rand, 60), ...surge].sort((a, b) => a.start - b.start);
    const shuffled = [...sorted];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const plain = (records: CallRecord[]) =>
      runDetector(spoofedNumberCallbacks, records, { owner: JOELLE }).map(({ matches: _m, ...c }) => c);
    const inOrder = plain(sorted);
    expect(inOrder).toHaveLength(1);
    expect(plain(shuffled)).toEqual(inOrder);
    expect(plain([...sorted].reverse())).toEqual(inOrder);
  });

  it('in an operator-wide export, counts no call of a line to itself nor from a number that is not E.164', () => {
    const rand = mulberry32(38);
    const records = callbacks(rand, 0, [25], 'unknown');
    for (let k = 0; k < 30; k++) {
      const t = T0 + 9 * HOUR + k * 60_000;
      records.push(call({ at: t, from: JOELLE, to: JOELLE, duration: 10 }));
      records.push(call({ at: t + 1000, from: 'anonymous', to: JOELLE, duration: 10 }));
      records.push(call({ at: t + 2000, from: '3179', to: JOELLE, duration: 10 }));
    }
    records.sort((a, b) => a.start - b.start);
    const cands = runDetector(spoofedNumberCallbacks, records);
    expect(cands).toHaveLength(1);
    const ev = evidenceOf(cands[0], records);
    expect(ev).toHaveLength(cands[0].calls);
    expect(ev.every((r) => r.caller !== JOELLE && r.caller.startsWith('+'))).toBe(true);
    expect(new Set(ev.map((r) => r.caller)).size).toBe(cands[0].metrics.distinctCallers);
  });

  it('asks again whether a number is E.164 once the NumberBook keeps a raw `+` string as written', () => {
    // Forty callers written `+33100`...: too short for a number, so the NumberBook keeps them as written
    // (NumberBook.rawPlus) once it parses them, and they are no longer E.164.
    const raws = Array.from({ length: 40 }, (_, i) => `+33${100 + i}`);
    const rand = mulberry32(39);
    const records = quietLife(rand, 30, 'unknown');
    // Day 5: each calls some line (the detector learns they look E.164); day 20: each calls Joëlle.
    raws.forEach((raw, i) => {
      records.push(call({ at: T0 + 5 * DAY + 9 * HOUR + i * 60_000, from: raw, to: `+3361234${1000 + i}` }));
      records.push(call({ at: T0 + 20 * DAY + 9 * HOUR + i * 60_000, from: raw, to: JOELLE, duration: 0 }));
    });
    records.sort((a, b) => a.start - b.start);
    const day10 = records.findIndex((r) => r.start >= T0 + 10 * DAY);
    /** First pass with the raw strings parsed (as a reader meeting them would) before row `learnAt`. */
    const findings = (learnAt: number) => {
      const fctx = createFormatContext({});
      const params: Record<string, number> = {};
      for (const [name, spec] of Object.entries(spoofedNumberCallbacks.meta.params))
        params[name] = spec.default;
      const run = spoofedNumberCallbacks.create({
        params,
        numbers: fctx.numbers,
        clock: fctx.clock,
        country: fctx.country,
      });
      records.forEach((r, i) => {
        if (i === learnAt) for (const raw of raws) fctx.numbers.canonical(raw);
        r.callerId = fctx.numbers.idOf(r.caller);
        r.calleeId = fctx.numbers.idOf(r.callee);
        run.observe(r);
      });
      return run.finish().map(({ matches: _m, ...rest }) => rest);
    };
    const never = findings(-1);
    expect(never.map((c) => c.subject)).toContain(JOELLE);
    const fromStart = findings(0);
    expect(fromStart.map((c) => c.subject)).not.toContain(JOELLE);
    // Learnt between the two days: the callbacks are not from E.164 numbers any more.
    expect(findings(day10)).toEqual(fromStart);
  });
});
