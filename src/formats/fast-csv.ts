/**
 * Streaming row readers for delimited text, both calling a `CsvRowHandler` with the same rows, line
 * numbers, raw text and rejections:
 *
 * - `readCsvRowsReference`: csv-parse (relaxed quotes and column counts, empty lines skipped), the
 *   reference for every dialect;
 * - `readCsvRowsFast`: a tokenizer for the common well-formed case, ~15 times faster than csv-parse: a single-character
 *   delimiter, fields optionally quoted with `""` escapes, LF or CRLF line ends, every record on one
 *   physical line. Each line is checked before it is read. The first line it cannot read with
 *   certainty (a quoted field that does not close on its line, text after a closing quote, a carriage
 *   return that is not part of the file's line ends, a line end other than the file's, a line over
 *   1 MiB, a chunk that is not well-formed text) hands the rest
 *   of the input, from just after the last record it read, to csv-parse, with the line count carried
 *   over. So records and rejections are csv-parse's in every case (test/formats/fast-csv.test.ts
 *   compares both on every fixture, real sample and a fuzzed corpus).
 *
 * What csv-parse does, and this reader reproduces, for such files:
 * - the record delimiter is the first line end met outside quotes (`\r\n`, `\n` or `\r`) and stays
 *   that one: in a `\n` file a `\r` is text, in a `\r\n` file a bare `\n` is text;
 * - a quote opens a quoted field only as the field's first character; elsewhere it is text;
 * - empty lines are not records, but they count as lines;
 * - a record's raw text (with `withRaw`) starts after the previous record, so it includes the empty
 *   lines before it, and keeps a CRLF file's `\r` (csv-parse's raw text; see readCsvRows).
 */
import { once } from 'node:events';
import type { Transform } from 'node:stream';
import { type Info, parse } from 'csv-parse';
import type { CsvRowHandler } from './csv.js';

const CR = 13;
/** Longest incomplete line kept between chunks before csv-parse takes over. */
const MAX_LINE = 1 << 20;
const QUOTE = 34;

/** Line ends of a file, once its first line is read. */
export const ENDS_UNKNOWN = 0;
export const ENDS_LF = 1;
export const ENDS_CRLF = 2;

/**
 * Where reading starts when an earlier reader (the byte reader, byte-rows.ts) read the lines before:
 * the physical line of the first unread line, the line ends it found, and the empty lines it read
 * since its last record (they belong to the next record's raw text).
 */
export interface TokenizerStart {
  line: number;
  ends: number;
  emptyLines: number;
}

/** Whether `readCsvRowsFast` can read with this delimiter (any single character but a quote or line end). */
export function fastDelimiter(delimiter: string): boolean {
  return delimiter.length === 1 && delimiter !== '"' && delimiter !== '\n' && delimiter !== '\r';
}

/** Where csv-parse takes over: the text from just after the last record read, and its line. */
interface Handover {
  text: string;
  /** Physical line of the first line of `text`. */
  line: number;
  /** The file's record delimiter, once a line end has been read (csv-parse discovers it otherwise). */
  recordDelimiter?: string;
}

/**
 * The fast tokenizer. `push` a chunk at a time, then `end`; both return a `Handover` when the input
 * must go on through csv-parse (nothing more is pushed to this tokenizer then).
 */
export class FastCsvTokenizer {
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private ends = ENDS_UNKNOWN;
  /** Physical line (1-based) of the first line not yet read. */
  private line = 1;
  /** Empty lines read since the last record (they belong to the next record's raw text). */
  private emptyLines = 0;
  /** The unread end of the last chunk (an incomplete line). */
  private pending = '';
  /** Rows read so far. */
  rows = 0;
  /** `delimiterFrom`'s memory (a position in the text being read). */
  private nextDelimiter = -1;

  constructor(
    delimiter: string,
    private readonly handler: CsvRowHandler,
    private readonly withRaw: boolean,
    start?: TokenizerStart,
  ) {
    if (!fastDelimiter(delimiter))
      throw new Error(`no fast tokenizer for the delimiter ${JSON.stringify(delimiter)}`);
    if (start) {
      this.line = start.line;
      this.ends = start.ends;
      this.emptyLines = start.emptyLines;
    }
    this.delimiter = delimiter;
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  push(chunk: string): Handover | null {
    const text = this.pending.length > 0 ? this.pending + chunk : chunk;
    const h = this.read(text, false);
    // A line this long is no common export row (XML on one line...): csv-parse reads on, without
    // this reader copying it again at every chunk.
    return h ?? (this.pending.length > MAX_LINE ? this.handover() : null);
  }

  end(): Handover | null {
    const text = this.pending;
    this.pending = '';
    return text.length > 0 ? this.read(text, true) : null;
  }

  /** The rest of the input as it stands (for a chunk this tokenizer will not read). */
  handover(): Handover {
    const h = this.handoverAt(this.pending, 0);
    this.pending = '';
    return h;
  }

  private handoverAt(text: string, pos: number): Handover {
    // Give back the empty lines read since the last record: csv-parse counts them into the next raw text.
    const ends = this.ends === ENDS_CRLF ? '\r\n' : '\n';
    const blank = this.emptyLines > 0 ? ends.repeat(this.emptyLines) : '';
    const line = this.line - this.emptyLines;
    // Until a first line has been read whole, csv-parse discovers the line ends itself.
    const recordDelimiter = this.line > 1 ? ends : undefined;
    return { text: blank + text.slice(pos), line, recordDelimiter };
  }

  /** Reads every complete line of `text` (and the last one when `final`); keeps the rest pending. */
  private read(text: string, final: boolean): Handover | null {
    const n = text.length;
    const d = this.delimiter;
    const handler = this.handler;
    let pos = 0;
    // Next carriage return, quote and delimiter at or after `pos` (n when none): each searched once
    // per occurrence, never rescanned (a file without any would otherwise be rescanned at every line).
    let cr = -1;
    let quote = -1;
    let dp = -1;
    while (pos < n) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) {
        if (!final) break;
        nl = n;
      }
      const terminated = nl < n;
      // `end`: where the line's content ends (before `\r\n` in a CRLF file).
      let end = nl;
      if (terminated) {
        if (this.ends === ENDS_UNKNOWN) {
          this.ends = nl > pos && text.charCodeAt(nl - 1) === CR ? ENDS_CRLF : ENDS_LF;
        }
        if (this.ends === ENDS_CRLF) {
          if (nl === pos || text.charCodeAt(nl - 1) !== CR) return this.handoverAt(text, pos);
          end = nl - 1;
        }
      }
      if (cr < pos) {
        cr = text.indexOf('\r', pos);
        if (cr < 0) cr = n;
      }
      // Any other carriage return: csv-parse reads it as text or as a line end; leave it to csv-parse.
      if (cr < end) return this.handoverAt(text, pos);
      if (end === pos) {
        this.emptyLines++;
        this.line++;
        pos = nl + 1;
        continue;
      }
      if (quote < pos) {
        quote = text.indexOf('"', pos);
        if (quote < 0) quote = n;
      }
      // A new array per row: the handler may keep it.
      const fields: string[] = [];
      if (quote >= end) {
        // No quote on this line: plain split.
        let a = pos;
        for (;;) {
          if (dp < a) {
            dp = text.indexOf(d, a);
            if (dp < 0) dp = n;
          }
          if (dp >= end) {
            fields.push(text.slice(a, end));
            break;
          }
          fields.push(text.slice(a, dp));
          a = dp + 1;
        }
      } else {
        this.nextDelimiter = dp;
        const ok = this.splitQuoted(text, pos, end, fields);
        dp = this.nextDelimiter;
        if (!ok) return this.handoverAt(text, pos);
      }
      let raw: string | undefined;
      if (this.withRaw) raw = this.rawText(text, pos, end, terminated);
      this.emptyLines = 0;
      const line = this.line;
      this.line++;
      this.rows++;
      pos = terminated ? nl + 1 : n;
      handler.row(fields, line, raw);
    }
    this.pending = pos < n ? text.slice(pos) : '';
    return null;
  }

  /** First delimiter at or after `a` in `text` (its length when none), remembered across fields and lines. */
  private delimiterFrom(text: string, a: number): number {
    let c = this.nextDelimiter;
    if (c < a) {
      c = text.indexOf(this.delimiter, a);
      if (c < 0) c = text.length;
      this.nextDelimiter = c;
    }
    return c;
  }

  /**
   * Splits the content `text[pos, end)` of a line holding a quote into `fields`. Returns false when the
   * line is not one csv-parse would read as a one-line record of quoted and unquoted fields: a quoted
   * field not closed on the line, or a closing quote followed by something other than the delimiter.
   */
  private splitQuoted(text: string, pos: number, end: number, fields: string[]): boolean {
    let a = pos;
    for (;;) {
      if (a < end && text.charCodeAt(a) === QUOTE) {
        let s = a + 1;
        let value = '';
        for (;;) {
          const q = text.indexOf('"', s);
          if (q < 0 || q >= end) return false;
          if (text.charCodeAt(q + 1) === QUOTE && q + 1 < end) {
            // `""`: one quote.
            value += text.slice(s, q + 1);
            s = q + 2;
            continue;
          }
          value += text.slice(s, q);
          fields.push(value);
          if (q + 1 === end) return true;
          if (text.charCodeAt(q + 1) !== this.delimiterCode) return false;
          a = q + 2;
          break;
        }
      } else {
        // Unquoted: up to the delimiter; a quote inside is text (csv-parse's relax_quotes).
        const c = this.delimiterFrom(text, a);
        if (c >= end) {
          fields.push(text.slice(a, end));
          return true;
        }
        fields.push(text.slice(a, c));
        a = c + 1;
      }
    }
  }

  /**
   * csv-parse's raw text of a one-line record, as readCsvRows passes it on: the empty lines before it,
   * the line, and the first character of a CRLF line end (csv-parse skips the `\n`; readCsvRows strips a
   * final `\n`). Each empty line contributes its first line-end character.
   */
  private rawText(text: string, pos: number, end: number, terminated: boolean): string {
    const crlf = this.ends === ENDS_CRLF;
    const before = this.emptyLines > 0 ? (crlf ? '\r' : '\n').repeat(this.emptyLines) : '';
    return before + text.slice(pos, crlf && terminated ? end + 1 : end);
  }
}

/** csv-parse reading from a given line on: rows and rejections go to `handler` with physical line numbers. */
interface CsvParseRun {
  parser: Transform;
  done: Promise<void>;
}

function startCsvParse(
  delimiter: string,
  handler: CsvRowHandler,
  withRaw: boolean,
  firstLine = 1,
  recordDelimiter?: string,
): CsvParseRun {
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    raw: withRaw,
    ...(recordDelimiter === undefined ? {} : { record_delimiter: recordDelimiter }),
  });
  const offset = firstLine - 1;
  let lastLine = 0;
  parser.on('readable', () => {
    let rec: { record: string[]; info: Info; raw?: string } | null;
    // biome-ignore lint/suspicious/noAssignInExpressions: stream read loop
    while ((rec = parser.read()) !== null) {
      // info.lines is the line where the record ends; a record spanning lines starts after the last one.
      const line = rec.info.lines - countNewlines(rec.record) + offset;
      lastLine = rec.info.lines;
      handler.row(rec.record, line, rec.raw?.replace(/\r?\n$/, ''));
    }
  });
  parser.on('skip', (err: Error & { lines?: number }) => {
    const reason =
      offset === 0
        ? err.message
        : err.message.replace(
            /\b(at|on) line (\d+)/g,
            (_m, w: string, l: string) => `${w} line ${+l + offset}`,
          );
    handler.bad((err.lines ?? lastLine + 1) + offset, reason);
    lastLine = err.lines ?? lastLine;
  });
  const done = new Promise<void>((resolve, reject) => {
    parser.on('error', reject);
    parser.on('end', resolve);
  });
  return { parser, done };
}

function countNewlines(fields: string[]): number {
  let n = 0;
  for (const f of fields) {
    if (f.length > 0 && f.indexOf('\n') >= 0) for (const c of f) if (c === '\n') n++;
  }
  return n;
}

/**
 * Streams a text stream through csv-parse, calling `handler.row` for every row with the 1-based
 * physical line number of its first line. Empty lines are skipped (they are not rows).
 */
export function readCsvRowsReference(
  text: NodeJS.ReadableStream,
  delimiter: string,
  handler: CsvRowHandler,
  withRaw = false,
): Promise<void> {
  const { parser, done } = startCsvParse(delimiter, handler, withRaw);
  text.on('error', (err) => parser.destroy(err));
  text.pipe(parser);
  return done;
}

/** How a `readCsvRowsFast` call went (for tests and the benchmark). */
export interface FastCsvStats {
  /** Rows read by the fast tokenizer. */
  fastRows: number;
  /** Line from which csv-parse read the rest, or null when the fast tokenizer read the whole input. */
  handoverLine: number | null;
}

/** Same rows, line numbers, raw text and rejections as `readCsvRowsReference`; see the header. */
export async function readCsvRowsFast(
  text: NodeJS.ReadableStream,
  delimiter: string,
  handler: CsvRowHandler,
  withRaw = false,
  stats?: FastCsvStats,
  start?: TokenizerStart,
): Promise<void> {
  const tokenizer = new FastCsvTokenizer(delimiter, handler, withRaw, start);
  let run: CsvParseRun | null = null;
  const write = async (chunk: string | Buffer): Promise<void> => {
    if (!run!.parser.write(chunk)) await once(run!.parser, 'drain');
  };
  const takeOver = async (h: Handover): Promise<void> => {
    if (stats) stats.handoverLine = h.line;
    run = startCsvParse(delimiter, handler, withRaw, h.line, h.recordDelimiter);
    if (h.text.length > 0) await write(h.text);
  };
  try {
    for await (const chunk of text as AsyncIterable<string | Buffer>) {
      if (run !== null) {
        await write(chunk);
      } else if (typeof chunk !== 'string' || !isWellFormed(chunk)) {
        // Bytes, or lone surrogates (csv-parse reads them as U+FFFD): csv-parse reads it as it is.
        await takeOver(tokenizer.handover());
        await write(chunk);
      } else {
        const h = tokenizer.push(chunk);
        if (h !== null) await takeOver(h);
      }
    }
    if (run === null) {
      const h = tokenizer.end();
      if (h !== null) await takeOver(h);
    }
    const r = run as CsvParseRun | null;
    if (r !== null) {
      r.parser.end();
      await r.done;
    }
  } catch (err) {
    (run as CsvParseRun | null)?.parser.destroy();
    throw err;
  } finally {
    if (stats) stats.fastRows = tokenizer.rows;
  }
}

function isWellFormed(s: string): boolean {
  const f = (s as { isWellFormed?: () => boolean }).isWellFormed;
  return f === undefined ? !/[\ud800-\udfff]/.test(s) : f.call(s);
}
