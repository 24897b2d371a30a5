/**
 * Baseline statistics for counts per window: robust location and spread (median, MAD, modified
 * z-score of Iglewicz & Hoaglin) and the Poisson upper tail for sparse counts.
 */

/** Median of a list of numbers (the list is copied, not modified). NaN for an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median absolute deviation from the median. */
export function mad(values: readonly number[], med = median(values)): number {
  return median(values.map((v) => Math.abs(v - med)));
}

/**
 * Modified z-score 0.6745·(x − median)/MAD; values above 3.5 are outliers (Iglewicz & Hoaglin 1993).
 * When MAD is 0 (most windows identical) the mean absolute deviation·1.253314 stands in, as is usual;
 * when that is 0 too, any x above the median scores +Infinity.
 */
export function modifiedZ(x: number, values: readonly number[]): number {
  const med = median(values);
  let spread = mad(values, med);
  if (spread > 0) return (0.6745 * (x - med)) / spread;
  let meanAbs = 0;
  for (const v of values) meanAbs += Math.abs(v - med);
  meanAbs /= values.length || 1;
  spread = meanAbs * 1.253314;
  if (spread > 0) return (0.6745 * (x - med)) / spread;
  return x > med ? Number.POSITIVE_INFINITY : 0;
}

/**
 * P[X >= k] for X ~ Poisson(lambda): how surprising k events are when lambda were expected.
 * Computed in log space so that large k does not underflow before it matters.
 */
export function poissonTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  // Sum P[X = i] for i >= k until terms are negligible.
  let logTerm = -lambda + k * Math.log(lambda) - logFactorial(k);
  let sum = 0;
  for (let i = k; i < k + 10_000; i++) {
    const term = Math.exp(logTerm);
    sum += term;
    if (term < sum * 1e-12 && i > lambda) break;
    logTerm += Math.log(lambda) - Math.log(i + 1);
  }
  return Math.min(1, sum);
}

const LOG_FACT_CACHE: number[] = [0];

/** ln(n!) exactly for small n, by Stirling's series above 1000. */
export function logFactorial(n: number): number {
  if (n < 1000) {
    for (let i = LOG_FACT_CACHE.length; i <= n; i++) LOG_FACT_CACHE[i] = LOG_FACT_CACHE[i - 1] + Math.log(i);
    return LOG_FACT_CACHE[n];
  }
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n);
}
