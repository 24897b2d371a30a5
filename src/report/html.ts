/**
 * The human report of an evidence package: its content (`buildReport`, shared with the Markdown
 * renderer) and its HTML rendering (`renderHtml`): one self-contained page, inline CSS and SVG, no
 * script, nothing loaded from the network (a Content-Security-Policy forbids it), readable on screen
 * and printed on A4 (each finding and each closing section starts a page).
 *
 * High- and medium-severity findings get a full section each (figures, chart, busiest numbers, first
 * rows). Low-severity findings are leads, not evidence: they are rows of one annex ("Low-severity leads":
 * subject, period, calls, first sentence of the summary, evidence file), counted by kind in the summary.
 * Their evidence CSVs and their entries in findings.json are the same as for any finding.
 *
 * Every string of the report model is treated as untrusted (detector summaries and subjects may quote
 * the data): the renderers escape all of them, and numbers are redacted while the model is built.
 */
import type { Analysis } from '../analyze.js';
import type { DetectorMeta, FindingKind, Severity } from '../detectors/types.js';
import { type Lang, TIME_RULES } from '../evidence/document.js';
import type { Finding } from '../evidence/finding.js';
import type { EvidenceRow, FindingAggregate, KeyCounter } from '../evidence/package.js';
import type { Redactor } from '../evidence/redact.js';
import type { Clock } from '../records/time.js';
import { type Chart, callsChart } from './chart.js';
import { html } from './escape.js';
import {
  BASELINE_METHODS,
  bucketUnit,
  countryLabel,
  formatDateTime,
  formatDay,
  formatFigure,
  formatList,
  formatNumber,
  formatPercent,
  formatStamp,
  formatWall,
  metricFormat,
  metricLabel,
  type Strings,
  strings,
} from './i18n.js';
import { type WhereToReport, whereToReport } from './where-to-report.js';

/** Everything the report renderers need. */
export interface ReportInput {
  analysis: Analysis;
  /** Per finding, same order as `analysis.findings`. */
  aggregates: readonly FindingAggregate[];
  lang: Lang;
  redactor: Redactor;
  /** Arguments after the program name, as typed. */
  command?: string[];
}

export interface TableView {
  head: string[];
  rows: string[][];
  /** Per column: right-aligned figures. */
  numeric?: boolean[];
  /** Per column: shown as code (numbers, paths, fingerprints). */
  code?: boolean[];
  /** Per column: long values that may break anywhere (paths, fingerprints); numbers never break. */
  wrap?: boolean[];
}

export interface Fact {
  label: string;
  value: string;
  code?: boolean;
}

export interface TopView {
  title: string;
  table: TableView;
  notes: string[];
}

export interface FindingView {
  id: string;
  anchor: string;
  kind: FindingKind;
  severity: Severity;
  heading: string;
  facts: Fact[];
  summary: string;
  figures: TableView;
  whatItIs: string;
  limits: string;
  chart: Chart;
  chartCaption: string;
  /** Non-empty chart buckets, for the Markdown report. */
  buckets: TableView;
  bucketsMore: number;
  tops: TopView[];
  firstRows: { cells: string[]; raw: string }[];
  firstRowsHead: string[];
  allRows: string;
  csvPath: string;
}

/** A low-severity finding, shown as one entry of the leads annex instead of a full section. */
export interface LeadView {
  id: string;
  anchor: string;
  kind: FindingKind;
  title: string;
  subject: string;
  period: string;
  calls: string;
  /** The first sentence of the finding's summary, shortened to `LEAD_SUMMARY_MAX` characters. */
  summary: string;
  csvPath: string;
}

export interface MethodView {
  kind: FindingKind;
  title: string;
  looksFor: string;
  params: TableView | null;
  paramsHow: string;
  falsePositives: string[];
  references: string[];
  limits: string;
}

export interface ReportModel {
  lang: Lang;
  s: Strings;
  title: string;
  subtitle: string | null;
  generated: string;
  zone: string;
  redactedNotice: string | null;
  summary: {
    intro: string;
    found: string;
    items: {
      id: string;
      anchor: string;
      severity: Severity;
      label: string;
      title: string;
      text: string;
      when: string;
    }[];
    /** The sentence counting the low-severity leads by kind, when there are some. */
    leads: string | null;
  };
  /** High- and medium-severity findings, each with its own section. */
  findings: FindingView[];
  /** Low-severity findings, listed in one annex after the findings. */
  leads: LeadView[];
  method: { intro: string; kinds: MethodView[]; general: string[]; detectors: TableView };
  quality: {
    intro: string;
    table: TableView;
    details: { title: string; items: string[] }[];
    note: string;
    records: string;
  };
  custody: { intro: string; inputs: TableView; facts: Fact[]; verify: string };
  where: WhereToReport;
  footer: string;
}

const TOP_N = 10;
const MAX_LIST = 20;
const MAX_BUCKET_ROWS = 40;
/**
 * Longest summary of a lead in the annex: its first sentence, which detectors write as the gist (about
 * 230-480 characters, two or three lines of the page); the whole text is in findings.json.
 */
export const LEAD_SUMMARY_MAX = 480;

/** The report's content, localised and redacted, renderer-neutral. */
export function buildReport(input: ReportInput): ReportModel {
  const { analysis: a, lang, redactor: red } = input;
  const s = strings(lang);
  const clock = a.ctx.clock;
  const when = (t: number) => formatDateTime(t, clock, lang);
  const num = (n: number) => formatNumber(n, lang);
  const metas = new Map<FindingKind, DetectorMeta>(a.detectors.map((m) => [m.id, m]));
  const kindTitle = (kind: FindingKind) => {
    const t = metas.get(kind)?.title[lang];
    return t && t !== kind ? t : s.kinds[kind];
  };

  let first: number | null = null;
  let last: number | null = null;
  for (const i of a.inputs) {
    if (i.firstStart !== null && (first === null || i.firstStart < first)) first = i.firstStart;
    if (i.lastStart !== null && (last === null || i.lastStart > last)) last = i.lastStart;
  }
  const intro =
    a.records > 0 && first !== null && last !== null
      ? s.summaryIntro(num(a.records), a.inputs.length, when(first), when(last))
      : s.summaryNoCalls(a.inputs.length);

  // High and medium findings get a section each; low ones are leads, listed in one annex.
  const main: number[] = [];
  const low: number[] = [];
  a.findings.forEach((f, k) => {
    (f.severity === 'low' ? low : main).push(k);
  });

  const findings = main.map((k) => {
    const f = a.findings[k];
    return findingView(f, k, input.aggregates[k], input, s, kindTitle(f.kind), metas.get(f.kind));
  });

  const summaryItems = main.map((k) => {
    const f = a.findings[k];
    return {
      id: f.id,
      anchor: anchorOf(f),
      severity: f.severity,
      label: s.severities[f.severity],
      title: kindTitle(f.kind),
      text: findingSummary(f, k, red, lang, when, num),
      when: `${s.fromTo(when(f.start), when(f.end))} · ${num(f.calls)} ${s.bucketTable.calls.toLowerCase()}`,
    };
  });

  const leads = low.map((k): LeadView => {
    const f = a.findings[k];
    return {
      id: f.id,
      anchor: anchorOf(f),
      kind: f.kind,
      title: kindTitle(f.kind),
      subject: red.number(f.subject, k),
      period: shortPeriod(f.start, f.end, clock, lang),
      calls: num(f.calls),
      summary: oneLine(findingSummary(f, k, red, lang, when, num)),
      csvPath: csvPathOf(f),
    };
  });
  const leadsByKind = new Map<FindingKind, number>();
  for (const l of leads) leadsByKind.set(l.kind, (leadsByKind.get(l.kind) ?? 0) + 1);
  const leadsText =
    leads.length === 0
      ? null
      : s.summaryLeads(
          leads.length,
          num(leads.length),
          formatList(
            [...leadsByKind].sort((x, y) => y[1] - x[1]).map(([kind, n]) => `${num(n)} × ${kindTitle(kind)}`),
            lang,
          ),
          main.length === 0,
        );

  const kindsFound = new Set(a.findings.map((f) => f.kind));
  const method = {
    intro: s.methodIntro,
    kinds: a.detectors
      .filter((m) => kindsFound.has(m.id))
      .map((m) => methodView(m, a, s, kindTitle(m.id), lang)),
    general: s.generalLimits,
    detectors: {
      head: [s.pattern, s.looksFor, s.sections.findings],
      rows: a.detectors.map((m) => [
        kindTitle(m.id),
        m.looksFor[lang],
        s.findingsCount(a.findings.filter((f) => f.kind === m.id).length),
      ]),
    },
  };

  const c = s.qualityCols;
  const quality = {
    intro: s.qualityIntro,
    table: {
      head: [c.input, c.format, c.encoding, c.rows, c.rejected, c.skipped, c.outOfRange, c.first, c.last],
      rows: a.inputs.map((i) => [
        i.path,
        i.formatTitle && i.formatTitle !== i.format ? `${i.formatTitle} (${i.format})` : i.format,
        i.encoding,
        num(i.rows),
        num(i.rejected),
        num(i.skipped),
        num(i.outOfRange),
        i.firstStart === null ? '–' : formatStamp(i.firstStart, clock),
        i.lastStart === null ? '–' : formatStamp(i.lastStart, clock),
      ]),
      numeric: [false, false, false, true, true, true, true, false, false],
      code: [true, false, false, false, false, false, false, false, false],
      wrap: [true],
    },
    details: [
      ...(a.warnings.length
        ? [{ title: s.readerWarnings, items: a.warnings.map((w) => red.text(w[lang])) }]
        : []),
      ...a.inputs.flatMap((i) => {
        const out: { title: string; items: string[] }[] = [];
        const where = i.refKind === 'element' ? '#' : ':';
        if (i.rejected > 0) {
          out.push({
            title: s.rejectionsOf(i.path, i.rejections.length, num(i.rejected)),
            items: i.rejections.map((r) => `${i.path}${where}${r.line} — ${red.text(r.reason)}`),
          });
        }
        if (i.skipped > 0) {
          out.push({
            title: s.skipsOf(i.path, i.skips.length, num(i.skipped)),
            items: i.skips.map((r) => `${i.path}${where}${r.line} — ${red.text(r.reason)}`),
          });
        }
        return out;
      }),
    ],
    note: s.qualityNote,
    records: s.recordsAnalysed(num(a.records)),
  };

  const command = `cdrscope ${(input.command ?? []).map(shellQuote).join(' ')}`.trim();
  const custody = {
    intro: s.custodyIntro,
    inputs: {
      head: [s.custodyCols.file, s.custodyCols.sha256, s.custodyCols.size],
      rows: a.inputs.map((i) => [i.path, i.sha256, s.bytes(num(i.size))]),
      numeric: [false, false, true],
      code: [true, true, false],
      wrap: [true, true],
    },
    facts: [
      { label: s.tool, value: `${a.tool.name} ${a.tool.version}` },
      { label: s.command, value: command, code: true },
      { label: s.timezone, value: a.timezone },
      { label: s.timeRules, value: TIME_RULES[lang] },
      { label: s.generatedAt, value: formatDateTime(a.generatedAt, clock, lang, true) },
      { label: s.redaction, value: red.enabled ? s.redactionOn : s.redactionOff },
      { label: s.package, value: s.packageFiles },
    ],
    verify: s.verifyHow(lang === 'fr' ? 'cdrscope verify <dossier>' : 'cdrscope verify <folder>'),
  };

  return {
    lang,
    s,
    title: s.reportTitle,
    subtitle: a.owner ? s.lineOf(a.owner) : null,
    generated: s.generatedBy(a.tool.version, formatDateTime(a.generatedAt, clock, lang)),
    zone: s.zoneLine(a.timezone),
    redactedNotice: red.enabled ? s.redactedNotice : null,
    summary: {
      intro,
      found:
        main.length > 0 ? s.summaryFound(main.length) : leads.length > 0 ? s.summaryNoMain : s.summaryNone,
      items: summaryItems,
      leads: leadsText,
    },
    findings,
    leads,
    method,
    quality,
    custody,
    where: whereToReport(a.country, lang),
    footer: s.footer,
  };
}

function anchorOf(f: Finding): string {
  return `finding-${f.id}`;
}

function csvPathOf(f: Finding): string {
  return `evidence/${f.id}.csv`;
}

/**
 * A finding's period in few characters, for the leads annex: the offset once when it does not change,
 * the day once when both ends fall on it (`13/10/2026 00:00 – 23:59 (UTC+02:00)`).
 */
export function shortPeriod(start: number, end: number, clock: Clock, lang: Lang): string {
  const a = clock.human(start, lang);
  const b = clock.human(end, lang);
  if (clock.offsetMinutes(start) !== clock.offsetMinutes(end)) return `${a} – ${b}`;
  const zoneAt = b.lastIndexOf(' (');
  const from = a.slice(0, a.lastIndexOf(' ('));
  const to = clock.day(start) === clock.day(end) ? b.slice(b.lastIndexOf(' ', zoneAt - 1) + 1) : b;
  return `${from} – ${to}`;
}

/** The first sentence of a text, cut at a word boundary after at most `max` characters. */
export function oneLine(text: string, max = LEAD_SUMMARY_MAX): string {
  const end = SENTENCE_END.exec(text);
  let out = end ? text.slice(0, end.index + 1) : text;
  if (out.length > max) {
    const space = out.lastIndexOf(' ', max - 1);
    out = `${out.slice(0, space > max / 2 ? space : max - 1).replace(/[\s,;:(–-]+$/, '')}…`;
  }
  return out;
}

/** A full stop (or ! ?) followed by a space and a capital, a digit, an opening quote or bracket. */
const SENTENCE_END = /(?<!\b(?:e\.g|i\.e))[.!?](?=\s+[\p{Lu}\d«"(])/u;

function findingSummary(
  f: Finding,
  k: number,
  red: Redactor,
  lang: Lang,
  when: (t: number) => string,
  num: (n: number) => string,
): string {
  const s = strings(lang);
  const text = f.summary[lang];
  if (text) return red.text(text, k);
  return s.findingFallback(num(f.calls), red.number(f.subject, k), when(f.start), when(f.end));
}

function findingView(
  f: Finding,
  k: number,
  agg: FindingAggregate | undefined,
  input: ReportInput,
  s: Strings,
  title: string,
  meta: DetectorMeta | undefined,
): FindingView {
  const { analysis: a, lang, redactor: red } = input;
  const clock = a.ctx.clock;
  const num = (n: number) => formatNumber(n, lang);
  const when = (t: number) => formatDateTime(t, clock, lang);
  const rows = agg?.rows ?? f.evidence.rows;
  const csvPath = csvPathOf(f);

  const figures: TableView = {
    head: [s.figures, ''],
    rows: Object.entries(f.metrics)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([name, v]) => [metricLabel(name, lang), metricValue(name, v, { lang, redactor: red, clock }, k)]),
    numeric: [false, true],
    // Lists (countries, numbers) may be long: they wrap between their items.
    wrap: [false, true],
  };

  const baseline =
    typeof f.metrics.baselinePerDay === 'number'
      ? f.metrics.baselinePerDay
      : typeof f.metrics.baselinePerHour === 'number'
        ? f.metrics.baselinePerHour * 24
        : null;
  const chart = callsChart({
    counts: agg?.counts ?? new Map(),
    unitHours: agg?.unitHours ?? 1,
    windowStart: f.start,
    windowEnd: f.end,
    baselinePerDay: baseline,
    id: f.id,
    clock,
    lang,
  });
  const nonEmpty = chart.buckets.filter((b) => b.count > 0);
  const buckets: TableView = {
    head: [s.bucketTable.when, s.bucketTable.calls],
    rows: nonEmpty
      .slice(0, MAX_BUCKET_ROWS)
      .map((b) => [formatWall(b.wallMs, lang, chart.bucketHours < 24, true), num(b.count)]),
    numeric: [false, true],
  };

  const tops: TopView[] = [];
  if (agg) {
    tops.push(topView(s.topCallers, agg.callers, agg.rows, 'caller', k, input, s));
    tops.push(topView(s.topCallees, agg.callees, agg.rows, 'callee', k, input, s));
  }

  const rc = s.rowCols;
  const firstRows = (agg?.first ?? []).map((r: EvidenceRow) => ({
    cells: [
      formatStamp(r.start, clock),
      red.number(r.caller, k, 'caller'),
      red.number(r.callee, k, 'callee'),
      s.seconds(num(r.duration)),
      s.statuses[r.status],
      s.directions[r.direction],
      r.callerName ? red.name(r.callerName, r.caller, k) : '',
      `${r.file}:${r.line}`,
    ],
    raw: r.raw === undefined ? '' : red.raw(r.raw, r, k),
  }));

  return {
    id: f.id,
    anchor: anchorOf(f),
    kind: f.kind,
    severity: f.severity,
    heading: `${f.id} — ${title}`,
    facts: [
      { label: s.pattern, value: `${title} (${f.kind})` },
      { label: s.severity, value: s.severities[f.severity] },
      {
        label: f.subjectType === 'prefix' ? s.subjectPrefix : s.subjectNumber,
        value: red.number(f.subject, k),
        code: true,
      },
      { label: s.period, value: s.fromTo(when(f.start), when(f.end)) },
      { label: s.callsInFinding, value: num(f.calls) },
      { label: s.evidenceRows, value: num(rows) },
    ],
    summary: findingSummary(f, k, red, lang, when, num),
    figures,
    whatItIs: meta?.looksFor[lang] ?? '',
    limits: meta?.limits[lang] ?? '',
    chart,
    chartCaption: s.chartCaption(bucketUnit(chart.bucketHours, lang)),
    buckets,
    bucketsMore: Math.max(0, nonEmpty.length - MAX_BUCKET_ROWS),
    tops,
    firstRows,
    firstRowsHead: [rc.when, rc.caller, rc.callee, rc.duration, rc.status, rc.direction, rc.name, rc.source],
    allRows: rows > 0 ? s.allRowsIn(num(rows), csvPath) : s.noRows,
    csvPath,
  };
}

function topView(
  title: string,
  counter: KeyCounter,
  rows: number,
  role: 'caller' | 'callee',
  k: number,
  input: ReportInput,
  s: Strings,
): TopView {
  const { lang, redactor: red } = input;
  const num = (n: number) => formatNumber(n, lang);
  const notes = [
    s.distinctNumbers(counter.counts.size, num(counter.counts.size) + (counter.capped ? '+' : '')),
  ];
  if (counter.capped) notes.push(s.topCapped(num(counter.cap), num(counter.untracked)));
  return {
    title,
    table: {
      head: [s.topCols.number, s.topCols.calls, s.topCols.share],
      rows: counter
        .top(TOP_N)
        .map(([key, n]) => [red.number(key, k, role), num(n), formatPercent(rows > 0 ? n / rows : 0, lang)]),
      numeric: [false, true, true],
      code: [true, false, false],
    },
    notes,
  };
}

function methodView(m: DetectorMeta, a: Analysis, s: Strings, title: string, lang: Lang): MethodView {
  const inForce = a.params[m.id] ?? {};
  const names = Object.keys(m.params);
  return {
    kind: m.id,
    title,
    looksFor: m.looksFor[lang],
    params:
      names.length === 0
        ? null
        : {
            head: [
              s.paramCols.name,
              s.paramCols.value,
              s.paramCols.default,
              s.paramCols.unit,
              s.paramCols.why,
            ],
            rows: names.map((n) => [
              n,
              formatFigure(inForce[n] ?? m.params[n].default, lang),
              formatFigure(m.params[n].default, lang),
              m.params[n].unit,
              m.params[n].why,
            ]),
            numeric: [false, true, true, false, false],
            code: [true, false, false, false, false],
          },
    paramsHow: s.paramsHow(m.id),
    falsePositives: m.falsePositives.map((t) => t[lang]).filter((t) => t !== ''),
    references: m.references,
    limits: m.limits[lang],
  };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Metrics holding ISO 3166 alpha-2 codes (`originCountry`, `countries`), shown with their names. */
const COUNTRY_METRIC = /^countr(y|ies)$|Countr(y|ies)$/;
const COUNTRY_CODE = /^[A-Z]{2}$/;

/**
 * A metric's value for people: shares as percentages, ratios as `× 7`, seconds with their unit,
 * instants and days as dates of the report's zone, lists shortened, numbers redacted.
 */
export function metricValue(
  name: string,
  v: Finding['metrics'][string],
  input: { lang: Lang; redactor: Redactor; clock: Clock },
  k: number,
): string {
  const { lang, redactor: red, clock } = input;
  const s = strings(lang);
  if (v === null || v === undefined) return '–';
  if (typeof v === 'boolean') return v ? s.yes : s.no;
  const country = COUNTRY_METRIC.test(name);
  const text = (x: string) => (country && COUNTRY_CODE.test(x) ? countryLabel(x, lang) : red.text(x, k));
  if (Array.isArray(v)) {
    const shown = v.slice(0, MAX_LIST).map((x) => text(String(x)));
    return v.length > MAX_LIST
      ? `${shown.join(', ')} ${s.more(formatNumber(v.length - MAX_LIST, lang))}`
      : shown.join(', ');
  }
  if (typeof v === 'string') {
    if (name === 'baselineMethod' && BASELINE_METHODS[v]) return BASELINE_METHODS[v][lang];
    if (ISO_INSTANT.test(v) && Number.isFinite(Date.parse(v)))
      return formatDateTime(Date.parse(v), clock, lang);
    if (ISO_DAY.test(v)) return formatDay(v, lang);
    return text(v);
  }
  switch (metricFormat(name)) {
    case 'share':
      return v >= 0 && v <= 1 ? formatPercent(v, lang) : formatNumber(v, lang, 2);
    case 'times':
      return `× ${formatNumber(v, lang, 1)}`;
    case 'seconds':
      return s.seconds(formatNumber(v, lang, 1));
    default:
      return v !== 0 && Math.abs(v) < 0.001
        ? v.toExponential(2)
        : formatNumber(v, lang, Math.abs(v) < 0.1 ? 4 : 2);
  }
}

/** An argument as a POSIX shell would need it quoted, to show the command line exactly. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_./:=,+@%-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

const CSS = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1d1d1d;background:#fff;max-width:1000px;margin:0 auto;padding:28px 24px 48px}
header h1{font-size:26px;margin:0 0 4px}
header p{margin:2px 0;color:#444}
h2{font-size:20px;border-bottom:2px solid #1d1d1d;padding-bottom:4px;margin:36px 0 12px}
h3{font-size:15.5px;margin:22px 0 6px}
h4{font-size:14px;margin:14px 0 4px}
p{margin:6px 0 10px}
a{color:#1f4e9c}
.notice{border-left:4px solid #b8322a;background:#fbeeed;padding:8px 12px;margin:12px 0}
nav.toc ol{margin:4px 0 0;padding-left:22px}
nav.toc li{margin:1px 0}
table{border-collapse:collapse;width:100%;margin:8px 0 14px;font-size:12.5px}
th,td{border:1px solid #cfcfcf;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef0f3;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.code,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12px}
td.code{white-space:nowrap}
td.wrap{white-space:normal;overflow-wrap:anywhere}
table.rows{font-size:12px}
tr.raw td{background:#fafafa;color:#444;font-size:11px;border-top:none;word-break:break-all}
.sev{display:inline-block;padding:0 8px;border-radius:9px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.sev-high{background:#b8322a}.sev-medium{background:#b36b00}.sev-low{background:#4f6fa8}
.summary-item{margin:10px 0 12px;padding-left:10px;border-left:3px solid #cfcfcf}
.summary-item .when{color:#555;font-size:12.5px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;margin:8px 0 12px}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
figure{margin:10px 0 4px}
figure svg{width:100%;height:auto;max-width:760px;display:block;border:1px solid #e3e3e3}
figcaption{color:#555;font-size:12px;margin-top:4px}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:18px}
.note{color:#555;font-size:12px}
.box{background:#f6f7f9;border:1px solid #e1e4e8;padding:8px 12px;margin:10px 0}
.finding{margin-top:28px}
nav.toc .sev{font-size:11px;padding:0 6px;margin-left:4px}
table.leads{font-size:12px}
table.leads tbody{border-top:2px solid #9aa3b0}
table.leads tr.sum td{border-top:none;color:#333;background:#fafafa;font-size:11.5px}
table.leads tr.sum th{font-weight:400;font-style:italic;border-top:none}
td.num.wrap{white-space:normal;overflow-wrap:normal}
ul.refs li{word-break:break-word}
footer{margin-top:40px;color:#777;font-size:12px;border-top:1px solid #ddd;padding-top:8px}
@page{size:A4;margin:14mm 12mm 16mm}
@media print{
 body{max-width:none;padding:0;font-size:10pt}
 table{font-size:8.5pt}
 .code,code{font-size:8pt}
 h2{font-size:15pt}
 nav.toc{break-after:page}
 .finding,section.closing{break-before:page}
 .finding>h2,section.closing>h2{margin-top:0}
 h2,h3,h4{break-after:avoid}
 figure,dl.facts,.summary-item,tr,table.leads tbody{break-inside:avoid}
 thead{display:table-header-group}
 .cols{grid-template-columns:1fr 1fr}
 a{color:inherit;text-decoration:none}
 a.ext::after{content:" <" attr(href) ">";font-size:8.5pt;color:#555;word-break:break-all}
 .sev,th,.band,tr.raw td,.notice,.box{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 figure svg{border:none}
}
`;

/** The report as one self-contained HTML page. */
export function renderHtml(input: ReportInput): string {
  const m = buildReport(input);
  const s = m.s;
  const e = html;
  const out: string[] = [];
  out.push(
    '<!DOCTYPE html>',
    `<html lang="${m.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="cdrscope ${e(input.analysis.tool.version)}">`,
    `<title>${e(m.title)}${m.subtitle ? ` — ${e(m.subtitle)}` : ''}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${e(m.title)}</h1>`,
  );
  if (m.subtitle) out.push(`<p><strong>${e(m.subtitle)}</strong></p>`);
  out.push(`<p>${e(m.generated)}</p>`, `<p>${e(m.zone)}</p>`);
  if (m.redactedNotice) out.push(`<p class="notice">${e(m.redactedNotice)}</p>`);
  out.push('</header>');

  // Contents.
  out.push(`<nav class="toc"><h2>${e(s.contents)}</h2><ol>`);
  out.push(`<li><a href="#summary">${e(s.sections.summary)}</a></li>`);
  if (m.findings.length > 0 || m.leads.length > 0) {
    out.push(`<li>${e(s.sections.findings)}<ol>`);
    for (const f of m.findings) {
      out.push(
        `<li><a href="#${e(f.anchor)}">${e(f.heading)}</a> ${sev(f.severity, s.severities[f.severity])}</li>`,
      );
    }
    if (m.leads.length > 0) {
      out.push(
        `<li><a href="#leads">${e(s.sections.leads)} (${e(formatNumber(m.leads.length, m.lang))})</a></li>`,
      );
    }
    out.push('</ol></li>');
  }
  for (const [id, label] of [
    ['method', s.sections.method],
    ['quality', s.sections.quality],
    ['custody', s.sections.custody],
    ['where', s.sections.where],
  ] as const) {
    out.push(`<li><a href="#${id}">${e(label)}</a></li>`);
  }
  out.push('</ol></nav>');

  // Summary.
  out.push('<section id="summary">', `<h2>${e(s.sections.summary)}</h2>`, `<p>${e(m.summary.intro)}</p>`);
  out.push(`<p>${e(m.summary.found)}</p>`);
  for (const it of m.summary.items) {
    out.push(
      '<div class="summary-item">',
      `<p><a href="#${e(it.anchor)}"><strong>${e(it.id)}</strong></a> ${sev(it.severity, it.label)} <strong>${e(it.title)}</strong></p>`,
      `<p>${e(it.text)}</p>`,
      `<p class="when">${e(it.when)}</p>`,
      '</div>',
    );
  }
  if (m.summary.leads) {
    out.push(
      '<div class="summary-item">',
      `<p><a href="#leads"><strong>${e(s.sections.leads)}</strong></a> ${sev('low', formatNumber(m.leads.length, m.lang))}</p>`,
      `<p>${e(m.summary.leads)}</p>`,
      '</div>',
    );
  }
  out.push('</section>');

  // Findings.
  for (const f of m.findings) {
    out.push(
      `<section class="finding" id="${e(f.anchor)}">`,
      `<h2>${e(f.heading)} ${sev(f.severity, s.severities[f.severity])}</h2>`,
    );
    out.push(`<p>${e(f.summary)}</p>`);
    out.push(facts(f.facts));
    if (f.whatItIs) out.push(`<div class="box"><h4>${e(s.whatItIs)}</h4><p>${e(f.whatItIs)}</p></div>`);
    if (f.figures.rows.length > 0) out.push(`<h3>${e(s.figures)}</h3>`, table({ ...f.figures, head: [] }));
    out.push(
      `<h3>${e(s.chartTitle)}</h3>`,
      `<figure>${f.chart.svg}<figcaption>${e(f.chartCaption)}</figcaption></figure>`,
    );
    if (f.tops.length > 0) {
      out.push('<div class="cols">');
      for (const t of f.tops) {
        out.push('<div>', `<h3>${e(t.title)}</h3>`, table(t.table));
        for (const n of t.notes) out.push(`<p class="note">${e(n)}</p>`);
        out.push('</div>');
      }
      out.push('</div>');
    }
    out.push(`<h3>${e(s.firstRows)}</h3>`);
    if (f.firstRows.length > 0) {
      out.push('<table class="rows"><thead><tr>');
      for (const h of f.firstRowsHead) out.push(`<th>${e(h)}</th>`);
      out.push('</tr></thead><tbody>');
      for (const r of f.firstRows) {
        out.push('<tr>');
        r.cells.forEach((c, i) => {
          const cls =
            i === 1 || i === 2
              ? ' class="code"'
              : i === 7
                ? ' class="code wrap"'
                : i === 3
                  ? ' class="num"'
                  : '';
          out.push(`<td${cls}>${e(c)}</td>`);
        });
        out.push('</tr>');
        if (r.raw)
          out.push(`<tr class="raw"><td colspan="${r.cells.length}" class="code wrap">${e(r.raw)}</td></tr>`);
      }
      out.push('</tbody></table>');
    }
    out.push(`<p>${e(f.allRows)}</p>`);
    if (f.limits) out.push(`<div class="box"><h4>${e(s.limits)}</h4><p>${e(f.limits)}</p></div>`);
    out.push('</section>');
  }

  // Low-severity leads: one table, two rows per lead (its facts, then its summary on the full width).
  if (m.leads.length > 0) {
    const c = s.leadCols;
    out.push(
      '<section class="closing" id="leads">',
      `<h2>${e(s.sections.leads)} <span class="sev sev-low">${e(formatNumber(m.leads.length, m.lang))}</span></h2>`,
      `<p>${e(s.leadsIntro)}</p>`,
      '<table class="leads"><thead><tr>',
      `<th>${e(c.id)}</th><th>${e(c.pattern)}</th><th>${e(c.subject)}</th><th>${e(c.period)}</th>`,
      `<th class="num">${e(c.calls)}</th><th>${e(c.evidence)}</th>`,
      `</tr><tr class="sum"><th colspan="6">${e(c.summary)}</th></tr></thead>`,
    );
    for (const l of m.leads) {
      out.push(
        `<tbody id="${e(l.anchor)}"><tr>`,
        `<td class="code">${e(l.id)}</td><td>${e(l.title)}</td><td class="code">${e(l.subject)}</td>`,
        `<td>${e(l.period)}</td><td class="num">${e(l.calls)}</td>`,
        `<td class="code"><a href="${e(l.csvPath)}">${e(l.csvPath)}</a></td>`,
        `</tr><tr class="sum"><td colspan="6">${e(l.summary)}</td></tr></tbody>`,
      );
    }
    out.push('</table>', '</section>');
  }

  // Method and limits.
  out.push(
    '<section class="closing" id="method">',
    `<h2>${e(s.sections.method)}</h2>`,
    `<p>${e(m.method.intro)}</p>`,
  );
  for (const k of m.method.kinds) {
    out.push(`<h3>${e(k.title)} <span class="note">(${e(k.kind)})</span></h3>`);
    if (k.looksFor) out.push(`<h4>${e(s.looksFor)}</h4><p>${e(k.looksFor)}</p>`);
    out.push(`<h4>${e(s.params)}</h4>`);
    if (k.params) out.push(`<p class="note">${e(k.paramsHow)}</p>`, table(k.params));
    else out.push(`<p>${e(s.noParams)}</p>`);
    if (k.falsePositives.length > 0) out.push(`<h4>${e(s.falsePositives)}</h4>`, list(k.falsePositives));
    if (k.references.length > 0) out.push(`<h4>${e(s.references)}</h4>`, list(k.references, 'refs'));
    if (k.limits) out.push(`<h4>${e(s.limits)}</h4><p>${e(k.limits)}</p>`);
  }
  out.push(`<h3>${e(s.generalLimitsTitle)}</h3>`, list(m.method.general));
  out.push(`<h3>${e(s.detectorsRun)}</h3>`, table(m.method.detectors));
  out.push('</section>');

  // Data quality.
  out.push(
    '<section class="closing" id="quality">',
    `<h2>${e(s.sections.quality)}</h2>`,
    `<p>${e(m.quality.intro)}</p>`,
  );
  out.push(table(m.quality.table), `<p>${e(m.quality.records)}</p>`);
  for (const d of m.quality.details) out.push(`<h4>${e(d.title)}</h4>`, list(d.items, 'code'));
  out.push(`<p class="note">${e(m.quality.note)}</p>`, '</section>');

  // Chain of custody.
  out.push(
    '<section class="closing" id="custody">',
    `<h2>${e(s.sections.custody)}</h2>`,
    `<p>${e(m.custody.intro)}</p>`,
  );
  out.push(
    table(m.custody.inputs),
    facts(m.custody.facts),
    `<p class="box">${e(m.custody.verify)}</p>`,
    '</section>',
  );

  // Where to report.
  out.push(
    '<section class="closing" id="where">',
    `<h2>${e(s.sections.where)}</h2>`,
    `<p>${e(m.where.intro)}</p>`,
    '<ul>',
  );
  for (const c of m.where.channels) {
    const link = c.link ? ` <a class="ext" href="${e(c.link.href)}">${e(c.link.label)}</a>` : '';
    out.push(`<li><strong>${e(c.title)}</strong> — ${e(c.text)}${link}</li>`);
  }
  out.push('</ul>', `<p class="box">${e(m.where.bring)}</p>`, '</section>');

  out.push(`<footer>${e(m.generated)} ${e(m.footer)}</footer>`, '</body>', '</html>', '');
  return out.join('\n');
}

function sev(severity: Severity, label: string): string {
  return `<span class="sev sev-${severity}">${html(label)}</span>`;
}

function facts(list: readonly Fact[]): string {
  const out = ['<dl class="facts">'];
  for (const f of list) {
    out.push(`<dt>${html(f.label)}</dt><dd${f.code ? ' class="code"' : ''}>${html(f.value)}</dd>`);
  }
  out.push('</dl>');
  return out.join('');
}

function list(items: readonly string[], cls?: string): string {
  return `<ul${cls ? ` class="${cls}"` : ''}>${items.map((i) => `<li>${html(i)}</li>`).join('')}</ul>`;
}

function table(t: TableView): string {
  const out = ['<table>'];
  if (t.head.length > 0) {
    out.push('<thead><tr>');
    t.head.forEach((h, i) => {
      out.push(`<th${t.numeric?.[i] ? ' class="num"' : ''}>${html(h)}</th>`);
    });
    out.push('</tr></thead>');
  }
  out.push('<tbody>');
  for (const row of t.rows) {
    out.push('<tr>');
    row.forEach((c, i) => {
      const cls = [t.numeric?.[i] ? 'num' : '', t.code?.[i] ? 'code' : '', t.wrap?.[i] ? 'wrap' : '']
        .filter(Boolean)
        .join(' ');
      out.push(`<td${cls ? ` class="${cls}"` : ''}>${html(c)}</td>`);
    });
    out.push('</tr>');
  }
  out.push('</tbody></table>');
  return out.join('');
}
