/**
 * Distinct counts in bounded memory: an exact set of 32-bit hashes while small, then a HyperLogLog
 * (Flajolet et al. 2007) of 2^precision one-byte registers (precision 12: 4 KiB, about 1.6 % standard
 * error). "Exact" means exact up to 32-bit hash collisions (about 1 in 8,000 for 1,000 values).
 * Counters of the same precision can be united (distinct callers over several days).
 */

/** 32-bit FNV-1a of a string's UTF-16 units, finished with MurmurHash3's fmix32 for even bits. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class DistinctCounter {
  /**
   * Exact mode: an open-addressing table of hashes as signed 32-bit integers (0 marks an empty cell;
   * a hash of 0 is stored as 1), sized to twice the values held; null once the sketch is in use.
   */
  private table: Int32Array | null = new Int32Array(8);
  private count = 0;
  private registers: Uint8Array | null = null;

  /**
   * @param exactLimit values kept exactly before switching to the sketch
   * @param precision HyperLogLog precision p (2^p registers), 4..16
   */
  constructor(
    readonly exactLimit = 1024,
    readonly precision = 12,
  ) {}

  /** Adds a value by its `hash32`. */
  addHash(h: number): void {
    if (this.table === null) {
      addToRegisters(this.registers!, this.precision, h);
      return;
    }
    if (insert(this.table, h | 0 || 1)) {
      this.count++;
      if (this.count > this.exactLimit) this.toSketch();
      else if (this.count * 2 > this.table.length) this.table = rehash(this.table, this.table.length * 2);
    }
  }

  add(value: string): void {
    this.addHash(hash32(value));
  }

  /** True while the count is exact (no sketch yet). */
  get isExact(): boolean {
    return this.table !== null;
  }

  /** Number of distinct values (estimated once the sketch is in use). */
  get size(): number {
    if (this.table !== null) return this.count;
    return estimate(this.registers!);
  }

  /** Distinct values over several counters of the same precision: exact when all of them are. */
  static union(counters: readonly DistinctCounter[]): { size: number; exact: boolean } {
    if (counters.length === 0) return { size: 0, exact: true };
    if (counters.every((c) => c.table !== null)) {
      if (counters.length === 1) return { size: counters[0].count, exact: true };
      const all = new Set<number>();
      for (const c of counters) for (const h of c.table!) if (h !== 0) all.add(h);
      return { size: all.size, exact: true };
    }
    const p = counters[0].precision;
    const merged = new Uint8Array(1 << p);
    for (const c of counters) {
      if (c.precision !== p) throw new Error('DistinctCounter.union: counters of different precision');
      if (c.table !== null) {
        for (const h of c.table) if (h !== 0) addToRegisters(merged, p, h);
      } else {
        const r = c.registers!;
        for (let i = 0; i < r.length; i++) if (r[i] > merged[i]) merged[i] = r[i];
      }
    }
    return { size: estimate(merged), exact: false };
  }

  private toSketch(): void {
    const registers = new Uint8Array(1 << this.precision);
    for (const h of this.table!) if (h !== 0) addToRegisters(registers, this.precision, h);
    this.registers = registers;
    this.table = null;
  }
}

/** Inserts a non-zero value into an open-addressing table; false when it was already there. */
function insert(table: Int32Array, v: number): boolean {
  const mask = table.length - 1;
  let i = (v ^ (v >>> 16)) & mask;
  for (;;) {
    const cell = table[i];
    if (cell === 0) {
      table[i] = v;
      return true;
    }
    if (cell === v) return false;
    i = (i + 1) & mask;
  }
}

function rehash(table: Int32Array, size: number): Int32Array {
  const grown = new Int32Array(size);
  for (const v of table) if (v !== 0) insert(grown, v);
  return grown;
}

function addToRegisters(registers: Uint8Array, p: number, h: number): void {
  h >>>= 0;
  const index = h >>> (32 - p);
  const rest = (h << p) >>> 0;
  const rank = rest === 0 ? 32 - p + 1 : Math.clz32(rest) + 1;
  if (rank > registers[index]) registers[index] = rank;
}

/** HyperLogLog estimate with the small-range (linear counting) and 32-bit large-range corrections. */
function estimate(registers: Uint8Array): number {
  const m = registers.length;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < m; i++) {
    sum += 2 ** -registers[i];
    if (registers[i] === 0) zeros++;
  }
  const alpha = 0.7213 / (1 + 1.079 / m);
  let e = (alpha * m * m) / sum;
  if (e <= 2.5 * m && zeros > 0) e = m * Math.log(m / zeros);
  else if (e > 2 ** 32 / 30) e = -(2 ** 32) * Math.log(1 - e / 2 ** 32);
  return Math.round(e);
}
