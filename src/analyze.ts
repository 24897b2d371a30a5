/**
 * The whole pipeline in one place:
 *   inputs -> formats (rows -> canonical records) -> detectors (first pass: aggregate per key and window)
 *   -> candidates -> evidence pass (second pass: count and cite the supporting rows) -> findings.
 * Nothing here prints; the CLI and the report writers render the result.
 */

import { DETECTORS } from './detectors/index.js';
import { applyOverrides, defaultParams, type ParamValues } from './detectors/params.js';
import { remoteEvidence, startDetectorThreads } from './detectors/remote.js';
import { createRuns } from './detectors/runs.js';
import type { Candidate, DetectorMeta, Text } from './detectors/types.js';
import { collectEvidence, type EvidenceSink } from './evidence/collect.js';
import type { Finding } from './evidence/finding.js';
import { type OpenedInput, openInput, sha256File } from './formats/bytes.js';
import { type ContextOptions, createFormatContext } from './formats/context.js';
import { type InputSummary, type ReadOptions, readInput } from './formats/read.js';
import type { FormatContext } from './formats/types.js';
import type { CallRecord } from './records/record.js';
import { TOOL } from './version.js';

export interface AnalyzeOptions extends ContextOptions, ReadOptions {
  /** `--param kind.name=value` overrides. */
  params?: string[];
  /** Parsed `--config` file: `{ "kind": { "name": value } }`. */
  config?: Record<string, Record<string, unknown>>;
  /** Evidence rows cited per finding in the findings document (all are counted). */
  sampleSize?: number;
  /** Receives every supporting row in the evidence pass (report CSVs). */
  evidenceSink?: EvidenceSink;
  /** Called every so many records with the running count (progress display). */
  onProgress?: (rows: number) => void;
  /** `--threads`: detector groups run on this many threads (default: the cores, at most 2). */
  threads?: number;
}

export interface AnalyzedInput extends InputSummary {
  sha256: string;
  size: number;
}

export interface Analysis {
  tool: typeof TOOL;
  generatedAt: number;
  timezone: string;
  country: string;
  owner: string | null;
  params: ParamValues;
  detectors: DetectorMeta[];
  inputs: AnalyzedInput[];
  findings: Finding[];
  /** Records analysed (within --since/--until) over all inputs. */
  records: number;
  /** What the reader noticed that limits the findings (e.g. an input not in time order). */
  warnings: Text[];
  ctx: FormatContext;
}

export async function analyze(paths: readonly string[], opts: AnalyzeOptions = {}): Promise<Analysis> {
  const ctx = createFormatContext(opts);
  const params = defaultParams();
  if (opts.config) applyOverrides(params, opts.config);
  if (opts.params) applyOverrides(params, opts.params);
  const opened = await openAll(paths);

  // Detectors in groups of similar cost: the first runs here, beside the reading; each other group in
  // a worker thread that gets every record in batches (detectors/remote.ts).
  const { local, remotes } = startDetectorThreads(params, ctx, opts.threads);
  try {
    // First pass: every record goes through every detector once.
    const runs = createRuns(local, params, ctx);
    let records = 0;
    const observe = (r: CallRecord): void => {
      records++;
      if (opts.onProgress && (records & 0xffff) === 0) opts.onProgress(records);
      for (let i = 0; i < runs.length; i++) runs[i].observe(r);
      for (let i = 0; i < remotes.length; i++) remotes[i].observe(r);
    };
    const inputs = await readAll(opened, ctx, opts, observe);
    const candidates = orderCandidates([
      ...runs.flatMap((run) => run.finish()),
      ...remotes.flatMap((remote) => remote.finish()),
    ]);

    // Second pass: count and cite the rows behind each finding.
    const findings = await collectEvidence(
      opened,
      inputs,
      ctx,
      opts,
      candidates,
      opts.sampleSize ?? 20,
      opts.evidenceSink,
      remotes.length === 0 ? undefined : (cite) => remoteEvidence(remotes, candidates, cite),
    );
    return {
      tool: TOOL,
      generatedAt: Date.now(),
      timezone: ctx.clock.tz,
      country: ctx.country,
      owner: ctx.owner ?? null,
      params,
      detectors: DETECTORS.map((d) => d.meta),
      inputs,
      findings,
      records,
      warnings: readerWarnings(inputs),
      ctx,
    };
  } finally {
    await Promise.all(remotes.map((x) => x.close()));
  }
}

/** Rows an hour apart are still "in order" (PBXs write a row when a call ends; see read.ts). */
const OVERLAP_SLACK_MS = 3_600_000;

/**
 * Limits the data puts on the findings. Some detectors follow a number once it gets busy, which is
 * exact on exports in time order (either way) and may undercount on shuffled ones, or on inputs that
 * are each in order but cover the same period (read one after the other, together they are not).
 */
export function readerWarnings(inputs: readonly Omit<AnalyzedInput, 'sha256' | 'size'>[]): Text[] {
  const out: Text[] = [];
  for (let a = 0; a < inputs.length; a++) {
    for (let b = a + 1; b < inputs.length; b++) {
      const x = inputs[a];
      const y = inputs[b];
      if (x.firstStart === null || x.lastStart === null || y.firstStart === null || y.lastStart === null)
        continue;
      if (y.firstStart >= x.lastStart - OVERLAP_SLACK_MS || x.firstStart >= y.lastStart - OVERLAP_SLACK_MS)
        continue;
      out.push({
        en: `${x.path} and ${y.path} cover the same period: read one after the other, their rows are not in time order together: robocall-flood, spoofed-number-callbacks and the hourly details of call-storm may undercount; merge them into one export sorted by time for exact figures.`,
        fr: `${x.path} et ${y.path} couvrent la même période : lus l'un après l'autre, leurs lignes ne sont pas triées par date ensemble : robocall-flood, spoofed-number-callbacks et le détail horaire de call-storm peuvent sous-compter ; fusionnez-les en un export trié par date pour des chiffres exacts.`,
      });
    }
  }
  for (const i of inputs) {
    if (i.order !== 'unordered') continue;
    out.push({
      en: `${i.path} is not in time order (${i.stepsBack} steps back and ${i.stepsForward} forward by more than an hour between rows): robocall-flood, spoofed-number-callbacks and the hourly details of call-storm may undercount; sort the export by time for exact figures.`,
      fr: `${i.path} n'est pas trié par date (${i.stepsBack} retours en arrière et ${i.stepsForward} sauts en avant de plus d'une heure entre lignes) : robocall-flood, spoofed-number-callbacks et le détail horaire de call-storm peuvent sous-compter ; triez l'export par date pour des chiffres exacts.`,
    });
  }
  return out;
}

/** Opens every input (standard input is spooled once, so both passes can read it). */
export async function openAll(paths: readonly string[]): Promise<OpenedInput[]> {
  const opened: OpenedInput[] = [];
  for (const p of paths) opened.push(await openInput(p));
  return opened;
}

/** Reads every input in order with one record callback; adds each input's size and SHA-256. */
export async function readAll(
  opened: readonly OpenedInput[],
  ctx: FormatContext,
  opts: ReadOptions,
  onRecord: (r: CallRecord) => void,
): Promise<AnalyzedInput[]> {
  const inputs: AnalyzedInput[] = [];
  for (let i = 0; i < opened.length; i++) {
    const summary = await readInput(opened[i], i, ctx, opts, onRecord);
    inputs.push({ ...summary, sha256: await sha256File(opened[i].file), size: opened[i].size });
  }
  return inputs;
}

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

/**
 * Report order: severity, then the biggest incidents first (calls), then start time, kind and subject
 * (stable across runs): a prefix storm over thousands of calls heads the report, not one of its lines.
 */
function orderCandidates(cands: Candidate[]): Candidate[] {
  return cands.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      b.calls - a.calls ||
      a.start - b.start ||
      a.kind.localeCompare(b.kind) ||
      a.subject.localeCompare(b.subject),
  );
}
