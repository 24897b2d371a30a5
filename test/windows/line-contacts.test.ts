import { describe, expect, it } from 'vitest';
import { LineContacts } from '../../src/windows/line-contacts.js';
import { mulberry32 } from '../detectors/harness.js';

/** The plain reference: one object per (line, counterpart), out-call times kept in a capped array. */
interface Reference {
  inCalls: number;
  inShort: number;
  inAnswered: number;
  inFirst: number;
  inLast: number;
  outFirst: number;
  outTimes: number[];
}

type Call = { out: boolean; line: number; other: number; t: number; short: boolean; answered: boolean };

function reference(calls: readonly Call[], cap: number): Map<string, Reference> {
  const map = new Map<string, Reference>();
  for (const c of calls) {
    const key = `${c.line}|${c.other}`;
    let r = map.get(key);
    if (r === undefined) {
      r = {
        inCalls: 0,
        inShort: 0,
        inAnswered: 0,
        inFirst: Number.POSITIVE_INFINITY,
        inLast: Number.NEGATIVE_INFINITY,
        outFirst: Number.POSITIVE_INFINITY,
        outTimes: [],
      };
      map.set(key, r);
    }
    if (c.out) {
      r.outFirst = Math.min(r.outFirst, c.t);
      if (r.outTimes.length < cap) r.outTimes.push(c.t);
    } else {
      r.inCalls++;
      if (c.short) r.inShort++;
      if (c.answered) r.inAnswered++;
      r.inFirst = Math.min(r.inFirst, c.t);
      r.inLast = Math.max(r.inLast, c.t);
    }
  }
  return map;
}

/** Calls among a few lines and counterparts: most pairs see one call, some many, in either direction. */
function traffic(seed: number, n: number, lines: number, others: number): Call[] {
  const rand = mulberry32(seed);
  const calls: Call[] = [];
  for (let i = 0; i < n; i++) {
    // A skewed choice of counterpart: a few of them come back often, most once.
    const other = rand() < 0.3 ? Math.floor(rand() * 5) : Math.floor(rand() * others);
    calls.push({
      out: rand() < 0.4,
      line: Math.floor(rand() * lines),
      other,
      t: 1_700_000_000_000 + Math.floor(rand() * 30 * 86_400_000),
      short: rand() < 0.5,
      answered: rand() < 0.6,
    });
  }
  return calls;
}

function check(calls: readonly Call[], cap: number): void {
  const store = new LineContacts(cap);
  for (const c of calls) {
    if (c.out) store.addOut(c.line, c.other, c.t);
    else store.addIn(c.line, c.other, c.t, c.short, c.answered);
  }
  const ref = reference(calls, cap);
  expect(store.size).toBe(ref.size);
  // Same pairs, in the same order of first sight as the Map.
  const keys = [...ref.keys()];
  for (let k = 0; k < store.size; k++) {
    expect(`${store.lines[k]}|${store.numbers[k]}`).toBe(keys[k]);
  }
  for (const [key, r] of ref) {
    const [line, other] = key.split('|').map(Number);
    const k = store.find(line, other);
    expect(k).toBe(keys.indexOf(key));
    expect(store.inCalls(k)).toBe(r.inCalls);
    expect(store.inShort(k)).toBe(r.inShort);
    expect(store.inAnswered(k)).toBe(r.inAnswered);
    expect(store.inFirst(k)).toBe(r.inFirst);
    expect(store.inLast(k)).toBe(r.inLast);
    expect(store.outFirst(k)).toBe(r.outFirst);
    // Kept times within a window around the first call in (or any window when there is none).
    const from = Number.isFinite(r.inFirst) ? r.inFirst - 2 * 86_400_000 : 0;
    const to = Number.isFinite(r.inFirst) ? r.inFirst : Number.POSITIVE_INFINITY;
    const within = r.outTimes.filter((t) => t >= from && t <= to);
    expect(store.keptOutTimesWithin(k, from, to)).toBe(within.length);
    expect(store.earliest).toBe(within.length ? Math.min(...within) : Number.POSITIVE_INFINITY);
  }
  expect(store.find(lineCountOf(calls), 0)).toBe(-1);
}

const lineCountOf = (calls: readonly Call[]): number => Math.max(...calls.map((c) => c.line)) + 1;

describe('LineContacts', () => {
  it('keeps what a Map of per-pair objects keeps, through growth of every column', () => {
    check(traffic(1, 60_000, 40, 20_000), 64);
  });

  it('caps the kept call times at the first ones in arrival order', () => {
    check(traffic(2, 20_000, 2, 10), 3);
  });

  it('gives the same answers when the calls come in another order (times, not arrival, decide)', () => {
    const calls = traffic(3, 20_000, 10, 3_000);
    const sorted = [...calls].sort((a, b) => a.t - b.t);
    const shuffled = [...calls].reverse();
    // Without a cap every field is a count, a minimum or a maximum: arrival order does not matter.
    for (const order of [calls, sorted, shuffled]) check(order, 1_000_000);
    const a = new LineContacts(1_000_000);
    const b = new LineContacts(1_000_000);
    for (const c of sorted)
      c.out ? a.addOut(c.line, c.other, c.t) : a.addIn(c.line, c.other, c.t, c.short, c.answered);
    for (const c of shuffled)
      c.out ? b.addOut(c.line, c.other, c.t) : b.addIn(c.line, c.other, c.t, c.short, c.answered);
    for (let k = 0; k < a.size; k++) {
      const j = b.find(a.lines[k], a.numbers[k]);
      expect([b.inCalls(j), b.inFirst(j), b.inLast(j), b.outFirst(j)]).toEqual([
        a.inCalls(k),
        a.inFirst(k),
        a.inLast(k),
        a.outFirst(k),
      ]);
    }
  });

  it('tells a single call in from a single call out', () => {
    const store = new LineContacts(64);
    store.addIn(0, 7, 1000, true, false);
    store.addOut(0, 8, 2000);
    const a = store.find(0, 7);
    const b = store.find(0, 8);
    expect([store.inCalls(a), store.inShort(a), store.inAnswered(a), store.outFirst(a)]).toEqual([
      1,
      1,
      0,
      Number.POSITIVE_INFINITY,
    ]);
    expect([store.inCalls(b), store.inFirst(b), store.inLast(b), store.outFirst(b)]).toEqual([
      0,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      2000,
    ]);
    expect(store.keptOutTimesWithin(a, 0, 5000)).toBe(0);
    expect(store.keptOutTimesWithin(b, 0, 5000)).toBe(1);
    expect(store.keptOutTimesWithin(b, 2001, 5000)).toBe(0);
  });
});
