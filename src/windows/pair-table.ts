/**
 * A table from ordered pairs of number ids (caller id, callee id) to one int32 value, in one typed
 * array: 12 bytes a slot, no object per pair and no boxed key per lookup (a Map<number, ...> boxes
 * doubles, a Map<string, ...> hashes a fresh string every time).
 *
 * Open addressing with linear probing, at most 3/4 full, grown by doubling. A slot is three int32
 * side by side, (first id + 1, second id, value), so a lookup touches one cache line; first id + 1 = 0
 * marks an empty slot. The value is the caller's to define; it is 0 when the pair is added.
 */

import { pairHome } from './pair-index.js';

const MIN_CAPACITY = 1024;
const WIDTH = 3;

export class PairTable {
  /** Slot i: first id + 1 at `slots[3i]` (0: empty), second id at 3i + 1, value at 3i + 2. */
  private slots = new Int32Array(MIN_CAPACITY * WIDTH);
  private mask = MIN_CAPACITY - 1;
  /** Pairs in the table. */
  size = 0;
  /** Whether the last `slot` call added its pair. */
  added = false;

  /**
   * The index in `values` of pair (a, b)'s value, the pair added with value 0 when absent (then
   * `added` is true). Ids are integers from 0 to 2^31 - 2. Valid until the next call that adds a pair.
   */
  slot(a: number, b: number): number {
    const a1 = a + 1;
    let slots = this.slots;
    let end = slots.length;
    let i = pairHome(a, b, this.mask) * WIDTH;
    for (;;) {
      const k = slots[i];
      if (k === a1 && slots[i + 1] === b) {
        this.added = false;
        return i + 2;
      }
      if (k === 0) break;
      i += WIDTH;
      if (i === end) i = 0;
    }
    if ((this.size + 1) * 4 > (this.mask + 1) * 3) {
      this.grow();
      slots = this.slots;
      end = slots.length;
      i = pairHome(a, b, this.mask) * WIDTH;
      while (slots[i] !== 0) {
        i += WIDTH;
        if (i === end) i = 0;
      }
    }
    slots[i] = a1;
    slots[i + 1] = b;
    slots[i + 2] = 0;
    this.size++;
    this.added = true;
    return i + 2;
  }

  /** The array `slot` indexes into; read it again after `slot`, which may replace it. */
  get values(): Int32Array {
    return this.slots;
  }

  /** The value of pair (a, b), or `missing` when the pair is absent. Does not add. */
  get(a: number, b: number, missing: number): number {
    const slots = this.slots;
    let i = pairHome(a, b, this.mask) * WIDTH;
    for (;;) {
      const k = slots[i];
      if (k === a + 1 && slots[i + 1] === b) return slots[i + 2];
      if (k === 0) return missing;
      i += WIDTH;
      if (i === slots.length) i = 0;
    }
  }

  /**
   * Reads the first int of pair (a, b)'s home slot and returns it (it means nothing). No branch, so a
   * loop of touches over a batch of pairs lets their cache misses overlap before the pairs are looked
   * up or added one by one (see read-ahead.ts); a probe loop's branches would stall on each miss.
   */
  touch(a: number, b: number): number {
    return this.slots[pairHome(a, b, this.mask) * WIDTH];
  }

  /** Bytes held by the table (for memory reports). */
  get bytes(): number {
    return this.slots.byteLength;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    const slots = new Int32Array(capacity * WIDTH);
    const mask = capacity - 1;
    for (let j = 0; j < old.length; j += WIDTH) {
      const a1 = old[j];
      if (a1 === 0) continue;
      const b = old[j + 1];
      let i = pairHome(a1 - 1, b, mask) * WIDTH;
      while (slots[i] !== 0) {
        i += WIDTH;
        if (i === slots.length) i = 0;
      }
      slots[i] = a1;
      slots[i + 1] = b;
      slots[i + 2] = old[j + 2];
    }
    this.slots = slots;
    this.mask = mask;
  }
}
