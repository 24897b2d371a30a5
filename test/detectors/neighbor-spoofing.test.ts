import { describe, expect, it } from 'vitest';
import {
  attestationClass,
  leadOf,
  neighborSpoofing,
  sameLeadingByLead,
} from '../../src/detectors/neighbor-spoofing.js';
import { sameLeading } from '../../src/records/local-prefix.js';
import type { CallRecord } from '../../src/records/record.js';
import { call, evidenceOf, mulberry32, runDetector } from './harness.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.parse('2013-09-01T00:00:00+02:00');
const VILLAGER = '+33254360101';
const digits = (rand: () => number, n: number): string =>
  Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');

/** Village life: neighbours and the baker (same 02 54 prefix) calling and being called, long calls. */
function villageLife(rand: () => number, line: string, days: number, direction = true): CallRecord[] {
  const neighbours = Array.from({ length: 8 }, () => `+33254${digits(rand, 6)}`);
  const out: CallRecord[] = [];
  for (let d = 0; d < days; d++) {
    for (let k = 0; k < 2; k++) {
      const n = neighbours[Math.floor(rand() * neighbours.length)];
      const t = T0 + d * DAY + 9 * HOUR + Math.floor(rand() * 10 * HOUR);
      const missed = rand() < 0.2;
      out.push(
        call({
          at: t,
          from: n,
          to: line,
          duration: missed ? 0 : 30 + Math.floor(rand() * 900),
          direction: direction ? 'in' : 'unknown',
        }),
      );
      if (rand() < 0.5) {
        out.push(
          call({ at: t + HOUR, from: line, to: n, duration: 120, direction: direction ? 'out' : 'unknown' }),
        );
      }
    }
    // A wrong number from an unknown local line about every three weeks.
    if (d % 21 === 10)
      out.push(
        call({
          at: T0 + d * DAY + 12 * HOUR,
          from: `+33254${digits(rand, 6)}`,
          to: line,
          duration: 3,
          direction: direction ? 'in' : 'unknown',
        }),
      );
  }
  return out;
}

/** The dialer: `n` different local numbers, one or two silent calls each, day and night over `days`. */
function spoofWave(
  rand: () => number,
  line: string,
  n: number,
  from: number,
  days: number,
  attestation?: string,
): CallRecord[] {
  const out: CallRecord[] = [];
  for (let i = 0; i < n; i++) {
    const shown = `+332543${digits(rand, 5)}`;
    const t = from + Math.floor(rand() * days * DAY);
    out.push(
      call({ at: t, from: shown, to: line, duration: rand() < 0.5 ? 2 : 0, direction: 'in', attestation }),
    );
    if (rand() < 0.4)
      out.push(call({ at: t + 2 * HOUR, from: shown, to: line, direction: 'in', attestation }));
  }
  return out;
}

describe('neighbor-spoofing: one victim’s line', () => {
  it('finds silent calls from unknown local numbers against the line’s own history', () => {
    const rand = mulberry32(21);
    const attack = spoofWave(rand, VILLAGER, 9, T0 + 40 * DAY, 5);
    const records = [...villageLife(rand, VILLAGER, 60), ...attack];
    const cands = runDetector(neighborSpoofing, records, { owner: VILLAGER });
    expect(cands).toHaveLength(1);
    const c = cands[0];
    expect(c.subject).toBe(VILLAGER);
    expect(c.subjectType).toBe('number');
    expect(c.severity).toBe('high');
    expect(c.metrics.numbers).toBe(9);
    expect(c.metrics.calls).toBe(attack.length);
    expect(c.metrics.localPrefix).toBe('+33254');
    expect(c.metrics.geographic).toBe(true);
    expect(c.metrics.baselineMethod).toBe('poisson');
    expect(c.metrics.pValue as number).toBeLessThan(0.001);
    expect(c.start).toBe(Math.min(...attack.map((r) => r.start)));
    expect(c.end).toBe(Math.max(...attack.map((r) => r.start)));
    const ev = evidenceOf(c, records);
    expect(ev).toHaveLength(attack.length);
    expect(new Set(ev)).toEqual(new Set(attack));
    expect(c.summary.en).toContain('9 different numbers');
    expect(c.summary.fr).toContain('9 numéros différents');
  });

  it('stays quiet on real neighbours with conversations and the odd wrong number', () => {
    const rand = mulberry32(22);
    const cands = runDetector(neighborSpoofing, villageLife(rand, VILLAGER, 180), { owner: VILLAGER });
    expect(cands.filter((c) => c.severity !== 'low')).toEqual([]);
  });

  it('uses STIR/SHAKEN attestation: C strengthens, A weakens', () => {
    const base = (att?: string) => {
      const rand = mulberry32(23);
      return [...villageLife(rand, VILLAGER, 60), ...spoofWave(rand, VILLAGER, 5, T0 + 40 * DAY, 5, att)];
    };
    expect(runDetector(neighborSpoofing, base(), { owner: VILLAGER })[0].severity).toBe('medium');
    const weak = runDetector(neighborSpoofing, base('C'), { owner: VILLAGER })[0];
    expect(weak.severity).toBe('high');
    expect(weak.metrics.attestationWeak).toBe(weak.metrics.calls);
    expect(runDetector(neighborSpoofing, base('TN-Validation-Failed'), { owner: VILLAGER })[0].severity).toBe(
      'high',
    );
    expect(runDetector(neighborSpoofing, base('A'), { owner: VILLAGER })[0].severity).toBe('low');
    expect(attestationClass('No-TN-Validation')).toBe(-1);
    expect(attestationClass('TN-Validation-Passed')).toBe(1);
    expect(attestationClass('TN-Validation-Passed-C')).toBe(-1);
    expect(attestationClass('B')).toBe(0);
  });

  it('changes with its parameters', () => {
    const rand = mulberry32(24);
    const records = [...villageLife(rand, VILLAGER, 60), ...spoofWave(rand, VILLAGER, 5, T0 + 40 * DAY, 5)];
    expect(runDetector(neighborSpoofing, records, { owner: VILLAGER })).toHaveLength(1);
    expect(runDetector(neighborSpoofing, records, { owner: VILLAGER, params: { minNumbers: 6 } })).toEqual(
      [],
    );
    // Counting only unanswered calls as silent: the 2-second calls no longer qualify.
    const strict = runDetector(neighborSpoofing, records, {
      owner: VILLAGER,
      params: { maxSilentSeconds: 1 },
    });
    expect(strict.every((c) => (c.metrics.numbers as number) < 5)).toBe(true);
  });

  it('reads a single day of data with the absolute floor, and a North American line by NPA-NXX', () => {
    const rand = mulberry32(25);
    const line = '+12135550147';
    const records: CallRecord[] = [];
    for (let i = 0; i < 6; i++) {
      records.push(
        call(
          { at: T0 + i * HOUR, from: `+1213555${digits(rand, 4)}`, to: line, duration: 1, direction: 'in' },
          'US',
        ),
      );
      // Same area code, other exchange: not the local prefix.
      records.push(
        call(
          {
            at: T0 + i * HOUR + 60_000,
            from: `+1213666${digits(rand, 4)}`,
            to: line,
            duration: 0,
            direction: 'in',
          },
          'US',
        ),
      );
      records.push(call({ at: T0 + i * HOUR + 120_000, from: 'anonymous', to: line, direction: 'in' }, 'US'));
    }
    const cands = runDetector(neighborSpoofing, records, { owner: line, country: 'US' });
    expect(cands).toHaveLength(1);
    expect(cands[0].metrics.localPrefix).toBe('+1213555');
    expect(cands[0].metrics.numbers).toBe(6);
    expect(cands[0].metrics.baselineMethod).toBe('floor');
    expect(evidenceOf(cands[0], records)).toHaveLength(6);
  });
});

describe('neighbor-spoofing: operator-wide export', () => {
  it('finds one displayed number reaching many lines of its own area, subject the prefix', () => {
    const rand = mulberry32(26);
    const JOELLE = '+33254360199';
    const village = Array.from({ length: 30 }, (_, i) => `+3325436${String(1000 + i * 7).padStart(4, '0')}`);
    const records: CallRecord[] = [];
    // Normal life between villagers (no owner: direction unknown), Joëlle talks to two friends.
    for (let d = 0; d < 30; d++) {
      for (let k = 0; k < 10; k++) {
        const a = village[Math.floor(rand() * village.length)];
        const b = village[Math.floor(rand() * village.length)];
        if (a !== b)
          records.push(call({ at: T0 + d * DAY + 10 * HOUR + k * 600_000, from: a, to: b, duration: 200 }));
      }
      records.push(call({ at: T0 + d * DAY + 18 * HOUR, from: JOELLE, to: village[0], duration: 600 }));
      records.push(call({ at: T0 + d * DAY + 19 * HOUR, from: village[1], to: JOELLE, duration: 600 }));
    }
    // The dialer shows Joëlle's number to 25 villagers: silent calls.
    const spoofed: CallRecord[] = [];
    for (const v of village.slice(2, 27)) {
      const t = T0 + 20 * DAY + Math.floor(rand() * 3 * DAY);
      spoofed.push(call({ at: t, from: JOELLE, to: v, duration: rand() < 0.5 ? 1 : 0 }));
    }
    records.push(...spoofed);
    const cands = runDetector(neighborSpoofing, records);
    const prefix = cands.filter((c) => c.subjectType === 'prefix');
    expect(prefix).toHaveLength(1);
    const c = prefix[0];
    expect(c.subject).toBe('+33254');
    expect(c.severity).toBe('high');
    expect(c.metrics.linesReached).toBe(25);
    expect(c.metrics.numbers).toBe(1);
    expect(c.metrics.displayedNumbers).toEqual([JOELLE]);
    expect(c.calls).toBe(25);
    const ev = evidenceOf(c, records);
    expect(new Set(ev)).toEqual(new Set(spoofed));
    // No line received enough different numbers for a victim finding.
    expect(cands.filter((x) => x.subjectType === 'number')).toEqual([]);
    expect(runDetector(neighborSpoofing, records, { params: { minLines: 26 } })).toEqual([]);
  });

  it('does not flag lines of a big export that get as many silent local strangers as anyone', () => {
    const rand = mulberry32(28);
    const records: CallRecord[] = [];
    // 300 lines of the Indre, each rung over a week by 10 local strangers, half of them missed.
    for (let i = 0; i < 300; i++) {
      const line = `+332543${String(10000 + i).padStart(5, '0')}`;
      for (let k = 0; k < 10; k++) {
        const t = T0 + Math.floor(rand() * 7 * DAY);
        records.push(
          call({ at: t, from: `+33254${digits(rand, 6)}`, to: line, duration: rand() < 0.5 ? 0 : 120 }),
        );
      }
    }
    const cands = runDetector(neighborSpoofing, records);
    expect(cands.filter((c) => c.severity !== 'low')).toEqual([]);
    // The same export with one line rung by 20 silent strangers stands out (10 would not: 0.5^10 is
    // about one in a thousand, and hundreds of lines are tested).
    const victim = '+33254399999';
    for (let k = 0; k < 20; k++) {
      records.push(
        call({ at: T0 + k * 3 * HOUR, from: `+33254${digits(rand, 6)}`, to: victim, duration: 0 }),
      );
    }
    const found = runDetector(neighborSpoofing, records).filter((c) => c.severity !== 'low');
    expect(found.map((c) => c.subject)).toEqual([victim]);
    expect(found[0].metrics.linesTested as number).toBeGreaterThan(1);
  });

  it('stays quiet on a village talking to itself with normal conversations', () => {
    const rand = mulberry32(27);
    const records: CallRecord[] = [];
    for (const line of ['+33254360101', '+33254360202', '+33254360303']) {
      records.push(...villageLife(rand, line, 90, false));
    }
    expect(runDetector(neighborSpoofing, records).filter((c) => c.severity !== 'low')).toEqual([]);
  });
});

describe('neighbor-spoofing: rows in any order and in any form', () => {
  /** Candidates without their predicate, in subject order: comparable between runs. */
  const plain = (cands: ReturnType<typeof runDetector>) =>
    cands.map(({ matches: _m, ...rest }) => rest).sort((a, b) => a.subject.localeCompare(b.subject));

  it('finds the same whatever the order of the rows (a shuffled export)', () => {
    const rand = mulberry32(31);
    const records = [
      ...villageLife(rand, VILLAGER, 60),
      ...spoofWave(rand, VILLAGER, 9, T0 + 40 * DAY, 5, 'C'),
      ...villageLife(rand, '+33254360202', 60),
      ...spoofWave(rand, '+33254360202', 6, T0 + 20 * DAY, 3),
    ];
    const ordered = [...records].sort((a, b) => a.start - b.start);
    const shuffled = [...records];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const expected = plain(runDetector(neighborSpoofing, ordered));
    expect(expected.map((c) => c.subject)).toEqual([VILLAGER, '+33254360202']);
    expect(plain(runDetector(neighborSpoofing, shuffled))).toEqual(expected);
    expect(plain(runDetector(neighborSpoofing, [...ordered].reverse()))).toEqual(expected);
  });

  it('reads a phone log that leaves the owner’s side empty as the owner’s line', () => {
    const rand = mulberry32(32);
    const records = [...villageLife(rand, VILLAGER, 60), ...spoofWave(rand, VILLAGER, 9, T0 + 40 * DAY, 5)];
    const blank = records.map((r) => ({
      ...r,
      caller: r.caller === VILLAGER ? '' : r.caller,
      callee: r.callee === VILLAGER ? '' : r.callee,
    }));
    const expected = plain(runDetector(neighborSpoofing, records, { owner: VILLAGER }));
    expect(expected).toHaveLength(1);
    expect(plain(runDetector(neighborSpoofing, blank, { owner: VILLAGER }))).toEqual(expected);
  });

  it('resolves the local prefix of plans outside the built-in table (London 020 7)', () => {
    const rand = mulberry32(33);
    const line = '+442079460123';
    const records: CallRecord[] = [];
    for (let i = 0; i < 6; i++) {
      const at = T0 + i * 5 * HOUR;
      records.push(
        call({ at, from: `+44207${digits(rand, 7)}`, to: line, duration: 0, direction: 'in' }, 'GB'),
      );
      // Same area code, other local block: not a neighbour.
      records.push(call({ at: at + 60_000, from: `+44208${digits(rand, 7)}`, to: line, duration: 0 }, 'GB'));
    }
    const cands = runDetector(neighborSpoofing, records, { owner: line, country: 'GB' });
    expect(cands).toHaveLength(1);
    expect(cands[0].metrics.localPrefix).toBe('+44207');
    expect(cands[0].metrics.numbers).toBe(6);
    expect(evidenceOf(cands[0], records)).toHaveLength(6);
  });

  it('compares leading characters from leads exactly as from the strings', () => {
    const rand = mulberry32(35);
    // Numbers of every length around the lead's 10 characters, some sharing long prefixes, some not
    // numbers at all (no `+`, a letter among the digits, empty).
    const pool: string[] = ['', '+', '+3', 'withheld', '1234', '+33a54360101', '+3325436010x', '+0123456789'];
    for (let i = 0; i < 60; i++) {
      const length = 2 + Math.floor(rand() * 14);
      pool.push(`+${i % 3 === 0 ? '3325436' : ''}${digits(rand, length)}`.slice(0, length + 1));
    }
    let shared = 0;
    const wrong: string[] = [];
    for (const a of pool) {
      for (const b of pool) {
        for (let n = 0; n <= 14; n++) {
          const expected = sameLeading(a, b, n);
          if (expected && n > 4) shared++;
          if (sameLeadingByLead(leadOf(a), a, leadOf(b), b, n) !== expected) wrong.push(`${a} ${b} ${n}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // The pool holds pairs that agree beyond the calling code, so both answers were exercised.
    expect(shared).toBeGreaterThan(100);
    expect(leadOf('+33254360101')).toBe(3325436);
    expect(leadOf('+3325436')).toBe(3325436);
    expect(leadOf('+332543')).toBe(leadOf('+3325x36'));
    expect(leadOf('+332543')).toBeGreaterThan(9_999_999);
  });

  it('finds a victim whose local prefix is longer than a lead (string comparison)', () => {
    // Keswick, 017687: the local prefix +44176877 has nine characters.
    const rand = mulberry32(36);
    const line = '+441768772345';
    const records: CallRecord[] = [];
    for (let i = 0; i < 6; i++) {
      const at = T0 + i * 5 * HOUR;
      records.push(
        call({ at, from: `+44176877${digits(rand, 4)}`, to: line, duration: 0, direction: 'in' }, 'GB'),
      );
      // Same first eight characters, other local block: not a neighbour.
      records.push(
        call({ at: at + 60_000, from: `+44176878${digits(rand, 4)}`, to: line, duration: 0 }, 'GB'),
      );
    }
    const cands = runDetector(neighborSpoofing, records, { owner: line, country: 'GB' });
    expect(cands).toHaveLength(1);
    expect(cands[0].metrics.localPrefix).toBe('+44176877');
    expect(cands[0].metrics.numbers).toBe(6);
  });
});
