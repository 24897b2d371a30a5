import { describe, expect, it } from 'vitest';
import { rotatingForeignCallers } from '../../src/detectors/rotating-foreign-callers.js';
import { createFormatContext } from '../../src/formats/context.js';
import type { CallRecord } from '../../src/records/record.js';
import { call, evidenceOf, mulberry32, runDetector } from './harness.js';

const DAY = 86_400_000;
const T0 = Date.parse('2023-02-01T00:00:00+01:00');
const TONY = '+3223456789';
const digits = (rand: () => number, n: number): string =>
  Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');

/** Italian, Spanish and German numbers, a different one each time; one Spanish premium-rate. */
function wangiriNumbers(rand: () => number, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    out.push(
      k === 0
        ? `+393${2 + (i % 3)}${digits(rand, 8)}`
        : k === 1
          ? `+3491${digits(rand, 7)}`
          : `+4930${digits(rand, 8)}`,
    );
  }
  out[n - 1] = '+34806123456';
  return out;
}

/** Calls to `line` from each number, once or twice, missed or cut within 2 s, at any hour. */
function wave(rand: () => number, line: string, numbers: string[], from: number, days: number): CallRecord[] {
  const out: CallRecord[] = [];
  for (const n of numbers) {
    const t = from + Math.floor(rand() * days * DAY);
    const cut = rand() < 0.3;
    out.push(call({ at: t, from: n, to: line, duration: cut ? 1 : 0, direction: 'in' }, 'BE'));
    if (rand() < 0.4) out.push(call({ at: t + 3_600_000, from: n, to: line, direction: 'in' }, 'BE'));
  }
  return out;
}

/** 60 days of ordinary life: Belgian callers, the owner's calls out, a daughter in France. */
function ordinaryLife(rand: () => number, line: string, days = 60): CallRecord[] {
  const out: CallRecord[] = [];
  const friends = Array.from({ length: 12 }, () => `+322${digits(rand, 7)}`);
  for (let d = 0; d < days; d++) {
    for (let k = 0; k < 3; k++) {
      const f = friends[Math.floor(rand() * friends.length)];
      const t = T0 + d * DAY + 9 * 3_600_000 + Math.floor(rand() * 12 * 3_600_000);
      out.push(call({ at: t, from: f, to: line, duration: Math.floor(rand() * 600), direction: 'in' }, 'BE'));
    }
    if (d % 4 === 0) {
      // The daughter in Lyon and a cousin in Madrid: a few foreign numbers, long answered calls.
      out.push(
        call(
          {
            at: T0 + d * DAY + 19 * 3_600_000,
            from: '+33472123456',
            to: line,
            duration: 1500,
            direction: 'in',
          },
          'BE',
        ),
      );
      out.push(
        call(
          {
            at: T0 + d * DAY + 20 * 3_600_000,
            from: line,
            to: '+33472123456',
            duration: 900,
            direction: 'out',
          },
          'BE',
        ),
      );
      out.push(
        call(
          {
            at: T0 + d * DAY + 21 * 3_600_000,
            from: '+34915554433',
            to: line,
            duration: 700,
            direction: 'in',
          },
          'BE',
        ),
      );
    }
  }
  return out;
}

describe('rotating-foreign-callers', () => {
  it('finds the wangiri wave on a Belgian landline, with countries, types and the callback', () => {
    const rand = mulberry32(11);
    const numbers = wangiriNumbers(rand, 15);
    const attack = wave(rand, TONY, numbers, T0 + 30 * DAY, 20);
    // The owner called back the premium number once, for 95 s.
    const callback = call(
      { at: T0 + 52 * DAY, from: TONY, to: '+34806123456', duration: 95, direction: 'out' },
      'BE',
    );
    const records = [...ordinaryLife(rand, TONY, 90), ...attack, callback];
    const cands = runDetector(rotatingForeignCallers, records, { owner: TONY });
    expect(cands).toHaveLength(1);
    const c = cands[0];
    expect(c.subject).toBe(TONY);
    expect(c.subjectType).toBe('number');
    expect(c.severity).toBe('high');
    expect(c.metrics.numbers).toBe(15);
    expect(c.metrics.calls).toBe(attack.length);
    expect([...(c.metrics.countries as string[])].sort()).toEqual(['DE', 'ES', 'IT']);
    expect(c.metrics.numberTypes).toContain('premium-rate');
    expect(c.metrics.premiumRateNumbers).toBe(1);
    expect(c.metrics.callbacks).toBe(1);
    expect(c.metrics.callbackNumbers).toEqual(['+34806123456']);
    expect(c.metrics.callbackSeconds).toBe(95);
    expect(c.metrics.baselineMethod).toBe('poisson');
    expect(c.metrics.foreignCallers).toBe(15);
    expect(c.calls).toBe(attack.length + 1);
    expect(c.start).toBe(Math.min(...attack.map((r) => r.start)));
    expect(c.end).toBe(callback.start);
    const ev = evidenceOf(c, records);
    expect(ev).toHaveLength(c.calls);
    expect(ev).toContain(callback);
    expect(c.summary.en).toContain('15 different foreign numbers (countries: ');
    expect(c.summary.fr).toContain('15 numéros étrangers différents (pays : ');
    // Countries by name, most frequent first, as in the `countries` metric.
    const names = {
      IT: ['Italy', 'Italie'],
      ES: ['Spain', 'Espagne'],
      DE: ['Germany', 'Allemagne'],
    } as const;
    const order = (c.metrics.countries as (keyof typeof names)[]).map((k) => names[k]);
    expect(c.summary.en).toContain(`(countries: ${order[0][0]}, ${order[1][0]} and ${order[2][0]}) called`);
    expect(c.summary.fr).toContain(`(pays : ${order[0][1]}, ${order[1][1]} et ${order[2][1]}) ont appelé`);
    expect(c.summary.en).toContain('The line called 1 of them back (1 call, 95 s)');
  });

  it('is medium without a callback, and minNumbers changes the outcome', () => {
    const rand = mulberry32(12);
    const numbers = wangiriNumbers(rand, 7);
    const records = [...ordinaryLife(rand, TONY), ...wave(rand, TONY, numbers, T0 + 30 * DAY, 10)];
    const cands = runDetector(rotatingForeignCallers, records, { owner: TONY });
    expect(cands).toHaveLength(1);
    expect(cands[0].severity).toBe('medium');
    expect(cands[0].metrics.callbacks).toBe(0);
    expect(runDetector(rotatingForeignCallers, records, { owner: TONY, params: { minNumbers: 8 } })).toEqual(
      [],
    );
  });

  it('stays quiet for a person with family abroad (few foreign numbers, long answered calls)', () => {
    const rand = mulberry32(13);
    const records = ordinaryLife(rand, TONY, 120);
    expect(runDetector(rotatingForeignCallers, records, { owner: TONY })).toEqual([]);
  });

  it('keeps a steady trickle of one-off foreign calls on an international line low', () => {
    const rand = mulberry32(14);
    const line = '+3227001122';
    const records: CallRecord[] = [];
    // 180 days: each day ~6 foreign customers (answered, long) and one who hangs up before the answer.
    for (let d = 0; d < 180; d++) {
      for (let k = 0; k < 6; k++) {
        const t = T0 + d * DAY + 8 * 3_600_000 + Math.floor(rand() * 9 * 3_600_000);
        records.push(
          call(
            { at: t, from: `+4930${digits(rand, 8)}`, to: line, duration: 60 + Math.floor(rand() * 600) },
            'BE',
          ),
        );
      }
      const t = T0 + d * DAY + 10 * 3_600_000;
      records.push(call({ at: t, from: `+3391${digits(rand, 7)}`, to: line, duration: 0 }, 'BE'));
    }
    const cands = runDetector(rotatingForeignCallers, records, { country: 'BE' });
    expect(cands.filter((c) => c.severity !== 'low')).toEqual([]);
  });

  it('works on an operator-wide export without owner (direction unknown), one finding per targeted line', () => {
    const rand = mulberry32(15);
    const other = '+3229998877';
    const numbers = wangiriNumbers(rand, 9);
    const records = [
      ...wave(rand, TONY, numbers, T0, 5).map((r) => ({ ...r, direction: 'unknown' as const })),
      ...[0, 1, 2, 3].map((i) =>
        call({ at: T0 + i * DAY, from: `+3934${digits(rand, 8)}`, to: other, duration: 0 }, 'BE'),
      ),
      call({ at: T0 + 6 * DAY, from: TONY, to: numbers[0], duration: 30 }, 'BE'),
    ];
    // Ordinary domestic traffic of the export: the reference share of short calls.
    for (let i = 0; i < 60; i++) {
      records.push(
        call(
          {
            at: T0 + i * 7_200_000,
            from: `+322${digits(rand, 7)}`,
            to: i % 2 ? TONY : other,
            duration: i % 5 ? 120 : 0,
          },
          'BE',
        ),
      );
    }
    const cands = runDetector(rotatingForeignCallers, records, { country: 'BE' });
    expect(cands).toHaveLength(1);
    expect(cands[0].subject).toBe(TONY);
    expect(cands[0].metrics.baselineMethod).toBe('floor');
    expect(cands[0].metrics.callbacks).toBe(1);
    expect(cands[0].metrics.referenceShortRate).toBe(0.21);
    expect(cands[0].metrics.linesTested).toBe(1);
    expect(cands[0].severity).toBe('high');
    expect(evidenceOf(cands[0], records)).toHaveLength(cands[0].calls);
  });

  it('does not mistake a line whose foreign callers are missed as often as anyone’s for wangiri', () => {
    const rand = mulberry32(17);
    const records: CallRecord[] = [];
    // An export where a third of all calls are missed; an Italian number receives calls from 12 French numbers.
    for (let i = 0; i < 400; i++) {
      const missed = i % 3 === 0;
      records.push(
        call({
          at: T0 + i * 600_000,
          from: `+336${digits(rand, 8)}`,
          to: `+331${digits(rand, 8)}`,
          duration: missed ? 0 : 60,
        }),
      );
    }
    for (let i = 0; i < 12; i++) {
      records.push(
        call({
          at: T0 + i * 3_600_000,
          from: `+336${digits(rand, 8)}`,
          to: '+390612345678',
          duration: i < 7 ? 0 : 60,
        }),
      );
    }
    // 7 of 12 short when a third of all calls are: not improbable, so no finding at all.
    expect(runDetector(rotatingForeignCallers, records)).toEqual([]);
    // The same line with all 12 callers short is improbable: a finding.
    for (const r of records) if (r.callee === '+390612345678') r.status = 'missed';
    const cands = runDetector(rotatingForeignCallers, records);
    expect(cands).toHaveLength(1);
    expect(cands[0].subject).toBe('+390612345678');
    expect(cands[0].metrics.shortPValue as number).toBeLessThan(0.001);
  });

  it('ignores withheld and unreadable callers and domestic one-ring calls', () => {
    const rand = mulberry32(16);
    const records: CallRecord[] = [];
    for (let i = 0; i < 30; i++) {
      const t = T0 + i * 3_600_000;
      records.push(call({ at: t, from: 'anonymous', to: TONY, direction: 'in' }, 'BE'));
      records.push(call({ at: t + 1000, from: 'ABC-UNKNOWN', to: TONY, direction: 'in' }, 'BE'));
      records.push(
        call({ at: t + 2000, from: `+324${7 + (i % 3)}${digits(rand, 7)}`, to: TONY, direction: 'in' }, 'BE'),
      );
    }
    expect(runDetector(rotatingForeignCallers, records, { owner: TONY })).toEqual([]);
  });

  it('finds the same, callbacks included, whatever the order of the rows', () => {
    const rand = mulberry32(18);
    const numbers = wangiriNumbers(rand, 12);
    const attack = wave(rand, TONY, numbers, T0 + 30 * DAY, 15);
    const callbacks = [
      call({ at: T0 + 50 * DAY, from: TONY, to: numbers[3], duration: 40, direction: 'out' }, 'BE'),
      call({ at: T0 + 51 * DAY, from: TONY, to: numbers[3], duration: 0, direction: 'out' }, 'BE'),
      call({ at: T0 + 52 * DAY, from: TONY, to: numbers[7], duration: 12, direction: 'out' }, 'BE'),
    ];
    const sorted = [...ordinaryLife(rand, TONY, 90), ...attack, ...callbacks].sort(
      (a, b) => a.start - b.start,
    );
    const plain = (records: CallRecord[]) =>
      runDetector(rotatingForeignCallers, records, { owner: TONY }).map(({ matches: _m, ...rest }) => rest);
    const expected = plain(sorted);
    expect(expected).toHaveLength(1);
    expect(expected[0].metrics.callbacks).toBe(3);
    expect(expected[0].metrics.callbackSeconds).toBe(52);
    // Newest first, and shuffled: callbacks then arrive before the rings they answer.
    expect(plain([...sorted].reverse())).toEqual(expected);
    const shuffled = [...sorted];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    expect(plain(shuffled)).toEqual(expected);
  });

  it('treats a phone log’s empty side and the owner’s number as one line', () => {
    const rand = mulberry32(19);
    const numbers = wangiriNumbers(rand, 8);
    // Half the rings name the owner, half leave the owner's side empty, as phone logs do.
    const attack = wave(rand, TONY, numbers, T0 + 30 * DAY, 10).map((r, i) =>
      i % 2 ? { ...r, callee: '' } : r,
    );
    const callback = call(
      { at: T0 + 45 * DAY, from: '', to: numbers[0], duration: 20, direction: 'out' },
      'BE',
    );
    const records = [...ordinaryLife(rand, TONY), ...attack, callback];
    const cands = runDetector(rotatingForeignCallers, records, { owner: TONY });
    expect(cands).toHaveLength(1);
    expect(cands[0].subject).toBe(TONY);
    expect(cands[0].metrics.numbers).toBe(8);
    expect(cands[0].metrics.calls).toBe(attack.length);
    expect(cands[0].metrics.callbacks).toBe(1);
    expect(evidenceOf(cands[0], records)).toHaveLength(cands[0].calls);
  });

  it('keeps per-number facts right past thousands of distinct numbers', () => {
    const rand = mulberry32(20);
    const records: CallRecord[] = [];
    // 3000 domestic callers, a sixth of their calls missed, before the wave: the wave's numbers get
    // ids in the thousands.
    for (let i = 0; i < 3000; i++) {
      records.push(
        call(
          {
            at: T0 + i * 60_000,
            from: `+322${digits(rand, 7)}`,
            to: `+323${digits(rand, 7)}`,
            duration: i % 6 ? 90 : 0,
          },
          'BE',
        ),
      );
    }
    const numbers = wangiriNumbers(rand, 10);
    records.push(...wave(rand, TONY, numbers, T0 + 3 * DAY, 5));
    const cands = runDetector(rotatingForeignCallers, records, { country: 'BE' });
    expect(cands).toHaveLength(1);
    expect(cands[0].subject).toBe(TONY);
    expect(cands[0].metrics.numbers).toBe(10);
    // (500 short + 1) / (3000 + 2): every domestic call counted, none taken for foreign.
    expect(cands[0].metrics.referenceShortRate).toBe(0.17);
    // Exactly so: one call more or less would move the third digit of the tail ((501/3002)^10).
    expect(cands[0].metrics.shortPValue).toBe(Number((((500 + 1) / (3000 + 2)) ** 10).toPrecision(3)));
    expect(cands[0].metrics.linesTested).toBe(1);
  });

  it('judges a number by what the book said when its row was read, not when the row is counted', () => {
    // `+999...` looks like E.164 until the book meets a raw spelling of it that no plan accepts (then
    // NumberBook.isE164 says no). Filed just after its first row is read, it is still a foreign ringer
    // for that row, as for a detector that counts every row as it comes.
    const odd = '+99912345678';
    const run = (fileAfterFirstRow: boolean) => {
      const rand = mulberry32(11);
      const numbers = wangiriNumbers(rand, 15);
      numbers[0] = odd;
      const records = [...wave(rand, TONY, numbers, T0 + 30 * DAY, 20), ...ordinaryLife(rand, TONY, 90)];
      const ctx = createFormatContext({ country: 'BE', owner: TONY });
      const params: Record<string, number> = {};
      for (const [name, spec] of Object.entries(rotatingForeignCallers.meta.params))
        params[name] = spec.default;
      const detector = rotatingForeignCallers.create({
        params,
        numbers: ctx.numbers,
        clock: ctx.clock,
        country: ctx.country,
        owner: ctx.owner,
      });
      records.forEach((r, i) => {
        r.callerId = ctx.numbers.idOf(r.caller);
        r.calleeId = ctx.numbers.idOf(r.callee);
        detector.observe(r);
        if (i === 0 && fileAfterFirstRow) ctx.numbers.canonical(` ${odd}`);
      });
      expect(ctx.numbers.isE164(odd)).toBe(!fileAfterFirstRow);
      return detector.finish().map(({ matches: _m, ...rest }) => rest);
    };
    const plain = run(false);
    expect(plain).toHaveLength(1);
    expect(plain[0].metrics.numbers).toBe(15);
    expect(run(true)).toEqual(plain);
  });
});
