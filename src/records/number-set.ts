/**
 * Exact distinct count of canonical number strings, cheaper per add than a Set<string>.
 *
 * A canonical E.164 string (`+` then 1 to 15 digits, the first not 0) is stored as the float64 value of
 * its digits (exact: 15 digits stay below 2^53) in an open-addressing Float64Array hash table (linear
 * probing, load at most 1/2, grows by doubling). Because the first digit is never 0, the value gives
 * back exactly one string, so two strings are equal exactly when their values are. Every other string
 * (`+0...`, `+` followed by non-digits, more than 15 digits, short codes, raw text) goes into a plain
 * Set<string>. Empty slots hold 0, which no canonical string maps to.
 */

const MIN_CAPACITY = 1024;
/** 2^32 as a divisor, to take the high word of an integer below 2^53. */
const TWO_32 = 4294967296;

/**
 * The digits of `s` as a number when `s` is `+[1-9]\d{0,14}`, else -1. No allocation: this runs on
 * every row.
 */
export function e164Value(s: string): number {
  const n = s.length;
  if (n < 2 || n > 16 || s.charCodeAt(0) !== 43 /* + */) return -1;
  let c = s.charCodeAt(1) - 48;
  if (c < 1 || c > 9) return -1;
  let v = c;
  for (let i = 2; i < n; i++) {
    c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * `e164Value` of the bytes `[from, to)` of an ASCII line: the digits as a number when they read
 * `+[1-9]\d{0,14}`, else -1. The byte reader's twin of `e164Value` (same shape, same value).
 */
export function e164BytesValue(buf: Uint8Array, from: number, to: number): number {
  const n = to - from;
  if (n < 2 || n > 16 || buf[from] !== 43 /* + */) return -1;
  let c = buf[from + 1] - 48;
  if (c < 1 || c > 9) return -1;
  let v = c;
  for (let i = from + 2; i < to; i++) {
    c = buf[i] - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** MurmurHash3's 32-bit finaliser: spreads every input bit over the whole word (for table slots). */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** Slot of an integer value (1 <= v < 2^53) in a table of mask + 1 slots. */
function slotOf(v: number, mask: number): number {
  return fmix32((v >>> 0) ^ Math.imul((v / TWO_32) | 0, 0x9e3779b1)) & mask;
}

export class NumberSet {
  private table = new Float64Array(MIN_CAPACITY);
  private mask = MIN_CAPACITY - 1;
  private numeric = 0;
  private readonly others = new Set<string>();

  /** Adds one canonical number string (any string is accepted; only canonical E.164 is packed). */
  add(s: string): void {
    const v = e164Value(s);
    if (v < 0) {
      this.others.add(s);
      return;
    }
    const table = this.table;
    const mask = this.mask;
    let i = slotOf(v, mask);
    for (;;) {
      const k = table[i];
      if (k === v) return;
      if (k === 0) break;
      i = (i + 1) & mask;
    }
    table[i] = v;
    if (++this.numeric * 2 > mask) this.grow();
  }

  has(s: string): boolean {
    const v = e164Value(s);
    if (v < 0) return this.others.has(s);
    const table = this.table;
    const mask = this.mask;
    let i = slotOf(v, mask);
    for (;;) {
      const k = table[i];
      if (k === v) return true;
      if (k === 0) return false;
      i = (i + 1) & mask;
    }
  }

  /** Distinct strings added. */
  get size(): number {
    return this.numeric + this.others.size;
  }

  /** Distinct canonical E.164 strings added (those stored as numbers). */
  get e164Size(): number {
    return this.numeric;
  }

  /** The distinct strings that are not canonical E.164, in insertion order. */
  otherValues(): IterableIterator<string> {
    return this.others.values();
  }

  private grow(): void {
    const old = this.table;
    const table = new Float64Array(old.length * 2);
    const mask = table.length - 1;
    for (let j = 0; j < old.length; j++) {
      const v = old[j];
      if (v === 0) continue;
      let i = slotOf(v, mask);
      while (table[i] !== 0) i = (i + 1) & mask;
      table[i] = v;
    }
    this.table = table;
    this.mask = mask;
  }
}

/**
 * Dense ids (0, 1, 2... in order of first sight) for number keys, without boxing a double per lookup as a
 * Map<number, ...> would: the same open-addressing table as NumberSet, with the id of each key beside it.
 * Meant for positive keys (0 marks an empty slot); keys <= 0 take a plain Map, so any key that is not NaN
 * gets the id a Map would give it.
 */
export class NumberIds {
  /**
   * Key and id side by side (`table[2i]`, `table[2i + 1]`): a lookup touches one cache line, where two
   * arrays would cost two misses on a table larger than the cache (300 k numbers).
   */
  private table = new Float64Array(2 * MIN_CAPACITY);
  private mask = MIN_CAPACITY - 1;
  private count = 0;
  /** Keys in the table (the others are in `rest`). */
  private used = 0;
  private readonly rest = new Map<number, number>();

  /** The id of `v`, a new one (the count so far) when `v` was not seen before. */
  id(v: number): number {
    if (!(v > 0)) {
      let id = this.rest.get(v);
      if (id === undefined) {
        id = this.count++;
        this.rest.set(v, id);
      }
      return id;
    }
    const i = this.probe(v);
    const table = this.table;
    if (table[i] === v) return table[i + 1];
    const id = this.count++;
    table[i] = v;
    table[i + 1] = id;
    if (++this.used * 2 > this.mask) this.grow();
    return id;
  }

  /** The id of `v` when it was seen, else -1 (adds nothing). */
  find(v: number): number {
    if (!(v > 0)) return this.rest.get(v) ?? -1;
    const i = this.probe(v);
    return this.table[i] === v ? this.table[i + 1] : -1;
  }

  /** Keys seen. */
  get size(): number {
    return this.count;
  }

  /** Index in `table` of the key `v` (v > 0), or of the empty slot where it would go. */
  private probe(v: number): number {
    const table = this.table;
    const mask = this.mask;
    let i = slotOf(v, mask);
    for (;;) {
      const k = table[2 * i];
      if (k === v || k === 0) return 2 * i;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let j = 0; j < old.length; j += 2) {
      const v = old[j];
      if (v === 0) continue;
      const i = this.probe(v);
      this.table[i] = v;
      this.table[i + 1] = old[j + 1];
    }
  }
}
