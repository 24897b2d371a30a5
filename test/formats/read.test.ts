import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { openInput } from '../../src/formats/bytes.js';
import { createFormatContext } from '../../src/formats/context.js';
import { parseSample } from '../../src/formats/csv.js';
import { detectFormat, readInput } from '../../src/formats/read.js';
import { FIXTURES, REAL_SAMPLES, readAll } from '../helpers.js';

const ANDROID = join(FIXTURES, 'formats/android');
const ALL_TYPES = join(ANDROID, 'all-types.xml');

async function userError(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('readInput: --strict', () => {
  it('turns the first rejected element into ROW_REJECTED naming file:line and the reason', async () => {
    const err = await userError(readAll(ALL_TYPES, { strict: true }));
    expect(err.code).toBe('ROW_REJECTED');
    expect(err.message).toBe(`${ALL_TYPES}:11: rejected (--strict): invalid date="not-a-date" [element 11]`);
  });

  it('stops at the cut of a truncated file', async () => {
    const path = join(ANDROID, 'truncated.xml');
    const err = await userError(readAll(path, { strict: true }));
    expect(err.code).toBe('ROW_REJECTED');
    expect(err.message.startsWith(`${path}:4: rejected (--strict): the file ends inside call 4 `)).toBe(true);
  });

  it('accepts a clean file', async () => {
    const { summary } = await readAll(join(REAL_SAMPLES, 'android-smsbackup-calls-xml/callsample.xml'), {
      strict: true,
      country: 'US',
    });
    expect(summary.rows).toBe(7);
    expect(summary.rejected).toBe(0);
  });
});

describe('readInput: --since / --until', () => {
  it('keeps [since, until) and counts the rest as out of range', async () => {
    // Elements 4 (inclusive) to 9 (exclusive) of the fixture.
    const { records, summary } = await readAll(ALL_TYPES, { since: 1710060303702, until: 1710063309872 });
    expect(records.map((r) => r.line)).toEqual([4, 5, 6, 7, 8]);
    expect(summary.rows).toBe(12);
    expect(summary.outOfRange).toBe(7);
    expect(summary.rejected).toBe(2);
    // The time range covers every record read, in range or not.
    expect(summary.firstStart).toBe(1710058500000);
    expect(summary.lastStart).toBe(1710066316042);
  });

  it('counts everything out of range when the window misses the file', async () => {
    const { records, summary } = await readAll(ALL_TYPES, { since: Date.UTC(2025, 0, 1) });
    expect(records).toHaveLength(0);
    expect(summary.rows).toBe(12);
    expect(summary.outOfRange).toBe(12);
  });
});

describe('readInput: detection and refusals', () => {
  it('refuses an XML file that is not a call log with NOT_CDR', async () => {
    const path = join(ANDROID, 'not-a-call-log.xml');
    const err = await userError(readAll(path));
    expect(err.code).toBe('NOT_CDR');
    expect(err.message).toBe(
      'not-a-call-log.xml: an XML file, but not a call log cdrscope knows (root element not recognised)',
    );
  });

  it('refuses an unknown --format with BAD_OPTION listing the known ones', async () => {
    const err = await userError(readAll(ALL_TYPES, { format: 'nokia-xml' }));
    expect(err.code).toBe('BAD_OPTION');
    expect(err.message).toMatch(/^unknown format "nokia-xml" \(known: .*android-xml.*superbackup-xml/);
  });

  it('finds no rows when --format names the wrong XML dialect', async () => {
    const path = join(REAL_SAMPLES, 'android-superbackup-xml/calls_superbackup.xml');
    const err = await userError(readAll(path, { format: 'android-xml' }));
    expect(err.code).toBe('INPUT_NO_ROWS');
    expect(err.message).toMatch(/calls_superbackup\.xml: no call rows found .*format android-xml/);
  });

  it('tells the two Android XML dialects apart', () => {
    expect(
      detectFormat('<?xml version="1.0"?>\n<calls count="1">\n<call number="1"/>', true, 'a.xml').name,
    ).toBe('android-xml');
    expect(detectFormat('<alllogs count="1">\n<log number="1"/>', true, 'b.xml').name).toBe(
      'superbackup-xml',
    );
    expect(() => detectFormat('<html><body/></html>', true, 'c.xml')).toThrow(UserError);
  });
});

describe('detection sample', () => {
  it('parses every row of a large head synchronously (not only the first buffered ones)', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `"a${i}",b,"c ""q"" d",${i}`);
    const rows = parseSample(`${lines.join('\n')}\n"cut`, ',', false);
    expect(rows).toHaveLength(500);
    expect(rows[0]).toEqual({ fields: ['a0', 'b', 'c "q" d', '0'], line: 1 });
    expect(rows[499]).toEqual({ fields: ['a499', 'b', 'c "q" d', '499'], line: 500 });
  });
});

describe('time order of an input', () => {
  const header = 'start,caller,callee,duration,status,direction\n';
  const row = (day: number, hour: number) =>
    `2026-03-${String(day).padStart(2, '0')} ${String(hour).padStart(2, '0')}:00:00,+33612345678,+33140000000,30,answered,in\n`;

  async function orderOf(rows: string[]) {
    const dir = mkdtempSync(join(tmpdir(), 'cdrscope-order-'));
    const file = join(dir, 'calls.csv');
    writeFileSync(file, header + rows.join(''));
    return (await readAll(file)).summary;
  }

  it('ascending and descending exports are in order; a shuffled one is not', async () => {
    const asc = Array.from({ length: 200 }, (_, i) => row(1 + Math.floor(i / 10), 8 + (i % 10)));
    expect((await orderOf(asc)).order).toBe('ascending');
    expect((await orderOf([...asc].reverse())).order).toBe('descending');
    // A deterministic shuffle: every 7th row moved to the front.
    const shuffled = [...asc.filter((_, i) => i % 7 === 0), ...asc.filter((_, i) => i % 7 !== 0)].reverse();
    const summary = await orderOf([...shuffled.slice(0, 100).reverse(), ...shuffled.slice(100)]);
    expect(summary.order).toBe('unordered');
    expect(summary.stepsBack).toBeGreaterThan(1);
    expect(summary.stepsForward).toBeGreaterThan(1);
  });

  it('rows written when calls end (a few minutes apart, slightly out of order) still count as ordered', async () => {
    const rows = Array.from({ length: 100 }, (_, i) =>
      i % 2 ? row(2, 9 + Math.floor(i / 20)) : row(2, 9 + Math.floor(i / 20)).replace(':00:00', ':40:00'),
    );
    expect((await orderOf(rows)).order).toBe('ascending');
  });
});

describe('number ids stamped by the reader', () => {
  it('gives each canonical number one id, the same in both passes and across inputs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdrscope-ids-'));
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    // The same numbers written three ways (E.164, national, spaced) must share an id.
    writeFileSync(
      a,
      'date,caller,callee\n2026-03-01 10:00,+33612345678,0140000000\n2026-03-01 10:05,06 12 34 56 78,+33140000000\n',
    );
    writeFileSync(b, 'date,caller,callee\n2026-03-01 11:00,+33140000000,anonymous\n');
    const ctx = createFormatContext({ country: 'FR' });
    const seen: [string, number, string, number][] = [];
    const pass = async (): Promise<void> => {
      for (const [i, p] of [a, b].entries()) {
        await readInput(await openInput(p), i, ctx, {}, (r) =>
          seen.push([r.caller, r.callerId, r.callee, r.calleeId]),
        );
      }
    };
    await pass();
    await pass();
    const mobile = ctx.numbers.idOf('+33612345678');
    const landline = ctx.numbers.idOf('+33140000000');
    const withheld = ctx.numbers.idOf('withheld');
    const once: [string, number, string, number][] = [
      ['+33612345678', mobile, '+33140000000', landline],
      ['+33612345678', mobile, '+33140000000', landline],
      ['+33140000000', landline, 'withheld', withheld],
    ];
    expect(seen).toEqual([...once, ...once]);
    expect(new Set([mobile, landline, withheld]).size).toBe(3);
    expect(ctx.numbers.idCount).toBe(3);
    expect(ctx.numbers.valueOf(mobile)).toBe('+33612345678');
    expect(ctx.numbers.infoOf(landline).type).toBe('fixed-line');
  });
});

describe('readInput: errors that are not the file', () => {
  it('lets a failure of the record callback through as it is, even on a gzip input (not a "damaged file")', async () => {
    const ctx = createFormatContext({});
    const input = await openInput(join(FIXTURES, 'demo/helpline-storm.csv.gz'));
    const bug = new Error('a bug downstream');
    const err = await readInput(input, 0, ctx, {}, () => {
      throw bug;
    }).catch((e: unknown) => e);
    expect(err).toBe(bug);
    expect(err).not.toBeInstanceOf(UserError);
  });
});
