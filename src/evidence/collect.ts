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
import { e164Value } from '../records/number-set.js';
import type { NumberBook } from '../records/numbers.js';
import type { CallRecord } from '../records/record.js';
import type { Finding } from './finding.js';

/** Receives every supporting row of every finding, in input order (for the report's evidence CSVs). */
export interface EvidenceSink {
  /** Called once before the first row, with the findings (ids, subjects) the rows will belong to. */
  begin?(findings: readonly Finding[]): void;
  row(findingIndex: number, r: CallRecord, raw: string | undefined): void;
}

/** The finding a candidate becomes, numbered in report order, before its evidence rows are counted. */
export function findingOf(c: Candidate, i: number): Finding {
  return {
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
  };
}

/**
 * Candidates whose `matches` lives in another thread (see detectors/remote.ts). The evidence pass offers
 * them each record that one of them may match; answers come back later, in record order, as `cite` calls.
 */
export interface RemoteEvidence {
  /** True for the candidates (by index) the other thread decides. */
  owns(k: number): boolean;
  offer(r: CallRecord, raw: string | undefined): void;
  /** Returns once every offered record has been answered. */
  drain(): void;
}

export async function collectEvidence(
  opened: readonly OpenedInput[],
  inputs: readonly AnalyzedInput[],
  ctx: FormatContext,
  opts: ReadOptions,
  candidates: readonly Candidate[],
  sampleSize: number,
  sink?: EvidenceSink,
  remote?: (cite: (k: number, r: CallRecord, raw: string | undefined) => void) => RemoteEvidence,
): Promise<Finding[]> {
  const findings: Finding[] = candidates.map(findingOf);
  if (candidates.length === 0) return findings;
  sink?.begin?.(findings);
  const index = indexCandidates(candidates, ctx.numbers);
  const cite = (k: number, r: CallRecord, raw: string | undefined): void => {
    const ev = findings[k].evidence;
    ev.rows++;
    if (ev.sample.length < sampleSize) ev.sample.push({ file: inputs[r.input].path, line: r.line });
    sink?.row(k, r, raw === undefined ? raw : rowText(raw));
  };
  const other = remote?.(cite);
  // The record being read, for `visit` (one function for the whole pass, not one per row).
  let current: CallRecord;
  let currentRaw: string | undefined;
  let elsewhere = false;
  const visit = (k: number): void => {
    if (other?.owns(k)) elsewhere = true;
    else if (candidates[k].matches(current)) cite(k, current, currentRaw);
  };
  const filter = index.others.length === 0 ? subjectFilter(candidates) : undefined;
  for (let i = 0; i < opened.length; i++) {
    const readOpts: ReadOptions = {
      ...opts,
      format: inputs[i].format,
      strict: false,
      withRaw: sink !== undefined,
      wanted: filter?.wanted,
      wantedKeys: filter?.wantedKeys,
    };
    await readInput(opened[i], i, ctx, readOpts, (r, raw) => {
      current = r;
      currentRaw = raw;
      elsewhere = false;
      forEachEligible(index, candidates.length, r, visit);
      if (elsewhere) other!.offer(r, raw);
    });
  }
  other?.drain();
  return findings;
}

/**
 * Calls `visit` with each candidate (by index, in candidate order) that may match the record: those
 * about its two numbers and those about prefixes; every candidate when a side is empty (see
 * indexCandidates). Candidate order keeps a record's findings in the same order for the sink.
 */
export function forEachEligible(
  index: CandidateIndex,
  count: number,
  r: CallRecord,
  visit: (k: number) => void,
): void {
  if (r.caller === '' || r.callee === '') {
    for (let k = 0; k < count; k++) visit(k);
    return;
  }
  const a = index.byNumber.get(r.callerId) ?? NONE;
  const b = r.calleeId === r.callerId ? NONE : (index.byNumber.get(r.calleeId) ?? NONE);
  const c = index.others;
  // A merge of three sorted lists.
  let x = 0;
  let y = 0;
  let z = 0;
  for (;;) {
    const ka = x < a.length ? a[x] : Number.MAX_SAFE_INTEGER;
    const kb = y < b.length ? b[y] : Number.MAX_SAFE_INTEGER;
    const kc = z < c.length ? c[z] : Number.MAX_SAFE_INTEGER;
    if (ka <= kb && ka <= kc) {
      if (ka === Number.MAX_SAFE_INTEGER) return;
      x++;
      visit(ka);
    } else if (kb <= kc) {
      y++;
      visit(kb);
    } else {
      z++;
      visit(kc);
    }
  }
}

const NONE: readonly number[] = [];

/**
 * When every candidate is about a number, a record can only support one if a side is empty or is one
 * of those numbers: the reader drops the others before it looks up their ids (two lookups in a table
 * of every number of the export, the costliest step of the pass). E.164 subjects are compared by the
 * value of their digits in a small set; any other subject by its string.
 */
export function subjectFilter(
  candidates: readonly Pick<Candidate, 'subject'>[],
): Pick<ReadOptions, 'wanted' | 'wantedKeys'> {
  const digits = new Set<number>();
  const strings = new Set<string>();
  for (const c of candidates) {
    const v = e164Value(c.subject);
    if (v > 0) digits.add(v);
    else strings.add(c.subject);
  }
  const isSubject = (n: string): boolean => {
    const v = e164Value(n);
    return v > 0 ? digits.has(v) : strings.has(n);
  };
  return {
    wanted: (caller, callee) => caller === '' || callee === '' || isSubject(caller) || isSubject(callee),
    // Two E.164 numbers (neither empty): the same test on their digits, for rows read from bytes.
    wantedKeys: (callerKey, calleeKey) => digits.has(callerKey) || digits.has(calleeKey),
  };
}

/**
 * Candidates by subject. A candidate about a number selects only records where that number is the
 * caller or the callee, or where one side is empty (the owner's side of a subscriber's own log, which
 * may be the subject): such records are offered to every candidate, other records only to the
 * candidates about their two numbers and to the candidates about prefixes. With hundreds of findings,
 * this spares the evidence pass hundreds of `matches` calls per row. Keyed by number id (a record
 * carries the ids of its numbers), so the pass hashes no string per row.
 */
export interface CandidateIndex {
  /** Number id -> candidates about that number, in candidate order. */
  byNumber: Map<number, number[]>;
  /** Candidates about prefixes, in candidate order. */
  others: number[];
}

export function indexCandidates(
  candidates: readonly Pick<Candidate, 'subject' | 'subjectType'>[],
  numbers: NumberBook,
): CandidateIndex {
  const byNumber = new Map<number, number[]>();
  const others: number[] = [];
  candidates.forEach((c, k) => {
    if (c.subjectType !== 'number') {
      others.push(k);
      return;
    }
    // A subject no record carries needs no entry (and assigning it an id here would make the threads'
    // ids diverge, see detectors/remote.ts).
    const id = numbers.findId(c.subject);
    if (id < 0) return;
    const list = byNumber.get(id);
    if (list) list.push(k);
    else byNumber.set(id, [k]);
  });
  return { byNumber, others };
}

/**
 * A row's original text as the tokenizers give it may start with the blank lines before the row and end
 * with a CRLF file's `\r`: the evidence shows the row alone.
 */
export function rowText(raw: string): string {
  return raw.replace(/^[\r\n]+|\r$/g, '');
}
