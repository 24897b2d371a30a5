/**
 * Series counted once per leaf key and read per group key: a group's value at a window index is the
 * sum of the values of every leaf linked to it. A record that counts towards several nested groups (a
 * callee's prefixes of 1, 2 and 3 digits) costs one `add` to its leaf instead of one per group; the
 * groups are rolled up from their leaves when first read.
 *
 * Exact for integer values (counts, whole seconds) while sums stay below 2^53: the rolled sums are
 * those of adding every value to every group in arrival order. Fractional values would be summed in
 * another order, so differ in the last bits: a caller that may see them switches to per-group sums
 * (`rollAll`, then `DenseColumns.add` per group).
 *
 * Leaves and links are added while reading the records; the first read of a group freezes them (an
 * `add` or `link` after it throws), so a read never misses later values. Adds at the same window index
 * as the previous add (records in time order) are summed in one flat array first: most leaves get a
 * value or two per window, and their own series are scattered in memory.
 */
import { Int32Column } from './columns.js';
import { DenseColumns } from './dense-columns.js';

/** Which groups each leaf counts towards, shared by the series of one key space. */
export class RollupLinks {
  private readonly leafOf = new Int32Column();
  private readonly groupOf = new Int32Column();
  /** Once frozen: links sorted by group, `start[g]..start[g + 1]` the leaves of group g. */
  private start: Int32Array | null = null;
  private leaves: Int32Array | null = null;

  /** Declares that `leaf` counts towards `group` (once per distinct link: a repeated link counts twice). */
  link(leaf: number, group: number): void {
    if (this.start !== null) throw new Error('RollupLinks: link after the first read');
    this.leafOf.push(leaf);
    this.groupOf.push(group);
  }

  /** Calls `fn` with each leaf of a group (in link order). */
  forEachLeaf(group: number, fn: (leaf: number) => void): void {
    this.freeze();
    const start = this.start!;
    if (group < 0 || group + 1 >= start.length) return;
    for (let i = start[group]; i < start[group + 1]; i++) fn(this.leaves![i]);
  }

  /** Calls `fn` with every (leaf, group) link, in link order. */
  forEachLink(fn: (leaf: number, group: number) => void): void {
    for (let i = 0; i < this.leafOf.length; i++) fn(this.leafOf.data[i], this.groupOf.data[i]);
  }

  private freeze(): void {
    if (this.start !== null) return;
    const n = this.leafOf.length;
    let groups = 0;
    for (let i = 0; i < n; i++) groups = Math.max(groups, this.groupOf.data[i] + 1);
    const start = new Int32Array(groups + 1);
    for (let i = 0; i < n; i++) start[this.groupOf.data[i] + 1]++;
    for (let g = 0; g < groups; g++) start[g + 1] += start[g];
    const next = start.slice(0, groups);
    const leaves = new Int32Array(n);
    for (let i = 0; i < n; i++) leaves[next[this.groupOf.data[i]]++] = this.leafOf.data[i];
    this.start = start;
    this.leaves = leaves;
  }
}

export class RollupColumns {
  private readonly byLeaf = new DenseColumns();
  /** Groups rolled up so far (read through `get`, `sum`, `total`, `forEach`). */
  private readonly byGroup = new DenseColumns();
  private rolled = new Uint8Array(64);
  /** True once a group was read: an add after it would be missed. */
  private reading = false;
  /**
   * Sums per leaf at the window index `current`, not yet in `byLeaf`: records in time order add to
   * one small flat array (a cache line per add) instead of each leaf's own series, which are moved to
   * when the index changes or before a read.
   */
  private current = Number.NaN;
  private pending = new Float64Array(1024);
  private touched = new Int32Array(64);
  private touchedCount = 0;
  private isTouched = new Uint8Array(1024);

  constructor(readonly links: RollupLinks) {}

  /** Adds `value` at a window index to one leaf (and so to each of its groups). */
  add(leaf: number, index: number, value: number): void {
    if (this.reading) throw new Error('RollupColumns: add after the first read');
    if (index !== this.current) {
      this.flush();
      this.current = index;
    }
    if (leaf >= this.pending.length) this.growPending(leaf);
    this.pending[leaf] += value;
    if (this.isTouched[leaf] === 0) {
      this.isTouched[leaf] = 1;
      if (this.touchedCount === this.touched.length) {
        const grown = new Int32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.touchedCount++] = leaf;
    }
  }

  /** Moves the pending sums into the leaves' series. */
  private flush(): void {
    const index = this.current;
    const pending = this.pending;
    for (let i = 0; i < this.touchedCount; i++) {
      const leaf = this.touched[i];
      this.byLeaf.add(leaf, index, pending[leaf]);
      pending[leaf] = 0;
      this.isTouched[leaf] = 0;
    }
    this.touchedCount = 0;
  }

  private growPending(leaf: number): void {
    const n = Math.max(leaf + 1, this.pending.length * 2);
    const pending = new Float64Array(n);
    pending.set(this.pending);
    this.pending = pending;
    const marks = new Uint8Array(n);
    marks.set(this.isTouched);
    this.isTouched = marks;
  }

  get(group: number, index: number): number {
    return this.group(group).get(group, index);
  }

  sum(group: number, from: number, to: number): number {
    return this.group(group).sum(group, from, to);
  }

  total(group: number): number {
    return this.group(group).total(group);
  }

  forEach(group: number, fn: (index: number, value: number) => void): void {
    this.group(group).forEach(group, fn);
  }

  /**
   * Every group at once, as per-group series a caller may go on adding to (the switch to per-group
   * sums when values stop being integers). This object is not to be used afterwards.
   */
  rollAll(): DenseColumns {
    this.flush();
    this.reading = true;
    const out = new DenseColumns();
    const byLeaf = this.byLeaf;
    this.links.forEachLink((leaf, group) => {
      byLeaf.forEach(leaf, (index, value) => out.add(group, index, value));
    });
    return out;
  }

  private group(group: number): DenseColumns {
    if (group >= this.rolled.length) {
      const grown = new Uint8Array(Math.max(group + 1, this.rolled.length * 2));
      grown.set(this.rolled);
      this.rolled = grown;
    }
    if (this.rolled[group] === 0) {
      this.reading = true;
      this.flush();
      this.rolled[group] = 1;
      const byLeaf = this.byLeaf;
      const byGroup = this.byGroup;
      this.links.forEachLeaf(group, (leaf) => {
        byLeaf.forEach(leaf, (index, value) => byGroup.add(group, index, value));
      });
    }
    return this.byGroup;
  }
}
