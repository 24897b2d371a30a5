/**
 * Dense indexes for ordered pairs of number ids (line id, other number id), in insertion order: the
 * first pair added gets 0, the next new one 1... so per-pair facts live in typed columns indexed by it
 * (no object per pair, no boxed key per lookup) and a walk over 0..size-1 sees pairs in the order they
 * first appeared, as a Map would.
 *
 * Lookup: open addressing over `index + 1` per slot (0: empty), linear probing, at most 3/4 full, grown
 * by doubling. The pair itself is kept once, in the dense `left` / `right` columns. Columns grow by half
 * rather than doubling: with a million pairs, doubling leaves up to a million unused rows in every
 * column of the caller's.
 */

import { fmix32 } from '../records/number-set.js';

const MIN_SLOTS = 1024;
const MIN_ROWS = 1024;

/** Home slot of a pair of ids in a table of mask + 1 slots (both ids mixed, then murmur3's finaliser). */
export function pairHome(a: number, b: number, mask: number): number {
  return fmix32(Math.imul(a, 0x9e3779b1) ^ b) & mask;
}

/** Row capacity after `rows`: half as much again (see the file comment). */
export function grownRows(rows: number): number {
  return Math.max(MIN_ROWS, rows + (rows >> 1));
}

/** A copy of `a` with `rows` entries (`rows` >= a.length), the new ones 0. */
export function growInt32(a: Int32Array, rows: number) {
  const out = new Int32Array(rows);
  out.set(a);
  return out;
}

/** A copy of `a` with `rows` entries (`rows` >= a.length), the new ones `fill` (default 0). */
export function growFloat64(a: Float64Array, rows: number, fill = 0) {
  const out = new Float64Array(rows);
  out.set(a);
  if (fill !== 0) out.fill(fill, a.length);
  return out;
}

export function growUint8(a: Uint8Array, rows: number) {
  const out = new Uint8Array(rows);
  out.set(a);
  return out;
}

export class PairIndex {
  /** First id of pair `i`; read again after `add`, which may replace the array. */
  left = new Int32Array(MIN_ROWS);
  /** Second id of pair `i`. */
  right = new Int32Array(MIN_ROWS);
  /** Pairs so far (the next index). */
  size = 0;
  /** Whether the last `add` added its pair. */
  added = false;
  private slots = new Int32Array(MIN_SLOTS);
  private mask = MIN_SLOTS - 1;

  /** Rows the dense columns hold: a caller's own per-pair columns should hold as many. */
  get rows(): number {
    return this.left.length;
  }

  /** Index of pair (a, b), or -1. Ids are non-negative int32. */
  indexOf(a: number, b: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let s = pairHome(a, b, mask);
    for (;;) {
      const v = slots[s];
      if (v === 0) return -1;
      if (this.left[v - 1] === a && this.right[v - 1] === b) return v - 1;
      s = (s + 1) & mask;
    }
  }

  /** Index of pair (a, b), added at the end when new (then it equals `size - 1`). */
  add(a: number, b: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let s = pairHome(a, b, mask);
    for (;;) {
      const v = slots[s];
      if (v === 0) break;
      if (this.left[v - 1] === a && this.right[v - 1] === b) {
        this.added = false;
        return v - 1;
      }
      s = (s + 1) & mask;
    }
    this.added = true;
    const i = this.size;
    if (i === this.left.length) {
      const rows = grownRows(i);
      this.left = growInt32(this.left, rows);
      this.right = growInt32(this.right, rows);
    }
    this.left[i] = a;
    this.right[i] = b;
    slots[s] = i + 1;
    this.size = i + 1;
    if (this.size * 4 > slots.length * 3) this.rehash();
    return i;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let i = 0; i < this.size; i++) {
      let s = pairHome(this.left[i], this.right[i], mask);
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = i + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
