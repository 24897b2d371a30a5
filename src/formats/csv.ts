/**
 * Delimited text: delimiter sniffing and the streaming row reader shared by every CSV-like format.
 * csv-parse is the reference tokenizer (quotes, embedded delimiters, CRLF); fast-csv.ts reads well-formed
 * files faster with the same result. Line numbers are physical lines.
 */
import { parse as parseSync } from 'csv-parse/sync';
import { fastDelimiter, readCsvRowsFast, readCsvRowsReference } from './fast-csv.js';

export const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * Picks the delimiter whose count per line is most consistent over the sample's non-empty lines
 * (quoted text is ignored). Ties go to the order of DELIMITERS.
 */
export function sniffDelimiter(lines: readonly string[]): string {
  let best: string = ',';
  let bestScore = -1;
  const sample = lines.filter((l) => l.trim() !== '').slice(0, 50);
  for (const d of DELIMITERS) {
    const counts = sample.map((l) => countOutsideQuotes(l, d));
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    let modeCount = 0;
    let mode = 0;
    for (const [c, n] of freq) {
      if (n > modeCount || (n === modeCount && c > mode)) {
        modeCount = n;
        mode = c;
      }
    }
    // Lines agreeing on the same number of fields, weighted a little by how many fields that is.
    const score = modeCount * 10 + Math.min(mode, 9);
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === d && !quoted) n++;
  }
  return n;
}

/** Parses a text sample (the head of a file) into rows with their 1-based line numbers. */
export function parseSample(
  text: string,
  delimiter: string,
  complete: boolean,
): { fields: string[]; line: number }[] {
  // Drop the last, possibly cut, line when the sample is not the whole file.
  const body = complete ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  const rows: { fields: string[]; line: number }[] = [];
  // The synchronous parser: a stream's 'readable' events may come after this function returns.
  try {
    parseSync(body, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_records_with_error: true,
      on_record: (record: string[], context) => {
        rows.push({ fields: record, line: context.lines });
        return null;
      },
    });
  } catch {
    // A sample that cannot be tokenized to its end: the rows before the error are the sample.
  }
  return rows;
}

export interface CsvRowHandler {
  /** `raw` is the row's original text, only when reading with `withRaw`. */
  row(fields: string[], line: number, raw?: string): void;
  /** A row csv-parse could not tokenize (e.g. an unclosed quote): it is rejected, reading goes on. */
  bad(line: number, reason: string): void;
}

/**
 * Streams a text stream into rows, calling `handler.row` for every row with the 1-based physical line
 * number of its first line. Empty lines are skipped (they are not rows). Files go through the fast
 * tokenizer (fast-csv.ts), which hands whatever it cannot read with certainty to csv-parse, with the same
 * rows, lines and rejections as csv-parse alone; `CDRSCOPE_CSV=csv-parse` reads with csv-parse only.
 * (Generic exports are read from bytes before any of this: byte-rows.ts, called by read.ts.)
 */
export function readCsvRows(
  text: NodeJS.ReadableStream,
  delimiter: string,
  handler: CsvRowHandler,
  withRaw = false,
): Promise<void> {
  if (process.env.CDRSCOPE_CSV === 'csv-parse' || !fastDelimiter(delimiter)) {
    return readCsvRowsReference(text, delimiter, handler, withRaw);
  }
  return readCsvRowsFast(text, delimiter, handler, withRaw);
}
