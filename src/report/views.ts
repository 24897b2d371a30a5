/**
 * Renderers of the grouping views `top` and `timeline`: terminal tables, JSON documents
 * (schemas `cdrscope.top/1` and `cdrscope.timeline/1`) and CSV. They only format what the aggregation
 * found; values from the data are escaped for each output (plain() for the terminal, CSV quoting).
 */
import Table from 'cli-table3';
import type { AnalyzedInput } from '../analyze.js';
import { TIME_RULES } from '../evidence/document.js';
import type { Clock } from '../records/time.js';
import { TOOL } from '../version.js';
import { DAY, HOUR, MINUTE } from '../windows/buckets.js';
import { EXACT_DISTINCT } from '../windows/distinct.js';
import type { TimelineBucket, TimelineResult } from '../windows/timeline.js';
import { type TopEntry, type TopResult, type TopWindow, windowScheme } from '../windows/top.js';
import { csvLine, plain } from './escape.js';

/** What every view states besides its own figures: the inputs, the zone, the country. */
export interface ViewContext {
  clock: Clock;
  country: string;
  inputs: readonly AnalyzedInput[];
  /** Records read within --since/--until over all inputs. */
  records: number;
  /** Instant the view was computed (epoch ms). */
  generatedAt: number;
}

export const DISTINCT_METHOD = `exact up to ${EXACT_DISTINCT} distinct numbers per count (a key in a window, or a window of the timeline); above that a HyperLogLog estimate (4,096 registers, standard error 1.6 %), flagged distinctApprox`;

/** A sliding window's length in hours when whole (`24h`, as claims are worded), else as formatWindow. */
export function formatSpan(ms: number): string {
  return ms % HOUR === 0 ? `${ms / HOUR}h` : formatWindow(ms);
}

/** `1d`, `6h`, `30m`, `90s`: a window length as users write it. */
export function formatWindow(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  if (ms % MINUTE === 0) return `${ms / MINUTE}m`;
  return `${ms / 1000}s`;
}

// ---------------------------------------------------------------------------------------------------
// Shared pieces

function inputsJson(v: ViewContext) {
  const iso = (t: number | null) => (t === null ? null : v.clock.iso(t));
  return v.inputs.map((i) => ({
    path: i.path,
    sha256: i.sha256,
    format: i.format,
    rows: i.rows,
    rejected: i.rejected,
    skipped: i.skipped,
    outOfRange: i.outOfRange,
    firstCall: iso(i.firstStart),
    lastCall: iso(i.lastStart),
  }));
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${Math.round((part / whole) * 100)}%`;
}

function distinctText(n: number, approx: boolean): string {
  return approx ? `≈${n}` : String(n);
}

/** Header line and data-quality line of every terminal view. */
function terminalHeader(v: ViewContext, what: string): string {
  const rejected = v.inputs.reduce((n, i) => n + i.rejected, 0);
  const lines = [
    `cdrscope ${TOOL.version} · ${what} · ${v.records} calls from ${v.inputs.length} input(s) · zone ${v.clock.tz}`,
  ];
  if (rejected > 0) {
    lines.push(
      `${rejected} row(s) could not be read and are not counted (cdrscope inspect lists them with file:line).`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Local wall time `2026-03-02 14:00 +01:00` (the offset tells the repeated autumn hour apart). */
function wall(clock: Clock, t: number): string {
  const iso = clock.iso(t);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} ${iso.slice(19)}`;
}

/** A window as people read it: `2026-03-02` for a day, `2026-03-02 14:00 +01:00 (1h)` otherwise. */
function windowLabel(clock: Clock, kind: 'local-days' | 'fixed', ms: number, start: number): string {
  if (kind === 'local-days') {
    const day = clock.day(start);
    return ms === DAY ? day : `${day} (${formatWindow(ms)})`;
  }
  return wall(clock, start);
}

function shownKey(key: string): string {
  return key === '' ? '(empty)' : plain(key);
}

// ---------------------------------------------------------------------------------------------------
// top

const BY_LABEL: Record<TopResult['by'], [one: string, many: string]> = {
  caller: ['caller', 'callers'],
  callee: ['callee', 'callees'],
  'caller-prefix': ['caller prefix', 'caller prefixes'],
  'callee-prefix': ['callee prefix', 'callee prefixes'],
  'caller-country': ['caller country', 'caller countries'],
};

/** cli-table3 borders without a line between rows. */
const COMPACT = {
  chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  style: { head: [], border: [] },
};

function entryJson(e: TopEntry, rank: number) {
  return {
    rank,
    key: e.key,
    calls: e.calls,
    answered: e.answered,
    answeredShare: share(e.answered, e.calls),
    distinctCounterparts: e.distinctCounterparts,
    distinctApprox: e.distinctApprox,
  };
}

export function topDocument(t: TopResult, v: ViewContext) {
  const iso = (x: number) => v.clock.iso(x);
  const prefix = t.by === 'caller-prefix' || t.by === 'callee-prefix';
  return {
    schema: 'cdrscope.top/1',
    tool: TOOL,
    generatedAt: iso(v.generatedAt),
    timezone: v.clock.tz,
    timeRules: TIME_RULES.en,
    country: v.country,
    by: t.by,
    ...(prefix ? { prefixLength: t.prefixLength } : {}),
    window: formatWindow(t.windowMs),
    windowMs: t.windowMs,
    windowKind: t.windowKind,
    limit: t.limit,
    inputs: inputsJson(v),
    records: v.records,
    distinctMethod: DISTINCT_METHOD,
    distinctApprox: t.distinctApprox,
    overall: {
      start: t.windows.length ? iso(t.windows[0].start) : null,
      end: t.windows.length ? iso(t.windows[t.windows.length - 1].end) : null,
      calls: t.calls,
      keys: t.overall.keys,
      top: t.overall.top.map((e, i) => entryJson(e, i + 1)),
    },
    windows: t.windows.map((w) => ({
      start: iso(w.start),
      end: iso(w.end),
      calls: w.calls,
      keys: w.keys,
      top: w.top.map((e, i) => entryJson(e, i + 1)),
    })),
  };
}

export const TOP_CSV_HEADER = [
  'scope',
  'window_start',
  'window_end',
  'rank',
  'key',
  'calls',
  'answered',
  'answered_share',
  'distinct_counterparts',
  'distinct_approx',
];

/** One row per listed key: first the overall ranking (`scope` = `overall`), then each window's. */
export function topCsv(t: TopResult, v: ViewContext): string {
  const iso = (x: number) => v.clock.iso(x);
  const out = [csvLine(TOP_CSV_HEADER)];
  const rows = (scope: string, start: string, end: string, top: readonly TopEntry[]) => {
    top.forEach((e, i) => {
      out.push(
        csvLine([
          scope,
          start,
          end,
          i + 1,
          e.key,
          e.calls,
          e.answered,
          share(e.answered, e.calls),
          e.distinctCounterparts,
          String(e.distinctApprox),
        ]),
      );
    });
  };
  const first = t.windows[0];
  const last = t.windows[t.windows.length - 1];
  rows('overall', first ? iso(first.start) : '', last ? iso(last.end) : '', t.overall.top);
  for (const w of t.windows) rows('window', iso(w.start), iso(w.end), w.top);
  return out.join('');
}

export function topTable(t: TopResult, v: ViewContext): string {
  const what = `top ${t.limit} ${BY_LABEL[t.by][1]}${t.by.endsWith('prefix') ? ` (${t.prefixLength} digit(s) after the country code)` : ''} per ${formatWindow(t.windowMs)}`;
  let out = terminalHeader(v, what);
  if (t.calls === 0) return `${out}No calls to group.\n`;
  const table = new Table({
    head: ['window', '#', BY_LABEL[t.by][0], 'calls', 'distinct', 'answered'],
    ...COMPACT,
  });
  const push = (label: string, w: Pick<TopWindow, 'calls' | 'keys' | 'top'>) => {
    w.top.forEach((e, i) => {
      table.push([
        i === 0 ? label : '',
        String(i + 1),
        shownKey(e.key),
        String(e.calls),
        distinctText(e.distinctCounterparts, e.distinctApprox),
        `${e.answered} (${percent(e.answered, e.calls)})`,
      ]);
    });
    if (w.keys > w.top.length) {
      table.push(['', '', `… ${w.keys - w.top.length} more`, String(w.calls - sumCalls(w.top)), '', '']);
    }
  };
  push(`all (${t.windows.length} window(s))`, { calls: t.calls, keys: t.overall.keys, top: t.overall.top });
  for (const w of t.windows) push(windowLabel(v.clock, t.windowKind, t.windowMs, w.start), w);
  out += `${table.toString()}\n`;
  out += `distinct: counterparts (callees of a caller, callers of a callee); ≈ marks an estimate (${EXACT_DISTINCT}+ distinct).\n`;
  return out;
}

function sumCalls(top: readonly TopEntry[]): number {
  let n = 0;
  for (const e of top) n += e.calls;
  return n;
}

// ---------------------------------------------------------------------------------------------------
// timeline

export interface TimelineView extends ViewContext {
  /** --number as the user wrote it. */
  asWritten: string;
}

function countsJson(c: Omit<TimelineBucket, 'start' | 'end'>) {
  return {
    calls: c.calls,
    in: c.in,
    out: c.out,
    answered: c.answered,
    missed: c.missed,
    distinctCounterparts: c.distinctCounterparts,
    distinctApprox: c.distinctApprox,
  };
}

export function timelineDocument(t: TimelineResult, v: TimelineView) {
  const iso = (x: number) => v.clock.iso(x);
  const path = (input: number) => v.inputs[input]?.path ?? `#${input}`;
  return {
    schema: 'cdrscope.timeline/1',
    tool: TOOL,
    generatedAt: iso(v.generatedAt),
    timezone: v.clock.tz,
    timeRules: TIME_RULES.en,
    country: v.country,
    number: t.number,
    numberAsWritten: v.asWritten,
    window: formatWindow(t.windowMs),
    windowMs: t.windowMs,
    windowKind: t.windowKind,
    inputs: inputsJson(v),
    records: v.records,
    distinctMethod: DISTINCT_METHOD,
    totals: countsJson(t),
    buckets: t.buckets.map((b) => ({ start: iso(b.start), end: iso(b.end), ...countsJson(b) })),
    claim: t.claim
      ? {
          minCount: t.claim.minCount,
          window: formatSpan(t.claim.windowMs),
          windowMs: t.claim.windowMs,
          counts: 'received calls',
          reached: t.claim.reached,
          busiest: t.claim.busiest
            ? {
                start: iso(t.claim.busiest.start),
                end: iso(t.claim.busiest.end),
                calls: t.claim.busiest.calls,
                rows: t.claim.busiest.rows.map((r) => ({
                  file: path(r.input),
                  line: r.line,
                  start: iso(r.start),
                })),
              }
            : null,
          episodes: t.claim.episodes.map((e) => ({
            start: iso(e.start),
            end: iso(e.end),
            peak: e.peak,
            calls: e.calls,
          })),
        }
      : null,
  };
}

export const TIMELINE_CSV_HEADER = [
  'window_start',
  'window_end',
  'calls',
  'in',
  'out',
  'answered',
  'missed',
  'distinct_counterparts',
  'distinct_approx',
];
export const CLAIM_CSV_HEADER = ['file', 'line', 'start', 'window_start', 'window_end'];

/**
 * CSV of the timeline: one row per window holding calls; with --min-count, the rows (file, line) that
 * support the busiest sliding window instead, so the claim can be checked row by row.
 */
export function timelineCsv(t: TimelineResult, v: TimelineView): string {
  const iso = (x: number) => v.clock.iso(x);
  if (t.claim) {
    const out = [csvLine(CLAIM_CSV_HEADER)];
    const b = t.claim.busiest;
    if (b) {
      for (const r of b.rows) {
        out.push(csvLine([v.inputs[r.input]?.path, r.line, iso(r.start), iso(b.start), iso(b.end)]));
      }
    }
    return out.join('');
  }
  const out = [csvLine(TIMELINE_CSV_HEADER)];
  for (const b of t.buckets) {
    out.push(
      csvLine([
        iso(b.start),
        iso(b.end),
        b.calls,
        b.in,
        b.out,
        b.answered,
        b.missed,
        b.distinctCounterparts,
        String(b.distinctApprox),
      ]),
    );
  }
  return out.join('');
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const SPARKS = '▁▂▃▄▅▆▇█';
/** Width of the longest bar, in characters. */
export const BAR_WIDTH = 30;
/** Runs of more empty windows than this are folded into one line. */
const MAX_EMPTY_SHOWN = 2;
/** Supporting rows printed in the terminal (all of them in --json and --csv). */
export const TERMINAL_ROWS = 100;

/** A horizontal bar of unicode blocks, `value / max` of `width` characters (eighths of a block). */
export function bar(value: number, max: number, width = BAR_WIDTH): string {
  if (value <= 0 || max <= 0) return '';
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return '█'.repeat(eighths >> 3) + EIGHTHS[eighths & 7];
}

/** One character per value, ▁ to █ relative to the largest (a space for zero). */
export function sparkline(values: readonly number[]): string {
  let max = 0;
  for (const x of values) if (x > max) max = x;
  let s = '';
  for (const x of values) s += x <= 0 ? ' ' : SPARKS[Math.min(7, Math.floor((x / max) * 7.999))];
  return s;
}

export function timelineTable(t: TimelineResult, v: TimelineView): string {
  const scheme = windowScheme(t.windowMs, v.clock);
  const unit = t.windowKind === 'local-days' && t.windowMs === DAY ? 'day' : formatWindow(t.windowMs);
  let out = terminalHeader(v, `timeline of ${plain(t.number)} per ${unit}`);
  if (t.calls === 0) {
    out += `No call to or from ${plain(t.number)} in the inputs${v.asWritten !== t.number ? ` (--number ${plain(v.asWritten)} read as ${plain(t.number)})` : ''}.\n`;
    return out;
  }
  out += `${plain(t.number)}: ${t.calls} calls (${t.in} in, ${t.out} out), ${t.answered} answered, ${t.missed} missed, ${distinctText(t.distinctCounterparts, t.distinctApprox)} distinct counterparts\n`;

  // Rows for every window from the first to the last call; long empty runs folded.
  let max = 0;
  for (const b of t.buckets) if (b.calls > max) max = b.calls;
  const table = new Table({
    head: [unit === 'day' ? 'day' : 'window', 'calls', 'in', 'out', 'answered', 'missed', 'distinct', ''],
    ...COMPACT,
  });
  const series: number[] = [];
  let prev: number | null = null;
  for (const b of t.buckets) {
    const w = scheme.index(b.start);
    if (prev !== null && w - prev > 1) {
      const empty = w - prev - 1;
      for (let k = 0; k < empty && series.length < 10_000; k++) series.push(0);
      if (empty > MAX_EMPTY_SHOWN) {
        const what = unit === 'day' ? 'days' : `${unit} windows`;
        table.push([`… ${empty} empty ${what}`, '0', '', '', '', '', '', '']);
      } else {
        for (let k = prev + 1; k < w; k++) {
          table.push([
            windowLabel(v.clock, t.windowKind, t.windowMs, scheme.start(k)),
            '0',
            '',
            '',
            '',
            '',
            '',
            '',
          ]);
        }
      }
    }
    series.push(b.calls);
    table.push([
      windowLabel(v.clock, t.windowKind, t.windowMs, b.start),
      String(b.calls),
      String(b.in),
      String(b.out),
      String(b.answered),
      String(b.missed),
      distinctText(b.distinctCounterparts, b.distinctApprox),
      bar(b.calls, max),
    ]);
    prev = w;
  }
  if (series.length > 1 && series.length <= 120) out += `${sparkline(series)}\n`;
  out += `${table.toString()}\n`;
  if (t.claim) out += claimText(t, v);
  return out;
}

function claimText(t: TimelineResult, v: TimelineView): string {
  const c = t.claim!;
  const iso = (x: number) => v.clock.iso(x);
  const win = formatSpan(c.windowMs);
  const lines: string[] = [''];
  lines.push(`Claim: at least ${c.minCount} received calls within ${win} (sliding window, any start).`);
  if (!c.busiest) {
    lines.push(`Not supported: ${plain(t.number)} received no call.`);
    return `${lines.join('\n')}\n`;
  }
  const b = c.busiest;
  lines.push(
    c.reached
      ? `Supported: ${b.calls} received calls from ${iso(b.start)} to ${iso(b.end)} (the busiest ${win}).`
      : `Not supported: the busiest ${win} (from ${iso(b.start)} to ${iso(b.end)}) holds ${b.calls} received call(s).`,
  );
  if (c.episodes.length > 0) {
    lines.push(`Periods with at least ${c.minCount} received calls within ${win}:`);
    for (const e of c.episodes) {
      lines.push(`  ${iso(e.start)} → ${iso(e.end)}: peak ${e.peak} in ${win}, ${e.calls} received in all`);
    }
  }
  lines.push(`Rows of the busiest ${win} (${b.rows.length}):`);
  for (const r of b.rows.slice(0, TERMINAL_ROWS)) {
    lines.push(`  ${plain(v.inputs[r.input]?.path ?? `#${r.input}`)}:${r.line}  ${iso(r.start)}`);
  }
  if (b.rows.length > TERMINAL_ROWS) {
    lines.push(`  … and ${b.rows.length - TERMINAL_ROWS} more (--json or --csv lists them all)`);
  }
  return `${lines.join('\n')}\n`;
}
