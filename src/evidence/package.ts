/**
 * The evidence package (`cdrscope report --out <dir>`): a folder a victim can hand to the police or the
 * operator.
 *
 *   report.html      self-contained page (inline CSS and SVG, no script, no network), prints on A4
 *   report.md        the same content for tickets and e-mail
 *   findings.json    the findings document (schema cdrscope.findings/1)
 *   evidence/F001.csv  every supporting row of each finding: canonical fields, input file and line, and
 *                    the original row's text
 *   manifest.json    SHA-256 and size of every input and every file above, tool version, command line,
 *                    time zone, thresholds, generation time (see manifest.ts)
 *
 * `writePackage` runs the analysis with an evidence sink (`EvidenceCollector`) that streams the evidence
 * CSVs and keeps, per finding, only bounded aggregates for the reports: counts per time bucket, the
 * busiest callers and callees (at most `TOP_KEYS_CAP` distinct keys each), the first rows. The renderers
 * (report/html.ts, report/markdown.ts) take an `Analysis` and those aggregates and return strings.
 */
import { createWriteStream, promises as fsp, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Analysis, type AnalyzeOptions, analyze } from '../analyze.js';
import { UserError } from '../errors.js';
import { createFormatContext } from '../formats/context.js';
import type { NumberBook } from '../records/numbers.js';
import type { CallRecord, CallStatus, Direction } from '../records/record.js';
import type { Clock } from '../records/time.js';
import { bucketOf, bucketStart, localHour } from '../report/chart.js';
import { csvLine } from '../report/escape.js';
import { renderHtml } from '../report/html.js';
import { renderMarkdown } from '../report/markdown.js';
import type { EvidenceSink } from './collect.js';
import { defaultLang, findingsDocument, type Lang, TIME_RULES } from './document.js';
import type { Finding } from './finding.js';
import {
  hashFile,
  MANIFEST_FILE,
  MANIFEST_SCHEMA,
  type Manifest,
  type ManifestFile,
  serializeManifest,
} from './manifest.js';
import { Redactor } from './redact.js';

export const EVIDENCE_DIR = 'evidence';
export const REPORT_FILES = {
  html: 'report.html',
  markdown: 'report.md',
  findings: 'findings.json',
} as const;
/** Distinct callers (and callees) counted per finding for the "busiest numbers" tables. */
export const TOP_KEYS_CAP = 50_000;
/** Supporting rows kept per finding for the report's table (all of them go to the CSV). */
export const FIRST_ROWS = 10;
/** Longest original row text kept for the report's table (the CSV has all of it). */
const MAX_RAW_KEPT = 2_000;
/** Time buckets per finding before they are merged into coarser ones (hours -> days -> weeks). */
const MAX_BUCKETS = 20_000;

export const CSV_COLUMNS = [
  'start',
  'caller',
  'callee',
  'duration',
  'status',
  'direction',
  'callerName',
  'attestation',
  'file',
  'line',
  'raw',
] as const;
const UTF8_BOM = '\uFEFF';

/** One supporting row as the report shows it. */
export interface EvidenceRow {
  start: number;
  caller: string;
  callee: string;
  duration: number;
  status: CallStatus;
  direction: Direction;
  callerName?: string;
  attestation?: string;
  file: string;
  line: number;
  raw?: string;
}

/** Counts per key, for at most `cap` distinct keys; rows of further keys are counted as `untracked`. */
export class KeyCounter {
  readonly counts = new Map<string, number>();
  untracked = 0;

  constructor(readonly cap: number = TOP_KEYS_CAP) {}

  add(key: string): void {
    const n = this.counts.get(key);
    if (n !== undefined) this.counts.set(key, n + 1);
    else if (this.counts.size < this.cap) this.counts.set(key, 1);
    else this.untracked++;
  }

  /** True when some keys were not tracked (distinct count and ranking are then lower bounds). */
  get capped(): boolean {
    return this.untracked > 0;
  }

  /** The `n` busiest keys, most calls first, ties in key order. */
  top(n: number): [string, number][] {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, n);
  }
}

/** What the reports need to know about one finding's supporting rows (bounded memory). */
export interface FindingAggregate {
  rows: number;
  /** Calls per time bucket: `bucketOf(localHour, unitHours)` -> count. */
  counts: Map<number, number>;
  unitHours: number;
  callers: KeyCounter;
  callees: KeyCounter;
  first: EvidenceRow[];
  statuses: Partial<Record<CallStatus, number>>;
}

export function newAggregate(cap = TOP_KEYS_CAP): FindingAggregate {
  return {
    rows: 0,
    counts: new Map(),
    unitHours: 1,
    callers: new KeyCounter(cap),
    callees: new KeyCounter(cap),
    first: [],
    statuses: {},
  };
}

/** Adds one supporting row to a finding's aggregate. */
export function addRow(
  agg: FindingAggregate,
  r: CallRecord,
  raw: string | undefined,
  file: string,
  clock: Clock,
): void {
  agg.rows++;
  const key = bucketOf(localHour(r.start, clock), agg.unitHours);
  agg.counts.set(key, (agg.counts.get(key) ?? 0) + 1);
  if (agg.counts.size > MAX_BUCKETS) coarsen(agg);
  agg.callers.add(r.caller);
  agg.callees.add(r.callee);
  agg.statuses[r.status] = (agg.statuses[r.status] ?? 0) + 1;
  if (agg.first.length < FIRST_ROWS) {
    agg.first.push({
      start: r.start,
      caller: r.caller,
      callee: r.callee,
      duration: r.duration,
      status: r.status,
      direction: r.direction,
      callerName: r.callerName,
      attestation: r.attestation,
      file,
      line: r.line,
      raw: raw === undefined ? undefined : raw.slice(0, MAX_RAW_KEPT),
    });
  }
}

/** Merges hour buckets into days, or days into weeks. */
function coarsen(agg: FindingAggregate): void {
  const next = agg.unitHours === 1 ? 24 : 168;
  if (next === agg.unitHours) return;
  const merged = new Map<number, number>();
  for (const [key, n] of agg.counts) {
    const k = bucketOf(bucketStart(key, agg.unitHours), next);
    merged.set(k, (merged.get(k) ?? 0) + n);
  }
  agg.counts = merged;
  agg.unitHours = next;
}

/**
 * The evidence sink of a report run: writes `evidence/<id>.csv` for each finding as the rows stream in
 * (one write stream per finding, opened at its first row) and fills each finding's aggregate.
 */
export class EvidenceCollector implements EvidenceSink {
  aggregates: FindingAggregate[] = [];
  findings: readonly Finding[] = [];
  private redactor: Redactor | null = null;
  private streams: (WriteStream | undefined)[] = [];
  private failure: Error | null = null;
  /** Package-relative paths of the CSV files opened so far. */
  readonly written: string[] = [];

  constructor(
    private readonly o: {
      /** Package folder. */
      dir: string;
      /** Input paths as given, indexed like `CallRecord.input`. */
      inputPaths: readonly string[];
      clock: Clock;
      /** Builds the redactor once the findings are known. */
      redactor: (findings: readonly Finding[]) => Redactor;
    },
  ) {}

  begin(findings: readonly Finding[]): void {
    this.findings = findings;
    this.aggregates = findings.map(() => newAggregate());
    this.streams = new Array(findings.length).fill(undefined);
    this.redactor = this.o.redactor(findings);
  }

  row(k: number, r: CallRecord, raw: string | undefined): void {
    const file = this.o.inputPaths[r.input] ?? String(r.input);
    addRow(this.aggregates[k], r, raw, file, this.o.clock);
    const out = this.streams[k] ?? this.open(k);
    const red = this.redactor!;
    out.write(
      csvLine([
        this.o.clock.iso(r.start),
        red.number(r.caller, k, 'caller'),
        red.number(r.callee, k, 'callee'),
        r.duration,
        r.status,
        r.direction,
        r.callerName === undefined ? '' : red.name(r.callerName, r.caller, k),
        r.attestation ?? '',
        file,
        r.line,
        raw === undefined ? '' : red.raw(raw, r, k),
      ]),
    );
  }

  /** Writes a header-only CSV for findings without rows, ends every stream and waits for them. */
  async close(): Promise<string[]> {
    for (let k = 0; k < this.findings.length; k++) if (!this.streams[k]) this.open(k);
    await Promise.all(
      this.streams.map(
        (s) =>
          new Promise<void>((done) => {
            if (!s || s.closed) return done();
            s.once('close', () => done());
            s.end();
          }),
      ),
    );
    if (this.failure) throw this.failure;
    return [...this.written];
  }

  /** Closes every stream without waiting for more rows (after a failed analysis). */
  async abort(): Promise<void> {
    await Promise.all(
      this.streams.map(
        (s) =>
          new Promise<void>((done) => {
            if (!s || s.closed) return done();
            s.once('close', () => done());
            s.destroy();
          }),
      ),
    );
  }

  private open(k: number): WriteStream {
    const rel = `${EVIDENCE_DIR}/${this.findings[k].id}.csv`;
    const path = join(this.o.dir, EVIDENCE_DIR, `${this.findings[k].id}.csv`);
    const s = createWriteStream(path, { flags: 'wx' });
    s.on('error', (err: NodeJS.ErrnoException) => {
      this.failure ??= new UserError('OUTPUT_WRITE', `${path}: cannot write (${err.code ?? err.message})`);
    });
    s.write(UTF8_BOM + csvLine(CSV_COLUMNS));
    this.streams[k] = s;
    this.written.push(rel);
    return s;
  }
}

/** The findings document of a package: `findingsDocument` with summaries and metrics redacted. */
export function packageFindingsDocument(a: Analysis, lang: Lang, red: Redactor, command?: string[]) {
  const doc = findingsDocument(a, lang, command);
  return {
    ...doc,
    redacted: red.enabled,
    inputs: doc.inputs.map((i) => ({
      ...i,
      rejections: i.rejections.map((r) => ({ line: r.line, reason: red.text(r.reason) })),
    })),
    findings: doc.findings.map((f, k) => ({
      ...f,
      summary: red.text(f.summary, k),
      metrics: redactMetrics(f.metrics, red, k),
    })),
  };
}

function redactMetrics(metrics: Finding['metrics'], red: Redactor, k: number): Finding['metrics'] {
  if (!red.enabled) return metrics;
  const out: Finding['metrics'] = {};
  for (const [name, v] of Object.entries(metrics)) {
    out[name] = typeof v === 'string' ? red.text(v, k) : Array.isArray(v) ? v.map((s) => red.text(s, k)) : v;
  }
  return out;
}

export interface PackageOptions {
  /** Report language; default from the analysis' country (`defaultLang`). */
  lang?: Lang;
  /** Mask third-party numbers everywhere in the package. */
  redact?: boolean;
  /** Write into a non-empty folder, replacing a previous package there. */
  force?: boolean;
  /** Arguments after the program name, as typed (`process.argv.slice(2)`). */
  command?: string[];
}

export interface PackageResult {
  dir: string;
  analysis: Analysis;
  lang: Lang;
  manifest: Manifest;
  /** SHA-256 of manifest.json (not listed in it): note it to check the manifest itself later. */
  manifestSha256: string;
  /** Files of the folder that are not part of the package (left by --force). */
  foreign: string[];
}

/** Runs the analysis and writes the whole package into `outDir`. */
export async function writePackage(
  paths: readonly string[],
  opts: AnalyzeOptions,
  outDir: string,
  pkg: PackageOptions = {},
): Promise<PackageResult> {
  // Options are checked (zone, country, owner) before anything is written.
  const ctx = createFormatContext(opts);
  const redact = pkg.redact ?? false;
  const prepared = await prepareOutDir(outDir, pkg.force ?? false);
  const written: string[] = [];
  const collector = new EvidenceCollector({
    dir: outDir,
    inputPaths: paths,
    clock: ctx.clock,
    redactor: (findings) => makeRedactor(redact, ctx.owner ?? null, ctx.country, findings, ctx.numbers),
  });
  try {
    await fsp.mkdir(join(outDir, EVIDENCE_DIR), { recursive: true });
    let analysis: Analysis;
    try {
      analysis = await analyze(paths, { ...opts, evidenceSink: collector });
      // Closing also writes the header-only CSVs of findings without rows.
      await collector.close();
    } catch (err) {
      await collector.abort();
      throw err;
    } finally {
      written.push(...collector.written);
    }
    const lang = pkg.lang ?? defaultLang(analysis.country);
    const red = makeRedactor(
      redact,
      analysis.owner,
      analysis.country,
      analysis.findings,
      analysis.ctx.numbers,
    );
    const aggregates = analysis.findings.map((_, k) => collector.aggregates[k] ?? newAggregate());
    const input = { analysis, aggregates, lang, redactor: red, command: pkg.command };
    const files: [string, string][] = [
      [
        REPORT_FILES.findings,
        `${JSON.stringify(packageFindingsDocument(analysis, lang, red, pkg.command), null, 2)}\n`,
      ],
      [REPORT_FILES.html, renderHtml(input)],
      [REPORT_FILES.markdown, renderMarkdown(input)],
    ];
    for (const [name, text] of files) await writeNew(join(outDir, name), name, text, written);
    const manifest = await buildManifest(outDir, analysis, lang, redact, pkg.command ?? [], written);
    await writeNew(join(outDir, MANIFEST_FILE), MANIFEST_FILE, serializeManifest(manifest), written);
    const { sha256 } = await hashFile(join(outDir, MANIFEST_FILE));
    return { dir: outDir, analysis, lang, manifest, manifestSha256: sha256, foreign: prepared.foreign };
  } catch (err) {
    await cleanUp(outDir, prepared.created, written);
    throw err;
  }
}

/** Writes a file that must not exist yet; records it for the clean-up unless it was someone else's. */
async function writeNew(path: string, rel: string, text: string, written: string[]): Promise<void> {
  try {
    await fsp.writeFile(path, text, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UserError('OUTPUT_WRITE', `${path}: appeared while the package was being written`);
    }
    written.push(rel);
    throw new UserError('OUTPUT_WRITE', `${path}: cannot write (${(err as NodeJS.ErrnoException).code})`);
  }
  written.push(rel);
}

export function makeRedactor(
  enabled: boolean,
  owner: string | null,
  country: string,
  findings: readonly Finding[],
  numbers: NumberBook,
): Redactor {
  return new Redactor({ enabled, owner, country, findings, numbers });
}

async function buildManifest(
  dir: string,
  a: Analysis,
  lang: Lang,
  redacted: boolean,
  command: string[],
  written: readonly string[],
): Promise<Manifest> {
  const files: ManifestFile[] = [];
  for (const rel of [...written].sort()) {
    const { sha256, size } = await hashFile(join(dir, rel));
    files.push({ path: rel, sha256, size });
  }
  return {
    schema: MANIFEST_SCHEMA,
    tool: { name: a.tool.name, version: a.tool.version },
    generatedAt: a.ctx.clock.iso(a.generatedAt),
    command,
    cwd: process.cwd(),
    timezone: a.timezone,
    timeRules: TIME_RULES[lang],
    country: a.country,
    owner: a.owner,
    language: lang,
    redacted,
    parameters: a.params,
    inputs: a.inputs.map((i) => ({
      path: i.path,
      absolutePath: i.path === '-' ? null : resolve(i.path),
      sha256: i.sha256,
      size: i.size,
      format: i.format,
    })),
    files,
  };
}

/** Names of a previous package's files, removed by --force. */
function isPackageFile(name: string): boolean {
  return name === MANIFEST_FILE || Object.values(REPORT_FILES).includes(name as never);
}

/**
 * Makes sure `dir` is a new or empty folder. With `force`, a previous package's files (reports,
 * findings, manifest, evidence/F….csv) are removed first; other files are left and reported.
 */
export async function prepareOutDir(
  dir: string,
  force: boolean,
): Promise<{ created: boolean; foreign: string[] }> {
  const stat = await fsp.stat(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw new UserError('BAD_OPTION', `--out ${dir}: cannot use this folder (${err.code})`);
  });
  if (stat === null) {
    try {
      await fsp.mkdir(dir, { recursive: true });
    } catch (err) {
      throw new UserError(
        'BAD_OPTION',
        `--out ${dir}: cannot create the folder (${(err as NodeJS.ErrnoException).code})`,
      );
    }
    return { created: true, foreign: [] };
  }
  if (!stat.isDirectory()) throw new UserError('BAD_OPTION', `--out ${dir}: exists and is not a folder`);
  const entries = await fsp.readdir(dir);
  if (entries.length === 0) return { created: false, foreign: [] };
  if (!force) {
    throw new UserError(
      'OUTPUT_NOT_EMPTY',
      `--out ${dir}: the folder is not empty (${entries.length} entr${entries.length > 1 ? 'ies' : 'y'}); choose a new or empty folder, or add --force to replace a previous package there`,
    );
  }
  const foreign: string[] = [];
  for (const name of entries) {
    if (isPackageFile(name)) await fsp.rm(join(dir, name), { force: true });
    else if (name === EVIDENCE_DIR && (await fsp.stat(join(dir, name))).isDirectory()) {
      for (const e of await fsp.readdir(join(dir, name))) {
        if (/^F\d+\.csv$/.test(e)) await fsp.rm(join(dir, name, e), { force: true });
        else foreign.push(`${EVIDENCE_DIR}/${e}`);
      }
    } else foreign.push(name);
  }
  return { created: false, foreign };
}

/** After a failure: removes what this run wrote (the whole folder when this run created it). */
async function cleanUp(dir: string, created: boolean, written: readonly string[]): Promise<void> {
  if (created) {
    await fsp.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    return;
  }
  for (const rel of written) await fsp.rm(join(dir, rel), { force: true }).catch(() => undefined);
  await fsp.rmdir(join(dir, EVIDENCE_DIR)).catch(() => undefined);
}
