import { describe, expect, it } from 'vitest';
import { e164Value, NumberIds, NumberSet } from '../../src/records/number-set.js';
import { mulberry32 } from '../detectors/harness.js';

const rng = mulberry32;

/** Adds every string to a NumberSet and a Set<string>; checks size, has() and the E.164 split. */
function compare(values: readonly string[]): NumberSet {
  const set = new NumberSet();
  const ref = new Set<string>();
  for (const v of values) {
    set.add(v);
    ref.add(v);
  }
  expect(set.size).toBe(ref.size);
  for (const v of ref) expect(set.has(v)).toBe(true);
  const others = [...set.otherValues()];
  expect(set.e164Size + others.length).toBe(ref.size);
  for (const o of others) {
    expect(ref.has(o)).toBe(true);
    expect(e164Value(o)).toBe(-1);
  }
  expect(set.e164Size).toBe([...ref].filter((v) => /^\+[1-9]\d{0,14}$/.test(v)).length);
  return set;
}

describe('e164Value', () => {
  it('packs only +[1-9] followed by at most 14 more digits', () => {
    expect(e164Value('+33612345678')).toBe(33612345678);
    expect(e164Value('+1')).toBe(1);
    expect(e164Value('+999999999999999')).toBe(999999999999999);
    expect(e164Value('+100000000000000')).toBe(100000000000000);
    for (const s of ['', '+', '+0', '+01', '+0033612345678', '33612345678', '+1234567890123456', '++1']) {
      expect(e164Value(s)).toBe(-1);
    }
    for (const s of ['+1 2', '+1-2', '+12a', '+1/', '+1:', ' +1', '+1 ', 'withheld', '+٣٣']) {
      expect(e164Value(s)).toBe(-1);
    }
  });
});

describe('NumberSet', () => {
  it('counts like a Set<string> on random canonical and non-canonical strings', () => {
    const r = rng(5);
    const values: string[] = [];
    const pool: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      const kind = Math.floor(r() * 10);
      let s: string;
      if (kind < 6) s = `+${1 + Math.floor(r() * 9)}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
      else if (kind === 6) s = `+0${Math.floor(r() * 1000)}`;
      else if (kind === 7) s = String(Math.floor(r() * 100_000));
      else if (kind === 8)
        s = `+${Math.floor(r() * 1e15) + 1e15}`; // 16 digits: not E.164
      else s = pool.length ? pool[Math.floor(r() * pool.length)] : '+1';
      values.push(s);
      if (r() < 0.3) pool.push(s);
    }
    const set = compare(values);
    expect(set.size).toBeGreaterThan(40_000);
    expect(set.e164Size).toBeGreaterThan(30_000);
  });

  it('keeps raw look-alikes apart from their canonical form', () => {
    const set = compare([
      '+1',
      '+01',
      '+001',
      '1',
      '+1 ',
      '+33612345678',
      '+033612345678',
      '0033612345678',
      '33612345678',
      '+33612345678',
      '+3361234567',
      '+336123456780',
      '+999999999999999',
      '+9999999999999999',
      '+',
      '',
      'withheld',
    ]);
    expect(set.size).toBe(16);
    expect(set.e164Size).toBe(5);
    expect(set.has('+01')).toBe(true);
    expect(set.has('+0001')).toBe(false);
    expect(set.has('+336123456')).toBe(false);
  });

  it('stays exact on adversarial keys: sequential, strided by powers of two, and at 15 digits', () => {
    const values: string[] = [];
    for (let i = 1; i <= 20_000; i++) values.push(`+${i}`);
    for (let i = 0; i < 20_000; i++) values.push(`+${1 + i * 4294967296}`); // same low word
    for (let i = 0; i < 20_000; i++) values.push(`+${1 + i * 1024}`); // same low bits
    for (let i = 0; i < 5_000; i++) values.push(`+${999999999999999 - i}`);
    for (let i = 0; i < 5_000; i++) values.push(`+${100000000000000 + i}`);
    values.push(...values.slice(0, 30_000)); // repeats
    const set = compare(values);
    // The series overlap (e.g. +1, +1025): the reference Set says how many are distinct.
    const expected = new Set(values).size;
    expect(set.size).toBe(expected);
    expect(set.e164Size).toBe(expected);
  });

  it('grows from empty and answers has() on missing keys', () => {
    const set = new NumberSet();
    expect(set.size).toBe(0);
    expect(set.has('+33612345678')).toBe(false);
    for (let i = 0; i < 3000; i++) set.add(`+44${7000000000 + i * 7}`);
    expect(set.size).toBe(3000);
    expect(set.e164Size).toBe(3000);
    expect(set.has(`+44${7000000000 + 2999 * 7}`)).toBe(true);
    expect(set.has(`+44${7000000000 + 1}`)).toBe(false);
    expect([...set.otherValues()]).toEqual([]);
  });
});

describe('NumberIds', () => {
  it('gives dense ids in order of first sight, like a Map, through growth and colliding keys', () => {
    const ids = new NumberIds();
    const ref = new Map<number, number>();
    const r = rng(11);
    for (let i = 0; i < 50_000; i++) {
      const k = i % 3 === 0 ? 1 + Math.floor(r() * 5000) * 4294967296 : 1 + Math.floor(r() * 2 ** 52);
      if (!ref.has(k)) ref.set(k, ref.size);
      expect(ids.id(k)).toBe(ref.get(k));
    }
    expect(ids.size).toBe(ref.size);
    for (const [k, v] of ref) expect(ids.id(k)).toBe(v);
    expect(ids.size).toBe(ref.size);
  });

  it('keeps zero, negative and huge keys apart like a Map', () => {
    const ids = new NumberIds();
    expect([0, -5, 7, -0, 1e300, Number.POSITIVE_INFINITY, -5, 7, 0].map((k) => ids.id(k))).toEqual([
      0, 1, 2, 0, 3, 4, 1, 2, 0,
    ]);
    expect(ids.size).toBe(5);
  });
});

describe('NumberIds.find', () => {
  it('gives the id of a seen key and -1 for an unseen one, adding nothing', () => {
    const ids = new NumberIds();
    for (let i = 1; i <= 5000; i++) ids.id(33_600_000_000 + i * 7);
    ids.id(-3);
    expect(ids.find(33_600_000_000 + 7)).toBe(0);
    expect(ids.find(33_600_000_000 + 5000 * 7)).toBe(4999);
    expect(ids.find(-3)).toBe(5000);
    expect(ids.find(33_600_000_001)).toBe(-1);
    expect(ids.find(-4)).toBe(-1);
    expect(ids.size).toBe(5001);
  });
});
