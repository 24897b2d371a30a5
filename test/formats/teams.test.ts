import { describe, expect, it } from 'vitest';
import { sipStatus, teams, teamsDirection } from '../../src/formats/teams.js';
import type { ReadRecord } from '../helpers.js';
import { FIXTURES, readAll } from '../helpers.js';

const DIR = `${FIXTURES}formats/teams/`;
const row = (r: ReadRecord) => [
  new Date(r.start).toISOString(),
  r.line,
  r.caller,
  r.callee,
  r.duration,
  r.status,
  r.direction,
];

describe('teams: Calling Plans export (PSTN.calls)', () => {
  it('is detected and read: UTC times, Caller ID -> Destination Number, call types', async () => {
    const { records, summary } = await readAll(`${DIR}PSTN.calls.2024-03-05.csv`);
    expect(summary.format).toBe('teams');
    expect(summary.rejected).toBe(0);
    expect(records.map(row)).toEqual([
      ['2024-03-01T08:00:00.000Z', 2, '+33612345670', '+33140000070', 120, 'answered', 'in'],
      ['2024-03-01T09:00:00.123Z', 3, '+33140000070', '+32471234567', 300, 'answered', 'out'],
      ['2024-03-01T10:00:00.000Z', 4, '+33612345671', '+33140000079', 0, 'missed', 'in'],
      ['2024-03-01T11:00:00.000Z', 5, '+33140000070', '+33612345672', 45, 'answered', 'out'],
    ]);
    expect(summary.mapping).toEqual({
      start: 'Start Time (UTC)',
      caller: 'Caller ID',
      callee: 'Destination Number',
      duration: 'Duration Seconds',
      status: '(from duration)',
      direction: 'Call Type',
    });
  });
});

describe('teams: Direct Routing export (DirectRouting.calls)', () => {
  it('starts at the invite, counts talk time from answer to end, reads SIP codes', async () => {
    const { records, summary } = await readAll(`${DIR}DirectRouting.calls.2024-03-05.csv`);
    expect(summary.format).toBe('teams');
    expect(records.map(row)).toEqual([
      ['2024-03-01T08:00:00.000Z', 2, '+33612345680', '+33140000080', 120, 'answered', 'in'],
      ['2024-03-01T09:00:00.000Z', 3, '+33140000080', '+33612345681', 60, 'answered', 'out'],
      ['2024-03-01T10:00:00.000Z', 4, '+33140000080', '+33612345682', 0, 'busy', 'out'],
      ['2024-03-01T11:00:00.000Z', 5, '+33612345683', '+33140000080', 0, 'missed', 'in'],
      ['2024-03-01T12:00:00.000Z', 6, '+33612345684', '+33140000081', 0, 'rejected', 'in'],
      ['2024-03-01T13:00:00.000Z', 7, '+33140000080', '+33140000099', 0, 'failed', 'out'],
    ]);
    expect(summary.mapping).toEqual({
      start: 'Invite time (UTC)',
      caller: 'Caller Number',
      callee: 'Callee Number',
      duration: 'End time - Start time (successful calls)',
      status: 'Success, else Final SIP code',
      direction: 'Call type',
    });
  });
});

describe('teams helpers', () => {
  it('reads call types and SIP codes', () => {
    expect(['user_in', 'conf_in', 'ucap_in', 'dr_in', 'dr_in_ucap'].map(teamsDirection)).toEqual(
      Array(5).fill('in'),
    );
    expect(
      [
        'user_out',
        'user_out_conf',
        'user_out_transfer',
        'conf_out',
        'dr_out_user_forwarding',
        'dr_emergency_out',
      ].map(teamsDirection),
    ).toEqual(Array(6).fill('out'));
    expect(teamsDirection('other')).toBe('unknown');
    expect([200, 486, 600, 603, 408, 480, 487, 404, 503, 0].map(sipStatus)).toEqual([
      'answered',
      'busy',
      'busy',
      'rejected',
      'missed',
      'missed',
      'missed',
      'failed',
      'failed',
      'unknown',
    ]);
  });

  it('sniffs both exports and the Graph property names, and nothing else', () => {
    const sniff = (header: string) =>
      teams.sniff({ name: 'x.csv', delimiter: ',', rows: [{ fields: header.split(','), line: 1 }] });
    expect(
      sniff('UsageId,Call ID,Conference ID,Caller ID,Call Type,Destination Number,Start Time').score,
    ).toBe(0.9);
    expect(sniff('CorrelationId,Invite time,Start time,Caller Number,Callee Number,Call type').score).toBe(
      0.9,
    );
    expect(sniff('id,callId,callType,callerNumber,calleeNumber,startDateTime,licenseCapability').score).toBe(
      0.9,
    );
    expect(sniff('Start Time,From,To,Call Type,Duration').score).toBe(0);
  });
});
