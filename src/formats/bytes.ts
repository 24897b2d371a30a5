/**
 * Bytes -> text: opens an input (a path, a `.gz` file, or standard input spooled to a temporary file),
 * hashes it, and decodes it to text without losing a byte.
 *
 * Encodings are detected, not assumed: a BOM selects UTF-8, UTF-16 LE or UTF-16 BE; a file without BOM
 * whose bytes alternate with NULs is UTF-16 without BOM; otherwise text is read as UTF-8, and any line
 * that is not valid UTF-8 is decoded as Windows-1252 instead (exports from old PBXs and Excel mix them).
 * The count of such lines is reported, so the choice is visible.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import iconv from 'iconv-lite';
import { UserError } from '../errors.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface OpenedInput {
  /** Path as the user gave it (`-` for standard input). */
  path: string;
  /** File actually read (the spool file for standard input). */
  file: string;
  size: number;
  gzip: boolean;
}

/** Checks an input exists and is a readable file; standard input is spooled to a temporary file. */
export async function openInput(path: string): Promise<OpenedInput> {
  if (path === '-') {
    const file = join(tmpdir(), `cdrscope-stdin-${process.pid}-${Date.now()}`);
    await pipeline(process.stdin, createWriteStream(file));
    process.once('exit', () => {
      fsp.rm(file, { force: true }).catch(() => undefined);
    });
    return describe(path, file);
  }
  return describe(path, path);
}

async function describe(path: string, file: string): Promise<OpenedInput> {
  let stat: Awaited<ReturnType<typeof fsp.stat>>;
  try {
    stat = await fsp.stat(file);
  } catch {
    throw new UserError('INPUT_NOT_FOUND', `${path}: no such file`);
  }
  if (stat.isDirectory()) throw new UserError('INPUT_NOT_FILE', `${path}: is a directory, not a file`);
  if (stat.size === 0) throw new UserError('INPUT_EMPTY', `${path}: the file is empty`);
  let fh: Awaited<ReturnType<typeof fsp.open>>;
  try {
    fh = await fsp.open(file, 'r');
  } catch (err) {
    throw new UserError('INPUT_UNREADABLE', `${path}: cannot read (${(err as NodeJS.ErrnoException).code})`);
  }
  const head = Buffer.alloc(2);
  try {
    await fh.read(head, 0, 2, 0);
  } finally {
    await fh.close();
  }
  return { path, file, size: stat.size, gzip: head[0] === 0x1f && head[1] === 0x8b };
}

/** SHA-256 (hex) of the input's bytes as stored (the `.gz` file itself, not its content). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The input's content bytes (gunzipped when needed). Gzip errors become a clear `UserError`. */
export function contentStream(input: OpenedInput, maxBytes?: number): NodeJS.ReadableStream {
  const raw = createReadStream(input.file, maxBytes && !input.gzip ? { end: maxBytes - 1 } : {});
  if (!input.gzip) return raw;
  const gunzip = createGunzip();
  raw.on('error', (err) => gunzip.destroy(err));
  // A reader that stops early (format detection) destroys the gunzip stream: close the file too.
  gunzip.on('close', () => raw.destroy());
  return raw.pipe(gunzip);
}

export function gzipError(input: OpenedInput, err: unknown): UserError {
  const msg = err instanceof Error ? err.message : String(err);
  return new UserError('INPUT_UNREADABLE', `${input.path}: cannot read this gzip file (${msg})`);
}

/** Detects the encoding of a file from its first bytes. */
export function detectEncoding(head: Buffer): { encoding: Encoding; bom: boolean } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { encoding: 'utf-8', bom: true };
  }
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  // UTF-16 without BOM: text that is mostly ASCII shows a NUL in every other byte.
  const n = Math.min(head.length, 512) & ~1;
  if (n >= 8) {
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenNul++;
      if (head[i + 1] === 0) oddNul++;
    }
    if (oddNul > n / 4 && evenNul === 0) return { encoding: 'utf-16le', bom: false };
    if (evenNul > n / 4 && oddNul === 0) return { encoding: 'utf-16be', bom: false };
  }
  return { encoding: 'utf-8', bom: false };
}

export interface DecodeStats {
  encoding: Encoding;
  bom: boolean;
  /** Lines that were not valid UTF-8 and were decoded as Windows-1252 instead. */
  latin1Lines: number;
}

/** Describes the encoding for humans: `utf-8`, `utf-8 (BOM)`, `windows-1252`, `utf-8 + 4 windows-1252 lines`. */
export function describeEncoding(s: DecodeStats, lines: number): string {
  if (s.encoding !== 'utf-8') return `${s.encoding}${s.bom ? ' (BOM)' : ''}`;
  if (s.latin1Lines === 0) return s.bom ? 'utf-8 (BOM)' : 'utf-8';
  if (s.latin1Lines >= lines) return 'windows-1252';
  return `utf-8 + ${s.latin1Lines} windows-1252 line${s.latin1Lines > 1 ? 's' : ''}`;
}

const NL = 0x0a;
/** Bytes gathered before deciding the encoding, so a BOM or NUL pattern split across chunks is seen. */
const HEAD_BYTES = 512;
/** A line longer than this (XML written on one line) is decoded in pieces rather than held whole. */
const MAX_PENDING = 1 << 20;

/**
 * A Transform from bytes to text (strings). UTF-16 goes through iconv-lite; everything else is
 * decoded as UTF-8 a chunk at a time, and line by line as Windows-1252 where a line is not UTF-8.
 */
export class TextDecoderStream extends Transform {
  readonly stats: DecodeStats = { encoding: 'utf-8', bom: false, latin1Lines: 0 };
  private started = false;
  /** First bytes, kept until there are enough to detect the encoding. */
  private head: Buffer | null = null;
  private pending: Buffer | null = null;
  /** The line being decoded in pieces was already counted as Windows-1252. */
  private pieceLatin1 = false;
  private utf16: ReturnType<typeof iconv.getDecoder> | null = null;
  private readonly fatal = new TextDecoder('utf-8', { fatal: true });

  /** `known`: the encoding is already known (the text after the byte reader's hand-over): no detection. */
  constructor(known?: 'utf-8') {
    super({ readableObjectMode: false, decodeStrings: false, encoding: 'utf8' });
    if (known !== undefined) this.started = true;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.started) {
      const buf = this.head ? Buffer.concat([this.head, chunk]) : chunk;
      if (buf.length < HEAD_BYTES) {
        this.head = buf;
        done();
        return;
      }
      this.head = null;
      chunk = this.start(buf);
    }
    this.decode(chunk);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.started && this.head) {
      const chunk = this.start(this.head);
      this.head = null;
      this.decode(chunk);
    }
    if (this.utf16) {
      const text = this.utf16.end();
      if (text) this.push(text);
    } else if (this.pending) {
      this.pushLines(this.pending);
      this.pending = null;
    }
    done();
  }

  /** Detects the encoding from the first bytes; returns them without a UTF-8 BOM. */
  private start(head: Buffer): Buffer {
    this.started = true;
    const det = detectEncoding(head);
    this.stats.encoding = det.encoding;
    this.stats.bom = det.bom;
    if (det.encoding !== 'utf-8') this.utf16 = iconv.getDecoder(det.encoding, { stripBOM: true });
    else if (det.bom) return head.subarray(3);
    return head;
  }

  private decode(chunk: Buffer): void {
    if (this.utf16) {
      const text = this.utf16.write(chunk);
      if (text) this.push(text);
      return;
    }
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    const cut = buf.lastIndexOf(NL);
    if (cut < 0) {
      if (buf.length < MAX_PENDING) {
        this.pending = buf;
        return;
      }
      // A very long line: decode what we have, cut at a character boundary.
      const end = utf8Boundary(buf);
      this.pending = end < buf.length ? Buffer.from(buf.subarray(end)) : null;
      this.pushPiece(buf.subarray(0, end));
      return;
    }
    this.pending = cut + 1 < buf.length ? Buffer.from(buf.subarray(cut + 1)) : null;
    this.pushLines(buf.subarray(0, cut + 1));
  }

  /** Part of a line too long to hold: UTF-8, else Windows-1252 (the line counted once). */
  private pushPiece(buf: Buffer): void {
    try {
      this.push(this.fatal.decode(buf));
      return;
    } catch {
      // Not UTF-8: Windows-1252 below.
    }
    this.push(iconv.decode(buf, 'windows-1252'));
    if (!this.pieceLatin1) {
      this.pieceLatin1 = true;
      this.stats.latin1Lines++;
    }
  }

  private pushLines(buf: Buffer): void {
    // The first line may end a long line already counted by pushPiece.
    const counted = this.pieceLatin1;
    this.pieceLatin1 = false;
    try {
      this.push(this.fatal.decode(buf));
      return;
    } catch {
      // Some line is not UTF-8: decode line by line below.
    }
    let from = 0;
    const parts: string[] = [];
    while (from < buf.length) {
      let to = buf.indexOf(NL, from);
      to = to < 0 ? buf.length : to + 1;
      const line = buf.subarray(from, to);
      try {
        parts.push(this.fatal.decode(line));
      } catch {
        parts.push(iconv.decode(line, 'windows-1252'));
        if (from > 0 || !counted) this.stats.latin1Lines++;
      }
      from = to;
    }
    this.push(parts.join(''));
  }
}

/** Length of the longest prefix of `buf` that does not end inside a UTF-8 multi-byte sequence. */
function utf8Boundary(buf: Buffer): number {
  let i = buf.length - 1;
  const stop = Math.max(0, buf.length - 4);
  while (i > stop && (buf[i] & 0xc0) === 0x80) i--;
  const lead = buf[i];
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return i + need <= buf.length ? buf.length : i;
}

/** Reads the first `maxBytes` of an input as text (for format detection). */
export async function readHead(
  input: OpenedInput,
  maxBytes = 64 * 1024,
): Promise<{ text: string; stats: DecodeStats; complete: boolean }> {
  const decoder = new TextDecoderStream();
  const src = contentStream(input, maxBytes);
  let text = '';
  let bytes = 0;
  let complete = true;
  try {
    await new Promise<void>((resolve, reject) => {
      src.on('error', reject);
      decoder.on('error', reject);
      src.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes >= maxBytes) {
          complete = false;
          decoder.end(chunk);
          (src as unknown as { destroy(): void }).destroy();
          return;
        }
        decoder.write(chunk);
      });
      src.on('end', () => decoder.end());
      decoder.on('data', (t: string) => {
        text += t;
      });
      decoder.on('end', resolve);
    });
  } catch (err) {
    if (input.gzip) throw gzipError(input, err);
    throw new UserError('INPUT_UNREADABLE', `${input.path}: cannot read (${(err as Error).message})`);
  }
  if (!input.gzip && input.size > maxBytes) complete = false;
  return { text, stats: decoder.stats, complete };
}

export function displayName(path: string): string {
  return path === '-' ? '<stdin>' : basename(path);
}
