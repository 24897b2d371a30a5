/**
 * Scoring one window's count against the same key's history of comparable windows, and merging
 * flagged windows into episodes.
 *
 * The decision combines a minimum absolute count, a ratio to the key's usual level, the Poisson tail
 * probability of the count under that level, and, for counts that are not sparse, the robust modified
 * z-score (median/MAD, Iglewicz & Hoaglin 1993). The Poisson tail alone over-reacts on busy lines whose
 * day-to-day variation exceeds Poisson noise; MAD alone is undefined on sparse lines (MAD 0): each
 * covers the other's weakness.
 */
import { logFactorial, median, modifiedZ, poissonTail } from './baseline.js';

/** Below this median count per window, counts are treated as sparse (Poisson only; MAD is unreliable). */
export const SPARSE_MEDIAN = 5;

export interface ScoreOptions {
  /** Smallest count that can be anomalous. */
  minCount: number;
  /** Smallest ratio count / usual level. */
  minRatio: number;
  /** Smallest modified z-score (non-sparse counts). */
  zThreshold: number;
  /** Largest Poisson tail probability. */
  maxP: number;
}

export interface WindowScore {
  /** Mean count of the history windows. */
  mean: number;
  median: number;
  /** Level the ratio is taken against: max(mean, median, 3/n). */
  level: number;
  ratio: number;
  /** Modified z-score (may be +Infinity when the history is flat). */
  z: number;
  /** log10 of the Poisson tail probability P[X >= count] with rate max(mean, 3/n). */
  log10P: number;
  method: 'mad' | 'poisson';
  anomalous: boolean;
}

/**
 * Scores `count` against `history` (counts of comparable windows of the same key, at least one).
 * A key never seen in n windows gets the rate 3/n, the "rule of three" upper 95 % bound of a rate with
 * no event observed, so that a count after silence is judged against a plausible rate, not zero.
 */
export function scoreWindow(count: number, history: readonly number[], o: ScoreOptions): WindowScore {
  const n = history.length;
  let sum = 0;
  for (const v of history) sum += v;
  const mean = n > 0 ? sum / n : 0;
  const med = n > 0 ? median(history) : 0;
  const silent = n > 0 ? 3 / n : 1;
  const level = Math.max(mean, med, silent);
  const ratio = count / level;
  const z = n > 0 ? modifiedZ(count, history) : Number.POSITIVE_INFINITY;
  const log10P = poissonLog10Tail(count, Math.max(mean, silent));
  const method = med < SPARSE_MEDIAN ? 'poisson' : 'mad';
  const anomalous =
    count >= o.minCount &&
    ratio >= o.minRatio &&
    log10P <= Math.log10(o.maxP) &&
    (method === 'poisson' || z >= o.zThreshold);
  return { mean, median: med, level, ratio, z, log10P, method, anomalous };
}

/**
 * log10 P[X >= k] for X ~ Poisson(lambda), accurate far in the tail where the probability itself
 * underflows (a flood of 7,000 calls against a rate of 1,000 has log10 P near -2,000).
 */
export function poissonLog10Tail(k: number, lambda: number): number {
  if (k <= 0) return 0;
  if (lambda <= 0) return Number.NEGATIVE_INFINITY;
  if (k <= lambda) return Math.log10(poissonTail(k, lambda));
  // P[X = k] in log space, times the sum of the ratios P[X = i] / P[X = k] for i >= k.
  const logFirst = -lambda + k * Math.log(lambda) - logFactorial(k);
  let term = 1;
  let sum = 1;
  for (let i = k + 1; i < k + 100_000; i++) {
    term *= lambda / i;
    sum += term;
    if (term < sum * 1e-15) break;
  }
  return (logFirst + Math.log(sum)) / Math.LN10;
}

/** A half-open interval of window indexes or instants: `[start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** Merges spans that overlap or are separated by at most `gap`; returns them sorted by start. */
export function mergeSpans(spans: readonly Span[], gap = 0): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end + gap) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** Rounds to 2 decimals (metrics). */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
