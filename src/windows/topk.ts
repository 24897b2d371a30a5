/**
 * Heaviest keys of a stream in bounded memory: the Space-Saving algorithm (Metwally, Agrawal & El
 * Abbadi 2005) with `capacity` counters. Exact while at most `capacity` distinct keys were seen; after
 * that every key counted more than total/capacity times is kept, and a kept key's count exceeds its
 * true count by at most its `error`. Counters are found by a 32-bit hash of the key (a linear scan over
 * a few typed-array cells), so a counter costs a few bytes and no map entry.
 */
import { hash32 } from './distinct.js';

export interface TopEntry {
  key: string;
  /** Counted occurrences (an upper bound once keys were evicted). */
  count: number;
  /** Most the count may exceed the true count (0 while exact). */
  error: number;
}

export class TopCounter {
  private readonly keys: string[] = [];
  /** Per counter: [hash, count, error], one typed array for all of them. */
  private readonly cells: Int32Array;
  /** Occurrences added. */
  total = 0;
  /** Smallest count when last searched, and where the search resumes. */
  /** findMinCounter's memory: the smallest count and where it was last found. */
  minValue = 0;
  cursor = 0;

  constructor(readonly capacity = 32) {
    this.cells = new Int32Array(capacity * 3);
  }

  add(key: string): void {
    this.addHashed(key, hash32(key));
  }

  /** Adds a key whose `hash32` the caller already knows. */
  addHashed(key: string, hash: number): void {
    this.total++;
    const h = hash | 0;
    const n = this.keys.length;
    const cells = this.cells;
    for (let i = 0; i < n; i++) {
      if (cells[i * 3] === h && this.keys[i] === key) {
        cells[i * 3 + 1]++;
        return;
      }
    }
    if (n < this.capacity) {
      this.keys.push(key);
      cells[n * 3] = h;
      cells[n * 3 + 1] = 1;
      return;
    }
    // Replace a smallest counter; the newcomer inherits its count as possible error.
    const min = this.findMin();
    this.keys[min] = key;
    cells[min * 3] = h;
    cells[min * 3 + 2] = cells[min * 3 + 1];
    cells[min * 3 + 1]++;
  }

  private findMin(): number {
    return findMinCounter(this.cells, this.keys.length, this);
  }

  /** Kept keys, heaviest first. */
  entries(): TopEntry[] {
    const out: TopEntry[] = this.keys.map((key, i) => ({
      key,
      count: this.cells[i * 3 + 1],
      error: this.cells[i * 3 + 2],
    }));
    return out.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  }

  /** The heaviest key, or null when empty. */
  top(): TopEntry | null {
    return this.entries()[0] ?? null;
  }
}

/**
 * Index of a counter holding the smallest count, in cells of three int32 (key or hash, count, error).
 * Counts only grow, so the smallest value is kept and searched from a moving cursor; a full scan
 * happens only when no counter holds it any more, which keeps high-cardinality streams (every key new)
 * at amortised constant cost. Shared by TopCounter and IdTopCounter, so both replace the same counter.
 */
export function findMinCounter(
  cells: Int32Array,
  n: number,
  at: { cursor: number; minValue: number },
): number {
  for (let step = 0; step < n; step++) {
    const i = (at.cursor + step) % n;
    if (cells[i * 3 + 1] === at.minValue) {
      at.cursor = i;
      return i;
    }
  }
  let min = 0;
  for (let i = 1; i < n; i++) if (cells[i * 3 + 1] < cells[min * 3 + 1]) min = i;
  at.minValue = cells[min * 3 + 1];
  at.cursor = min;
  return min;
}
