/**
 * The evidence pass: reads the inputs a second time (same formats as detected in the first pass) and
 * runs each candidate's `matches` predicate, so every finding counts and cites its supporting rows
 * (input file + line) without the first pass having kept any record.
 */
import type { AnalyzedInput } from '../analyze.js';
import type { Candidate } from '../detectors/types.js';
import type { OpenedInput } from '../formats/bytes.js';
import { type ReadOptions, readInput } from '../formats/read.js';
import type { FormatContext } from '../formats/types.js';
import type { CallRecord } from '../records/record.js';
import type { Finding } from './finding.js';

/** Receives every supporting row of every finding, in input order (for the report's evidence CSVs). */
export interface EvidenceSink {
  /** Called once before the first row, with the findings (ids, subjects) the rows will belong to. */
  begin?(findings: readonly Finding[]): void;
  row(findingIndex: number, r: CallRecord, raw: string | undefined): void;
}

export async function collectEvidence(
  opened: readonly OpenedInput[],
  inputs: readonly AnalyzedInput[],
  ctx: FormatContext,
  opts: ReadOptions,
  candidates: readonly Candidate[],
  sampleSize: number,
  sink?: EvidenceSink,
): Promise<Finding[]> {
  const findings: Finding[] = candidates.map((c, i) => ({
    id: `F${String(i + 1).padStart(3, '0')}`,
    kind: c.kind,
    severity: c.severity,
    subject: c.subject,
    subjectType: c.subjectType,
    start: c.start,
    end: c.end,
    calls: c.calls,
    metrics: c.metrics,
    summary: c.summary,
    evidence: { rows: 0, sample: [] },
  }));
  if (candidates.length === 0) return findings;
  sink?.begin?.(findings);
  for (let i = 0; i < opened.length; i++) {
    const file = inputs[i].path;
    const readOpts: ReadOptions = {
      ...opts,
      format: inputs[i].format,
      strict: false,
      withRaw: sink !== undefined,
    };
    await readInput(opened[i], i, ctx, readOpts, (r, raw) => {
      for (let k = 0; k < candidates.length; k++) {
        if (!candidates[k].matches(r)) continue;
        const ev = findings[k].evidence;
        ev.rows++;
        if (ev.sample.length < sampleSize) ev.sample.push({ file, line: r.line });
        sink?.row(k, r, raw);
      }
    });
  }
  return findings;
}
