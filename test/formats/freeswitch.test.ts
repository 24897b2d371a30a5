import { describe, expect, it } from 'vitest';
import { asterisk } from '../../src/formats/asterisk.js';
import { createFormatContext } from '../../src/formats/context.js';
import { cucm } from '../../src/formats/cucm.js';
import { freeswitch } from '../../src/formats/freeswitch.js';
import { Clock } from '../../src/records/time.js';
import { byLine, FIXTURES, REAL_SAMPLES, readAll, sampleOf } from '../helpers.js';

const SAMPLE = `${REAL_SAMPLES}freeswitch-cdr-csv/Master.csv`;
const paris = new Clock('Europe/Paris');

describe('freeswitch: hand-made "example" template fixture', () => {
  it('reads the good rows and rejects the broken ones with their lines and reasons', async () => {
    const { records, summary } = await readAll(`${FIXTURES}formats/freeswitch/Master.csv`);
    expect(summary.format).toBe('freeswitch');
    expect(summary.headerLine).toBeNull();
    expect(summary.rows).toBe(8);
    expect(summary.rejected).toBe(3);
    expect(summary.skipped).toBe(0);
    expect(summary.rejections).toEqual([
      { line: 8, reason: 'bad start_stamp "yesterday"' },
      { line: 9, reason: 'expected 15 columns (mod_cdr_csv "example" template), found 14' },
      { line: 10, reason: 'expected 15 columns (mod_cdr_csv "example" template), found 2' },
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 11]);
  });

  it('builds exact records from billsec, the hangup cause and the caller id', async () => {
    const { records } = await readAll(`${FIXTURES}formats/freeswitch/Master.csv`);
    const first = byLine(records, 1);
    expect(first).toEqual({
      start: first.start,
      caller: '+33612345678',
      callee: '1001',
      duration: 300,
      status: 'answered',
      direction: 'in',
      input: 0,
      line: 1,
      callerName: 'Alice Martin',
    });
    expect(paris.iso(first.start)).toBe('2024-03-05T09:15:02+01:00');
    // caller_id_name only repeats the number: no callerName.
    expect(byLine(records, 2)).toMatchObject({ callee: '+33145678901', status: 'missed', direction: 'out' });
    expect(byLine(records, 2).callerName).toBeUndefined();
    expect(byLine(records, 3)).toMatchObject({
      status: 'busy',
      direction: 'internal',
      callerName: 'Extension 1001',
    });
    expect(byLine(records, 4)).toMatchObject({ caller: '+33698765432', status: 'missed', direction: 'in' });
    expect(byLine(records, 5)).toMatchObject({ status: 'rejected', duration: 0 });
    // RECOVERY_ON_TIMER_EXPIRE after 45 s of talk: the call took place.
    expect(byLine(records, 6)).toMatchObject({ status: 'answered', duration: 45, direction: 'internal' });
    // The same cause on a call never answered: the far end did not answer the INVITE in time.
    expect(byLine(records, 7)).toMatchObject({ status: 'failed', duration: 0 });
    const summer = byLine(records, 11);
    expect([paris.iso(summer.start), summer.callee, summer.status, summer.direction]).toEqual([
      '2024-07-14T12:00:00+02:00',
      '+4930123456',
      'failed',
      'out',
    ]);
  });
});

describe('freeswitch: "sql" template', () => {
  it('reads INSERT statements and cleans the caller name', async () => {
    const { records, summary } = await readAll(`${FIXTURES}formats/freeswitch/sql.csv`, { tz: 'UTC' });
    expect(summary.format).toBe('freeswitch');
    expect(summary.rows).toBe(3);
    expect(summary.rejected).toBe(0);
    expect(records[0]).toEqual({
      start: Date.UTC(2024, 2, 5, 9, 15, 2),
      caller: '+33612345678',
      callee: '1001',
      duration: 300,
      status: 'answered',
      direction: 'in',
      input: 0,
      line: 1,
      callerName: 'Bob Dylan',
    });
    expect(records[1]).toMatchObject({ caller: '1001', status: 'missed', direction: 'out' });
    expect(records[1].callerName).toBeUndefined();
    expect(records[2]).toMatchObject({
      caller: '1001',
      callee: '1002',
      status: 'busy',
      direction: 'internal',
    });
    expect(records[2].callerName).toBeUndefined();
  });

  it('refuses rows without FreeSWITCH columns, naming what it looked for', () => {
    expect(() => freeswitch.open(null, [['a', 'b']], createFormatContext(), 'x.csv')).toThrow(
      /x\.csv: not a FreeSWITCH mod_cdr_csv file: no row among the first 1 has a start_stamp in column 5/,
    );
  });
});

describe('freeswitch: real sample (re-saved by a spreadsheet)', () => {
  it('reads all 10 rows, duplicates included', async () => {
    const { records, summary } = await readAll(SAMPLE);
    expect(summary.format).toBe('freeswitch');
    expect(summary.rows).toBe(10);
    expect(summary.rejected).toBe(0);
    expect(summary.skipped).toBe(0);
    const first = byLine(records, 1);
    expect(first).toEqual({
      start: first.start,
      caller: '1002',
      callee: '&',
      duration: 9,
      status: 'answered',
      direction: 'unknown',
      input: 0,
      line: 1,
      callerName: 'Outbound Call',
    });
    // `2020/2/10 22:41`: seconds lost by the spreadsheet.
    expect(paris.iso(first.start)).toBe('2020-02-10T22:41:00+01:00');
    expect(byLine(records, 3)).toMatchObject({
      caller: '0',
      callee: '1002',
      duration: 0,
      status: 'missed',
      direction: 'internal',
    });
    expect(byLine(records, 3).callerName).toBeUndefined();
    expect(byLine(records, 5)).toMatchObject({ duration: 327, status: 'answered' });
    // RECOVERY_ON_TIMER_EXPIRE with 32 s billed.
    expect(byLine(records, 7)).toMatchObject({
      caller: '1002',
      callee: '1004',
      duration: 32,
      status: 'answered',
      direction: 'internal',
    });
    // Three copies of one call (same uuid): all kept; the last says USER_BUSY but was billed 20 s.
    const copies = records.filter((r) => r.line >= 8);
    expect(copies.map((r) => [r.line, paris.iso(r.start), r.duration, r.status])).toEqual([
      [8, '2020-02-11T11:13:00+01:00', 20, 'answered'],
      [9, '2020-02-11T11:13:00+01:00', 20, 'answered'],
      [10, '2020-02-11T11:13:00+01:00', 20, 'answered'],
    ]);
  });

  it('is not taken for Asterisk or CUCM, and does not claim their samples', async () => {
    const sample = await sampleOf(SAMPLE);
    expect(freeswitch.sniff(sample).score).toBe(0.9);
    expect(asterisk.sniff(sample).score).toBe(0);
    expect(cucm.sniff(sample).score).toBe(0);
    for (const path of [
      `${REAL_SAMPLES}asterisk-master-csv/mineevburyat/Master.csv`,
      `${REAL_SAMPLES}asterisk-master-csv/KelySaina/Master.csv`,
      `${REAL_SAMPLES}cucm-cdr/CDR.txt`,
    ]) {
      expect(freeswitch.sniff(await sampleOf(path)).score).toBe(0);
    }
  });
});
