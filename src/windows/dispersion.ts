/**
 * Dispersion and clustering helpers for the detectors that look at regularity (cadence, durations) and
 * at bursts of first contacts: quantiles, coefficient of variation, densest time window, tails of counts.
 */
import { logFactorial, poissonTail } from './baseline.js';

/** Quantile (linear interpolation, type 7) of an ascending-sorted list; NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Coefficient of variation (population standard deviation / mean) of a list; NaN for fewer than two
 * values or a zero mean. Arrivals of a Poisson process have inter-arrival CV 1; a scheduled dialer has
 * a CV near 0.
 */
export function coefficientOfVariation(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  if (mean === 0) return Number.NaN;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (values[i] - mean) ** 2;
  return Math.sqrt(sq / n) / mean;
}

/**
 * Relative spread of a list: interquartile range divided by the median (0 = identical values). NaN for
 * fewer than three values or a zero median.
 */
export function relativeIqr(values: ArrayLike<number>): number {
  if (values.length < 3) return Number.NaN;
  const s = Float64Array.from(values).sort();
  const med = quantileSorted(s, 0.5);
  if (med === 0) return Number.NaN;
  return (quantileSorted(s, 0.75) - quantileSorted(s, 0.25)) / med;
}

export interface DenseWindow {
  /** Index of the first event of the window in the sorted list. */
  first: number;
  /** Index of the last event of the window (inclusive). */
  last: number;
  /** Events in the window. */
  count: number;
}

/**
 * The window of `width` (same unit as the times) holding the most events of an ascending-sorted list;
 * ties go to the earliest window. Null for an empty list.
 */
export function densestWindow(sorted: ArrayLike<number>, width: number): DenseWindow | null {
  const n = sorted.length;
  if (n === 0) return null;
  let best: DenseWindow = { first: 0, last: 0, count: 1 };
  let lo = 0;
  for (let hi = 0; hi < n; hi++) {
    while (sorted[hi] - sorted[lo] >= width) lo++;
    if (hi - lo + 1 > best.count) best = { first: lo, last: hi, count: hi - lo + 1 };
  }
  return best;
}

/** Rounds to two decimals (metrics). */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** A metric value: rounded to two decimals, or null when not computable. */
export function metric(x: number): number | null {
  return Number.isFinite(x) ? round2(x) : null;
}

export interface WindowSurprise {
  /** `poisson`: the key's own rate outside the window; `floor`: too little history outside it. */
  method: 'poisson' | 'floor';
  /** Events expected in a window at the outside rate (null for `floor`). */
  expected: number | null;
  /** P[X >= inWindow] under that rate (null for `floor`). */
  pValue: number | null;
}

/**
 * How surprising `inWindow` events in a window of `windowMs` are, given `total` events over a history of
 * `spanMs` (window included). The outside rate is used only with at least one window's length of history
 * outside; half an event stands in for zero, so a clean history is not infinitely strict.
 */
export function windowSurprise(
  inWindow: number,
  total: number,
  spanMs: number,
  windowMs: number,
): WindowSurprise {
  const outsideMs = spanMs - windowMs;
  if (!(outsideMs >= windowMs)) return { method: 'floor', expected: null, pValue: null };
  const outside = Math.max(total - inWindow, 0.5);
  const expected = (outside / outsideMs) * windowMs;
  return { method: 'poisson', expected, pValue: poissonTail(inWindow, expected) };
}

/**
 * P[X >= k] for X ~ Binomial(n, p): how surprising k "successes" out of n are when each has probability
 * p. Summed in log space from k up (terms shrink fast past the mean).
 */
export function binomialTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const lp = Math.log(p);
  const lq = Math.log(1 - p);
  const ln = logFactorial(n);
  let sum = 0;
  for (let i = k; i <= n; i++) {
    const term = Math.exp(ln - logFactorial(i) - logFactorial(n - i) + i * lp + (n - i) * lq);
    sum += term;
    if (i > n * p && term < sum * 1e-12) break;
  }
  return Math.min(1, sum);
}
