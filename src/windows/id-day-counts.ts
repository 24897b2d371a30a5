/**
 * Small counts per (integer id, local day index) for many ids at once, in pooled typed arrays: no
 * object per id. Counts live in pages of PAGE_DAYS consecutive days, aligned on the first day ever
 * added (`origin`) so that pages never overlap whatever the order of the days. Each id has a home page
 * in its own record (the days of a one-month export fit in it) and, for days outside it, a chain of
 * extra pages. Counts saturate at `maxCount` (the caller keeps them below it: ids that grow busier
 * move to a structure of their own), so a page costs PAGE_DAYS bytes when `maxCount` <= 255.
 *
 * An id's record also holds `intFields` Int32 values and one Float64 for the caller's own per-id
 * figures, so that one call touches one record (64 bytes, a cache line, with 4 fields and 1-byte
 * counts) instead of a slot in each of several arrays: `ints[intIndex(id) + field]`,
 * `floats[floatIndex(id)]`. Call `ensure(id)` before using them, and read `ints`/`floats` again
 * after it (growing replaces the arrays).
 */

/** Days per page: a month of a time-ordered export fits in one page. */
export const PAGE_DAYS = 32;

const NO_PAGE = -1;
/** Base of a home page not used yet: far from any day, so no day falls in it. */
const UNUSED = -(2 ** 31);
/** Ints of a record before the caller's fields: home page base, first extra page. */
const HOME_BASE = 0;
const HOME_NEXT = 1;
const OWN_INTS = 2;

type Counts = Uint8Array | Uint16Array | Int32Array;

export class IdDayCounts {
  /** Records, one per id, as three views of one buffer. */
  ints: Int32Array;
  floats: Float64Array;
  private counts: Counts;
  /** Ids the records can hold. */
  capacity = 0;
  /** Record size in bytes, in Int32 units, in Float64 units and in count slots; offset of the counts. */
  private readonly stride: number;
  private readonly stride4: number;
  private readonly stride8: number;
  private readonly strideCounts: number;
  private readonly countsAt: number;
  /** Extra pages: first day, next page of the same id, counts. */
  private extraBase: Int32Array = new Int32Array(64);
  private extraNext: Int32Array = new Int32Array(64);
  private extraCounts: Counts;
  private extraPages = 0;
  /** Alignment of the pages: the first day added (NaN until then). */
  private origin = Number.NaN;
  private readonly maxCount: number;
  private readonly width: number;

  /**
   * @param maxCount highest count a slot must hold (picks 1, 2 or 4 bytes per slot)
   * @param intFields Int32 values of the caller's in each record (0 when unused)
   */
  constructor(maxCount: number, intFields = 0) {
    this.maxCount = maxCount;
    this.width = maxCount <= 0xff ? 1 : maxCount <= 0xffff ? 2 : 4;
    // [Float64][Int32 x (2 + intFields)][counts], each part on an 8-byte boundary.
    this.countsAt = 8 + align8(4 * (OWN_INTS + intFields));
    this.stride = this.countsAt + align8(PAGE_DAYS * this.width);
    this.stride4 = this.stride / 4;
    this.stride8 = this.stride / 8;
    this.strideCounts = this.stride / this.width;
    this.ints = new Int32Array(0);
    this.floats = new Float64Array(0);
    this.counts = new Uint8Array(0);
    this.extraCounts = newCounts(this.width, 64 * PAGE_DAYS);
    this.grow(1023);
  }

  /** Makes room for records up to `id`. */
  ensure(id: number): void {
    if (id >= this.capacity) this.grow(id);
  }

  /** Index in `ints` of the id's first caller field. */
  intIndex(id: number): number {
    return id * this.stride4 + OWN_INTS + 2;
  }

  /** Index in `floats` of the id's Float64. */
  floatIndex(id: number): number {
    return id * this.stride8;
  }

  /** Adds one to (id, day) and returns the new count (saturating at `maxCount`). */
  increment(id: number, day: number): number {
    if (id >= this.capacity) this.grow(id);
    const i = day - this.ints[id * this.stride4 + 2 + HOME_BASE];
    if (i >= 0 && i < PAGE_DAYS) {
      const slot = id * this.strideCounts + this.countsAt / this.width + i;
      const n = this.counts[slot];
      if (n >= this.maxCount) return n;
      this.counts[slot] = n + 1;
      return n + 1;
    }
    return this.incrementElsewhere(id, day);
  }

  /** Count of (id, day); 0 when never added. */
  get(id: number, day: number): number {
    if (id >= this.capacity) return 0;
    const i = day - this.ints[id * this.stride4 + 2 + HOME_BASE];
    if (i >= 0 && i < PAGE_DAYS) return this.counts[id * this.strideCounts + this.countsAt / this.width + i];
    for (
      let page = this.ints[id * this.stride4 + 2 + HOME_NEXT];
      page !== NO_PAGE;
      page = this.extraNext[page]
    ) {
      const k = day - this.extraBase[page];
      if (k >= 0 && k < PAGE_DAYS) return this.extraCounts[page * PAGE_DAYS + k];
    }
    return 0;
  }

  /** Calls `fn(day, count)` for every non-zero count of an id (home page first, then extra pages). */
  forEachDay(id: number, fn: (day: number, count: number) => void): void {
    if (id >= this.capacity) return;
    const base = this.ints[id * this.stride4 + 2 + HOME_BASE];
    if (base === UNUSED) return;
    const at = id * this.strideCounts + this.countsAt / this.width;
    for (let i = 0; i < PAGE_DAYS; i++) {
      const n = this.counts[at + i];
      if (n !== 0) fn(base + i, n);
    }
    for (
      let page = this.ints[id * this.stride4 + 2 + HOME_NEXT];
      page !== NO_PAGE;
      page = this.extraNext[page]
    ) {
      const b = this.extraBase[page];
      for (let i = 0; i < PAGE_DAYS; i++) {
        const n = this.extraCounts[page * PAGE_DAYS + i];
        if (n !== 0) fn(b + i, n);
      }
    }
  }

  /** Bytes held by the typed arrays (for tests and benchmarks). */
  get bytes(): number {
    return this.ints.byteLength + this.extraBase.byteLength * 2 + this.extraCounts.byteLength;
  }

  /** The slow path: the id's first count, or a day outside its home page. */
  private incrementElsewhere(id: number, day: number): number {
    if (Number.isNaN(this.origin)) this.origin = day;
    const base = this.origin + Math.floor((day - this.origin) / PAGE_DAYS) * PAGE_DAYS;
    const own = id * this.stride4 + 2;
    if (this.ints[own + HOME_BASE] === UNUSED) {
      this.ints[own + HOME_BASE] = base;
      return this.increment(id, day);
    }
    let page = this.ints[own + HOME_NEXT];
    let last = NO_PAGE;
    while (page !== NO_PAGE && this.extraBase[page] !== base) {
      last = page;
      page = this.extraNext[page];
    }
    if (page === NO_PAGE) {
      page = this.newExtraPage(base);
      if (last === NO_PAGE) this.ints[own + HOME_NEXT] = page;
      else this.extraNext[last] = page;
    }
    const slot = page * PAGE_DAYS + day - base;
    const n = this.extraCounts[slot];
    if (n >= this.maxCount) return n;
    this.extraCounts[slot] = n + 1;
    return n + 1;
  }

  private newExtraPage(base: number): number {
    if (this.extraPages === this.extraBase.length) {
      const n = this.extraPages * 2;
      this.extraBase = grownInt32(this.extraBase, n);
      this.extraNext = grownInt32(this.extraNext, n);
      const counts = newCounts(this.width, n * PAGE_DAYS);
      counts.set(this.extraCounts);
      this.extraCounts = counts;
    }
    const page = this.extraPages++;
    this.extraBase[page] = base;
    this.extraNext[page] = NO_PAGE;
    return page;
  }

  /**
   * Grows the records past `id` by a quarter, not doubling: ids are dense and come one by one, so the
   * copies cost little and the slack left at the end is at most a fifth.
   */
  private grow(id: number): void {
    const n = Math.max(id + 1, Math.ceil(this.capacity * 1.25));
    const buffer = new ArrayBuffer(n * this.stride);
    new Uint8Array(buffer).set(new Uint8Array(this.ints.buffer, 0, this.capacity * this.stride));
    this.ints = new Int32Array(buffer);
    this.floats = new Float64Array(buffer);
    this.counts = newCountsView(this.width, buffer);
    for (let k = this.capacity; k < n; k++) {
      this.ints[k * this.stride4 + 2 + HOME_BASE] = UNUSED;
      this.ints[k * this.stride4 + 2 + HOME_NEXT] = NO_PAGE;
    }
    this.capacity = n;
  }
}

function align8(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}

function newCounts(width: number, length: number): Counts {
  return width === 1
    ? new Uint8Array(length)
    : width === 2
      ? new Uint16Array(length)
      : new Int32Array(length);
}

function newCountsView(width: number, buffer: ArrayBuffer): Counts {
  return width === 1
    ? new Uint8Array(buffer)
    : width === 2
      ? new Uint16Array(buffer)
      : new Int32Array(buffer);
}

function grownInt32(a: Int32Array, length: number): Int32Array {
  const b = new Int32Array(length);
  b.set(a);
  return b;
}
