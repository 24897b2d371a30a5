/**
 * Many `DenseSeries` (series.ts) in typed arrays: one dense series of counts or sums per integer key
 * (0, 1, 2...), each stored between the lowest and highest window index added to it, growing at both
 * ends (records may arrive in any order). A key costs one typed array, not an array of boxed numbers
 * and an object; reads outside a key's span give 0.
 *
 * Values are exact, in the fewest bytes: a key's cells start as 16-bit integers and are widened, for
 * that key only, to 32-bit integers and then to float64 the first time a value no longer fits (a count
 * past 65,535, a sum of fractional seconds).
 */
type Cells = Uint16Array | Int32Array | Float64Array;

/**
 * Cells of a new series, and the least added when one grows (it at least doubles): few reallocations
 * (a month of 6-hour slots is 124 cells), at most half the cells unused.
 */
const GROW_MIN = 32;

export class DenseColumns {
  private readonly arrays: Cells[] = [];
  /** Window index of each key's cell 0. */
  private lo = new Int32Array(64);

  add(key: number, index: number, value: number): void {
    let a = this.arrays[key];
    let i = index - this.lo[key];
    if (a === undefined || i < 0 || i >= a.length) {
      a = this.grow(key, index);
      i = index - this.lo[key];
    }
    const v = a[i] + value;
    a[i] = v;
    while (a[i] !== v) {
      a = this.widen(key);
      a[i] = v;
    }
  }

  /** Replaces a key's cells by the next wider kind (the stored values are kept). */
  private widen(key: number): Cells {
    const old = this.arrays[key];
    const wide = old instanceof Uint16Array ? new Int32Array(old.length) : new Float64Array(old.length);
    wide.set(old);
    this.arrays[key] = wide;
    return wide;
  }

  /** Value at a window index (0 outside the key's span or for an unknown key). */
  get(key: number, index: number): number {
    const a = this.arrays[key];
    if (a === undefined) return 0;
    const i = index - this.lo[key];
    return i >= 0 && i < a.length ? a[i] : 0;
  }

  /** Sum over window indexes `from..to` inclusive, added in index order. */
  sum(key: number, from: number, to: number): number {
    const a = this.arrays[key];
    if (a === undefined) return 0;
    const lo = this.lo[key];
    const first = Math.max(from - lo, 0);
    const last = Math.min(to - lo, a.length - 1);
    let s = 0;
    for (let i = first; i <= last; i++) s += a[i];
    return s;
  }

  /** Sum of every value of a key. */
  total(key: number): number {
    const a = this.arrays[key];
    if (a === undefined) return 0;
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i];
    return s;
  }

  /** Calls `fn` for each window index of a key with a non-zero value, in index order. */
  forEach(key: number, fn: (index: number, value: number) => void): void {
    const a = this.arrays[key];
    if (a === undefined) return;
    const lo = this.lo[key];
    for (let i = 0; i < a.length; i++) if (a[i] !== 0) fn(lo + i, a[i]);
  }

  /** Makes room for `index` in a key's series (doubling it at least) and returns its cells. */
  private grow(key: number, index: number): Cells {
    if (key >= this.lo.length) {
      const lo = new Int32Array(Math.max(key + 1, this.lo.length * 2));
      lo.set(this.lo);
      this.lo = lo;
    }
    const old = this.arrays[key];
    if (old === undefined) {
      const fresh = new Uint16Array(GROW_MIN);
      this.lo[key] = index - 4;
      this.arrays[key] = fresh;
      return fresh;
    }
    const lo = this.lo[key];
    const spare = Math.max(GROW_MIN, old.length);
    let newLo = lo;
    let length = old.length;
    if (index < lo) {
      newLo = index - spare;
      length += lo - newLo;
    } else length = index - lo + 1 + spare;
    const grown =
      old instanceof Uint16Array
        ? new Uint16Array(length)
        : old instanceof Int32Array
          ? new Int32Array(length)
          : new Float64Array(length);
    grown.set(old, lo - newLo);
    this.lo[key] = newLo;
    this.arrays[key] = grown;
    return grown;
  }
}
