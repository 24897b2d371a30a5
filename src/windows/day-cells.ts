/**
 * Counters per (key, local day) for the few keys that need day-level detail, in one pool of typed
 * arrays: each key owns a list of cells, one per day it was active, each with `width` int32 counters.
 * Memory grows with active (key, day) cells, never with calls, and no object is made per key or cell.
 *
 * A list is unordered; the cell found or added last moves to its front, so records in time order find
 * their day at the front (one step). Records in any order stay exact, at the cost of a walk through
 * the key's days. Read `counts`, `dayOf` and `nextOf` again after `cell`, which may replace them.
 */

const NO_CELL = -1;
const MIN_CELLS = 256;

export class DayCells {
  readonly width: number;
  /** Local day index of each cell. */
  dayOf = new Int32Array(MIN_CELLS);
  /** Next cell of the same list (NO_CELL at the end). */
  nextOf = new Int32Array(MIN_CELLS);
  /** Counters of cell c at `counts[c * width + j]`. */
  counts: Int32Array;
  private heads = new Int32Array(MIN_CELLS);
  /** Cells in use. */
  cellCount = 0;
  /** Lists made so far (list ids are 0..listCount-1). */
  listCount = 0;

  constructor(width: number) {
    this.width = width;
    this.counts = new Int32Array(MIN_CELLS * width);
  }

  /** A new, empty list; returns its id. */
  newList(): number {
    if (this.listCount === this.heads.length) {
      const grown = new Int32Array(this.heads.length * 2);
      grown.set(this.heads);
      this.heads = grown;
    }
    this.heads[this.listCount] = NO_CELL;
    return this.listCount++;
  }

  /** First cell of a list (NO_CELL, i.e. -1, when empty); follow `nextOf` for the others. */
  first(list: number): number {
    return this.heads[list];
  }

  /** The cell of `day` in `list`, added with zero counters when absent; it becomes the list's first. */
  cell(list: number, day: number): number {
    const head = this.heads[list];
    if (head !== NO_CELL && this.dayOf[head] === day) return head;
    const dayOf = this.dayOf;
    const nextOf = this.nextOf;
    let prev = head;
    let c = head === NO_CELL ? NO_CELL : nextOf[head];
    while (c !== NO_CELL) {
      if (dayOf[c] === day) {
        nextOf[prev] = nextOf[c];
        nextOf[c] = head;
        this.heads[list] = c;
        return c;
      }
      prev = c;
      c = nextOf[c];
    }
    if (this.cellCount === this.dayOf.length) this.grow();
    c = this.cellCount++;
    this.dayOf[c] = day;
    this.nextOf[c] = head;
    this.heads[list] = c;
    // Fresh cells are zero: cells are never freed, and grown arrays start zeroed.
    return c;
  }

  private grow(): void {
    const n = this.dayOf.length * 2;
    const dayOf = new Int32Array(n);
    dayOf.set(this.dayOf);
    const nextOf = new Int32Array(n);
    nextOf.set(this.nextOf);
    const counts = new Int32Array(n * this.width);
    counts.set(this.counts);
    this.dayOf = dayOf;
    this.nextOf = nextOf;
    this.counts = counts;
  }
}
