/**
 * The `timeline` view: calls to and from one number per window (in/out, answered/missed, distinct
 * counterparts), and the check of a claim such as "300 calls in 24 hours": sliding windows of a given
 * length, starting at each received call, that hold at least N received calls.
 *
 * Memory: one counter per window holding the number's calls; for the claim, the number's received calls
 * as (time, input, line) in typed arrays (16 bytes a call), never whole records.
 *
 * Direction is relative to the number: a call it placed is `out`, a call to it is `in` (a call from the
 * number to itself counts as `in`). `missed` counts calls with a known status other than answered
 * (missed, busy, failed, rejected, blocked, voicemail); calls of unknown status are neither answered
 * nor missed.
 */
import type { CallRecord } from '../records/record.js';
import type { Clock } from '../records/time.js';
import { Distinct, hash53 } from './distinct.js';
import { windowScheme } from './top.js';

export interface TimelineOptions {
  /** Canonical form of the number (as NumberBook.canonical gives it). */
  number: string;
  /** Bucket length and sliding-window length, milliseconds. */
  windowMs: number;
  /** Check for sliding windows with at least this many received calls (`--min-count`). */
  minCount?: number;
  clock: Clock;
}

export interface TimelineCounts {
  calls: number;
  in: number;
  out: number;
  answered: number;
  missed: number;
  distinctCounterparts: number;
  /** True when `distinctCounterparts` is an estimate (see Distinct in distinct.ts). */
  distinctApprox: boolean;
}

export interface TimelineBucket extends TimelineCounts {
  start: number;
  /** Exclusive. */
  end: number;
}

export interface CallRef {
  /** Input index. */
  input: number;
  line: number;
  start: number;
}

/** A run of overlapping sliding windows that each hold at least `minCount` received calls. */
export interface Episode {
  /** Start of the first qualifying window (a call time). */
  start: number;
  /** End of the last qualifying window (exclusive). */
  end: number;
  /** Most received calls in one window of the run. */
  peak: number;
  /** Received calls between `start` and `end`. */
  calls: number;
}

export interface ClaimCheck {
  minCount: number;
  windowMs: number;
  /** True when some window of `windowMs` held at least `minCount` received calls. */
  reached: boolean;
  /** The window (starting at a received call) holding the most received calls; null without any. */
  busiest: { start: number; end: number; calls: number; rows: CallRef[] } | null;
  /** Every run of qualifying windows, in time order. */
  episodes: Episode[];
}

export interface TimelineResult extends TimelineCounts {
  number: string;
  windowMs: number;
  windowKind: 'local-days' | 'fixed';
  /** Windows holding at least one call, in time order. */
  buckets: TimelineBucket[];
  claim: ClaimCheck | null;
}

export interface TimelineRun {
  observe(r: CallRecord): void;
  finish(): TimelineResult;
}

class Counts {
  calls = 0;
  in = 0;
  out = 0;
  answered = 0;
  missed = 0;
  readonly distinct = new Distinct();

  count(r: CallRecord, incoming: boolean, counterpart: number): void {
    this.calls++;
    if (incoming) this.in++;
    else this.out++;
    if (r.status === 'answered') this.answered++;
    else if (r.status !== 'unknown') this.missed++;
    this.distinct.addHash(counterpart);
  }

  view(): TimelineCounts {
    return {
      calls: this.calls,
      in: this.in,
      out: this.out,
      answered: this.answered,
      missed: this.missed,
      distinctCounterparts: this.distinct.count,
      distinctApprox: this.distinct.approx,
    };
  }
}

/** (time, input, line) of calls in growable typed arrays. */
class CallRefs {
  time = new Float64Array(256);
  input = new Uint32Array(256);
  line = new Uint32Array(256);
  size = 0;

  push(t: number, input: number, line: number): void {
    if (this.size === this.time.length) {
      const n = this.size * 2;
      const time = new Float64Array(n);
      time.set(this.time);
      this.time = time;
      const inp = new Uint32Array(n);
      inp.set(this.input);
      this.input = inp;
      const ln = new Uint32Array(n);
      ln.set(this.line);
      this.line = ln;
    }
    this.time[this.size] = t;
    this.input[this.size] = input;
    this.line[this.size] = line;
    this.size++;
  }

  /** Indexes in time order (then input, then line, so the order is the same on every run). */
  order(): Uint32Array {
    const o = new Uint32Array(this.size);
    for (let i = 0; i < o.length; i++) o[i] = i;
    const { time, input, line } = this;
    return o.sort((a, b) => time[a] - time[b] || input[a] - input[b] || line[a] - line[b]);
  }
}

export function createTimeline(opts: TimelineOptions): TimelineRun {
  const scheme = windowScheme(opts.windowMs, opts.clock);
  const target = opts.number;
  const buckets = new Map<number, Counts>();
  const total = new Counts();
  const received = opts.minCount !== undefined ? new CallRefs() : null;

  return {
    observe(r) {
      const incoming = r.callee === target;
      if (!incoming && r.caller !== target) return;
      const counterpart = hash53(incoming ? r.caller : r.callee);
      const w = scheme.index(r.start);
      let c = buckets.get(w);
      if (c === undefined) {
        c = new Counts();
        buckets.set(w, c);
      }
      c.count(r, incoming, counterpart);
      total.count(r, incoming, counterpart);
      if (incoming && received) received.push(r.start, r.input, r.line);
    },

    finish() {
      const list = [...buckets.keys()]
        .sort((a, b) => a - b)
        .map((w) => ({ start: scheme.start(w), end: scheme.end(w), ...buckets.get(w)!.view() }));
      return {
        number: target,
        windowMs: opts.windowMs,
        windowKind: scheme.kind,
        ...total.view(),
        buckets: list,
        claim: received ? checkClaim(received, opts.windowMs, opts.minCount!) : null,
      };
    },
  };
}

/** Runs `timeline` over records already in memory (tests, small data). */
export function timelineOf(records: Iterable<CallRecord>, opts: TimelineOptions): TimelineResult {
  const run = createTimeline(opts);
  for (const r of records) run.observe(r);
  return run.finish();
}

/**
 * Slides a window of `windowMs` over the received calls, one window starting at each call (the busiest
 * window of any start is always one of these), with two pointers: O(n log n) for the sort, O(n) after.
 */
function checkClaim(refs: CallRefs, windowMs: number, minCount: number): ClaimCheck {
  const o = refs.order();
  const t = refs.time;
  const n = o.length;
  let bestI = -1;
  let bestCount = 0;
  const episodes: Episode[] = [];
  let open: Episode | null = null;
  let openFirst = 0;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const start = t[o[i]];
    // Calls at the same instant share a window: only the first of them starts one.
    if (i > 0 && t[o[i - 1]] === start) continue;
    if (j < i) j = i;
    while (j < n && t[o[j]] < start + windowMs) j++;
    const count = j - i;
    if (count > bestCount) {
      bestCount = count;
      bestI = i;
    }
    if (count < minCount) continue;
    if (open && start < open.end) {
      open.end = start + windowMs;
      if (count > open.peak) open.peak = count;
      open.calls = j - openFirst;
    } else {
      open = { start, end: start + windowMs, peak: count, calls: count };
      openFirst = i;
      episodes.push(open);
    }
  }
  let busiest: ClaimCheck['busiest'] = null;
  if (bestI >= 0) {
    const start = t[o[bestI]];
    const rows: CallRef[] = [];
    for (let k = bestI; k < bestI + bestCount; k++) {
      const x = o[k];
      rows.push({ input: refs.input[x], line: refs.line[x], start: refs.time[x] });
    }
    busiest = { start, end: start + windowMs, calls: bestCount, rows };
  }
  return { minCount, windowMs, reached: bestCount >= minCount, busiest, episodes };
}
