/**
 * A map from non-negative integer ids (NumberBook ids) to one 32-bit integer, as an open-addressing
 * hash table in two Int32Arrays (linear probing, load at most 3/4): 8 bytes a slot, about 14 bytes an
 * entry, instead of a Map entry, and no object per key. Two ways to fold a value in, the ones the
 * detectors need: `or` (bit masks, e.g. the hours of a day a caller called in) and `min` (e.g. the
 * first second a caller called, counted from an origin).
 */
const INT32_MAX = 2 ** 31 - 1;

export class IdTable {
  /** id + 1 per used slot, 0 when empty. */
  keys: Int32Array;
  values: Int32Array;
  size = 0;
  private mask: number;
  /** 32 - log2(slots): the slot is the top bits of a multiplicative (Fibonacci) hash. */
  private shift: number;

  constructor(capacity = 8) {
    let n = 8;
    while (n * 3 < capacity * 4) n *= 2;
    this.keys = new Int32Array(n);
    this.values = new Int32Array(n);
    this.mask = n - 1;
    this.shift = 32 - Math.log2(n);
  }

  /** Value of an id, or `missing` when absent. */
  get(id: number, missing = Number.NaN): number {
    const slot = this.find(id);
    return this.keys[slot] === 0 ? missing : this.values[slot];
  }

  has(id: number): boolean {
    return this.keys[this.find(id)] !== 0;
  }

  /** ORs 32-bit `bits` into the id's value (0 when new). */
  or(id: number, bits: number): void {
    const slot = this.slotOf(id, 0);
    this.values[slot] |= bits;
  }

  /** Keeps the smallest value given for the id (a 32-bit integer). */
  min(id: number, value: number): void {
    const slot = this.slotOf(id, INT32_MAX);
    if (value < this.values[slot]) this.values[slot] = value;
  }

  /** Calls `fn(id, value)` for every entry (table order). */
  forEach(fn: (id: number, value: number) => void): void {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) fn(keys[i] - 1, this.values[i]);
  }

  /** Slot of the id: its own, or the empty one where it would go. */
  private find(id: number): number {
    const keys = this.keys;
    const key = id + 1;
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = keys[i];
      if (k === key || k === 0) return i;
      i = (i + 1) & this.mask;
    }
  }

  /** Slot of the id, inserted with `initial` when absent (growing first when needed). */
  private slotOf(id: number, initial: number): number {
    let slot = this.find(id);
    if (this.keys[slot] !== 0) return slot;
    if ((this.size + 1) * 4 > this.keys.length * 3) {
      this.rehash(this.keys.length * 2);
      slot = this.find(id);
    }
    this.keys[slot] = id + 1;
    this.values[slot] = initial;
    this.size++;
    return slot;
  }

  private rehash(capacity: number): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === 0) continue;
      const slot = this.find(keys[i] - 1);
      this.keys[slot] = keys[i];
      this.values[slot] = values[i];
    }
  }
}
