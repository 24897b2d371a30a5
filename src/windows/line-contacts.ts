/**
 * What each followed line knows of each counterpart: the counterpart's calls to the line (count, short
 * ones, answered ones, first and last time) and the line's calls to it (first time, and the times of the
 * first `outTimesCap` of them), keyed by (line index, counterpart's NumberBook id). It replaces a
 * Map<string, object> per line, which costs a few hundred bytes per pair and keeps the row strings alive.
 *
 * Layout: pairs get dense indexes in order of first sight (an open-addressing table of int32 slots over
 * the `lines` / `numbers` columns). Most pairs see a single call (a stranger calls once, a dialler calls
 * once), so a pair starts compact: one time and a 3-bit code (about 30 bytes a pair with the table and room to grow). Its second
 * call moves it to a full record (counts, three times, a list of call times), which only a few pairs need.
 * The result is the same whatever the order of the calls: every field is a count, a minimum or a maximum,
 * and the kept call times are the first `outTimesCap` in arrival order, as a capped array would keep.
 */

import { pairHome } from './pair-index.js';

const MIN_ROWS = 1024;
const MIN_SLOTS = 2048;

/** `code` of a compact pair: -1 - flags (negative), a full record's index otherwise. */
const IN_SHORT = 1;
const IN_ANSWERED = 2;
/** The single call is the line's call to the counterpart (else the counterpart's call to the line). */
const OUT_CALL = 4;

/**
 * Capacity after `n` rows: a quarter as much again. Doubling would leave up to half of every column
 * unused (megabytes with a million pairs); copying more often costs little next to the calls themselves.
 */
function grown(n: number): number {
  return Math.max(MIN_ROWS, n + (n >> 2));
}

function growF64(a: Float64Array, n: number) {
  const out = new Float64Array(n);
  out.set(a);
  return out;
}

function growI32(a: Int32Array, n: number) {
  const out = new Int32Array(n);
  out.set(a);
  return out;
}

export class LineContacts {
  /** Pairs so far; pair `k` is (lines[k], numbers[k]). */
  size = 0;
  lines = new Int32Array(MIN_ROWS);
  numbers = new Int32Array(MIN_ROWS);
  /** Compact pair: the time of its single call. */
  private time = new Float64Array(MIN_ROWS);
  /** Compact pair: -1 - flags; full pair: index of its record. */
  private code = new Int32Array(MIN_ROWS);
  private slots = new Int32Array(MIN_SLOTS);
  private mask = MIN_SLOTS - 1;

  // Full records.
  private full = 0;
  private fInFirst = new Float64Array(MIN_ROWS);
  private fInLast = new Float64Array(MIN_ROWS);
  private fOutFirst = new Float64Array(MIN_ROWS);
  private fInCalls = new Int32Array(MIN_ROWS);
  private fInShort = new Int32Array(MIN_ROWS);
  private fInAnswered = new Int32Array(MIN_ROWS);
  /** Kept call times of the line to the counterpart: count and last node of a linked list. */
  private fOutKept = new Int32Array(MIN_ROWS);
  private fOutHead = new Int32Array(MIN_ROWS);

  // Call-time list nodes (full records only).
  private nodes = 0;
  private nodeTime = new Float64Array(MIN_ROWS);
  private nodeNext = new Int32Array(MIN_ROWS);

  /** Earliest time found by the last `keptOutTimesWithin`. */
  earliest = Number.POSITIVE_INFINITY;

  /** @param outTimesCap how many of the line's calls to one counterpart keep their time (the first ones). */
  constructor(private readonly outTimesCap: number) {}

  /** A call from `counterpart` to the followed line `line` at `t`. */
  addIn(line: number, counterpart: number, t: number, short: boolean, answered: boolean): void {
    const size = this.size;
    const k = this.pair(line, counterpart);
    if (k === size) {
      this.time[k] = t;
      this.code[k] = -1 - ((short ? IN_SHORT : 0) | (answered ? IN_ANSWERED : 0));
      return;
    }
    const f = this.fullOf(k);
    this.fInCalls[f]++;
    if (short) this.fInShort[f]++;
    if (answered) this.fInAnswered[f]++;
    if (t < this.fInFirst[f]) this.fInFirst[f] = t;
    if (t > this.fInLast[f]) this.fInLast[f] = t;
  }

  /** A call from the followed line `line` to `counterpart` at `t`. */
  addOut(line: number, counterpart: number, t: number): void {
    const size = this.size;
    const k = this.pair(line, counterpart);
    if (k === size) {
      this.time[k] = t;
      this.code[k] = -1 - OUT_CALL;
      return;
    }
    const f = this.fullOf(k);
    if (t < this.fOutFirst[f]) this.fOutFirst[f] = t;
    this.keepOutTime(f, t);
  }

  /** Index of the pair (line, counterpart), or -1. */
  find(line: number, counterpart: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let s = pairHome(line, counterpart, mask);
    for (;;) {
      const v = slots[s];
      if (v === 0) return -1;
      if (this.lines[v - 1] === line && this.numbers[v - 1] === counterpart) return v - 1;
      s = (s + 1) & mask;
    }
  }

  inCalls(k: number): number {
    const c = this.code[k];
    if (c >= 0) return this.fInCalls[c];
    return (-1 - c) & OUT_CALL ? 0 : 1;
  }

  inShort(k: number): number {
    const c = this.code[k];
    if (c >= 0) return this.fInShort[c];
    const flags = -1 - c;
    return flags & OUT_CALL ? 0 : flags & IN_SHORT ? 1 : 0;
  }

  inAnswered(k: number): number {
    const c = this.code[k];
    if (c >= 0) return this.fInAnswered[c];
    const flags = -1 - c;
    return flags & OUT_CALL ? 0 : flags & IN_ANSWERED ? 1 : 0;
  }

  /** First call to the line (+Infinity when none). */
  inFirst(k: number): number {
    const c = this.code[k];
    if (c >= 0) return this.fInFirst[c];
    return (-1 - c) & OUT_CALL ? Number.POSITIVE_INFINITY : this.time[k];
  }

  /** Last call to the line (-Infinity when none). */
  inLast(k: number): number {
    const c = this.code[k];
    if (c >= 0) return this.fInLast[c];
    return (-1 - c) & OUT_CALL ? Number.NEGATIVE_INFINITY : this.time[k];
  }

  /** First call of the line to the counterpart (+Infinity when none). */
  outFirst(k: number): number {
    const c = this.code[k];
    if (c >= 0) return this.fOutFirst[c];
    return (-1 - c) & OUT_CALL ? this.time[k] : Number.POSITIVE_INFINITY;
  }

  /**
   * How many kept call times of the line to the counterpart lie in [from, to]; the earliest of them goes
   * to `earliest` (+Infinity when none).
   */
  keptOutTimesWithin(k: number, from: number, to: number): number {
    this.earliest = Number.POSITIVE_INFINITY;
    const c = this.code[k];
    if (c < 0) {
      const t = this.time[k];
      if ((-1 - c) & OUT_CALL && t >= from && t <= to) {
        this.earliest = t;
        return 1;
      }
      return 0;
    }
    let n = 0;
    for (let node = this.fOutHead[c]; node >= 0; node = this.nodeNext[node]) {
      const t = this.nodeTime[node];
      if (t >= from && t <= to) {
        n++;
        if (t < this.earliest) this.earliest = t;
      }
    }
    return n;
  }

  /** Index of the pair, added at the end (index `size`) when new. */
  private pair(line: number, counterpart: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let s = pairHome(line, counterpart, mask);
    for (;;) {
      const v = slots[s];
      if (v === 0) break;
      if (this.lines[v - 1] === line && this.numbers[v - 1] === counterpart) return v - 1;
      s = (s + 1) & mask;
    }
    const k = this.size;
    if (k === this.lines.length) {
      const n = grown(k);
      this.lines = growI32(this.lines, n);
      this.numbers = growI32(this.numbers, n);
      this.time = growF64(this.time, n);
      this.code = growI32(this.code, n);
    }
    this.lines[k] = line;
    this.numbers[k] = counterpart;
    slots[s] = k + 1;
    this.size = k + 1;
    if (this.size * 4 > slots.length * 3) this.rehash();
    return k;
  }

  /** The full record of pair `k`, made from its compact state on its second call. */
  private fullOf(k: number): number {
    const c = this.code[k];
    if (c >= 0) return c;
    const f = this.full++;
    if (f === this.fInFirst.length) this.growFull();
    const flags = -1 - c;
    const t = this.time[k];
    this.fOutHead[f] = -1;
    this.fOutKept[f] = 0;
    if (flags & OUT_CALL) {
      this.fInCalls[f] = 0;
      this.fInShort[f] = 0;
      this.fInAnswered[f] = 0;
      this.fInFirst[f] = Number.POSITIVE_INFINITY;
      this.fInLast[f] = Number.NEGATIVE_INFINITY;
      this.fOutFirst[f] = t;
      this.keepOutTime(f, t);
    } else {
      this.fInCalls[f] = 1;
      this.fInShort[f] = flags & IN_SHORT ? 1 : 0;
      this.fInAnswered[f] = flags & IN_ANSWERED ? 1 : 0;
      this.fInFirst[f] = t;
      this.fInLast[f] = t;
      this.fOutFirst[f] = Number.POSITIVE_INFINITY;
    }
    this.code[k] = f;
    return f;
  }

  private keepOutTime(f: number, t: number): void {
    if (this.fOutKept[f] >= this.outTimesCap) return;
    this.fOutKept[f]++;
    const node = this.nodes++;
    if (node === this.nodeTime.length) {
      const n = grown(node);
      this.nodeTime = growF64(this.nodeTime, n);
      this.nodeNext = growI32(this.nodeNext, n);
    }
    this.nodeTime[node] = t;
    this.nodeNext[node] = this.fOutHead[f];
    this.fOutHead[f] = node;
  }

  private growFull(): void {
    const n = grown(this.full);
    this.fInFirst = growF64(this.fInFirst, n);
    this.fInLast = growF64(this.fInLast, n);
    this.fOutFirst = growF64(this.fOutFirst, n);
    this.fInCalls = growI32(this.fInCalls, n);
    this.fInShort = growI32(this.fInShort, n);
    this.fInAnswered = growI32(this.fInAnswered, n);
    this.fOutKept = growI32(this.fOutKept, n);
    this.fOutHead = growI32(this.fOutHead, n);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let k = 0; k < this.size; k++) {
      let s = pairHome(this.lines[k], this.numbers[k], mask);
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = k + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
