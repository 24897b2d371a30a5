import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import {
  contentStream,
  describeEncoding,
  detectEncoding,
  openInput,
  readHead,
  TextDecoderStream,
} from '../../src/formats/bytes.js';
import { FIXTURES, readAll } from '../helpers.js';

const BYTES = join(FIXTURES, 'formats/bytes');
const TEXT = 'numéro;durée\n0612345678;12\n';

function fixture(name: string): Buffer {
  return readFileSync(join(BYTES, name));
}

/** Runs bytes through a TextDecoderStream in chunks of `size` bytes. */
async function decode(bytes: Buffer, size = 64 * 1024): Promise<{ text: string; dec: TextDecoderStream }> {
  const dec = new TextDecoderStream();
  let text = '';
  dec.on('data', (t: string) => {
    text += t;
  });
  const done = new Promise<void>((resolve, reject) => {
    dec.on('end', resolve);
    dec.on('error', reject);
  });
  for (let i = 0; i < bytes.length; i += size) dec.write(bytes.subarray(i, i + size));
  dec.end();
  await done;
  return { text, dec };
}

async function userError(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('detectEncoding', () => {
  it('recognises the three BOMs', () => {
    expect(detectEncoding(fixture('utf8-bom.txt'))).toEqual({ encoding: 'utf-8', bom: true });
    expect(detectEncoding(fixture('utf16le-bom.txt'))).toEqual({ encoding: 'utf-16le', bom: true });
    expect(detectEncoding(fixture('utf16be-bom.txt'))).toEqual({ encoding: 'utf-16be', bom: true });
  });

  it('recognises UTF-16 without BOM from its NUL bytes, and defaults to UTF-8', () => {
    expect(detectEncoding(fixture('utf16le-nobom.txt'))).toEqual({ encoding: 'utf-16le', bom: false });
    expect(detectEncoding(fixture('utf16be-nobom.txt'))).toEqual({ encoding: 'utf-16be', bom: false });
    expect(detectEncoding(fixture('utf8.txt'))).toEqual({ encoding: 'utf-8', bom: false });
    expect(detectEncoding(fixture('mixed-1252.txt'))).toEqual({ encoding: 'utf-8', bom: false });
    expect(detectEncoding(Buffer.alloc(0))).toEqual({ encoding: 'utf-8', bom: false });
  });
});

describe('TextDecoderStream', () => {
  it.each([
    ['utf8.txt', 'utf-8', false],
    ['utf8-bom.txt', 'utf-8', true],
    ['utf16le-bom.txt', 'utf-16le', true],
    ['utf16be-bom.txt', 'utf-16be', true],
    ['utf16le-nobom.txt', 'utf-16le', false],
    ['utf16be-nobom.txt', 'utf-16be', false],
  ])('decodes %s to the same text, BOM stripped', async (name, encoding, bom) => {
    const { text, dec } = await decode(fixture(name));
    expect(text).toBe(TEXT);
    expect(dec.stats).toEqual({ encoding, bom, latin1Lines: 0 });
  });

  it.each([['utf8-bom.txt'], ['utf16le-bom.txt'], ['utf16be-bom.txt']])(
    'decodes %s fed one byte at a time (characters and BOM split across chunks)',
    async (name) => {
      const { text } = await decode(fixture(name), 1);
      expect(text).toBe(TEXT);
    },
  );

  it('decodes the one Windows-1252 line of a UTF-8 file and counts it', async () => {
    const expected = 'appelant;nom\n0611223344;Hélène\n0699887766;François Garçon\n0140000000;Zoé\n';
    for (const size of [64 * 1024, 7, 1]) {
      const { text, dec } = await decode(fixture('mixed-1252.txt'), size);
      expect(text).toBe(expected);
      expect(dec.stats).toEqual({ encoding: 'utf-8', bom: false, latin1Lines: 1 });
    }
  });

  it('decodes a long text without newline in bounded pieces, split characters included', async () => {
    const line = 'é'.repeat(1_500_000); // 3 MB, no newline at all
    const { text, dec } = await decode(Buffer.from(line, 'utf8'), 65_535);
    expect(text).toBe(line);
    expect(dec.stats.latin1Lines).toBe(0);
  });

  it('counts a long Windows-1252 line once, however many pieces it is decoded in', async () => {
    const bytes = Buffer.concat([Buffer.alloc(3_000_000, 0xe9), Buffer.from('\nZoé\n', 'utf8')]);
    const { text, dec } = await decode(bytes, 65_536);
    expect(text).toBe(`${'é'.repeat(3_000_000)}\nZoé\n`);
    expect(dec.stats.latin1Lines).toBe(1);
  });
});

describe('describeEncoding', () => {
  it('says what was decoded', () => {
    expect(describeEncoding({ encoding: 'utf-8', bom: false, latin1Lines: 0 }, 10)).toBe('utf-8');
    expect(describeEncoding({ encoding: 'utf-8', bom: true, latin1Lines: 0 }, 10)).toBe('utf-8 (BOM)');
    expect(describeEncoding({ encoding: 'utf-8', bom: false, latin1Lines: 1 }, 10)).toBe(
      'utf-8 + 1 windows-1252 line',
    );
    expect(describeEncoding({ encoding: 'utf-8', bom: false, latin1Lines: 4 }, 10)).toBe(
      'utf-8 + 4 windows-1252 lines',
    );
    expect(describeEncoding({ encoding: 'utf-8', bom: false, latin1Lines: 10 }, 10)).toBe('windows-1252');
    expect(describeEncoding({ encoding: 'utf-16le', bom: true, latin1Lines: 0 }, 10)).toBe('utf-16le (BOM)');
  });
});

describe('openInput and readAll', () => {
  it('reads a .gz file transparently', async () => {
    const input = await openInput(join(BYTES, 'calls.xml.gz'));
    expect(input.gzip).toBe(true);
    const head = await readHead(input);
    expect(head.text.startsWith("<?xml version='1.0'")).toBe(true);
    expect(head.complete).toBe(true);
    const { records, summary } = await readAll(join(BYTES, 'calls.xml.gz'), { owner: '+33612345678' });
    expect(summary.format).toBe('android-xml');
    expect(summary.rows).toBe(2);
    expect(records.map((r) => [r.line, r.caller, r.callee, r.duration])).toEqual([
      [1, '+33611223344', '+33612345678', 125],
      [2, '+33612345678', '+33140000000', 60],
    ]);
    expect(records[0].callerName).toBe('Hélène');
  });

  it('refuses a corrupt .gz with INPUT_UNREADABLE naming the file', async () => {
    const path = join(BYTES, 'corrupt.xml.gz');
    const err = await userError(readAll(path));
    expect(err.code).toBe('INPUT_UNREADABLE');
    expect(err.message).toMatch(/corrupt\.xml\.gz: cannot read this gzip file \(/);
  });

  it('lets the corrupt .gz content stream fail with the gzip error', async () => {
    const input = await openInput(join(BYTES, 'corrupt.xml.gz'));
    const stream = contentStream(input);
    await expect(
      new Promise((resolve, reject) => {
        stream.on('error', reject);
        stream.on('end', resolve);
        stream.resume();
      }),
    ).rejects.toThrow(/incorrect header check|invalid/);
  });

  it('refuses a missing path with INPUT_NOT_FOUND', async () => {
    const err = await userError(readAll(join(BYTES, 'no-such-file.xml')));
    expect(err.code).toBe('INPUT_NOT_FOUND');
    expect(err.message).toMatch(/no-such-file\.xml: no such file$/);
  });

  it('refuses a directory with INPUT_NOT_FILE', async () => {
    const err = await userError(readAll(BYTES));
    expect(err.code).toBe('INPUT_NOT_FILE');
  });

  it('refuses an empty file, and a file of blank lines, with INPUT_EMPTY', async () => {
    const empty = await userError(readAll(join(BYTES, 'empty.xml')));
    expect(empty.code).toBe('INPUT_EMPTY');
    expect(empty.message).toMatch(/empty\.xml: the file is empty$/);
    const blank = await userError(readAll(join(BYTES, 'blank.xml')));
    expect(blank.code).toBe('INPUT_EMPTY');
    expect(blank.message).toMatch(/blank\.xml: the file holds no text$/);
  });

  it('reads a UTF-16LE XML call log end to end', async () => {
    const { records, summary } = await readAll(join(BYTES, 'utf16le-calls.xml'));
    expect(summary.encoding).toBe('utf-16le (BOM)');
    expect(summary.rows).toBe(2);
    expect(records[0].callerName).toBe('Hélène');
    expect(records[1].callee).toBe('+33140000000');
  });

  it('reports a single Windows-1252 line of an XML log as such, not the whole file', async () => {
    const { records, summary } = await readAll(join(BYTES, 'mixed-1252-calls.xml'));
    expect(records[0].callerName).toBe('Hélène');
    expect(summary.rows).toBe(2);
    expect(summary.encoding).toBe('utf-8 + 1 windows-1252 line');
  });
});
