/**
 * Dense ids (0, 1, 2... in order of first sight) for ordered pairs of NumberBook ids, e.g. (line, caller):
 * what a Map<string, Map<string, T>> keyed by the two numbers would do, without an object, a string or
 * a boxed key per pair or per lookup. The two ids of each pair live in Int32 columns indexed by the pair
 * id (8 bytes a pair); an open-addressing table of Int32 slots holding pair id + 1 (0: empty; linear
 * probing, load at most 1/2, grown by doubling) finds them. Per-pair aggregates live in the caller's own
 * typed arrays indexed by pair id, grown to `capacity` when an id reaches their length. Because ids follow
 * first sight, walking them in order replays the order in which the pairs were first seen.
 */

import { fmix32 } from './distinct.js';

const MIN_CAPACITY = 1024;

/** Home slot of the pair (a, b): both ids mixed, then MurmurHash3's finaliser. */
function homeOf(a: number, b: number, mask: number): number {
  return fmix32(Math.imul(a, 0x9e3779b1) ^ b) & mask;
}

export class PairIds {
  /** First and second id of each pair, by pair id (replaced as they grow: read them again after `idOf`). */
  firsts = new Int32Array(MIN_CAPACITY);
  seconds = new Int32Array(MIN_CAPACITY);
  /** Pairs seen; the next new pair gets this id. */
  size = 0;
  private slots = new Int32Array(MIN_CAPACITY * 2);
  private mask = MIN_CAPACITY * 2 - 1;

  /** Length of the pair columns: per-pair arrays of the caller need at least this many entries. */
  get capacity(): number {
    return this.firsts.length;
  }

  /** The id of pair (a, b), given to it now when it is new. `a` and `b` are non-negative int32. */
  idOf(a: number, b: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = homeOf(a, b, mask);
    for (;;) {
      const s = slots[i];
      if (s === 0) break;
      if (this.firsts[s - 1] === a && this.seconds[s - 1] === b) return s - 1;
      i = (i + 1) & mask;
    }
    const id = this.size++;
    if (id === this.firsts.length) this.growColumns();
    this.firsts[id] = a;
    this.seconds[id] = b;
    slots[i] = id + 1;
    if (this.size * 2 > mask) this.growSlots();
    return id;
  }

  /** The id of pair (a, b), or -1 when it was never seen. */
  find(a: number, b: number): number {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = homeOf(a, b, mask); ; i = (i + 1) & mask) {
      const s = slots[i];
      if (s === 0) return -1;
      if (this.firsts[s - 1] === a && this.seconds[s - 1] === b) return s - 1;
    }
  }

  private growColumns(): void {
    const firsts = new Int32Array(this.firsts.length * 2);
    firsts.set(this.firsts);
    this.firsts = firsts;
    const seconds = new Int32Array(this.seconds.length * 2);
    seconds.set(this.seconds);
    this.seconds = seconds;
  }

  private growSlots(): void {
    const n = this.slots.length * 2;
    const slots = new Int32Array(n);
    const mask = n - 1;
    for (let id = 0; id < this.size; id++) {
      let i = homeOf(this.firsts[id], this.seconds[id], mask);
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** A copy of `a` with room for `n` entries, the new ones set to `fill`. */
export function grownFloat64(a: Float64Array, n: number, fill: number): Float64Array {
  const grown = new Float64Array(n);
  grown.set(a);
  if (fill !== 0) grown.fill(fill, a.length);
  return grown;
}

/** A copy of `a` with room for `n` entries, the new ones 0. */
export function grownInt32(a: Int32Array, n: number): Int32Array {
  const grown = new Int32Array(n);
  grown.set(a);
  return grown;
}
