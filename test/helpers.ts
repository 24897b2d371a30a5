/** Shared test helpers: paths to the real samples and a one-call reader. */

import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openInput, readHead } from '../src/formats/bytes.js';
import { type ContextOptions, createFormatContext } from '../src/formats/context.js';
import { parseSample, sniffDelimiter } from '../src/formats/csv.js';
import { type InputSummary, type ReadOptions, readInput } from '../src/formats/read.js';
import type { TableSample } from '../src/formats/types.js';
import type { CallRecord } from '../src/records/record.js';

/** ../shared/real-samples beside the clone (CI has it there). Never copy these files into the project. */
export const REAL_SAMPLES = fileURLToPath(new URL('../../shared/real-samples/', import.meta.url));
/** fixtures/ of the project. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A record as read, without the run-wide number ids (format tests compare records as literals). */
export type ReadRecord = Omit<CallRecord, 'callerId' | 'calleeId'>;

export interface ReadResult {
  records: ReadRecord[];
  summary: InputSummary;
}

/**
 * Reads one file completely (tests only: keeps every record in memory). The number ids the reader
 * stamps are left out of the records: they depend on the run, not the row (read.test.ts checks them).
 */
export async function readAll(path: string, opts: ContextOptions & ReadOptions = {}): Promise<ReadResult> {
  const ctx = createFormatContext(opts);
  const records: ReadRecord[] = [];
  const input = await openInput(path);
  const summary = await readInput(input, 0, ctx, opts, (r) => {
    const { callerId: _caller, calleeId: _callee, ...rest } = r;
    records.push(rest);
  });
  return { records, summary };
}

/** The head of a file as format sniffers see it (name, delimiter, first rows). */
export async function sampleOf(path: string): Promise<TableSample> {
  const head = await readHead(await openInput(path));
  const delimiter = sniffDelimiter(head.text.split('\n', 60));
  return { name: basename(path), delimiter, rows: parseSample(head.text, delimiter, head.complete) };
}

/** The record read from a given line; throws when there is none. */
export function byLine<R extends ReadRecord>(records: R[], line: number): R {
  const r = records.find((x) => x.line === line);
  if (!r) throw new Error(`no record at line ${line}`);
  return r;
}

/** How many items fall under each key. */
export function count<T>(items: T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of items) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}
