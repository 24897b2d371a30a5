/**
 * The byte reader: delimited rows read straight from the file's bytes, for the common export whose
 * lines are plain ASCII without quotes. It makes no string for a line or a field: a format's
 * `readBytes` (formats/types.ts) reads dates, numbers and words from the bytes, and number strings
 * are made once per distinct number. At 10 million rows, decoding every chunk to text, slicing every
 * field and hashing every number string cost more than the detectors that follow.
 *
 * It reads exactly the rows the text path (fast-csv.ts, then csv-parse) reads, or hands over to it:
 * - a line is read here only when every byte is ASCII (below 0x80), none is a quote, and no carriage
 *   return stands anywhere but in the file's CRLF line ends; its fields are then what both tokenizers
 *   give, the text between delimiters;
 * - line ends are decided on the first line, as csv-parse does (`\r\n` or `\n`), empty lines count as
 *   lines but are not rows, and a record's raw text (`withRaw`) holds the empty lines before it and a
 *   CRLF line's `\r`, as readCsvRows gives it;
 * - the first line it cannot read so (a quote, a non-ASCII character, a stray carriage return, a line
 *   over 1 MiB) hands that line and the rest of the input to the text path, with the line count, the
 *   line ends and the pending empty lines carried over, decoded from there as UTF-8 with the
 *   Windows-1252 fallback per line (bytes.ts);
 * - a row whose values the format cannot read from bytes (a date in another layout, a number not in
 *   strict E.164 form, an unreadable value that must be rejected with its reason) is read as text:
 *   its fields are made into strings and go through the format's `read`, with the same result.
 *
 * test/formats/byte-rows.test.ts compares it with the text path and with csv-parse on every fixture,
 * real sample and a fuzzed corpus: the same records (ids included), rejections and summaries.
 * `CDRSCOPE_CSV=text` turns it off (and `CDRSCOPE_CSV=csv-parse` reads with csv-parse only).
 */
import { isAscii } from 'node:buffer';
import { Readable } from 'node:stream';
import { TextDecoderStream } from './bytes.js';
import type { CsvRowHandler } from './csv.js';
import { ENDS_CRLF, ENDS_LF, ENDS_UNKNOWN, fastDelimiter, readCsvRowsFast } from './fast-csv.js';

const NL = 10;
const CR = 13;
/** Longest incomplete line kept between chunks before the text path takes over (as fast-csv.ts). */
const MAX_LINE = 1 << 20;

/** Whether the byte reader can split on this delimiter: one ASCII character the text path splits on too. */
export function byteDelimiter(delimiter: string): boolean {
  return fastDelimiter(delimiter) && delimiter.charCodeAt(0) < 0x80;
}

export interface ByteRowHandler extends CsvRowHandler {
  /**
   * A row of a plain line: field k spans `[cuts[2k], cuts[2k + 1])` of `buf` (`count` fields). Returns
   * false when the row must be read as text: `row` is then called with its fields. `rows.rawText()`
   * gives the row's raw text on demand.
   */
  bytes(buf: Buffer, cuts: Int32Array, count: number, line: number, rows: ByteRows): boolean;
}

/** How a byte read went (for the encoding line of the summary, tests and the benchmark). */
export interface ByteReadStats {
  /** Rows read from bytes (each read by `bytes` or, when it refused, by `row`). */
  byteRows: number;
  /** Line from which the text path read the rest, or null. */
  handoverLine: number | null;
  /** The text path's decoder after a hand-over (its Windows-1252 line count), else null. */
  decoder: TextDecoderStream | null;
}

/**
 * Splits chunks of bytes into rows. `push` each chunk, then `end`; both return the bytes from the first
 * line it cannot read (to go on through the text path), else null.
 */
export class ByteRows {
  /** Physical line (1-based) of the first line not yet read. */
  line = 1;
  ends = ENDS_UNKNOWN;
  /** Empty lines read since the last row (the next row's raw text starts with them). */
  emptyLines = 0;
  rows = 0;
  private pending: Buffer | null = null;
  private cuts: Int32Array = new Int32Array(64);
  private readonly delimiterText: string;
  /** The row being handed out, for `rawText`. */
  private buf: Buffer = Buffer.alloc(0);
  private from = 0;
  private to = 0;
  private rawEmpty = 0;

  constructor(
    delimiter: string,
    private readonly handler: ByteRowHandler,
    private readonly withRaw: boolean,
  ) {
    if (!byteDelimiter(delimiter))
      throw new Error(`no byte reader for the delimiter ${JSON.stringify(delimiter)}`);
    this.delimiterText = delimiter;
  }

  push(chunk: Buffer): Buffer | null {
    let buf = chunk;
    let pos = 0;
    if (this.pending !== null) {
      // Only the incomplete line and the rest of it are joined, not the whole chunk.
      const nl = chunk.indexOf(NL);
      if (nl < 0) {
        this.pending = Buffer.concat([this.pending, chunk]);
        return this.pending.length > MAX_LINE ? this.takePending() : null;
      }
      const joined = Buffer.concat([this.pending, chunk.subarray(0, nl + 1)]);
      this.pending = null;
      const stop = this.read(joined, false);
      if (stop >= 0) return Buffer.concat([joined.subarray(stop), chunk.subarray(nl + 1)]);
      buf = chunk;
      pos = nl + 1;
    }
    const stop = this.read(pos === 0 ? buf : buf.subarray(pos), false);
    return stop >= 0 ? (pos === 0 ? buf : buf.subarray(pos)).subarray(stop) : null;
  }

  end(): Buffer | null {
    const last = this.takePending();
    if (last === null || last.length === 0) return null;
    const stop = this.read(last, true);
    return stop >= 0 ? last.subarray(stop) : null;
  }

  /** The current row's raw text, as readCsvRows gives it (see the header). */
  rawText(): string {
    const crlf = this.ends === ENDS_CRLF;
    const before = this.rawEmpty > 0 ? (crlf ? '\r' : '\n').repeat(this.rawEmpty) : '';
    return before + this.buf.toString('latin1', this.from, this.to);
  }

  private takePending(): Buffer | null {
    const p = this.pending;
    this.pending = null;
    return p;
  }

  /**
   * Reads every complete line of `buf` (and the last one when `final`), keeping an incomplete one
   * pending. Returns the offset of the first line it cannot read, or -1.
   */
  private read(buf: Buffer, final: boolean): number {
    const n = buf.length;
    const handler = this.handler;
    // Most chunks are all ASCII (one SIMD pass): their lines need no byte-by-byte check.
    const ascii = isAscii(buf);
    // The chunk as a one-byte string (a copy of its bytes): V8's string search finds line ends and
    // delimiters several times faster than a loop over the bytes or Buffer.indexOf calls, and a
    // position in it is the same position in `buf`, from which the values are read.
    const text = buf.toString('latin1');
    const d = this.delimiterText;
    // Next quote, carriage return and delimiter at or after `pos` (n when none): each searched once
    // per occurrence, never rescanned.
    let quote = -1;
    let cr = -1;
    let dp = -1;
    let pos = 0;
    while (pos < n) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) {
        if (!final) {
          // A line this long is no common export row: the text path reads it (as fast-csv.ts does).
          if (n - pos > MAX_LINE) return pos;
          // A copy: a pending slice would keep the whole chunk alive.
          this.pending = Buffer.from(buf.subarray(pos));
          return -1;
        }
        nl = n;
      }
      const terminated = nl < n;
      let end = nl;
      if (terminated) {
        if (this.ends === ENDS_UNKNOWN) this.ends = nl > pos && buf[nl - 1] === CR ? ENDS_CRLF : ENDS_LF;
        if (this.ends === ENDS_CRLF) {
          if (nl === pos || buf[nl - 1] !== CR) return pos;
          end = nl - 1;
        }
      }
      if (end === pos) {
        this.emptyLines++;
        this.line++;
        pos = nl + 1;
        continue;
      }
      // A quote or a carriage return in the line: the text path reads it.
      if (quote < pos) {
        quote = text.indexOf('"', pos);
        if (quote < 0) quote = n;
      }
      if (cr < pos) {
        cr = text.indexOf('\r', pos);
        if (cr < 0) cr = n;
      }
      if (quote < end || cr < end) return pos;
      // So is a line with a byte outside ASCII (only a chunk that has one is searched).
      if (!ascii) for (let i = pos; i < end; i++) if (buf[i] >= 0x80) return pos;
      let cuts: Int32Array = this.cuts;
      let count = 0;
      let a = pos;
      for (;;) {
        if (dp < a) {
          dp = text.indexOf(d, a);
          if (dp < 0) dp = n;
        }
        if (2 * count + 2 > cuts.length) cuts = this.growCuts();
        cuts[2 * count] = a;
        if (dp >= end) {
          cuts[2 * count + 1] = end;
          count++;
          break;
        }
        cuts[2 * count + 1] = dp;
        count++;
        a = dp + 1;
      }
      const line = this.line;
      this.buf = buf;
      this.from = pos;
      // A CRLF line's raw text keeps its `\r` (csv-parse's raw, as readCsvRows passes it on).
      this.to = this.ends === ENDS_CRLF && terminated ? end + 1 : end;
      this.rawEmpty = this.emptyLines;
      this.emptyLines = 0;
      this.line++;
      this.rows++;
      pos = terminated ? nl + 1 : n;
      if (!handler.bytes(buf, cuts, count, line, this)) {
        const fields: string[] = new Array(count);
        for (let k = 0; k < count; k++) fields[k] = text.slice(cuts[2 * k], cuts[2 * k + 1]);
        handler.row(fields, line, this.withRaw ? this.rawText() : undefined);
      }
    }
    return -1;
  }

  private growCuts(): Int32Array {
    const longer = new Int32Array(this.cuts.length * 2);
    longer.set(this.cuts);
    this.cuts = longer;
    return longer;
  }
}

/**
 * Reads a byte stream (after `skipBytes`, a UTF-8 BOM's 3) into rows: plain lines here, the rest through
 * the text path from the first line this reader cannot read (see the header).
 */
export async function readCsvBytes(
  source: NodeJS.ReadableStream,
  delimiter: string,
  handler: ByteRowHandler,
  withRaw: boolean,
  stats: ByteReadStats,
  skipBytes = 0,
): Promise<void> {
  const rows = new ByteRows(delimiter, handler, withRaw);
  const chunks = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let rest: Buffer | null = null;
  let skip = skipBytes;
  try {
    for (;;) {
      const next = await chunks.next();
      if (next.done) {
        rest = rows.end();
        break;
      }
      let chunk = next.value;
      if (skip > 0) {
        // The BOM, which the text path drops too.
        const cut = Math.min(skip, chunk.length);
        skip -= cut;
        chunk = chunk.subarray(cut);
      }
      rest = rows.push(chunk);
      if (rest !== null) break;
    }
  } finally {
    stats.byteRows = rows.rows;
  }
  if (rest === null) return;
  stats.handoverLine = rows.line;
  // The rest of the input, from the line handed over: that line, then the chunks not read yet.
  const first = rest;
  const remaining = Readable.from(
    (async function* () {
      yield first;
      for (;;) {
        const next = await chunks.next();
        if (next.done) return;
        yield next.value;
      }
    })(),
    { objectMode: false },
  );
  const decoder = new TextDecoderStream('utf-8');
  stats.decoder = decoder;
  remaining.on('error', (err) => decoder.destroy(err));
  remaining.pipe(decoder);
  await readCsvRowsFast(decoder, delimiter, handler, withRaw, undefined, {
    line: rows.line,
    ends: rows.ends,
    emptyLines: rows.emptyLines,
  });
}
