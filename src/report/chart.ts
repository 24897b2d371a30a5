/**
 * Calls over time as an inline SVG bar chart (no script, no external resource): the supporting calls of
 * a finding per hour, day or week, the finding's period as a shaded band and the usual level (baseline)
 * as a dashed line when the detector measured one.
 *
 * Counts are kept per bucket of local wall-clock hours ("local hours": hours since 1970-01-01 00:00 in
 * the report's zone, as if that zone had no offset changes), so days start at local midnight and weeks
 * on Monday; the chart merges buckets so that it never draws more than `MAX_BARS` bars.
 */
import type { Lang } from '../evidence/document.js';
import type { Clock } from '../records/time.js';
import { html } from './escape.js';
import { bucketUnit, formatNumber, formatWall, strings } from './i18n.js';

const HOUR_MS = 3_600_000;
/** 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Monday. */
const WEEK_SHIFT_HOURS = 72;
const MAX_BARS = 120;
const BUCKET_SIZES = [1, 2, 3, 6, 12, 24, 48, 168, 336, 672, 1344, 2688, 5376, 8736];

/** Local hour (see the header) of an instant. */
export function localHour(t: number, clock: Clock): number {
  return Math.floor((t + clock.offsetMinutes(t) * 60_000) / HOUR_MS);
}

/** Index of the bucket of `hours` local hours holding local hour `h` (weeks start on Monday). */
export function bucketOf(h: number, hours: number): number {
  return Math.floor((h + (hours % 168 === 0 ? WEEK_SHIFT_HOURS : 0)) / hours);
}

/** First local hour of bucket `index` of `hours` hours. */
export function bucketStart(index: number, hours: number): number {
  return index * hours - (hours % 168 === 0 ? WEEK_SHIFT_HOURS : 0);
}

export interface ChartInput {
  /** Calls per bucket: bucket index (`bucketOf`) -> count. */
  counts: ReadonlyMap<number, number>;
  /** Size of those buckets in local hours (1, 24 or 168). */
  unitHours: number;
  /** The finding's period (epoch ms). */
  windowStart: number;
  windowEnd: number;
  /** Usual calls per day before the finding, when the detector measured it. */
  baselinePerDay?: number | null;
  /** Finding id, for element ids and the accessible name. */
  id: string;
  clock: Clock;
  lang: Lang;
}

export interface ChartBucket {
  /** Start of the bucket in local wall-clock ms (format with `formatWall`). */
  wallMs: number;
  count: number;
  inWindow: boolean;
}

export interface Chart {
  svg: string;
  /** Hours per bar. */
  bucketHours: number;
  /** Every bar from the first to the last (zero counts included). */
  buckets: ChartBucket[];
}

const W = 760;
const H = 270;
const M = { left: 52, right: 14, top: 34, bottom: 46 };
const COLORS = {
  bar: '#4f6fa8',
  barIn: '#b8322a',
  band: '#f3d3cf',
  grid: '#d9d9d9',
  axis: '#555555',
  baseline: '#1d1d1d',
};

export function callsChart(input: ChartInput): Chart {
  const s = strings(input.lang);
  const wStart = localHour(input.windowStart, input.clock);
  const wEnd = localHour(input.windowEnd, input.clock);
  let lo = wStart;
  let hi = wEnd;
  for (const key of input.counts.keys()) {
    const first = bucketStart(key, input.unitHours);
    if (first < lo) lo = first;
    if (first + input.unitHours - 1 > hi) hi = first + input.unitHours - 1;
  }
  // Some context around the rows and the period: 10 % each side, and at least a day of hours (two
  // weeks of days, twelve weeks of weeks) in all.
  const pad = Math.max(input.unitHours, Math.round((hi - lo + 1) * 0.1));
  lo -= pad;
  hi += pad;
  const minSpan = input.unitHours === 1 ? 24 : input.unitHours === 24 ? 14 * 24 : 12 * 168;
  const missing = minSpan - (hi - lo + 1);
  if (missing > 0) {
    lo -= Math.floor(missing / 2);
    hi += Math.ceil(missing / 2);
  }

  let size = BUCKET_SIZES[BUCKET_SIZES.length - 1];
  for (const b of BUCKET_SIZES) {
    if (b % input.unitHours !== 0) continue;
    if (bucketOf(hi, b) - bucketOf(lo, b) + 1 <= MAX_BARS) {
      size = b;
      break;
    }
  }
  const first = bucketOf(lo, size);
  const last = bucketOf(hi, size);
  const n = last - first + 1;
  const counts = new Array<number>(n).fill(0);
  for (const [key, count] of input.counts) {
    const i = bucketOf(bucketStart(key, input.unitHours), size) - first;
    if (i >= 0 && i < n) counts[i] += count;
  }
  const buckets: ChartBucket[] = counts.map((count, i) => {
    const startH = bucketStart(first + i, size);
    return {
      wallMs: startH * HOUR_MS,
      count,
      inWindow: startH + size - 1 >= wStart && startH <= wEnd,
    };
  });

  const unit = bucketUnit(size, input.lang);
  const baseline =
    input.baselinePerDay !== undefined && input.baselinePerDay !== null && input.baselinePerDay > 0
      ? (input.baselinePerDay * size) / 24
      : null;
  const maxCount = Math.max(0, ...counts);
  const yMax = Math.max(4, niceCeil(Math.max(maxCount, baseline ?? 0, 1) * 1.08));

  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x0 = bucketStart(first, size);
  const x1 = bucketStart(last + 1, size);
  const x = (h: number) => M.left + ((h - x0) / (x1 - x0)) * plotW;
  const y = (v: number) => M.top + plotH - (v / yMax) * plotH;
  const f = (v: number) => v.toFixed(1);

  const titleId = `chart-${input.id}-title`;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${html(titleId)}" font-family="inherit" font-size="11">`,
    `<title id="${html(titleId)}">${html(s.chartAria(input.id))}</title>`,
  );
  // Finding period.
  const bx0 = Math.max(M.left, x(wStart));
  const bx1 = Math.min(W - M.right, x(wEnd + 1));
  if (bx1 > bx0) {
    parts.push(
      `<rect class="band" x="${f(bx0)}" y="${M.top}" width="${f(Math.max(bx1 - bx0, 1.5))}" height="${plotH}" fill="${COLORS.band}"/>`,
    );
  }
  // Grid and y axis.
  for (const v of ticks(yMax)) {
    const yy = f(y(v));
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}" stroke="${COLORS.grid}" stroke-width="0.6"/>`,
      `<text x="${M.left - 6}" y="${yy}" dy="0.32em" text-anchor="end" fill="${COLORS.axis}">${html(formatNumber(v, input.lang, 1))}</text>`,
    );
  }
  // Bars.
  const slot = plotW / n;
  const gap = slot > 4 ? Math.min(2, slot * 0.15) : 0;
  for (let i = 0; i < n; i++) {
    if (counts[i] === 0) continue;
    const top = y(counts[i]);
    const color = buckets[i].inWindow ? COLORS.barIn : COLORS.bar;
    parts.push(
      `<rect class="bar" x="${f(M.left + i * slot + gap / 2)}" y="${f(top)}" width="${f(Math.max(slot - gap, 0.8))}" height="${f(M.top + plotH - top)}" fill="${color}"><title>${html(`${formatWall(buckets[i].wallMs, input.lang, size < 24, true)}: ${formatNumber(counts[i], input.lang)}`)}</title></rect>`,
    );
  }
  // Baseline.
  if (baseline !== null) {
    const yy = f(y(baseline));
    parts.push(
      `<line class="baseline" x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}" stroke="${COLORS.baseline}" stroke-width="1.4" stroke-dasharray="6 4"/>`,
    );
  }
  // X axis and labels.
  const axisY = M.top + plotH;
  parts.push(
    `<line x1="${M.left}" x2="${W - M.right}" y1="${axisY}" y2="${axisY}" stroke="${COLORS.axis}" stroke-width="1"/>`,
  );
  const every = Math.max(1, Math.ceil(n / 6));
  for (let i = 0; i < n; i += every) {
    const xx = f(M.left + i * slot);
    const label = formatWall(buckets[i].wallMs, input.lang, size < 24, i === 0);
    parts.push(
      `<line x1="${xx}" x2="${xx}" y1="${axisY}" y2="${axisY + 4}" stroke="${COLORS.axis}"/>`,
      `<text x="${xx}" y="${axisY + 16}" text-anchor="start" fill="${COLORS.axis}">${html(label)}</text>`,
    );
  }
  parts.push(
    `<text x="${W - M.right}" y="${H - 6}" text-anchor="end" fill="${COLORS.axis}">${html(`${s.callsLegend} / ${unit}`)}</text>`,
  );
  // Legend.
  let lx = M.left;
  const ly = 12;
  const legend = (mark: string, text: string): void => {
    parts.push(
      mark,
      `<text x="${lx + 18}" y="${ly + 5}" dy="0.32em" fill="${COLORS.axis}">${html(text)}</text>`,
    );
    lx += 30 + text.length * 5.6;
  };
  legend(`<rect x="${lx}" y="${ly}" width="12" height="10" fill="${COLORS.barIn}"/>`, s.callsLegend);
  legend(
    `<rect x="${lx}" y="${ly}" width="12" height="10" fill="${COLORS.band}" stroke="${COLORS.grid}"/>`,
    s.windowLegend,
  );
  if (baseline !== null) {
    legend(
      `<line x1="${lx}" x2="${lx + 12}" y1="${ly + 5}" y2="${ly + 5}" stroke="${COLORS.baseline}" stroke-width="1.4" stroke-dasharray="4 2"/>`,
      s.baselineLegend(formatNumber(baseline, input.lang, baseline < 0.1 ? 3 : baseline < 1 ? 2 : 1), unit),
    );
  }
  if (maxCount === 0) {
    parts.push(
      `<text x="${M.left + plotW / 2}" y="${M.top + plotH / 2}" text-anchor="middle" fill="${COLORS.axis}">${html(s.chartNoData)}</text>`,
    );
  }
  parts.push('</svg>');
  return { svg: parts.join(''), bucketHours: size, buckets };
}

/** Smallest "round" number (1, 2, 2.5, 5 x 10^k) at or above v. */
function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function ticks(yMax: number): number[] {
  const out: number[] = [];
  for (let i = 0; i <= 4; i++) out.push((yMax * i) / 4);
  return out;
}
