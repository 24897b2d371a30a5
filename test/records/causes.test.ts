import { describe, expect, it } from 'vitest';
import {
  ASTERISK_DISPOSITIONS,
  asteriskStatus,
  FREESWITCH_CAUSES,
  freeswitchStatus,
  isOutcomeWord,
  numberSide,
  pbxDirection,
  q850Status,
} from '../../src/records/causes.js';
import { CALL_STATUSES } from '../../src/records/record.js';

describe('Asterisk dispositions', () => {
  it('maps the five dispositions cdr_csv writes', () => {
    expect(asteriskStatus('ANSWERED')).toBe('answered');
    expect(asteriskStatus('NO ANSWER')).toBe('missed');
    expect(asteriskStatus('BUSY')).toBe('busy');
    expect(asteriskStatus('FAILED')).toBe('failed');
    expect(asteriskStatus('CONGESTION')).toBe('failed');
  });

  it('does not guess on other words or other cases', () => {
    expect(asteriskStatus('answered')).toBeUndefined();
    expect(asteriskStatus('NOANSWER')).toBeUndefined();
    expect(asteriskStatus('')).toBeUndefined();
  });
});

describe('FreeSWITCH hangup causes', () => {
  it('reads a connected call as answered whatever cause ended it', () => {
    expect(freeswitchStatus('NORMAL_CLEARING', true)).toBe('answered');
    // A SIP timer expired during the conversation: the call took place.
    expect(freeswitchStatus('RECOVERY_ON_TIMER_EXPIRE', true)).toBe('answered');
    // An answered A-leg whose later bridge found the callee busy.
    expect(freeswitchStatus('USER_BUSY', true)).toBe('answered');
  });

  it('lets the cause decide for calls that were never connected', () => {
    expect(freeswitchStatus('NORMAL_CLEARING', false)).toBe('missed');
    expect(freeswitchStatus('NO_ANSWER', false)).toBe('missed');
    expect(freeswitchStatus('NO_USER_RESPONSE', false)).toBe('missed');
    expect(freeswitchStatus('ORIGINATOR_CANCEL', false)).toBe('missed');
    expect(freeswitchStatus('USER_BUSY', false)).toBe('busy');
    expect(freeswitchStatus('CALL_REJECTED', false)).toBe('rejected');
    expect(freeswitchStatus('INCOMING_CALL_BARRED', false)).toBe('blocked');
    expect(freeswitchStatus('RECOVERY_ON_TIMER_EXPIRE', false)).toBe('failed');
    expect(freeswitchStatus('UNALLOCATED_NUMBER', false)).toBe('failed');
    expect(freeswitchStatus('GATEWAY_DOWN', false)).toBe('failed');
  });

  it('reads Q.850 numbers (hangup_cause_q850) and unknown names', () => {
    expect(freeswitchStatus('17', false)).toBe('busy');
    expect(freeswitchStatus('34', false)).toBe('failed');
    expect(freeswitchStatus('SOME_FUTURE_CAUSE', false)).toBe('unknown');
    expect(freeswitchStatus('', false)).toBe('unknown');
  });

  it('only holds valid statuses', () => {
    for (const s of [...FREESWITCH_CAUSES.values(), ...ASTERISK_DISPOSITIONS.values()]) {
      expect(CALL_STATUSES).toContain(s);
    }
    // Every name of switch_call_cause_t (switch_types.h, v1.10).
    expect(FREESWITCH_CAUSES.size).toBe(82);
  });
});

describe('Q.850 cause values (CUCM)', () => {
  it('reads a connected call as answered, cause 0 included', () => {
    expect(q850Status(0, true)).toBe('answered');
    expect(q850Status(16, true)).toBe('answered');
    expect(q850Status(41, true)).toBe('answered');
  });

  it('maps the causes of calls that were not connected', () => {
    expect(q850Status(16, false)).toBe('missed');
    expect(q850Status(17, false)).toBe('busy');
    expect(q850Status(18, false)).toBe('missed');
    expect(q850Status(19, false)).toBe('missed');
    expect(q850Status(21, false)).toBe('rejected');
    expect(q850Status(54, false)).toBe('blocked');
    expect(q850Status(1, false)).toBe('failed');
    expect(q850Status(27, false)).toBe('failed');
    expect(q850Status(81, false)).toBe('failed');
    expect(q850Status(127, false)).toBe('failed');
  });

  it('does not call no cause or vendor codes a failure', () => {
    expect(q850Status(0, false)).toBe('unknown');
    expect(q850Status(393216, false)).toBe('unknown');
    expect(q850Status(Number.NaN, false)).toBe('unknown');
  });
});

describe('outcome words', () => {
  it('knows dispositions and cause names, nothing else', () => {
    expect(isOutcomeWord('NO ANSWER')).toBe(true);
    expect(isOutcomeWord('NORMAL_CLEARING')).toBe(true);
    expect(isOutcomeWord('DOCUMENTATION')).toBe(false);
    expect(isOutcomeWord('2024-01-27 15:07:24')).toBe(false);
  });
});

describe('PBX direction', () => {
  it('classifies canonical numbers', () => {
    expect(numberSide('201')).toBe('extension');
    expect(numberSide('211474')).toBe('extension');
    expect(numberSide('client1')).toBe('extension');
    expect(numberSide('s')).toBe('extension');
    expect(numberSide('+33612345678')).toBe('external');
    expect(numberSide('+911')).toBe('external');
    expect(numberSide('8522535333')).toBe('external');
    expect(numberSide('withheld')).toBe('external');
    expect(numberSide('911')).toBe('external');
    expect(numberSide('112')).toBe('external');
    expect(numberSide('')).toBe('other');
    expect(numberSide('&')).toBe('other');
    expect(numberSide('12a4')).toBe('other');
    expect(numberSide('Outbound Call')).toBe('other');
  });

  it('derives the direction from the two sides', () => {
    expect(pbxDirection('201', '202')).toBe('internal');
    expect(pbxDirection('client1', '6789')).toBe('internal');
    expect(pbxDirection('+79245555937', '211474')).toBe('in');
    expect(pbxDirection('withheld', '202')).toBe('in');
    expect(pbxDirection('201', '+33145678901')).toBe('out');
    expect(pbxDirection('51002', '911')).toBe('out');
    expect(pbxDirection('+14085151111', '+16506042101')).toBe('unknown');
    expect(pbxDirection('1002', '&')).toBe('unknown');
    expect(pbxDirection('', '201')).toBe('unknown');
  });
});
