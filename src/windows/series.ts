/**
 * Per-key time series for streaming aggregation: counts (or sums) per integer window index (a local
 * day, hour or 6-hour slot), stored densely between the lowest and highest index seen. Memory grows
 * with the span of windows a key is active in, never with its number of calls; records may arrive in
 * any order (the array grows at both ends).
 */
export class DenseSeries {
  /** Window index of `data[0]`. */
  private lo = 0;
  private data: number[] = [];
  /** Lowest window index added (+Infinity while empty). */
  min = Number.POSITIVE_INFINITY;
  /** Highest window index added (-Infinity while empty). */
  max = Number.NEGATIVE_INFINITY;
  /** Sum of every value added. */
  total = 0;

  add(index: number, value = 1): void {
    const data = this.data;
    if (data.length === 0) {
      this.lo = index;
      this.data = [value];
    } else {
      let i = index - this.lo;
      if (i < 0) {
        this.growLeft(-i);
        i = index - this.lo;
      } else if (i >= data.length) {
        while (data.length < i) data.push(0);
        data.push(0);
      }
      this.data[i] += value;
    }
    if (index < this.min) this.min = index;
    if (index > this.max) this.max = index;
    this.total += value;
  }

  /** Value at a window index (0 outside the span). */
  get(index: number): number {
    const i = index - this.lo;
    return i >= 0 && i < this.data.length ? this.data[i] : 0;
  }

  /** Sum over window indexes `from..to` inclusive. */
  sum(from: number, to: number): number {
    let s = 0;
    const a = Math.max(from, this.min);
    const b = Math.min(to, this.max);
    for (let k = a; k <= b; k++) s += this.data[k - this.lo];
    return s;
  }

  /** Highest value over window indexes `from..to` inclusive, with its index (-1 when none). */
  peak(from: number, to: number): { index: number; value: number } {
    let best = -1;
    let value = 0;
    const a = Math.max(from, this.min);
    const b = Math.min(to, this.max);
    for (let k = a; k <= b; k++) {
      const v = this.data[k - this.lo];
      if (v > value) {
        value = v;
        best = k;
      }
    }
    return { index: best, value };
  }

  /** Calls `fn` for each window index with a non-zero value, in index order. */
  forEach(fn: (index: number, value: number) => void): void {
    for (let k = this.min; k <= this.max; k++) {
      const v = this.data[k - this.lo];
      if (v !== 0) fn(k, v);
    }
  }

  /** Grows the array to the left by at least `need` slots (doubling, so repeated growth is cheap). */
  private growLeft(need: number): void {
    const extra = Math.max(need, this.data.length);
    const grown: number[] = [];
    for (let i = 0; i < extra; i++) grown.push(0);
    for (let i = 0; i < this.data.length; i++) grown.push(this.data[i]);
    this.data = grown;
    this.lo -= extra;
  }
}
