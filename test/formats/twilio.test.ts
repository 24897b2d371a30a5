import { describe, expect, it } from 'vitest';
import { parseTwilioTime, twilio } from '../../src/formats/twilio.js';
import { Clock } from '../../src/records/time.js';
import type { ReadRecord } from '../helpers.js';
import { FIXTURES, readAll } from '../helpers.js';

const DIR = `${FIXTURES}formats/twilio/`;
const utc = (r: ReadRecord): string => new Date(r.start).toISOString();

describe('twilio: Console call-log export', () => {
  it('is detected and read leg by leg with Twilio directions and statuses', async () => {
    const { records, summary } = await readAll(`${DIR}call-log.csv`);
    expect(summary.format).toBe('twilio');
    expect(summary.headerLine).toBe(1);
    expect(
      records.map((r) => [utc(r), r.line, r.caller, r.callee, r.duration, r.status, r.direction]),
    ).toEqual([
      ['2024-03-01T14:05:09.000Z', 2, '+14155550101', '+14155550100', 42, 'answered', 'in'],
      ['2024-03-01T14:10:01.000Z', 3, '+14155550100', '+33612345660', 0, 'missed', 'out'],
      ['2024-03-01T14:20:01.000Z', 4, '+14155550100', 'client:alice', 179, 'answered', 'out'],
      ['2024-03-01T15:00:01.000Z', 5, '+14155550102', '+14155550100', 0, 'busy', 'in'],
      ['2024-03-01T16:00:02.000Z', 6, '+33140000061', '+14155550100', 238, 'answered', 'in'],
      // canceled before it started: no Start Time, so Date Created.
      ['2024-03-01T17:00:00.000Z', 7, '+14155550100', '+14155550103', 0, 'missed', 'out'],
      ['2024-03-01T18:00:01.000Z', 8, '+14155550100', '+999123', 0, 'failed', 'out'],
    ]);
    expect(records[0].callerName).toBe('JANE EXAMPLE');
    expect(summary.rejected).toBe(1);
    expect(summary.rejections).toEqual([
      { line: 9, reason: 'unreadable date "yesterday" in column "Start Time"' },
    ]);
    expect(summary.mapping).toEqual({
      start: 'Start Time, else Date Created',
      caller: 'From',
      callee: 'To',
      duration: 'Duration',
      status: 'Status',
      direction: 'Direction',
      callerName: 'Caller Name',
    });
  });

  it('reads the API resource as CSV, with RFC 2822 dates', async () => {
    const { records, summary } = await readAll(`${DIR}calls-api.csv`);
    expect(summary.format).toBe('twilio');
    expect(
      records.map((r) => [utc(r), r.line, r.caller, r.callee, r.duration, r.status, r.direction]),
    ).toEqual([
      ['2024-03-01T14:05:09.000Z', 2, '+14155550105', '+14155550100', 51, 'answered', 'in'],
      ['2024-03-01T14:30:00.000Z', 3, '+14155550100', '+14155550106', 0, 'missed', 'out'],
    ]);
  });
});

describe('twilio.sniff', () => {
  const sample = (lines: string[]) => ({
    name: 'calls.csv',
    delimiter: ',',
    rows: lines.map((l, i) => ({ fields: l.split(','), line: i + 1 })),
  });

  it('claims Twilio columns, or Twilio direction words, with 0.9', () => {
    expect(twilio.sniff(sample(['Call Sid,From,To,Direction,Status,Start Time,Duration']))).toEqual({
      score: 0.9,
      headerLine: 1,
    });
    expect(
      twilio.sniff(
        sample(['Start Time,From,To,Direction,Status', '2024-03-01 10:00:00,+1,+2,outbound-api,completed']),
      ),
    ).toEqual({ score: 0.9, headerLine: 1 });
  });

  it('leaves other From/To files alone', () => {
    expect(
      twilio.sniff(
        sample(['Start Time,From,To,Direction,Status', '2024-03-01 10:00:00,+1,+2,inbound,answered']),
      ),
    ).toEqual({ score: 0, headerLine: null });
  });
});

describe('twilio timestamps', () => {
  it('reads zone abbreviations and RFC 2822', () => {
    const clock = new Clock('Europe/Paris');
    expect(parseTwilioTime(clock, '2024-03-01 06:05:09 PST', 'ymd')).toBe(Date.UTC(2024, 2, 1, 14, 5, 9));
    expect(parseTwilioTime(clock, 'Fri, 01 Mar 2024 14:05:09 +0000', 'ymd')).toBe(
      Date.UTC(2024, 2, 1, 14, 5, 9),
    );
    expect(parseTwilioTime(clock, '1 Mar 2024 15:05:09 +0100', 'ymd')).toBe(Date.UTC(2024, 2, 1, 14, 5, 9));
    expect(parseTwilioTime(clock, 'Fri, 01 Foo 2024 14:05:09 +0000', 'ymd')).toBeNaN();
  });
});
