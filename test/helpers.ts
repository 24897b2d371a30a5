/** Shared test helpers: paths to the real samples and a one-call reader. */
import { fileURLToPath } from 'node:url';
import { openInput } from '../src/formats/bytes.js';
import { type ContextOptions, createFormatContext } from '../src/formats/context.js';
import { type InputSummary, type ReadOptions, readInput } from '../src/formats/read.js';
import type { CallRecord } from '../src/records/record.js';

/** ../shared/real-samples beside the clone (CI has it there). Never copy these files into the project. */
export const REAL_SAMPLES = fileURLToPath(new URL('../../shared/real-samples/', import.meta.url));
/** fixtures/ of the project. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface ReadResult {
  records: CallRecord[];
  summary: InputSummary;
}

/** Reads one file completely (tests only: keeps every record in memory). */
export async function readAll(path: string, opts: ContextOptions & ReadOptions = {}): Promise<ReadResult> {
  const ctx = createFormatContext(opts);
  const records: CallRecord[] = [];
  const input = await openInput(path);
  const summary = await readInput(input, 0, ctx, opts, (r) => records.push({ ...r }));
  return { records, summary };
}
