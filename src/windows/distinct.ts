/**
 * Distinct counts in bounded memory, the one implementation used by the detectors (call-storm,
 * prefix-storm) and the grouping views (`top`, `timeline`).
 *
 * Values are hashed to 53 bits (`hash53`): a safe integer, so hashes key typed arrays, Sets and Maps of
 * numbers, and two of 10,000 values collide with a probability below 10^-8 (32-bit hashes: 1 in 100).
 * A counter is exact (an open-addressing set of hashes in a Float64Array, no object per value) while it
 * holds at most `exactLimit` values, then switches to a HyperLogLog (Flajolet et al. 2007) of 2^precision
 * one-byte registers (precision 12: 4 KiB, standard error 1.04 / sqrt(4096) = 1.6 %; precision 10: 1 KiB,
 * 3.3 %) and its count is flagged `approx`. "Exact" means exact up to 53-bit hash collisions. Counters of
 * the same precision can be united (distinct callers over several days).
 */

import { fmix32 } from '../records/number-set.js';

/** Exact distinct counting up to this many values per counter by default, HyperLogLog above. */
export const EXACT_DISTINCT = 256;
/** Default HyperLogLog precision: 4,096 registers. */
export const HLL_PRECISION = 12;

const TWO_21 = 2 ** 21;
const TWO_32 = 2 ** 32;

/**
 * 53-bit hash of a string's UTF-16 units: two independent 32-bit hashes (FNV-1a and a multiplicative
 * one), each finished with MurmurHash3's fmix32. The high 32 bits are `hash32` of the same string.
 */
export function hash53(s: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (fmix32(a) >>> 0) * TWO_21 + (fmix32(b) >>> 11);
}

/**
 * 32-bit hash of a string (FNV-1a finished with fmix32): the high 32 bits of its `hash53`, for tables
 * that compare the keys themselves anyway (Space-Saving counters in topk.ts). Not for distinct counts.
 */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h) >>> 0;
}

/** The `hash32` of a string from its `hash53` (no second pass over the string). */
export function high32(h53: number): number {
  return Math.floor(h53 / TWO_21);
}

function checkPrecision(p: number): void {
  if (!Number.isInteger(p) || p < 4 || p > 16) {
    throw new RangeError(`HyperLogLog precision must be an integer from 4 to 16, not ${p}`);
  }
}

/** HyperLogLog over 53-bit hashes: 2^precision one-byte registers (precision 4..16). */
export class HyperLogLog {
  readonly registers: Uint8Array;
  /** 2^(53 - precision): the register index is the hash's top `precision` bits. */
  private readonly restSpan: number;
  /** Bits of the rest above the low 32. */
  private readonly hiBits: number;

  constructor(readonly precision = HLL_PRECISION) {
    checkPrecision(precision);
    this.registers = new Uint8Array(1 << precision);
    this.restSpan = 2 ** (53 - precision);
    this.hiBits = 21 - precision;
  }

  /** Adds a value by its `hash53`. */
  add(h: number): void {
    const idx = Math.floor(h / this.restSpan);
    const rest = h - idx * this.restSpan;
    const hi = Math.floor(rest / TWO_32);
    // Rank: position of the first 1 bit of the (53 - precision)-bit rest, 1-based.
    const rank =
      hi > 0
        ? Math.clz32(hi) - (32 - this.hiBits) + 1
        : rest > 0
          ? this.hiBits + Math.clz32(rest >>> 0) + 1
          : 54 - this.precision;
    if (rank > this.registers[idx]) this.registers[idx] = rank;
  }

  /** Takes the register-wise maximum with another sketch of the same precision (their union). */
  merge(other: HyperLogLog): void {
    if (other.precision !== this.precision) {
      throw new RangeError('HyperLogLog.merge: sketches of different precision');
    }
    const r = this.registers;
    const o = other.registers;
    for (let i = 0; i < r.length; i++) if (o[i] > r[i]) r[i] = o[i];
  }

  /**
   * Cardinality estimate, with linear counting while registers are still empty (small range). With
   * 53-bit hashes no large-range correction is needed below 10^14 values.
   */
  estimate(): number {
    const m = this.registers.length;
    let sum = 0;
    let zeros = 0;
    for (let j = 0; j < m; j++) {
      const r = this.registers[j];
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const alpha = m === 16 ? 0.673 : m === 32 ? 0.697 : m === 64 ? 0.709 : 0.7213 / (1 + 1.079 / m);
    const raw = (alpha * m * m) / sum;
    if (raw <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros));
    return Math.round(raw);
  }
}

/**
 * Distinct values: exact up to `exactLimit` (an open-addressing set of hashes), then a HyperLogLog
 * estimate (`approx`).
 */
export class Distinct {
  /** hash + 1 per used cell (0 = empty), load at most 1/2; null once switched to the sketch. */
  private cells: Float64Array | null = null;
  private size = 0;
  private hll: HyperLogLog | null = null;
  /** Cached estimate; -1 when values were added since. */
  private estimate = -1;

  /**
   * @param exactLimit values kept exactly before switching to the sketch (0: a sketch from the start;
   *   Infinity: always exact)
   * @param precision HyperLogLog precision (2^precision registers), 4..16
   */
  constructor(
    readonly exactLimit = EXACT_DISTINCT,
    readonly precision = HLL_PRECISION,
  ) {
    checkPrecision(precision);
    if (exactLimit > 0) this.cells = new Float64Array(8);
    else this.hll = new HyperLogLog(precision);
  }

  /** Adds a value by its `hash53`. */
  addHash(h: number): void {
    const cells = this.cells;
    if (cells === null) {
      this.hll!.add(h);
      this.estimate = -1;
      return;
    }
    const v = h + 1;
    const mask = cells.length - 1;
    let i = (h >>> 0) & mask;
    for (;;) {
      const c = cells[i];
      if (c === v) return;
      if (c === 0) break;
      i = (i + 1) & mask;
    }
    cells[i] = v;
    this.size++;
    if (this.size > this.exactLimit) this.toSketch();
    else if (this.size * 2 > cells.length) this.rehash(cells.length * 2);
  }

  add(value: string): void {
    this.addHash(hash53(value));
  }

  /** Number of distinct values (estimated once `approx`). */
  get count(): number {
    if (this.cells !== null) return this.size;
    if (this.estimate < 0) this.estimate = this.hll!.estimate();
    return this.estimate;
  }

  /** True once the count is a HyperLogLog estimate. */
  get approx(): boolean {
    return this.cells === null;
  }

  /**
   * Distinct values over several counters (of the same precision when any is a sketch): exact when all
   * of them are exact.
   */
  static union(counters: readonly Distinct[]): { count: number; approx: boolean } {
    if (counters.length === 1) return { count: counters[0].count, approx: counters[0].approx };
    if (counters.every((c) => c.cells !== null)) {
      const all = new Set<number>();
      for (const c of counters) for (const v of c.cells!) if (v !== 0) all.add(v);
      return { count: all.size, approx: false };
    }
    const merged = new HyperLogLog(counters.find((c) => c.hll !== null)!.precision);
    for (const c of counters) {
      if (c.hll !== null) merged.merge(c.hll);
      else for (const v of c.cells!) if (v !== 0) merged.add(v - 1);
    }
    return { count: merged.estimate(), approx: true };
  }

  private rehash(capacity: number): void {
    const old = this.cells!;
    this.cells = new Float64Array(capacity);
    this.size = 0;
    for (const v of old) if (v !== 0) this.addHash(v - 1);
  }

  private toSketch(): void {
    const hll = new HyperLogLog(this.precision);
    for (const v of this.cells!) if (v !== 0) hll.add(v - 1);
    this.cells = null;
    this.hll = hll;
  }
}
