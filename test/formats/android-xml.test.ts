import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { androidXml } from '../../src/formats/android-xml.js';
import { FIXTURES, REAL_SAMPLES, readAll } from '../helpers.js';

const SAMPLE = join(REAL_SAMPLES, 'android-smsbackup-calls-xml/callsample.xml');
const ALL_TYPES = join(FIXTURES, 'formats/android/all-types.xml');
const TRUNCATED = join(FIXTURES, 'formats/android/truncated.xml');
const OWNER_US = '+19015550100';
const OWNER_FR = '+33612345678';

function tmpFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdrscope-android-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** [type, duration, date epoch ms, contact_name] of the real sample, in file order. */
const SAMPLE_CALLS: [number, number, number, string][] = [
  [1, 505, 1467998061690, '(Unknown)'],
  [2, 33, 1467998854819, '(Unknown)'],
  [2, 1494, 1468013465905, '(Unknown)'],
  [2, 0, 1468011232283, 'Joe Schmo'],
  [2, 1030, 1468016866218, '(Unknown)'],
  [2, 3955, 1468018588131, '(Unknown)'],
  [2, 165, 1468022978630, 'Some One'],
];

describe('android-xml: real SMS Backup & Restore sample (CRLF)', () => {
  it('reads the 7 calls without --owner (owner side empty), country US', async () => {
    const { records, summary } = await readAll(SAMPLE, { country: 'US' });
    expect(summary.format).toBe('android-xml');
    expect(summary.refKind).toBe('element');
    expect(summary.encoding).toBe('utf-8');
    expect(summary.rows).toBe(7);
    expect(summary.rejected).toBe(0);
    expect(summary.skipped).toBe(0);
    expect(records).toHaveLength(7);
    expect(summary.firstStart).toBe(1467998061690);
    expect(summary.lastStart).toBe(1468022978630);
    records.forEach((r, i) => {
      const [type, duration, date] = SAMPLE_CALLS[i];
      expect(r.line).toBe(i + 1);
      expect(r.input).toBe(0);
      expect(r.start).toBe(date);
      expect(r.duration).toBe(duration);
      expect(r.direction).toBe(type === 1 ? 'in' : 'out');
      // Both spellings of the number (9018675309 and 19018675309) are the same E.164 number.
      if (type === 1) {
        expect(r.caller).toBe('+19018675309');
        expect(r.callee).toBe('');
      } else {
        expect(r.caller).toBe('');
        expect(r.callee).toBe('+19018675309');
      }
      // The contact names of this sample are all on outgoing calls: they name the callee, not the caller.
      expect(r.callerName).toBeUndefined();
    });
    expect(records.map((r) => r.status)).toEqual([
      'answered',
      'answered',
      'answered',
      'missed', // outgoing, 0 s: not answered by the other side
      'answered',
      'answered',
      'answered',
    ]);
  });

  it('fills the owner side with --owner and takes the country from the owner', async () => {
    const { records, summary } = await readAll(SAMPLE, { owner: '+1 901 555 0100' });
    expect(summary.rows).toBe(7);
    expect(records[0]).toEqual({
      start: 1467998061690,
      caller: '+19018675309',
      callee: OWNER_US,
      duration: 505,
      status: 'answered',
      direction: 'in',
      input: 0,
      line: 1,
    });
    expect(records[2]).toEqual({
      start: 1468013465905,
      caller: OWNER_US,
      callee: '+19018675309',
      duration: 1494,
      status: 'answered',
      direction: 'out',
      input: 0,
      line: 3,
    });
    expect(new Set(records.map((r) => (r.direction === 'in' ? r.callee : r.caller)))).toEqual(
      new Set([OWNER_US]),
    );
    expect(records.filter((r) => r.direction === 'out')).toHaveLength(6);
  });

  it('keeps national numbers raw when the country does not fit (FR default)', async () => {
    const { records } = await readAll(SAMPLE);
    // 9018675309 is not a possible French number: kept as written, never altered.
    expect(records[0].caller).toBe('9018675309');
    expect(records[2].callee).toBe('19018675309');
  });
});

describe('android-xml: every call type (fixture)', () => {
  it('maps the 7 Android types, withheld callers and rejects bad elements', async () => {
    const { records, summary } = await readAll(ALL_TYPES, { owner: OWNER_FR });
    expect(summary.rows).toBe(12);
    expect(summary.rejected).toBe(2);
    expect(summary.rejections).toEqual([
      { line: 11, reason: 'invalid date="not-a-date"' },
      { line: 12, reason: 'unknown call type="9"' },
    ]);
    const view = records.map((r) => [r.line, r.direction, r.status, r.caller, r.callee, r.duration]);
    expect(view).toEqual([
      [1, 'in', 'answered', '+33611223344', OWNER_FR, 125],
      [2, 'out', 'answered', OWNER_FR, '+33140000000', 60],
      [3, 'in', 'missed', '+212612345678', OWNER_FR, 0],
      [4, 'in', 'voicemail', '+33699887766', OWNER_FR, 27],
      [5, 'in', 'rejected', '+33899123456', OWNER_FR, 0],
      [6, 'in', 'blocked', '+33162000000', OWNER_FR, 0],
      [7, 'in', 'answered', '+33611223344', OWNER_FR, 45],
      [8, 'out', 'missed', OWNER_FR, '+33611223344', 0],
      [9, 'in', 'answered', 'withheld', OWNER_FR, 38],
      [10, 'in', 'missed', 'withheld', OWNER_FR, 0],
      // A missed call has no talk time, whatever the file says (duration="9").
      [13, 'in', 'missed', '+33700000001', OWNER_FR, 0],
      [14, 'in', 'answered', '+33712345678', OWNER_FR, 301],
    ]);
    expect(records[0].start).toBe(1710058500000);
    expect(records[1].start).toBe(1710059101234);
    expect(records[11].start).toBe(1710066316042);
    expect(records.map((r) => r.callerName)).toEqual([
      'Alice Martin',
      undefined, // outgoing: the contact is the callee
      undefined, // (Unknown)
      undefined,
      undefined,
      undefined,
      'Alice Martin',
      undefined,
      undefined,
      undefined,
      undefined,
      // An emoji written as two surrogate character references, then an escaped ampersand.
      '\u{1F600} Bob & Co',
    ]);
  });

  it('leaves the owner side empty without --owner', async () => {
    const { records } = await readAll(ALL_TYPES);
    expect(records[0].caller).toBe('+33611223344');
    expect(records[0].callee).toBe('');
    expect(records[1].caller).toBe('');
    expect(records[1].callee).toBe('+33140000000');
  });

  it('makes every hidden presentation (restricted, unknown, payphone) withheld', async () => {
    const calls = ['2', '3', '4', '1']
      .map(
        (p, i) =>
          `<call number="${i === 3 ? '' : '0611223344'}" duration="0" date="171005850000${i}" type="3" presentation="${p}" contact_name="(Unknown)" />`,
      )
      .join('\n');
    const path = tmpFile('calls.xml', `<calls count="4">\n${calls}\n</calls>\n`);
    const { records } = await readAll(path);
    expect(records.map((r) => r.caller)).toEqual(['withheld', 'withheld', 'withheld', 'withheld']);
  });
});

describe('android-xml: damaged files', () => {
  it('keeps the calls before the cut of a truncated file and rejects the cut element', async () => {
    const { records, summary } = await readAll(TRUNCATED, { owner: OWNER_FR });
    expect(records.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(records.map((r) => r.callee)).toEqual([OWNER_FR, '+33140000000', OWNER_FR]);
    expect(summary.rows).toBe(3);
    expect(summary.rejected).toBe(1);
    expect(summary.rejections).toEqual([
      {
        line: 4,
        reason:
          'the file ends inside call 4 of the 5 the file announces at line 7, column 57 (truncated file?)',
      },
    ]);
  });

  it('reports a file cut between two elements once, with the announced count', async () => {
    const path = tmpFile(
      'cut.xml',
      '<calls count="3">\n<call number="0611223344" duration="5" date="1710058500000" type="1" />\n',
    );
    const { records, summary } = await readAll(path);
    expect(records).toHaveLength(1);
    expect(summary.rejected).toBe(1);
    expect(summary.rejections[0].line).toBe(2);
    expect(summary.rejections[0].reason).toBe(
      'the file ends early at line 3, column 1, after call 1 of the 3 the file announces (truncated file?): unclosed tag: calls',
    );
  });

  it('rejects an element broken by a syntax error and reads the ones after it', async () => {
    const path = tmpFile(
      'broken.xml',
      [
        '<calls count="3">',
        '<call number="0611223344" duration="5" date="1710058500000" type="1" />',
        '<call number="06<11223344" duration="5" date="1710058600000" type="1" />',
        '<call number="0611223344" duration="7" date="1710058700000" type="2" />',
        '</calls>',
      ].join('\n'),
    );
    const { records, summary } = await readAll(path);
    expect(records.map((r) => [r.line, r.duration])).toEqual([
      [1, 5],
      [3, 7],
    ]);
    expect(summary.rejections).toEqual([
      { line: 2, reason: 'XML syntax error at line 3, column 18: disallowed character.' },
    ]);
  });

  it('reports a well-formed file holding fewer calls than it announces', async () => {
    const path = tmpFile(
      'short.xml',
      '<calls count="2">\n<call number="0611223344" duration="5" date="1710058500000" type="1" />\n</calls>\n',
    );
    const { records, summary } = await readAll(path);
    expect(records).toHaveLength(1);
    expect(summary.rejections).toEqual([
      { line: 2, reason: '<calls count="2"> announces 2 calls but the file holds 1' },
    ]);
  });

  it('skips (and counts) content after the end of the log', async () => {
    const path = tmpFile(
      'trailing.xml',
      '<calls count="1">\n<call number="0611223344" duration="5" date="1710058500000" type="1" />\n</calls>\n\0\0\0',
    );
    const { records, summary } = await readAll(path);
    expect(records).toHaveLength(1);
    expect(summary.rejected).toBe(0);
    expect(summary.skipped).toBe(1);
    expect(summary.skips[0].reason).toMatch(/^content after the end of <calls> ignored \(line 4/);
  });

  it('rejects elements without date, type or duration with a reason each', async () => {
    const path = tmpFile(
      'missing.xml',
      [
        '<calls>',
        '<call number="0611223344" duration="5" type="1" />',
        '<call number="0611223344" duration="5" date="1710058500000" />',
        '<call number="0611223344" date="1710058500000" type="2" />',
        '<call number="0611223344" duration="-4" date="1710058500000" type="1" />',
        '<call number="0611223344" date="1710058500000" type="3" />',
        '</calls>',
      ].join('\n'),
    );
    const { records, summary } = await readAll(path);
    expect(summary.rejections).toEqual([
      { line: 1, reason: 'missing date attribute' },
      { line: 2, reason: 'missing type attribute' },
      { line: 3, reason: 'missing duration attribute' },
      { line: 4, reason: 'invalid duration="-4"' },
    ]);
    // A missed call needs no duration.
    expect(records.map((r) => [r.line, r.status, r.duration])).toEqual([[5, 'missed', 0]]);
  });
});

describe('android-xml: sniff', () => {
  it('claims call backups and nothing else', () => {
    expect(androidXml.sniff('<?xml version="1.0"?>\n<calls count="1">\n<call number="1" />')).toBe(0.95);
    expect(
      androidXml.sniff(
        '<!--File Created By SMS Backup & Restore v8.50.86 on 06/09/2016-->\n<calls count="0" />',
      ),
    ).toBe(0.95);
    expect(androidXml.sniff('<calls count="0"></calls>')).toBe(0.6);
    expect(
      androidXml.sniff(
        '<!--File Created By SMS Backup & Restore v8.50.86-->\n<smses count="1"><sms address="1"/>',
      ),
    ).toBe(0);
    expect(androidXml.sniff('<alllogs count="2"><log number="1"/>')).toBe(0);
  });
});
