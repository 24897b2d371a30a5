/**
 * Distinct counts and heaviest keys over dense integer ids (NumberBook ids), with the exact results of
 * `Distinct` (distinct.ts) and `TopCounter` (topk.ts) fed the same values in the same order, in a few
 * typed-array cells instead of strings, 53-bit hashes and object keys:
 *
 * - `IdDistinct` keeps the ids themselves (an open-addressing Int32Array, 4 bytes a cell) while it holds
 *   at most `exactLimit`, then switches to the same HyperLogLog of the ids' `hash53` that `Distinct`
 *   would hold. Two ids are equal exactly when their strings are, so the exact count is the same (up to
 *   the 53-bit hash collisions `Distinct` itself neglects).
 * - `IdTopCounter` is Space-Saving with the same counter replacement as `TopCounter` (ids compared
 *   instead of strings); `top` breaks count ties by the key's string, as `TopCounter.entries` does.
 */
import { fmix32 } from '../records/number-set.js';
import { HyperLogLog } from './distinct.js';
import { findMinCounter } from './topk.js';

/** `hash53` of the string of an id (cached by the caller). */
export type IdHash = (id: number) => number;

export class IdDistinct {
  /**
   * id + 1 per used cell (0 = empty), load at most 1/2; once sealed, the ids + 1 packed without empty
   * cells; null once switched to the sketch.
   */
  private cells: Int32Array | null = new Int32Array(8);
  private size = 0;
  private sealed = false;
  private hll: HyperLogLog | null = null;
  /** Cached estimate; -1 when values were added since. */
  private estimate = -1;

  constructor(
    private readonly hashOf: IdHash,
    readonly exactLimit: number,
    readonly precision: number,
  ) {}

  add(id: number): void {
    if (this.sealed) this.unseal();
    const cells = this.cells;
    if (cells === null) {
      this.hll!.add(this.hashOf(id));
      this.estimate = -1;
      return;
    }
    const v = id + 1;
    const mask = cells.length - 1;
    let i = fmix32(v) & mask;
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

  /** Number of distinct ids (estimated once `approx`). */
  get count(): number {
    if (this.cells !== null) return this.size;
    if (this.estimate < 0) this.estimate = this.hll!.estimate();
    return this.estimate;
  }

  /** True once the count is a HyperLogLog estimate. */
  get approx(): boolean {
    return this.cells === null;
  }

  /** Distinct ids over several counters, as `Distinct.union`: exact when all of them are exact. */
  static union(counters: readonly IdDistinct[]): { count: number; approx: boolean } {
    if (counters.length === 1) return { count: counters[0].count, approx: counters[0].approx };
    if (counters.every((c) => c.cells !== null)) {
      const all = new Set<number>();
      for (const c of counters) for (const v of c.cells!) if (v !== 0) all.add(v);
      return { count: all.size, approx: false };
    }
    const merged = new HyperLogLog(counters.find((c) => c.hll !== null)!.precision);
    for (const c of counters) {
      if (c.hll !== null) merged.merge(c.hll);
      else for (const v of c.cells!) if (v !== 0) merged.add(c.hashOf(v - 1));
    }
    return { count: merged.estimate(), approx: true };
  }

  /**
   * Packs the exact ids into an array of their exact size (4 bytes an id instead of 8 to 16), for a
   * counter that is not expected to grow any more (a day that is over); `add` unpacks it again.
   */
  seal(): void {
    const cells = this.cells;
    if (cells === null || this.sealed) return;
    const packed = new Int32Array(this.size);
    let n = 0;
    for (const v of cells) if (v !== 0) packed[n++] = v;
    this.cells = packed;
    this.sealed = true;
  }

  private unseal(): void {
    this.sealed = false;
    let capacity = 8;
    while (this.size * 2 > capacity) capacity *= 2;
    this.rehash(capacity);
  }

  private rehash(capacity: number): void {
    const old = this.cells!;
    const cells = new Int32Array(capacity);
    const mask = capacity - 1;
    for (const v of old) {
      if (v === 0) continue;
      let i = fmix32(v) & mask;
      while (cells[i] !== 0) i = (i + 1) & mask;
      cells[i] = v;
    }
    this.cells = cells;
  }

  private toSketch(): void {
    const hll = new HyperLogLog(this.precision);
    for (const v of this.cells!) if (v !== 0) hll.add(this.hashOf(v - 1));
    this.cells = null;
    this.hll = hll;
  }
}

export interface IdTopEntry {
  id: number;
  /** Counted occurrences (an upper bound once keys were evicted). */
  count: number;
  /** Most the count may exceed the true count (0 while exact). */
  error: number;
}

export class IdTopCounter {
  /** Per counter: [id, count, error]. */
  private readonly cells: Int32Array;
  private used = 0;
  /** Smallest count when last searched, and where the search resumes (as in TopCounter). */
  /** findMinCounter's memory: the smallest count and where it was last found. */
  minValue = 0;
  cursor = 0;

  constructor(readonly capacity: number) {
    this.cells = new Int32Array(capacity * 3);
  }

  add(id: number): void {
    const cells = this.cells;
    const n = this.used;
    for (let i = 0; i < n; i++) {
      if (cells[i * 3] === id) {
        cells[i * 3 + 1]++;
        return;
      }
    }
    if (n < this.capacity) {
      cells[n * 3] = id;
      cells[n * 3 + 1] = 1;
      this.used = n + 1;
      return;
    }
    // Replace a smallest counter; the newcomer inherits its count as possible error.
    const min = this.findMin();
    cells[min * 3] = id;
    cells[min * 3 + 2] = cells[min * 3 + 1];
    cells[min * 3 + 1]++;
  }

  /** The heaviest id, ties broken by the smaller key string (as TopCounter); null when empty. */
  top(keyOf: (id: number) => string): IdTopEntry | null {
    const cells = this.cells;
    let best = -1;
    for (let i = 0; i < this.used; i++) {
      if (
        best < 0 ||
        cells[i * 3 + 1] > cells[best * 3 + 1] ||
        (cells[i * 3 + 1] === cells[best * 3 + 1] && keyOf(cells[i * 3]) < keyOf(cells[best * 3]))
      )
        best = i;
    }
    return best < 0 ? null : { id: cells[best * 3], count: cells[best * 3 + 1], error: cells[best * 3 + 2] };
  }

  /** The same walk as TopCounter's, so that the same counter is replaced. */
  private findMin(): number {
    return findMinCounter(this.cells, this.used, this);
  }
}
