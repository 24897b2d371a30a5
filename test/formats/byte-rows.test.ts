/**
 * The byte reader against the text path: the same rows (fields, physical line, raw text) when cut into
 * any chunks, and through `readInput` the same records (number ids included), rejections, skips and
 * summaries as the text path and as csv-parse alone, on every fixture, real sample and a fuzzed corpus
 * of generic exports with the oddities real ones have.
 */
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { subjectFilter } from '../../src/evidence/collect.js';
import { type ByteReadStats, type ByteRowHandler, readCsvBytes } from '../../src/formats/byte-rows.js';
import { openInput } from '../../src/formats/bytes.js';
import { createFormatContext } from '../../src/formats/context.js';
import { readCsvRowsFast } from '../../src/formats/fast-csv.js';
import { type ReadOptions, readInput } from '../../src/formats/read.js';
import type { CallRecord } from '../../src/records/record.js';
import { mulberry32 } from '../detectors/harness.js';
import { FIXTURES, REAL_SAMPLES } from '../helpers.js';

interface Rows {
  rows: { fields: string[]; line: number; raw?: string }[];
  bad: { line: number; reason: string }[];
}

/** Rows of `chunks` through the byte reader (every row refused by `bytes`, so read as fields). */
async function byteRows(chunks: Buffer[], delimiter: string, withRaw: boolean, stats: ByteReadStats) {
  const out: Rows = { rows: [], bad: [] };
  const handler: ByteRowHandler = {
    row(fields, line, raw) {
      out.rows.push(withRaw ? { fields, line, raw } : { fields, line });
    },
    bytes() {
      return false;
    },
    bad(line, reason) {
      out.bad.push({ line, reason });
    },
  };
  await readCsvBytes(Readable.from(chunks), delimiter, handler, withRaw, stats);
  return out;
}

async function textRows(text: string, delimiter: string, withRaw: boolean) {
  const out: Rows = { rows: [], bad: [] };
  await readCsvRowsFast(
    Readable.from([text]),
    delimiter,
    {
      row(fields, line, raw) {
        out.rows.push(withRaw ? { fields, line, raw } : { fields, line });
      },
      bad(line, reason) {
        out.bad.push({ line, reason });
      },
    },
    withRaw,
  );
  return out;
}

/** `bytes` cut into pieces of 1..max bytes (seeded), anywhere, even inside a UTF-8 character. */
function cutBytes(bytes: Buffer, rand: () => number, max: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const j = Math.min(bytes.length, i + 1 + Math.floor(rand() * max));
    out.push(bytes.subarray(i, j));
    i = j;
  }
  return out;
}

const HEADER = 'start,caller,callee,duration,status,direction';

/** A generic export: mostly plain rows, and now and then what real exports hold. */
function fuzzExport(rand: () => number): Buffer {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const crlf = rand() < 0.3;
  const eol = crlf ? '\r\n' : '\n';
  const odd = rand() < 0.5 ? 0.03 : 0.2;
  const plainNumber = () =>
    `+33${6 + Math.floor(rand() * 2)}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
  const number = () =>
    rand() > odd
      ? plainNumber()
      : pick([
          'anonymous',
          '',
          '3179',
          '+333',
          '06 12 34 56 78',
          '0033612345678',
          '+44 20 7946 0958',
          '+0123456789',
          'Zoë',
          '+3361234567890123',
        ]);
  const date = () =>
    rand() > odd
      ? `2026-03-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')} ${String(Math.floor(rand() * 24)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:07`
      : pick([
          '2026-02-30 10:00:00',
          '02/03/2026 10:00',
          '2026-03-01T10:00:00Z',
          'hier',
          '',
          '2026-03-29 02:30:00',
          '2026-10-25 02:30:00',
        ]);
  const duration = () =>
    rand() > odd
      ? String(Math.floor(rand() * 400))
      : pick(['', '0:42', '1:02:03', '-5', '12,5', ' ', '1234567890', 'abc']);
  const status = () =>
    rand() > odd
      ? pick(['answered', 'missed', 'busy', 'ANSWERED'])
      : pick(['', 'Manqué', 'sms', 'voicemail', 'répondu', '"answered"', 'weird']);
  const direction = () =>
    rand() > odd ? pick(['in', 'out']) : pick(['', 'internal', 'Entrant', 'sortant', 'data']);
  const lines: string[] = [];
  if (rand() < 0.2) lines.push('Relevé de communications', '');
  lines.push(HEADER);
  const n = 5 + Math.floor(rand() * 60);
  for (let i = 0; i < n; i++) {
    const u = rand();
    if (u < odd * 0.2) lines.push('');
    else if (u < odd * 0.3)
      lines.push(pick(['Sous-total,,,,,', HEADER, 'Total,42', ' ', 'x\ry,1', '"a,b",+33612345678']));
    else {
      const fields = [date(), number(), number(), duration(), status(), direction()];
      if (rand() < odd * 0.2) fields.pop();
      if (rand() < odd * 0.1) fields.push('extra');
      lines.push(fields.join(','));
    }
  }
  let text = lines.join(eol);
  if (rand() < 0.8) text += eol;
  const parts = [Buffer.from(text, 'utf8')];
  // A Windows-1252 line (not UTF-8) now and then, as old PBXs write them.
  if (rand() < odd)
    parts.push(Buffer.from(`2026-03-02 10:00:00,+33612345678,+33198765432,5,r\xe9pondu,in${eol}`, 'latin1'));
  if (rand() < odd)
    parts.push(Buffer.from(`2026-03-02 11:00:00,+33612345678,+33198765432,7,answered,in${eol}`));
  if (rand() < 0.1) parts.unshift(Buffer.from([0xef, 0xbb, 0xbf]));
  return Buffer.concat(parts);
}

describe('byte reader = text path, row by row', () => {
  it('reads the same rows, lines and raw text however the bytes are cut (300 seeded exports)', async () => {
    const rand = mulberry32(20261123);
    let handedOver = 0;
    let whole = 0;
    for (let i = 0; i < 300; i++) {
      let bytes = fuzzExport(rand);
      if (bytes[0] === 0xef) bytes = bytes.subarray(3);
      // Only UTF-8 is read from bytes: the text path is given the same text.
      const text = bytes.toString('utf8');
      if (Buffer.from(text, 'utf8').equals(bytes) === false) continue;
      const withRaw = i % 2 === 0;
      const expected = await textRows(text, ',', withRaw);
      for (const max of [bytes.length, 7, 64]) {
        const stats: ByteReadStats = { byteRows: 0, handoverLine: null, decoder: null };
        const got = await byteRows(cutBytes(bytes, rand, max), ',', withRaw, stats);
        expect(got).toEqual(expected);
        if (max === bytes.length) {
          if (stats.handoverLine === null) whole++;
          else handedOver++;
        }
      }
    }
    // Both ways are exercised (counts fixed by the seed).
    expect(whole).toBeGreaterThan(50);
    expect(handedOver).toBeGreaterThan(50);
  });

  it('hands over at the first line it cannot read, with the line count and pending empty lines', async () => {
    const text = 'a,b\n\n\nc,"d"\ne,f\n';
    const stats: ByteReadStats = { byteRows: 0, handoverLine: null, decoder: null };
    const got = await byteRows([Buffer.from(text)], ',', true, stats);
    expect(got).toEqual(await textRows(text, ',', true));
    expect(got.rows.map((r) => r.line)).toEqual([1, 4, 5]);
    expect(got.rows[1].raw).toBe('\n\nc,"d"');
    expect(stats).toMatchObject({ byteRows: 1, handoverLine: 4 });
  });

  it('reads a CRLF export to its end without a hand-over, and a stray carriage return through the text path', async () => {
    const text = 'a,b\r\nc,d\r\n\r\ne,f';
    const stats: ByteReadStats = { byteRows: 0, handoverLine: null, decoder: null };
    expect(await byteRows([Buffer.from(text)], ',', true, stats)).toEqual(await textRows(text, ',', true));
    expect(stats.handoverLine).toBeNull();
    const stray = 'a,b\r\nc\rx,d\r\ne,f\r\n';
    const stats2: ByteReadStats = { byteRows: 0, handoverLine: null, decoder: null };
    expect(await byteRows([Buffer.from(stray)], ',', true, stats2)).toEqual(await textRows(stray, ',', true));
    expect(stats2.handoverLine).toBe(2);
  });
});

interface Outcome {
  records?: CallRecord[];
  summary?: unknown;
  error?: string;
}

/** Every record as read, ids included (the same run-wide ids whichever path read the row). */
async function outcome(path: string, opts: ReadOptions = {}): Promise<Outcome> {
  try {
    const ctx = createFormatContext({});
    const records: CallRecord[] = [];
    const raws: (string | undefined)[] = [];
    const summary = await readInput(await openInput(path), 0, ctx, opts, (r, raw) => {
      records.push({ ...r });
      raws.push(raw);
    });
    return { records, summary: { ...summary, raws } };
  } catch (err) {
    return { error: String(err) };
  }
}

async function threeWays(path: string, opts: ReadOptions = {}) {
  const bytes = await outcome(path, opts);
  process.env.CDRSCOPE_CSV = 'text';
  const text = await outcome(path, opts);
  process.env.CDRSCOPE_CSV = 'csv-parse';
  const reference = await outcome(path, opts);
  delete process.env.CDRSCOPE_CSV;
  return { bytes, text, reference };
}

describe('readInput from bytes = as text = through csv-parse', () => {
  afterEach(() => {
    delete process.env.CDRSCOPE_CSV;
  });

  it('200 seeded generic exports: same records with ids, rejections, skips, encoding and raw text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdrscope-bytes-'));
    const rand = mulberry32(7);
    let records = 0;
    let rejected = 0;
    let strictStops = 0;
    for (let i = 0; i < 200; i++) {
      const file = join(dir, `export-${i}.csv`);
      writeFileSync(file, fuzzExport(rand));
      // --strict stops at the first rejected row, from bytes as from text.
      const opts: ReadOptions = i % 3 === 0 ? { withRaw: true } : i % 3 === 1 ? { strict: true } : {};
      const { bytes, text, reference } = await threeWays(file, opts);
      expect(bytes).toEqual(text);
      expect(bytes).toEqual(reference);
      records += bytes.records?.length ?? 0;
      if (bytes.error?.includes('(--strict)')) strictStops++;
      rejected += (bytes.summary as { rejected?: number } | undefined)?.rejected ?? 0;
    }
    expect(records).toBeGreaterThan(2000);
    expect(rejected).toBeGreaterThan(20);
    expect(strictStops).toBeGreaterThan(10);
  });

  it('the evidence pass filter (`wanted`, `wantedKeys`) keeps the same rows from bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdrscope-bytes-'));
    const rand = mulberry32(11);
    for (let i = 0; i < 40; i++) {
      const file = join(dir, `export-${i}.csv`);
      writeFileSync(file, fuzzExport(rand));
      // Every number of the file gets its id first, as the first pass gives them.
      const ctx = createFormatContext({});
      const seen: string[] = [];
      await readInput(await openInput(file), 0, ctx, {}, (r) => {
        seen.push(r.caller);
      }).catch(() => undefined);
      // The evidence pass's filter: the subjects of some candidates.
      const filter = subjectFilter(seen.filter((_, k) => k % 3 === 0).map((subject) => ({ subject })));
      const run = async () => {
        const kept: string[] = [];
        try {
          await readInput(await openInput(file), 0, ctx, { withRaw: true, ...filter }, (r, raw) =>
            kept.push(`${r.line} ${r.callerId} ${r.calleeId} ${raw}`),
          );
        } catch (err) {
          kept.push(String(err));
        }
        return kept;
      };
      const fromBytes = await run();
      process.env.CDRSCOPE_CSV = 'text';
      expect(fromBytes).toEqual(await run());
      delete process.env.CDRSCOPE_CSV;
    }
  });

  const files = [...filesUnder(FIXTURES), ...filesUnder(REAL_SAMPLES)].filter(
    (f) => !/\.xml(\.gz)?$/.test(f),
  );
  for (const file of files) {
    it(relative(join(FIXTURES, '..'), file), async () => {
      const { bytes, text } = await threeWays(file, { withRaw: true });
      expect(bytes).toEqual(text);
    });
  }
});

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else if (!/\.(ts|md|json)$/.test(name)) out.push(p);
  }
  return out.sort();
}
