import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { superbackupXml } from '../../src/formats/superbackup-xml.js';
import { Clock } from '../../src/records/time.js';
import { FIXTURES, REAL_SAMPLES, readAll } from '../helpers.js';

const SAMPLE = join(REAL_SAMPLES, 'android-superbackup-xml/calls_superbackup.xml');
const FIXTURE = join(FIXTURES, 'formats/android/superbackup.xml');

describe('superbackup-xml: real Super Backup sample', () => {
  it('reads the 2 logs from the epoch-ms date, without --owner', async () => {
    const { records, summary } = await readAll(SAMPLE);
    expect(summary.format).toBe('superbackup-xml');
    expect(summary.refKind).toBe('element');
    expect(summary.rows).toBe(2);
    expect(summary.rejected).toBe(0);
    expect(records).toEqual([
      {
        start: 1537214302606,
        caller: '+49123456789',
        callee: '',
        duration: 264,
        status: 'answered',
        direction: 'in',
        input: 0,
        line: 1,
        callerName: 'TestPerson1',
      },
      {
        start: 1537205082190,
        // Too long for a German number: kept as written.
        caller: '+4912345678910',
        callee: '',
        duration: 73,
        status: 'answered',
        direction: 'in',
        input: 0,
        line: 2,
        callerName: 'TestPerson2',
      },
    ]);
    // `time` is the phone's wall clock (Germany, summer time): it agrees with `date`.
    expect(new Clock('Europe/Berlin').iso(records[0].start)).toBe('2018-09-17T21:58:22+02:00');
  });

  it('fills the callee with --owner', async () => {
    const { records } = await readAll(SAMPLE, { owner: '+49301234567' });
    expect(records.map((r) => [r.caller, r.callee, r.direction])).toEqual([
      ['+49123456789', '+49301234567', 'in'],
      ['+4912345678910', '+49301234567', 'in'],
    ]);
  });
});

describe('superbackup-xml: fixture', () => {
  it('falls back to the wall-clock time in the run zone (DST rules) and rejects an impossible one', async () => {
    const { records, summary } = await readAll(FIXTURE, { owner: '+33699999999' });
    expect(summary.rows).toBe(3);
    expect(summary.rejections).toEqual([{ line: 4, reason: 'invalid time="32.10.2024 10:00:00"' }]);
    expect(records.map((r) => [r.line, new Date(r.start).toISOString(), r.direction, r.status])).toEqual([
      [1, '2024-03-10T08:15:00.000Z', 'in', 'answered'],
      // 02:30 does not exist on 31 March 2024 in Paris: read as 03:30+02:00.
      [2, '2024-03-31T01:30:00.000Z', 'in', 'missed'],
      // 02:30 happens twice on 27 October 2024: the first (summer-time) one.
      [3, '2024-10-27T00:30:00.000Z', 'out', 'missed'],
    ]);
    expect(records.map((r) => [r.caller, r.callee, r.callerName])).toEqual([
      ['+33612345678', '+33699999999', 'Alice Martin'],
      ['+212612345678', '+33699999999', undefined],
      ['+33699999999', '+33140000000', undefined],
    ]);
  });

  it('sniffs <alllogs> only', () => {
    expect(superbackupXml.sniff('<?xml version="1.0"?>\n<alllogs count="2">\n\t<log number="1" />')).toBe(
      0.95,
    );
    expect(superbackupXml.sniff('<alllogs count="0"/>')).toBe(0.6);
    expect(superbackupXml.sniff('<calls count="1"><call number="1"/>')).toBe(0);
  });
});
