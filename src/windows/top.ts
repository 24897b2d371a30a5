/**
 * The `top` grouping view: the busiest keys (callers, callees, number prefixes, caller countries) per
 * time window, and over all windows. One pass, never keeps a record.
 *
 * Windows: a length that is a whole number of days is counted in local calendar days of the run's zone
 * (a DST day has 23 or 25 hours); any other length is a fixed slice of time (an hour is always 3,600 s),
 * aligned on midnight of the zone's standard time, so `6h` windows start at 00:00, 06:00... in winter.
 *
 * Memory grows with distinct keys and distinct (key, window) pairs, never with rows: each pair is a slot
 * in typed arrays (about 50 bytes with its index entry: calls, answered, the first two counterparts),
 * found through an open-addressing index, so a pair costs no JavaScript object. Distinct counterparts are
 * counted on 53-bit hashes of the numbers (two numbers colliding: below one chance in 10^10 per pair),
 * exactly while a pair has at most `EXACT_DISTINCT` (256) of them (a `Distinct` of distinct.ts from the
 * third on); above that the pair switches to a HyperLogLog sketch of 4,096 registers (4 KiB, standard
 * error 1.6 %) and its count is flagged `distinctApprox`.
 */

import { fmix32 } from '../records/number-set.js';
import type { NumberBook } from '../records/numbers.js';
import type { CallRecord } from '../records/record.js';
import type { Clock } from '../records/time.js';
import { DAY, localDayIndex, localDayStart, MINUTE, parseWindow } from './buckets.js';
import { Distinct, hash53 } from './distinct.js';

export const TOP_KEYS = ['caller', 'callee', 'caller-prefix', 'callee-prefix', 'caller-country'] as const;
export type TopKey = (typeof TOP_KEYS)[number];

export function isTopKey(text: string): text is TopKey {
  return (TOP_KEYS as readonly string[]).includes(text);
}

// ---------------------------------------------------------------------------------------------------
// Windows

/** How instants are cut into windows: local days for whole-day lengths, fixed slices otherwise. */
export interface WindowScheme {
  /** Window length as given (milliseconds). */
  ms: number;
  kind: 'local-days' | 'fixed';
  /** Index of the window holding an instant. */
  index(epochMs: number): number;
  /** First instant of a window. */
  start(index: number): number;
  /** First instant after a window (exclusive end). */
  end(index: number): number;
}

/** Shortest window accepted (one second). */
export const MIN_WINDOW_MS = 1000;

/** Parses `--window` (`30m`, `1h`, `1d`, `7d`...) into milliseconds; NaN when malformed or too short. */
export function parseWindowOption(text: string): number {
  const ms = parseWindow(text);
  if (!Number.isFinite(ms) || ms < MIN_WINDOW_MS || !Number.isInteger(ms)) return Number.NaN;
  return ms;
}

export function windowScheme(ms: number, clock: Clock): WindowScheme {
  if (ms % DAY === 0) {
    const days = ms / DAY;
    return {
      ms,
      kind: 'local-days',
      index: (t) => Math.floor(localDayIndex(clock, t) / days),
      start: (i) => localDayStart(clock, i * days),
      end: (i) => localDayStart(clock, (i + 1) * days),
    };
  }
  const align = standardOffsetMs(clock);
  return {
    ms,
    kind: 'fixed',
    index: (t) => Math.floor((t + align) / ms),
    start: (i) => i * ms - align,
    end: (i) => (i + 1) * ms - align,
  };
}

/**
 * The zone's standard (winter) offset: the smaller of its January and July offsets in a fixed year, so
 * the same data gives the same windows whenever it is run.
 */
function standardOffsetMs(clock: Clock): number {
  const jan = clock.offsetMinutes(Date.UTC(2025, 0, 1));
  const jul = clock.offsetMinutes(Date.UTC(2025, 6, 1));
  return Math.min(jan, jul) * MINUTE;
}

// ---------------------------------------------------------------------------------------------------
// Aggregation

export interface TopOptions {
  by: TopKey;
  /** Window length in milliseconds (see `windowScheme`). */
  windowMs: number;
  /** National digits kept after the calling code for `*-prefix` keys. */
  prefixLength: number;
  /** Keys listed per window and overall. */
  limit: number;
  numbers: NumberBook;
  clock: Clock;
}

export interface TopEntry {
  key: string;
  calls: number;
  answered: number;
  /** Distinct numbers on the other side (callees for caller keys, callers for callee keys). */
  distinctCounterparts: number;
  /** True when `distinctCounterparts` is a HyperLogLog estimate (above EXACT_DISTINCT). */
  distinctApprox: boolean;
}

export interface TopWindow {
  start: number;
  /** Exclusive. */
  end: number;
  calls: number;
  /** Distinct keys in the window. */
  keys: number;
  top: TopEntry[];
}

export interface TopResult {
  by: TopKey;
  windowMs: number;
  windowKind: WindowScheme['kind'];
  prefixLength: number;
  limit: number;
  /** Records counted. */
  calls: number;
  overall: { keys: number; top: TopEntry[] };
  /** Windows holding at least one call, in time order. */
  windows: TopWindow[];
  /** True when any listed distinct count is an estimate. */
  distinctApprox: boolean;
}

export interface TopRun {
  observe(r: CallRecord): void;
  finish(): TopResult;
}

/** Key of a canonical number for a grouping (`keyOf(book, '+33612345678', 'callee-prefix', 1)` = `+336`). */
export function keyOf(numbers: NumberBook, value: string, by: TopKey, prefixLength: number): string {
  if (by === 'caller' || by === 'callee') return value;
  const info = numbers.info(value);
  if (by === 'caller-country') {
    if (info.kind === 'e164') return info.country ?? `+${info.callingCode}`;
    if (info.kind === 'withheld') return value;
    return info.kind === 'short' ? 'short-code' : 'unknown';
  }
  // Prefixes exist only for E.164 numbers; anything else (withheld, short codes, raw strings) is its own key.
  if (info.kind !== 'e164' || info.callingCode === undefined || info.national === undefined) return value;
  return `+${info.callingCode}${info.national.slice(0, prefixLength)}`;
}

/**
 * Counters in growable typed arrays, one slot per (key, window) pair or per key: calls, answered, and
 * the hashes (+ 1, 0 = none) of the first two distinct counterparts; a third one moves the pair's
 * counterparts to a `Distinct` in `more`. Most pairs have one or two, so they cost no object.
 */
class Slots {
  calls: Uint32Array = new Uint32Array(1024);
  answered: Uint32Array = new Uint32Array(1024);
  keyId: Uint32Array = new Uint32Array(1024);
  /** Ordinal of the window (order of first appearance). */
  ord: Uint32Array = new Uint32Array(1024);
  first: Float64Array = new Float64Array(1024);
  second: Float64Array = new Float64Array(1024);
  size = 0;
  readonly more = new Map<number, Distinct>();

  alloc(keyId: number, ord: number): number {
    if (this.size === this.calls.length) this.grow();
    const s = this.size++;
    this.keyId[s] = keyId;
    this.ord[s] = ord;
    return s;
  }

  count(s: number, answered: boolean, cpHash: number): void {
    this.calls[s]++;
    if (answered) this.answered[s]++;
    const v = cpHash + 1;
    const f = this.first[s];
    if (f === v) return;
    if (f === 0) {
      this.first[s] = v;
      return;
    }
    const sc = this.second[s];
    if (sc === v) return;
    if (sc === 0) {
      this.second[s] = v;
      return;
    }
    let d = this.more.get(s);
    if (d === undefined) {
      d = new Distinct();
      d.addHash(f - 1);
      d.addHash(sc - 1);
      this.more.set(s, d);
    }
    d.addHash(cpHash);
  }

  distinct(s: number): number {
    const d = this.more.get(s);
    if (d) return d.count;
    return (this.first[s] === 0 ? 0 : 1) + (this.second[s] === 0 ? 0 : 1);
  }

  entry(s: number, keys: readonly string[]): TopEntry {
    return {
      key: keys[this.keyId[s]],
      calls: this.calls[s],
      answered: this.answered[s],
      distinctCounterparts: this.distinct(s),
      distinctApprox: this.more.get(s)?.approx ?? false,
    };
  }

  private grow(): void {
    const n = this.calls.length * 2;
    this.calls = growU32(this.calls, n);
    this.answered = growU32(this.answered, n);
    this.keyId = growU32(this.keyId, n);
    this.ord = growU32(this.ord, n);
    this.first = growF64(this.first, n);
    this.second = growF64(this.second, n);
  }
}

function growU32(a: Uint32Array, n: number): Uint32Array {
  const b = new Uint32Array(n);
  b.set(a);
  return b;
}

function growF64(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

/** (window ordinal, key id) -> slot: open addressing over an Int32Array (-1 = empty), load under 1/2. */
class PairIndex {
  private table = new Int32Array(4096).fill(-1);
  private used = 0;

  constructor(private readonly slots: Slots) {}

  /** The pair's slot, allocated on first sight. */
  slot(ord: number, keyId: number): number {
    const { table, slots } = this;
    const mask = table.length - 1;
    let i = pairHash(ord, keyId) & mask;
    for (;;) {
      const s = table[i];
      if (s < 0) break;
      if (slots.keyId[s] === keyId && slots.ord[s] === ord) return s;
      i = (i + 1) & mask;
    }
    const s = slots.alloc(keyId, ord);
    table[i] = s;
    if (++this.used * 2 > table.length) this.grow();
    return s;
  }

  private grow(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    const { slots } = this;
    for (let s = 0; s < slots.size; s++) {
      let i = pairHash(slots.ord[s], slots.keyId[s]) & mask;
      while (table[i] >= 0) i = (i + 1) & mask;
      table[i] = s;
    }
    this.table = table;
  }
}

function pairHash(ord: number, keyId: number): number {
  return fmix32(Math.imul(keyId, 0x9e3779b1) ^ Math.imul(ord + 1, 0x85ebca77));
}

/** Starts a `top` aggregation; feed it every record, then `finish()`. */
export function createTop(opts: TopOptions): TopRun {
  const scheme = windowScheme(opts.windowMs, opts.clock);
  const byCaller = opts.by === 'caller' || opts.by === 'caller-prefix' || opts.by === 'caller-country';
  const keys: string[] = [];
  const keyIds = new Map<string, number>();
  /** Canonical number -> key id (one lookup per row once a number has been seen); the same map when
   * numbers are their own keys. */
  const direct = opts.by === 'caller' || opts.by === 'callee';
  const valueKey = direct ? keyIds : new Map<string, number>();
  const pairs = new Slots();
  const index = new PairIndex(pairs);
  /** Window index -> ordinal, and per ordinal: window index, calls. */
  const ords = new Map<number, number>();
  const windowOf: number[] = [];
  const windowCalls: number[] = [];
  let lastWindow = Number.NaN;
  let lastOrd = -1;
  /** Overall slot of key id k is k. */
  const overall = new Slots();
  let calls = 0;

  const keyIdOf = (value: string): number => {
    let id = valueKey.get(value);
    if (id !== undefined) return id;
    const key = direct ? value : keyOf(opts.numbers, value, opts.by, opts.prefixLength);
    id = direct ? undefined : keyIds.get(key);
    if (id === undefined) {
      id = keys.length;
      keys.push(key);
      keyIds.set(key, id);
      overall.alloc(id, 0);
    }
    if (!direct) valueKey.set(value, id);
    return id;
  };

  const ordOf = (w: number): number => {
    if (w === lastWindow) return lastOrd;
    let ord = ords.get(w);
    if (ord === undefined) {
      ord = windowOf.length;
      ords.set(w, ord);
      windowOf.push(w);
      windowCalls.push(0);
    }
    lastWindow = w;
    lastOrd = ord;
    return ord;
  };

  return {
    observe(r) {
      calls++;
      const cpHash = hash53(byCaller ? r.callee : r.caller);
      const answered = r.status === 'answered';
      const id = keyIdOf(byCaller ? r.caller : r.callee);
      overall.count(id, answered, cpHash);
      const ord = ordOf(scheme.index(r.start));
      windowCalls[ord]++;
      pairs.count(index.slot(ord, id), answered, cpHash);
    },

    finish() {
      let approx = false;
      const pick = (table: Slots, from: number, to: number, slotIds: Uint32Array | null): TopEntry[] => {
        const top = topSlots(table, keys, from, to, slotIds, opts.limit).map((s) => table.entry(s, keys));
        for (const e of top) if (e.distinctApprox) approx = true;
        return top;
      };
      const overallTop = pick(overall, 0, keys.length, null);
      // Group the pair slots by window ordinal (counting sort), then list windows in time order.
      const n = windowOf.length;
      const startAt = new Uint32Array(n + 1);
      for (let s = 0; s < pairs.size; s++) startAt[pairs.ord[s] + 1]++;
      for (let o = 0; o < n; o++) startAt[o + 1] += startAt[o];
      const grouped = new Uint32Array(pairs.size);
      const fill = startAt.slice(0, n);
      for (let s = 0; s < pairs.size; s++) grouped[fill[pairs.ord[s]]++] = s;
      const order = Array.from({ length: n }, (_, o) => o).sort((a, b) => windowOf[a] - windowOf[b]);
      const list: TopWindow[] = order.map((o) => ({
        start: scheme.start(windowOf[o]),
        end: scheme.end(windowOf[o]),
        calls: windowCalls[o],
        keys: startAt[o + 1] - startAt[o],
        top: pick(pairs, startAt[o], startAt[o + 1], grouped),
      }));
      return {
        by: opts.by,
        windowMs: opts.windowMs,
        windowKind: scheme.kind,
        prefixLength: opts.prefixLength,
        limit: opts.limit,
        calls,
        overall: { keys: keys.length, top: overallTop },
        windows: list,
        distinctApprox: approx,
      };
    },
  };
}

/** Runs `top` over records already in memory (tests, small data). */
export function topOf(records: Iterable<CallRecord>, opts: TopOptions): TopResult {
  const run = createTop(opts);
  for (const r of records) run.observe(r);
  return run.finish();
}

/**
 * The `limit` busiest slots among `slotIds[from..to)` (or slots `from..to` themselves when `slotIds` is
 * null): most calls, then most distinct counterparts, then key order. Keeps a small sorted list instead
 * of sorting every key of a window.
 */
function topSlots(
  table: Slots,
  keys: readonly string[],
  from: number,
  to: number,
  slotIds: Uint32Array | null,
  limit: number,
): number[] {
  const best: number[] = [];
  if (limit <= 0) return best;
  const before = (a: number, b: number): boolean => {
    const ca = table.calls[a];
    const cb = table.calls[b];
    if (ca !== cb) return ca > cb;
    const da = table.distinct(a);
    const db = table.distinct(b);
    if (da !== db) return da > db;
    return keys[table.keyId[a]] < keys[table.keyId[b]];
  };
  for (let k = from; k < to; k++) {
    const s = slotIds ? slotIds[k] : k;
    if (best.length === limit && !before(s, best[limit - 1])) continue;
    let i = best.length === limit ? limit - 1 : best.length;
    if (best.length < limit) best.push(s);
    while (i > 0 && before(s, best[i - 1])) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = s;
  }
  return best;
}
