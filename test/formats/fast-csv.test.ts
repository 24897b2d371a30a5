/**
 * The fast tokenizer against csv-parse: identical rows (fields, physical line, raw text) and identical
 * rejections (line, reason) on every fixture, every real sample and a seeded fuzzed corpus, whole and cut
 * into small chunks, with every delimiter cdrscope sniffs.
 */
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { generateScenario, SCENARIO_NAMES } from '../../fixtures/scenarios/generate.js';
import { analyze, openAll, readAll as readInputs } from '../../src/analyze.js';
import { DETECTORS } from '../../src/detectors/index.js';
import { defaultParams } from '../../src/detectors/params.js';
import type { EvidenceSink } from '../../src/evidence/collect.js';
import { contentStream, openInput, TextDecoderStream } from '../../src/formats/bytes.js';
import { createFormatContext } from '../../src/formats/context.js';
import { DELIMITERS, sniffDelimiter } from '../../src/formats/csv.js';
import { type FastCsvStats, readCsvRowsFast, readCsvRowsReference } from '../../src/formats/fast-csv.js';
import { mulberry32 } from '../detectors/harness.js';
import { FIXTURES, REAL_SAMPLES, readAll } from '../helpers.js';

interface Read {
  rows: { fields: string[]; line: number; raw?: string }[];
  bad: { line: number; reason: string }[];
}

type Reader = typeof readCsvRowsReference;

async function run(
  reader: Reader,
  chunks: readonly string[],
  delimiter: string,
  withRaw: boolean,
  stats?: FastCsvStats,
) {
  const out: Read = { rows: [], bad: [] };
  const handler = {
    row(fields: string[], line: number, raw?: string) {
      out.rows.push(withRaw ? { fields, line, raw } : { fields, line });
    },
    bad(line: number, reason: string) {
      out.bad.push({ line, reason });
    },
  };
  if (reader === readCsvRowsFast)
    await readCsvRowsFast(Readable.from(chunks), delimiter, handler, withRaw, stats);
  else await reader(Readable.from(chunks), delimiter, handler, withRaw);
  return out;
}

/** Cuts `text` into pieces of 1..max characters (seeded), never inside a surrogate pair. */
function cut(text: string, rand: () => number, max: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let j = Math.min(text.length, i + 1 + Math.floor(rand() * max));
    const c = text.charCodeAt(j - 1);
    if (j < text.length && c >= 0xd800 && c <= 0xdbff) j++;
    out.push(text.slice(i, j));
    i = j;
  }
  return out;
}

/**
 * Compares both readers on one text: whole, and cut into small chunks; with and without raw text.
 * Returns the fast reader's stats for the whole text.
 */
async function same(text: string, delimiter: string, seed = 1): Promise<FastCsvStats> {
  const rand = mulberry32(seed);
  const ref = await run(readCsvRowsReference, [text], delimiter, true);
  const stats: FastCsvStats = { fastRows: 0, handoverLine: null };
  expect(await run(readCsvRowsFast, [text], delimiter, true, stats)).toEqual(ref);
  // Small chunks (at most ~5,000 of them for a large file): lines, quotes and CRLF split across chunks.
  const small = Math.max(7, Math.ceil(text.length / 2500));
  expect(await run(readCsvRowsFast, cut(text, rand, small), delimiter, true)).toEqual(ref);
  const refNoRaw = await run(readCsvRowsReference, [text], delimiter, false);
  expect(await run(readCsvRowsFast, cut(text, rand, 300), delimiter, false)).toEqual(refNoRaw);
  return stats;
}

/**
 * Decoded text of a file as readInput sees it (encoding detection, gzip, Windows-1252 lines); null for
 * an input that cannot be decoded at all (empty, corrupt gzip), which never reaches a tokenizer.
 */
async function decoded(path: string): Promise<string | null> {
  try {
    const input = await openInput(path);
    const decoder = new TextDecoderStream();
    const source = contentStream(input);
    source.on('error', (err) => decoder.destroy(err));
    source.pipe(decoder);
    let text = '';
    for await (const chunk of decoder) text += chunk;
    return text;
  } catch {
    return null;
  }
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else if (!/\.(ts|md|json)$/.test(name)) out.push(p);
  }
  return out.sort();
}

const fixtureFiles = filesUnder(FIXTURES);
const realFiles = filesUnder(REAL_SAMPLES);

describe('fast tokenizer = csv-parse on files', () => {
  it('finds the inputs', () => {
    // Delimited fixtures of every format module, plus the real samples (CSV, CUCM flat file, XML).
    expect(fixtureFiles.filter((f) => /\.(csv|txt|tsv)(\.gz)?$/.test(f)).length).toBeGreaterThanOrEqual(25);
    expect(realFiles.map((f) => relative(REAL_SAMPLES, f))).toEqual(
      expect.arrayContaining([
        'asterisk-master-csv/mineevburyat/Master.csv',
        'asterisk-master-csv/KelySaina/Master.csv',
        'freeswitch-cdr-csv/Master.csv',
        'cucm-cdr/CDR.txt',
      ]),
    );
  });

  // Every file, read as delimited text with the sniffed delimiter and each other one (XML too: it is
  // full of quotes that do not open fields).
  for (const [label, root, files] of [
    ['fixture', FIXTURES, fixtureFiles],
    ['real sample', REAL_SAMPLES, realFiles],
  ] as const) {
    for (const file of files) {
      it(`${label} ${relative(root, file)}`, async () => {
        const text = await decoded(file);
        if (text === null) return;
        const sniffed = sniffDelimiter(text.split('\n', 60));
        // Every delimiter on small files; the sniffed one on large ones (csv-parse is slow).
        const delimiters = text.length < 256 * 1024 ? new Set([sniffed, ...DELIMITERS]) : [sniffed];
        for (const d of delimiters) await same(text, d, text.length);
      });
    }
  }

  it('reads the real CSV samples without handing over to csv-parse', async () => {
    const expected: Record<string, [string, number]> = {
      'asterisk-master-csv/mineevburyat/Master.csv': [',', 84],
      'asterisk-master-csv/KelySaina/Master.csv': [',', 14],
      'freeswitch-cdr-csv/Master.csv': [',', 10],
      'cucm-cdr/CDR.txt': [',', 204],
    };
    for (const [file, [d, rows]] of Object.entries(expected)) {
      const stats = await same((await decoded(join(REAL_SAMPLES, file)))!, d);
      expect({ file, ...stats }).toEqual({ file, fastRows: rows, handoverLine: null });
    }
  });
});

describe('fast tokenizer: hand-over cases', () => {
  const cases: [string, string, FastCsvStats][] = [
    ['plain LF', 'a,b\nc,d\n', { fastRows: 2, handoverLine: null }],
    ['CRLF, blank lines, no final line end', 'a,b\r\n\r\n\r\nc,d\r\ne', { fastRows: 3, handoverLine: null }],
    ['quotes, escapes, delimiters inside', 'x,"a,""b""",c"d\n"",,""\n', { fastRows: 2, handoverLine: null }],
    [
      'a quote after a space is text; a quoted last field before the delimiter',
      'x, "a",b\n"c",\n',
      { fastRows: 2, handoverLine: null },
    ],
    ['quoted field over two lines', 'h\n\nx,"a\nb",c\nd\n', { fastRows: 1, handoverLine: 2 }],
    ['text after a closing quote', 'h\n"a"b,c\nd\n', { fastRows: 1, handoverLine: 2 }],
    ['unclosed quote', 'h\nd\n"open\nx\n', { fastRows: 2, handoverLine: 3 }],
    ['CR inside an LF file', 'a,b\nc\r\nd\n', { fastRows: 1, handoverLine: 2 }],
    ['LF inside a CRLF file', 'a,b\r\nc\nd\r\n', { fastRows: 1, handoverLine: 2 }],
    ['old Mac line ends', 'a,b\rc,d\r', { fastRows: 0, handoverLine: 1 }],
    ['first line spans lines', '"a\nb"\r\nc\r\n', { fastRows: 0, handoverLine: 1 }],
  ];
  for (const [name, text, stats] of cases) {
    it(name, async () => {
      expect(await same(text, ',')).toEqual(stats);
    });
  }

  it('keeps csv-parse raw text and line numbers (blank lines before a row, CRLF)', async () => {
    const r = await run(readCsvRowsFast, ['a,b\r\n\r\nc,"d"\r\n'], ',', true);
    expect(r.rows).toEqual([
      { fields: ['a', 'b'], line: 1, raw: 'a,b\r' },
      { fields: ['c', 'd'], line: 3, raw: '\rc,"d"\r' },
    ]);
  });

  it('hands a line longer than 1 MiB over to csv-parse instead of copying it at every chunk', async () => {
    const text = `h\n${'x'.repeat(1_500_000)},y\nz\n`;
    const ref = await run(readCsvRowsReference, [text], ',', true);
    const chunks = cut(text, () => 0.99, 65_536);
    const stats: FastCsvStats = { fastRows: 0, handoverLine: null };
    expect(await run(readCsvRowsFast, chunks, ',', true, stats)).toEqual(ref);
    expect(stats).toEqual({ fastRows: 1, handoverLine: 2 });
    expect(ref.rows.map((r) => r.fields.length)).toEqual([1, 2, 1]);
  });

  it('reads a file without any delimiter or quote in linear time', async () => {
    const text = `${Array.from({ length: 50_000 }, (_, i) => `row ${i}`).join('\n')}\n`;
    const t0 = performance.now();
    const r = await run(readCsvRowsFast, [text], ';', false);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.rows).toHaveLength(50_000);
    expect(r.rows[49_999]).toEqual({ fields: ['row 49999'], line: 50_000 });
    expect(await same(text, ';')).toEqual({ fastRows: 50_000, handoverLine: null });
  });

  it('renumbers csv-parse rejections after a hand-over', async () => {
    const r = await run(readCsvRowsFast, ['h\n1\n2\n\n"open\n3\n'], ',', false);
    expect(r.rows).toEqual([
      { fields: ['h'], line: 1 },
      { fields: ['1'], line: 2 },
      { fields: ['2'], line: 3 },
    ]);
    expect(r.bad).toEqual([
      { line: 6, reason: 'Quote Not Closed: the parsing is finished with an opening quote at line 6' },
    ]);
  });
});

/** A random delimited file: mostly well-formed rows, with the oddities exports have now and then. */
function fuzzFile(rand: () => number): { text: string; delimiter: string } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const delimiter = pick(DELIMITERS);
  const crlf = rand() < 0.4;
  const eol = crlf ? '\r\n' : '\n';
  const odd = rand() < 0.5 ? 0.02 : 0.15;
  const words = [
    'Zoë',
    'appel entrant',
    'Müller',
    'ÉTÉ',
    '東京',
    '+33612345678',
    '0',
    '2024-03-01 10:00:00',
    ' ',
    '😀x',
  ];
  const field = (): string => {
    const u = rand();
    if (u < 0.15) return '';
    if (u < 0.55) return pick(words);
    if (u < 0.7) return `"${pick(words)}${delimiter}${pick(words)}"`;
    if (u < 0.8) return `"${pick(words)}""${pick(words)}"""`;
    if (u < 0.85) return '""';
    if (u < 0.9) return `${pick(words)}"${pick(words)}`;
    if (rand() > odd * 4) return `"${pick(words)}"`;
    // The rare oddities.
    return pick([`"a${eol}b"`, `"a"b`, '"open', 'x\ry', '"a"\r', `"${eol}"`, '"', 'a\nb', `"q"${delimiter}`]);
  };
  const lines: string[] = [];
  const n = 1 + Math.floor(rand() * 30);
  for (let i = 0; i < n; i++) {
    const u = rand();
    if (u < 0.08) lines.push('');
    else if (u < 0.1) lines.push(' ');
    else {
      const k = 1 + Math.floor(rand() * 6);
      const fs: string[] = [];
      for (let j = 0; j < k; j++) fs.push(field());
      lines.push(fs.join(delimiter) + (rand() < 0.05 ? delimiter : ''));
    }
  }
  let text = lines.join(eol);
  if (rand() < 0.7) text += eol;
  if (rand() < 0.03) text = text.replace('\r\n', '\n');
  // A quote that never closes: csv-parse rejects the rest of the file from that line.
  if (rand() < 0.08) text += `x${delimiter}"never closed${eol}y${delimiter}z${eol}`;
  return { text, delimiter };
}

describe('fast tokenizer = csv-parse on a fuzzed corpus', () => {
  it('600 seeded files: identical rows and rejections; most read fast, the odd ones handed over', async () => {
    const rand = mulberry32(20260302);
    let whole = 0;
    let handedOver = 0;
    let rejected = 0;
    for (let i = 0; i < 600; i++) {
      const { text, delimiter } = fuzzFile(rand);
      const stats = await same(text, delimiter, i + 1);
      if (stats.handoverLine === null) whole++;
      else handedOver++;
      if ((await run(readCsvRowsReference, [text], delimiter, false)).bad.length > 0) rejected++;
    }
    // The corpus exercises both paths and csv-parse's rejections (counts fixed by the seed).
    expect({ whole, handedOver, rejected }).toEqual({ whole: 242, handedOver: 358, rejected: 51 });
  });

  it('a large well-formed export is read fast to its end', async () => {
    const lines = ['start,caller,callee,duration,status,direction'];
    for (let i = 0; i < 20_000; i++) {
      lines.push(
        `2026-03-02 14:05:${String(i % 60).padStart(2, '0')},+3361234${i % 9999},"+33 1 ${i}",${i % 300},answered,in`,
      );
    }
    const text = `${lines.join('\r\n')}\r\n`;
    const stats = await same(text, ',');
    expect(stats).toEqual({ fastRows: 20_001, handoverLine: null });
  });
});

describe('readInput with and without the fast tokenizer', () => {
  afterEach(() => {
    delete process.env.CDRSCOPE_CSV;
  });

  const outcome = async (path: string) => {
    try {
      const { records, summary } = await readAll(path, { withRaw: true });
      return { records, summary };
    } catch (err) {
      return { error: String(err) };
    }
  };

  const delimited = [...fixtureFiles, ...realFiles].filter((f) => !/\.xml(\.gz)?$/.test(f));
  for (const file of delimited) {
    it(relative(join(FIXTURES, '..'), file), async () => {
      const fast = await outcome(file);
      process.env.CDRSCOPE_CSV = 'csv-parse';
      const reference = await outcome(file);
      expect(fast).toEqual(reference);
    });
  }
});

describe('fast paths leave the findings unchanged on every labelled scenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cdrscope-fast-'));
  afterEach(() => {
    delete process.env.CDRSCOPE_CSV;
  });

  for (const name of SCENARIO_NAMES) {
    it(name, async () => {
      const labels = await generateScenario(name, dir);
      const files = labels.files.map((f) => join(dir, f));
      const opts = { owner: labels.owner ?? undefined, country: labels.country, tz: labels.tz };
      const cited = new Map<number, string[]>();
      const sink: EvidenceSink = {
        row(k, r, raw) {
          cited.set(k, [...(cited.get(k) ?? []), `${r.input}:${r.line}:${raw}`]);
        },
      };
      const fast = await analyze(files, { ...opts, evidenceSink: sink });
      process.env.CDRSCOPE_CSV = 'csv-parse';
      const reference = await analyze(files, { ...opts, evidenceSink: sink });
      delete process.env.CDRSCOPE_CSV;
      // The fast tokenizer: the same inputs, records and findings (evidence rows included) as csv-parse.
      expect(fast.findings).toEqual(reference.findings);
      expect(fast.inputs).toEqual(reference.inputs);
      expect(fast.records).toBe(reference.records);

      // The evidence pass's subject index: every candidate's `matches` run over every record finds the
      // same rows as the indexed pass cited.
      const ctx = createFormatContext(opts);
      const params = defaultParams();
      const runs = DETECTORS.map((d) =>
        d.create({
          params: params[d.meta.id],
          numbers: ctx.numbers,
          clock: ctx.clock,
          country: ctx.country,
          owner: ctx.owner,
        }),
      );
      const opened = await openAll(files);
      await readInputs(opened, ctx, {}, (r) => {
        for (const run of runs) run.observe(r);
      });
      const candidates = runs.flatMap((run) => run.finish());
      expect(candidates.length).toBe(fast.findings.length);
      const scanned = candidates.map(() => [] as string[]);
      await readInputs(opened, ctx, {}, (r) => {
        candidates.forEach((c, k) => {
          if (c.matches(r)) scanned[k].push(`${r.input}:${r.line}`);
        });
      });
      fast.findings.forEach((f, k) => {
        const c = candidates.findIndex(
          (x) => x.kind === f.kind && x.subject === f.subject && x.start === f.start && x.end === f.end,
        );
        expect(c).toBeGreaterThanOrEqual(0);
        expect(f.evidence.rows).toBe(scanned[c].length);
        const rows = cited.get(k) ?? [];
        expect(rows.slice(0, rows.length / 2).map((x) => x.split(':', 2).join(':'))).toEqual(scanned[c]);
      });
      // Both runs cited the same rows, with the same raw text, in the same order.
      for (const lines of cited.values()) {
        const half = lines.length / 2;
        expect(lines.slice(half)).toEqual(lines.slice(0, half));
      }
    });
  }
});
