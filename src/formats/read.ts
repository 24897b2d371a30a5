/**
 * Reading one input end to end: open, detect the format (or take `--format`), stream every row
 * through the format's reader, count what was read, rejected and skipped. The reader never prints.
 */
import { basename } from 'node:path';
import { UserError } from '../errors.js';
import { type CallRecord, NO_ID } from '../records/record.js';
import { type ByteReadStats, type ByteRowHandler, byteDelimiter, readCsvBytes } from './byte-rows.js';
import {
  contentStream,
  describeEncoding,
  gzipError,
  type OpenedInput,
  readHead,
  TextDecoderStream,
} from './bytes.js';
import { parseSample, readCsvRows, sniffDelimiter } from './csv.js';
import { FORMATS, findFormat } from './index.js';
import {
  type Format,
  type FormatContext,
  isRecord,
  type RowIssue,
  type RowReader,
  type TableFormat,
  type XmlFormat,
} from './types.js';

export interface ReadOptions {
  /** `--format`: skip detection. */
  format?: string;
  /** `--strict`: the first rejected row is fatal. */
  strict?: boolean;
  /** Pass each row's original text to `onRecord` (evidence pass; CSV-like inputs only). */
  withRaw?: boolean;
  /** `--since` / `--until` as epoch ms (inclusive start, exclusive end). */
  since?: number;
  until?: number;
  /**
   * Evidence pass: a cheap test on a record's canonical numbers; records it refuses are only counted
   * (`rows`), without number ids, time-order bookkeeping or `onRecord`.
   */
  wanted?: (caller: string, callee: string) => boolean;
  /**
   * `wanted` for two strict E.164 numbers given as their digits (`e164Value`): the byte reader's test,
   * which needs neither the strings nor the ids. Must agree with `wanted` on such numbers.
   */
  wantedKeys?: (callerKey: number, calleeKey: number) => boolean;
}

export interface RowRef {
  line: number;
  reason: string;
}

/** What reading an input found; printed by `inspect` and carried into every report. */
export interface InputSummary {
  index: number;
  path: string;
  format: string;
  formatTitle: string;
  encoding: string;
  delimiter: string | null;
  /** Canonical field <- source column. */
  mapping: Record<string, string>;
  /** `line` for text inputs, `element` for XML (record.line is then the element index). */
  refKind: 'line' | 'element';
  headerLine: number | null;
  /** Call records read (including those outside --since/--until). */
  rows: number;
  rejected: number;
  /** First rejected rows with their reasons. */
  rejections: RowRef[];
  /** Lines that are not data (preamble, subtotals, repeated headers). */
  skipped: number;
  skips: RowRef[];
  /** Records left out by --since/--until. */
  outOfRange: number;
  firstStart: number | null;
  lastStart: number | null;
  /**
   * Whether rows come in time order (either way). PBXs write a row when a call ends, so neighbours may
   * differ by up to ORDER_SLACK_MS; beyond that, a step back counts against ascending order.
   */
  order: 'ascending' | 'descending' | 'unordered';
  /** Steps between consecutive rows that go back (resp. forward) in time by more than the slack. */
  stepsBack: number;
  stepsForward: number;
}

const MAX_REASONS = 10;
const ORDER_SLACK_MS = 3_600_000;

/** Unordered when more than 0.5 % of the steps between rows go against the main direction. */
function timeOrder(back: number, forward: number, rows: number): InputSummary['order'] {
  const against = Math.min(back, forward);
  if (against > Math.max(1, rows * 0.005)) return 'unordered';
  return back > forward ? 'descending' : 'ascending';
}

/** Streams one input, calling `onRecord` for each record within the time range. */
export async function readInput(
  input: OpenedInput,
  index: number,
  ctx: FormatContext,
  opts: ReadOptions,
  onRecord: (r: CallRecord, raw?: string) => void,
): Promise<InputSummary> {
  const head = await readHead(input);
  if (head.text.trim() === '') throw new UserError('INPUT_EMPTY', `${input.path}: the file holds no text`);
  const forced = opts.format ? findFormat(opts.format) : undefined;
  if (opts.format && !forced) {
    throw new UserError(
      'BAD_OPTION',
      `unknown format "${opts.format}" (known: ${FORMATS.map((f) => f.name).join(', ')})`,
    );
  }
  const summary: InputSummary = {
    index,
    path: input.path,
    format: '',
    formatTitle: '',
    encoding: '',
    delimiter: null,
    mapping: {},
    refKind: 'line',
    headerLine: null,
    rows: 0,
    rejected: 0,
    rejections: [],
    skipped: 0,
    skips: [],
    outOfRange: 0,
    firstStart: null,
    lastStart: null,
    order: 'ascending',
    stepsBack: 0,
    stepsForward: 0,
  };
  // The first, last and previous start, in a typed array: a double kept in a closure or object field
  // would be boxed again at every row.
  const starts = new Float64Array([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]);
  const since = opts.since ?? Number.NEGATIVE_INFINITY;
  const until = opts.until ?? Number.POSITIVE_INFINITY;
  let fatal: UserError | null = null;
  let lines = 0;

  let raw: string | undefined;
  const numbers = ctx.numbers;
  const wanted = opts.wanted;
  const accept = (r: CallRecord): void => {
    if (wanted !== undefined && !wanted(r.caller, r.callee)) {
      summary.rows++;
      return;
    }
    // Records read from bytes come with their ids and the book's strings already.
    if (r.callerId === NO_ID) {
      r.callerId = numbers.idOf(r.caller);
      r.calleeId = numbers.idOf(r.callee);
      // The book's own copies: a field read from a file may be a slice of a whole chunk of it, which a
      // detector keeping the string would keep alive; equal numbers are then also the same string.
      r.caller = numbers.valueOf(r.callerId);
      r.callee = numbers.valueOf(r.calleeId);
    }
    if (ctx.owner && r.direction === 'unknown') {
      if (r.caller === ctx.owner) r.direction = r.callee === ctx.owner ? 'internal' : 'out';
      else if (r.callee === ctx.owner) r.direction = 'in';
    }
    summary.rows++;
    const start = r.start;
    if (start < starts[0]) starts[0] = start;
    if (start > starts[1]) starts[1] = start;
    const previous = starts[2];
    if (start < previous - ORDER_SLACK_MS) summary.stepsBack++;
    else if (start > previous + ORDER_SLACK_MS) summary.stepsForward++;
    starts[2] = start;
    if (r.start < since || r.start >= until) {
      summary.outOfRange++;
      return;
    }
    onRecord(r, raw);
  };
  const note = (line: number, issue: RowIssue): void => {
    if (issue.skipped) {
      summary.skipped++;
      if (summary.skips.length < MAX_REASONS) summary.skips.push({ line, reason: issue.reason });
      return;
    }
    summary.rejected++;
    if (summary.rejections.length < MAX_REASONS) summary.rejections.push({ line, reason: issue.reason });
    if (opts.strict && !fatal) {
      const where = summary.refKind === 'element' ? `element ${line}` : `line ${line}`;
      fatal = new UserError(
        'ROW_REJECTED',
        `${input.path}:${line}: rejected (--strict): ${issue.reason} [${where}]`,
      );
    }
  };

  const format = forced ?? detectFormat(head.text, head.complete, basename(input.path));
  const source = contentStream(input);
  // Text for every reader but the byte reader, which reads `source` itself (and makes its own decoder
  // for what it hands over).
  let decoder: TextDecoderStream | null = null;
  const decode = (): TextDecoderStream => {
    const d = new TextDecoderStream();
    source.on('error', (err) => d.destroy(input.gzip ? gzipError(input, err) : err));
    source.pipe(d);
    decoder = d;
    return d;
  };
  const bytes: ByteReadStats = { byteRows: 0, handoverLine: null, decoder: null };
  const stopOnFatal = (): void => {
    if (!fatal) return;
    const d = decoder ?? bytes.decoder;
    if (d === null) throw fatal; // The byte reader calls back synchronously: this ends its read.
    if (d === decoder) source.unpipe(d);
    d.destroy(fatal);
  };

  summary.format = format.name;
  summary.formatTitle = format.title;
  try {
    if (format.kind === 'xml') {
      summary.refKind = 'element';
      summary.mapping = { ...format.mapping };
      await readXml(format, decode(), ctx, index, accept, (ref, issue) => {
        note(ref, issue);
        stopOnFatal();
      });
    } else {
      const delimiter = sniffDelimiter(head.text.split('\n', 60));
      summary.delimiter = delimiter;
      const sampleRows = parseSample(head.text, delimiter, head.complete);
      const detection = format.sniff({ name: basename(input.path), delimiter, rows: sampleRows });
      const headerLine = detection.headerLine;
      summary.headerLine = headerLine;
      const header =
        headerLine === null ? null : (sampleRows.find((r) => r.line === headerLine)?.fields ?? null);
      if (headerLine !== null && header === null) {
        throw new UserError('NOT_CDR', `${input.path}: no header row found in the first lines`);
      }
      const dataSamples = sampleRows.filter((r) => headerLine === null || r.line > headerLine).slice(0, 50);
      const reader: RowReader = (format as TableFormat).open(
        header,
        dataSamples.map((r) => r.fields),
        ctx,
        input.path,
        opts.wanted,
        opts.wantedKeys,
      );
      summary.mapping = reader.mapping;
      const readBytes = reader.readBytes;
      const withRaw = opts.withRaw === true;
      const handler: ByteRowHandler = {
        row(fields, line, rawText) {
          lines = line;
          raw = rawText;
          if (headerLine !== null && line <= headerLine) {
            if (line < headerLine) note(line, { reason: 'preamble line before the header', skipped: true });
            return;
          }
          const res = reader.read(fields, line, index);
          if (isRecord(res)) accept(res);
          else {
            note(line, res);
            stopOnFatal();
          }
        },
        bytes(buf, cuts, count, line, rows) {
          if (readBytes === undefined || (headerLine !== null && line <= headerLine)) return false;
          const res = readBytes(buf, cuts, count, line, index);
          if (res === null) return false;
          lines = line;
          if (isRecord(res)) {
            raw = withRaw ? rows.rawText() : undefined;
            accept(res);
          } else {
            note(line, res);
            stopOnFatal();
          }
          return true;
        },
        bad(line, reason) {
          note(line, { reason: `unreadable CSV: ${reason}` });
          stopOnFatal();
        },
      };
      const mode = process.env.CDRSCOPE_CSV;
      if (readBytes !== undefined && head.stats.encoding === 'utf-8' && byteDelimiter(delimiter) && !mode) {
        await readCsvBytes(source, delimiter, handler, withRaw, bytes, head.stats.bom ? 3 : 0);
      } else {
        await readCsvRows(decode(), delimiter, handler, opts.withRaw);
      }
    }
  } catch (err) {
    if (fatal) throw fatal;
    if (err instanceof UserError) throw err;
    // Only zlib's own errors are the file's fault; anything else (a bug in a detector called for a
    // record) must not pass for a damaged file.
    if (input.gzip && isZlibError(err)) throw gzipError(input, err);
    throw err;
  } finally {
    // Reading may stop early (--strict, a format that cannot map the columns): release the file.
    (source as unknown as { destroy(): void }).destroy();
  }
  if (fatal) throw fatal;
  if (starts[0] <= starts[1]) {
    summary.firstStart = starts[0];
    summary.lastStart = starts[1];
  }
  // XML counts elements, not lines: never call the whole file Windows-1252 for one such line.
  const lineCount = format.kind === 'xml' ? Number.POSITIVE_INFINITY : Math.max(lines, 1);
  const stats = (decoder as TextDecoderStream | null)?.stats ?? {
    encoding: 'utf-8' as const,
    bom: head.stats.bom,
    latin1Lines: bytes.decoder?.stats.latin1Lines ?? 0,
  };
  summary.encoding = describeEncoding(stats, lineCount);
  summary.order = timeOrder(summary.stepsBack, summary.stepsForward, summary.rows);
  if (summary.rows === 0 && summary.rejected === 0) {
    throw new UserError(
      'INPUT_NO_ROWS',
      `${input.path}: no call rows found (${summary.headerLine !== null ? 'only a header' : 'nothing after detection'}; format ${format.name})`,
    );
  }
  return summary;
}

/** Picks the format whose sniffer is most confident; the generic reader when none claims the file. */
export function detectFormat(head: string, complete: boolean, name: string): Format {
  const trimmed = head.trimStart();
  if (trimmed.startsWith('<')) {
    let best: XmlFormat | null = null;
    let bestScore = 0;
    for (const f of FORMATS) {
      if (f.kind !== 'xml') continue;
      const s = f.sniff(head);
      if (s > bestScore) {
        bestScore = s;
        best = f;
      }
    }
    if (best) return best;
    throw new UserError(
      'NOT_CDR',
      `${name}: an XML file, but not a call log cdrscope knows (root element not recognised)`,
    );
  }
  const delimiter = sniffDelimiter(head.split('\n', 60));
  const rows = parseSample(head, delimiter, complete);
  let best: Format = findFormat('generic')!;
  let bestScore = 0;
  for (const f of FORMATS) {
    if (f.kind !== 'table') continue;
    const s = f.sniff({ name, delimiter, rows }).score;
    if (s > bestScore) {
      bestScore = s;
      best = f;
    }
  }
  return best;
}

function readXml(
  format: XmlFormat,
  text: NodeJS.ReadableStream,
  ctx: FormatContext,
  index: number,
  accept: (r: CallRecord) => void,
  note: (ref: number, issue: RowIssue) => void,
): Promise<void> {
  return format.read(text, ctx, index, { record: accept, issue: note });
}

/** An error of Node's zlib (a truncated or damaged gzip stream): its code starts with `Z_`. */
function isZlibError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
