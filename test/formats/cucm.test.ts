import { describe, expect, it } from 'vitest';
import { asterisk } from '../../src/formats/asterisk.js';
import { createFormatContext } from '../../src/formats/context.js';
import { cucm } from '../../src/formats/cucm.js';
import { freeswitch } from '../../src/formats/freeswitch.js';
import { byLine, count, FIXTURES, REAL_SAMPLES, readAll, sampleOf } from '../helpers.js';

const SAMPLE = `${REAL_SAMPLES}cucm-cdr/CDR.txt`;
const FIXTURE = `${FIXTURES}formats/cucm/cdr_StandAloneCluster_01_202403091600_1`;

describe('cucm: hand-made fixture in the native quoting, with the type row and a CMR', () => {
  it('skips the type row and the CMR, rejects broken rows with their lines and reasons', async () => {
    const { records, summary } = await readAll(FIXTURE, { country: 'US', tz: 'UTC' });
    expect(summary.format).toBe('cucm');
    expect(summary.headerLine).toBe(1);
    expect(summary.rows).toBe(6);
    expect(summary.skipped).toBe(2);
    expect(summary.skips).toEqual([
      { line: 2, reason: 'column type row (INTEGER, VARCHAR...)' },
      { line: 8, reason: 'CMR record (cdrRecordType 2): call quality data, not a call' },
    ]);
    expect(summary.rejected).toBe(3);
    expect(summary.rejections).toEqual([
      { line: 9, reason: 'bad dateTimeOrigination "abc"' },
      { line: 10, reason: 'expected 29 columns (as the header), found 11' },
      { line: 11, reason: 'unknown cdrRecordType "garbage"' },
    ]);
    expect(records.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 12]);
  });

  it('builds exact records: epoch seconds, talk time, Q.850 causes, extensions kept', async () => {
    const { records } = await readAll(FIXTURE, { country: 'US', tz: 'UTC' });
    expect(byLine(records, 3)).toEqual({
      start: Date.UTC(2024, 2, 9, 16, 0, 0),
      caller: '51002',
      callee: '42000',
      duration: 60,
      status: 'answered',
      direction: 'internal',
      input: 0,
      line: 3,
    });
    // origCause 16 and no connect: the caller hung up while it rang.
    expect(byLine(records, 4)).toMatchObject({
      caller: '+14085551234',
      callee: '42000',
      duration: 0,
      status: 'missed',
      direction: 'in',
    });
    expect(byLine(records, 5)).toMatchObject({ callee: '+14085559876', status: 'busy', direction: 'out' });
    expect(byLine(records, 6)).toMatchObject({
      callee: '911',
      duration: 95,
      status: 'answered',
      direction: 'out',
    });
    expect(byLine(records, 7)).toMatchObject({ caller: '+16505551212', status: 'rejected', direction: 'in' });
    // Empty finalCalledPartyNumber: the original called number is used.
    expect(byLine(records, 12)).toMatchObject({
      start: Date.UTC(2024, 2, 9, 23, 0, 0),
      callee: '+33612345678',
      status: 'failed',
      direction: 'out',
    });
  });

  it('refuses a header without the columns it needs, naming them', () => {
    const header = ['cdrRecordType', 'dateTimeOrigination', 'callingPartyNumber'];
    expect(() => cucm.open(header, [], createFormatContext(), 'cdr.txt')).toThrow(
      'cdr.txt: the CUCM CDR header lacks originalCalledPartyNumber, finalCalledPartyNumber, dateTimeConnect, ' +
        'duration, origCause_value, destCause_value (columns found: cdrRecordType, dateTimeOrigination, callingPartyNumber)',
    );
  });
});

describe('cucm: real sample (CUCM 10.x, 123 columns, unquoted)', () => {
  it('reads all 203 rows', async () => {
    const { records, summary } = await readAll(SAMPLE, { country: 'US', tz: 'UTC' });
    expect(summary.format).toBe('cucm');
    expect(summary.headerLine).toBe(1);
    expect(summary.rows).toBe(203);
    expect(summary.rejected).toBe(0);
    expect(summary.skipped).toBe(0);
    expect(byLine(records, 2)).toEqual({
      start: 1456900585_000,
      caller: '51002',
      callee: '41533',
      duration: 1,
      status: 'answered',
      direction: 'internal',
      input: 0,
      line: 2,
    });
    // destCause 17, never connected.
    expect(byLine(records, 4)).toMatchObject({ start: 1456898585_000, status: 'busy', duration: 0 });
    // 911 dialled from an extension.
    expect(byLine(records, 12)).toMatchObject({
      caller: '51002',
      callee: '911',
      status: 'failed',
      direction: 'out',
    });
    expect(count(records, (r) => r.status)).toEqual({
      answered: 2,
      busy: 7,
      failed: 104,
      missed: 89,
      rejected: 1,
    });
    // 4085151111 and +14085151111 are the same number once normalised.
    expect(records.filter((r) => r.caller === '+14085151111').length).toBe(105);
    expect(records.filter((r) => r.callee === '911').length).toBe(10);
    expect(records.filter((r) => r.caller === '911').length).toBe(29);
  });

  it('is not taken for Asterisk or FreeSWITCH, and does not claim their samples', async () => {
    const sample = await sampleOf(SAMPLE);
    expect(cucm.sniff(sample)).toEqual({ score: 0.95, headerLine: 1 });
    expect(asterisk.sniff(sample).score).toBe(0);
    expect(freeswitch.sniff(sample).score).toBe(0);
    for (const path of [
      `${REAL_SAMPLES}asterisk-master-csv/mineevburyat/Master.csv`,
      `${REAL_SAMPLES}asterisk-master-csv/KelySaina/Master.csv`,
      `${REAL_SAMPLES}freeswitch-cdr-csv/Master.csv`,
    ]) {
      expect(cucm.sniff(await sampleOf(path)).score).toBe(0);
    }
  });
});
