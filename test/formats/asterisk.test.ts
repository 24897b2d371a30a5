import { describe, expect, it } from 'vitest';
import { asterisk, clidName, clidNumber } from '../../src/formats/asterisk.js';
import { createFormatContext } from '../../src/formats/context.js';
import { cucm } from '../../src/formats/cucm.js';
import { freeswitch } from '../../src/formats/freeswitch.js';
import { isRecord } from '../../src/formats/types.js';
import { NO_ID } from '../../src/records/record.js';
import { Clock } from '../../src/records/time.js';
import { byLine, count, FIXTURES, REAL_SAMPLES, readAll, sampleOf } from '../helpers.js';

const MINEEV = `${REAL_SAMPLES}asterisk-master-csv/mineevburyat/Master.csv`;
const KELY = `${REAL_SAMPLES}asterisk-master-csv/KelySaina/Master.csv`;
const paris = new Clock('Europe/Paris');

describe('asterisk: hand-made cdr_csv fixture (18 columns)', () => {
  it('reads the good rows and rejects the broken ones with their lines and reasons', async () => {
    const { records, summary } = await readAll(`${FIXTURES}formats/asterisk/Master.csv`);
    expect(summary.format).toBe('asterisk');
    expect(summary.headerLine).toBeNull();
    expect(summary.rows).toBe(7);
    expect(summary.rejected).toBe(5);
    expect(summary.skipped).toBe(0);
    expect(summary.rejections).toEqual([
      { line: 4, reason: 'bad start time "2024-02-30 25:00:00"' },
      { line: 5, reason: 'expected 16 to 21 columns (Asterisk cdr_csv), found 10' },
      { line: 6, reason: 'expected 16 to 21 columns (Asterisk cdr_csv), found 1' },
      { line: 10, reason: 'unknown disposition "MAYBE"' },
      { line: 11, reason: 'bad billsec "abc"' },
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 7, 8, 9, 12]);
    expect(summary.mapping.duration).toBe('#14 billsec');
  });

  it('builds exact records: billsec as duration, clid name, direction from number shapes', async () => {
    const { records } = await readAll(`${FIXTURES}formats/asterisk/Master.csv`);
    const first = byLine(records, 1);
    expect(first).toEqual({
      start: first.start,
      caller: '+33612345678',
      callee: '201',
      duration: 120,
      status: 'answered',
      direction: 'in',
      input: 0,
      line: 1,
      callerName: 'Jean Dupont',
    });
    expect(paris.iso(first.start)).toBe('2024-03-05T09:15:02+01:00');

    const out = byLine(records, 2);
    expect([out.caller, out.callee, out.duration, out.status, out.direction, out.callerName]).toEqual([
      '201',
      '+33145678901',
      0,
      'missed',
      'out',
      'Accueil',
    ]);
    // The clid name is only the extension again: no callerName.
    const busy = byLine(records, 3);
    expect([busy.caller, busy.callee, busy.status, busy.direction, busy.callerName]).toEqual([
      '201',
      '202',
      'busy',
      'internal',
      undefined,
    ]);
    // Empty src: the number comes from the clid.
    const failed = byLine(records, 7);
    expect([failed.caller, failed.status, failed.direction, failed.callerName]).toEqual([
      '+33987654321',
      'failed',
      'in',
      'Boulangerie',
    ]);
    const congestion = byLine(records, 8);
    expect([congestion.callee, congestion.status, congestion.direction]).toEqual([
      '+442012345678',
      'failed',
      'out',
    ]);
    const anonymous = byLine(records, 9);
    expect([anonymous.caller, anonymous.direction, anonymous.duration, anonymous.callerName]).toEqual([
      'withheld',
      'in',
      40,
      undefined,
    ]);
    expect(paris.iso(byLine(records, 12).start)).toBe('2024-07-14T12:00:00+02:00');
  });
});

describe('asterisk: hand-made cdr_custom fixture (19 columns, clid first)', () => {
  it('reads the legacy cdr_custom order', async () => {
    const { records, summary } = await readAll(`${FIXTURES}formats/asterisk/custom.csv`);
    expect(summary.format).toBe('asterisk');
    expect(summary.rows).toBe(3);
    expect(summary.rejected).toBe(1);
    expect(summary.rejections).toEqual([
      { line: 3, reason: 'expected 18 to 30 columns (Asterisk cdr_custom), found 17' },
    ]);
    expect(summary.mapping.start).toBe('#9 start');
    const first = byLine(records, 1);
    expect(paris.iso(first.start)).toBe('2024-11-02T08:00:00+01:00');
    expect([
      first.caller,
      first.callee,
      first.duration,
      first.status,
      first.direction,
      first.callerName,
    ]).toEqual(['+33612345678', '100', 60, 'answered', 'in', 'Marie Curie']);
    const second = byLine(records, 2);
    expect([second.caller, second.callee, second.status, second.direction, second.callerName]).toEqual([
      '100',
      '101',
      'missed',
      'internal',
      undefined,
    ]);
    const fourth = byLine(records, 4);
    expect([fourth.callee, fourth.status, fourth.direction]).toEqual(['+33145678901', 'busy', 'out']);
  });
});

describe('asterisk: cdr_csv column variants', () => {
  const base = [
    'acct1',
    '0612345678',
    '201',
    'from-trunk',
    '"Jean" <0612345678>',
    'SIP/trunk-01',
    'SIP/201-02',
    'Dial',
    'SIP/201,30',
    '2024-03-05 09:15:02',
    '2024-03-05 09:15:10',
    '2024-03-05 09:17:10',
    '128',
    '120',
    'ANSWERED',
    'DOCUMENTATION',
  ];
  const variants: [string, string[]][] = [
    ['16 columns (no options)', base],
    ['17 columns (loguniqueid)', [...base, '1709626502.1']],
    ['18 columns (loguniqueid, loguserfield)', [...base, '1709626502.1', 'note']],
    ['21 columns (newcdrcolumns)', [...base, '1709626502.1', 'note', '', '1709626502.1', '7']],
  ];
  for (const [label, row] of variants) {
    it(`reads ${label}`, () => {
      const rows = [row, row].map((fields, i) => ({ fields, line: i + 1 }));
      expect(asterisk.sniff({ name: 'Master.csv', delimiter: ',', rows })).toEqual({
        score: 0.9,
        headerLine: null,
      });
      const ctx = createFormatContext({ tz: 'UTC' });
      const reader = asterisk.open(null, [row], ctx, 'Master.csv');
      const rec = reader.read(row, 1, 0);
      expect(isRecord(rec)).toBe(true);
      expect(rec).toEqual({
        start: Date.UTC(2024, 2, 5, 9, 15, 2),
        caller: '+33612345678',
        callee: '201',
        callerId: NO_ID,
        calleeId: NO_ID,
        duration: 120,
        status: 'answered',
        direction: 'in',
        input: 0,
        line: 1,
        callerName: 'Jean',
      });
    });
  }

  it('reads FreeSWITCH\'s "asterisk" template (a hangup cause in the disposition column)', () => {
    const answered = [...base.slice(0, 14), 'NORMAL_CLEARING', 'default', 'a1b2', ''];
    const missed = [...base.slice(0, 10), '', base[11], '30', '0', 'NO_ANSWER', 'default', 'c3d4', ''];
    const reader = asterisk.open(null, [answered, missed], createFormatContext({ tz: 'UTC' }), 'Master.csv');
    expect(reader.read(answered, 1, 0)).toMatchObject({ status: 'answered', duration: 120 });
    expect(reader.read(missed, 2, 0)).toMatchObject({ status: 'missed', duration: 0 });
  });

  it('refuses a file whose rows have no Asterisk columns, naming what it looked for', () => {
    const ctx = createFormatContext();
    expect(() => asterisk.open(null, [['a', 'b', 'c']], ctx, 'calls.csv')).toThrow(
      /calls\.csv: not an Asterisk Master\.csv: no row among the first 1 has a start time in column 10/,
    );
  });
});

describe('asterisk: caller id parts', () => {
  it('splits "name" <number>', () => {
    expect(clidName('"Jean Dupont" <0612345678>')).toBe('Jean Dupont');
    expect(clidNumber('"Jean Dupont" <0612345678>')).toBe('0612345678');
    expect(clidName('"" <client1>')).toBe('');
    expect(clidNumber('"" <client1>')).toBe('client1');
    expect(clidName('Reception <200>')).toBe('Reception');
    expect(clidName('200')).toBe('200');
    expect(clidNumber('200')).toBe('200');
    expect(clidName('')).toBe('');
  });
});

describe('asterisk: real samples', () => {
  it('reads mineevburyat (cdr_csv, 21 columns, not valid UTF-8, Russian numbers)', async () => {
    const { records, summary } = await readAll(MINEEV, { country: 'RU', tz: 'UTC' });
    expect(summary.format).toBe('asterisk');
    expect(summary.rows).toBe(84);
    expect(summary.rejected).toBe(0);
    expect(summary.skipped).toBe(0);
    expect(summary.encoding).toBe('utf-8 + 8 windows-1252 lines');
    // The PBX clock is UTC: start equals the epoch in the uniqueid (1706368044.0).
    expect(byLine(records, 1)).toEqual({
      start: 1706368044_000,
      caller: '+79245555937',
      callee: '211474',
      duration: 27,
      status: 'answered',
      direction: 'in',
      input: 0,
      line: 1,
    });
    // Empty answer time written as a bare ,, ; a Local/ channel leg to dialplan extension ch1.
    expect(byLine(records, 7)).toMatchObject({
      callee: 'ch1',
      duration: 0,
      status: 'missed',
      direction: 'in',
    });
    // 810 international prefix; the clid name holds raw 0xA5 bytes, decoded as Windows-1252.
    expect(byLine(records, 41)).toMatchObject({
      caller: '+79246516548',
      callee: '211553',
      status: 'missed',
      callerName: '8107924651¥¥b',
    });
    expect(byLine(records, 42)).toMatchObject({ caller: '+79246516548', duration: 30, status: 'answered' });
    expect(count(records, (r) => r.status)).toEqual({ answered: 37, missed: 46, busy: 1 });
    expect(count(records, (r) => r.direction)).toEqual({ in: 77, internal: 7 });
  });

  it('reads KelySaina (cdr_custom, 19 columns, empty clid names)', async () => {
    const { records, summary } = await readAll(KELY, { tz: 'Indian/Antananarivo' });
    expect(summary.format).toBe('asterisk');
    expect(summary.rows).toBe(14);
    expect(summary.rejected).toBe(0);
    // Start equals the epoch in the uniqueid (1690325492.2): the PBX ran at UTC+3.
    expect(byLine(records, 1)).toEqual({
      start: 1690325492_000,
      caller: 'client1',
      callee: '6789',
      duration: 13,
      status: 'answered',
      direction: 'internal',
      input: 0,
      line: 1,
    });
    expect(byLine(records, 2)).toMatchObject({
      caller: 'client2',
      callee: '1234',
      duration: 0,
      status: 'missed',
    });
    expect(count(records, (r) => r.status)).toEqual({ answered: 11, missed: 3 });
    expect(records.every((r) => r.callerName === undefined && r.direction === 'internal')).toBe(true);
  });

  it('is not taken for FreeSWITCH or CUCM, and does not claim their samples', async () => {
    for (const path of [MINEEV, KELY]) {
      const sample = await sampleOf(path);
      expect(asterisk.sniff(sample).score).toBe(0.9);
      expect(freeswitch.sniff(sample).score).toBe(0);
      expect(cucm.sniff(sample).score).toBe(0);
    }
    for (const path of [`${REAL_SAMPLES}freeswitch-cdr-csv/Master.csv`, `${REAL_SAMPLES}cucm-cdr/CDR.txt`]) {
      expect(asterisk.sniff(await sampleOf(path)).score).toBe(0);
    }
  });
});
