/**
 * What a format module is: a detector (`sniff`) and a row reader that turns the format's rows into
 * canonical call records (src/records/record.ts). One file per format in src/formats/.
 */

import type { NumberBook } from '../records/numbers.js';
import type { CallRecord } from '../records/record.js';
import type { Clock } from '../records/time.js';

/** What the row reader returns for a row that is not a call record. */
export interface RowIssue {
  reason: string;
  /** True for lines that are not data at all (preamble, subtotal, repeated header): counted as skipped. */
  skipped?: true;
}

/** A row a format dropped for the evidence pass's `wanted` test (counted as skipped there, not shown). */
export const DROPPED: RowIssue = { reason: 'not about a finding (evidence pass)', skipped: true };

export function isRecord(x: CallRecord | RowIssue): x is CallRecord {
  return (x as CallRecord).start !== undefined;
}

/** Run-wide settings every format needs to build records. */
export interface FormatContext {
  numbers: NumberBook;
  clock: Clock;
  /** ISO 3166 alpha-2 for national-format numbers. */
  country: string;
  /** Canonical (E.164) number of the subscriber whose export this is, when given. */
  owner?: string;
  /** `--map field=column`: canonical field -> source column name (or 1-based column number). */
  map?: Record<string, string>;
}

/** The head of an input, parsed with the sniffed delimiter, for detection. */
export interface TableSample {
  /** File name (no directory), for formats recognised by name (`Master.csv`). */
  name: string;
  delimiter: string;
  /** First rows (up to ~50) with their 1-based line numbers. */
  rows: { fields: string[]; line: number }[];
}

export interface TableDetection {
  /** 0 (not this format) .. 1 (certain). */
  score: number;
  /** 1-based line of the header row, or null for headerless formats. Lines before it are preamble. */
  headerLine: number | null;
}

export interface RowReader {
  /** Canonical field -> source column (name, or `#3` for headerless formats), for `inspect`. */
  mapping: Record<string, string>;
  /** Turns one row into a record. `input` is the input's index; `line` its 1-based line. */
  read(fields: string[], line: number, input: number): CallRecord | RowIssue;
  /**
   * Optional: the byte reader's fast path (byte-rows.ts) for a row of a plain ASCII line; field k spans
   * `[cuts[2k], cuts[2k + 1])` of `buf`. Returns null when the row must go through `read` (any value
   * outside the forms it reads from bytes): the caller then makes the strings. A record it returns is
   * exactly the one `read` gives for the same fields, with `callerId`/`calleeId` already stamped.
   */
  readBytes?(
    buf: Buffer,
    cuts: Int32Array,
    count: number,
    line: number,
    input: number,
  ): CallRecord | RowIssue | null;
}

export interface TableFormat {
  kind: 'table';
  /** `--format` name. */
  name: string;
  title: string;
  sniff(sample: TableSample): TableDetection;
  /**
   * Builds the row reader. `header` is the header row (null for headerless formats); `samples` are the
   * first data rows (for date-order and unit detection). Throws a UserError when the columns cannot be
   * mapped, naming the columns found. `wanted` (evidence pass): a format may drop a row whose canonical
   * numbers it refuses before reading the rest of it, returning DROPPED (optional: `readInput` applies
   * the same test to every record anyway). `wantedKeys`: the same test on the digits of two strict
   * E.164 numbers, for a row read from bytes.
   */
  open(
    header: string[] | null,
    samples: string[][],
    ctx: FormatContext,
    path: string,
    wanted?: (caller: string, callee: string) => boolean,
    wantedKeys?: (callerKey: number, calleeKey: number) => boolean,
  ): RowReader;
}

/** Emits records and issues of an XML input, streaming. */
export interface XmlSink {
  record(r: CallRecord): void;
  issue(ref: number, issue: RowIssue): void;
}

export interface XmlFormat {
  kind: 'xml';
  name: string;
  title: string;
  /** `head` is the first ~64 KiB of decoded text. */
  sniff(head: string): number;
  /** Canonical field -> source attribute, for `inspect`. */
  mapping: Record<string, string>;
  /** Streams the decoded text; record.line is the 1-based element index. */
  read(text: NodeJS.ReadableStream, ctx: FormatContext, input: number, sink: XmlSink): Promise<void>;
}

export type Format = TableFormat | XmlFormat;
