/**
 * A growable column of instants (epoch ms) in 4 bytes a row instead of 8: whole seconds from the first
 * instant written, as int32 (about 68 years either way). Exports give times to the second, so this is
 * exact; the first instant that is not a whole number of seconds from that base, or out of range, turns
 * the column into float64 milliseconds once (every row converted), so values always come back exactly
 * as written.
 */
export class TimeColumn {
  /** Epoch ms of second 0; NaN until the first write. */
  private base = Number.NaN;
  /** Seconds from `base`, while every instant fits; null once widened. */
  private seconds: Int32Array<ArrayBuffer> | null = new Int32Array(0);
  /** Epoch ms, once widened. */
  private ms: Float64Array<ArrayBuffer> = new Float64Array(0);

  /** Rows the column holds. */
  get length(): number {
    return this.seconds !== null ? this.seconds.length : this.ms.length;
  }

  /** Makes the column hold `rows` rows (never shrinks); new rows are unset. */
  resize(rows: number): void {
    if (rows <= this.length) return;
    if (this.seconds !== null) {
      const grown = new Int32Array(rows);
      grown.set(this.seconds);
      this.seconds = grown;
    } else {
      const grown = new Float64Array(rows);
      grown.set(this.ms);
      this.ms = grown;
    }
  }

  get(i: number): number {
    const s = this.seconds;
    return s !== null ? this.base + s[i] * 1000 : this.ms[i];
  }

  set(i: number, t: number): void {
    const s = this.seconds;
    if (s !== null) {
      if (Number.isNaN(this.base)) this.base = t;
      const d = (t - this.base) / 1000;
      if ((d | 0) === d) {
        s[i] = d;
        return;
      }
      this.widen();
    }
    this.ms[i] = t;
  }

  /** True once the column holds float64 milliseconds. */
  get wide(): boolean {
    return this.seconds === null;
  }

  private widen(): void {
    const s = this.seconds as Int32Array;
    const ms = new Float64Array(s.length);
    for (let i = 0; i < s.length; i++) ms[i] = this.base + s[i] * 1000;
    this.ms = ms;
    this.seconds = null;
  }
}
