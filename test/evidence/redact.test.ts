import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/evidence/finding.js';
import { HIDDEN_NAME, maskDigits, Redactor } from '../../src/evidence/redact.js';
import { NumberBook } from '../../src/records/numbers.js';

const OWNER = '+33140000000';

function finding(kind: Finding['kind'], subject: string, extra: Partial<Finding> = {}): Finding {
  return {
    id: 'F001',
    kind,
    severity: 'high',
    subject,
    subjectType: subject.length < 8 ? 'prefix' : 'number',
    start: 0,
    end: 1,
    calls: 1,
    metrics: {},
    summary: { en: '', fr: '' },
    evidence: { rows: 0, sample: [] },
    ...extra,
  };
}

function redactor(findings: Finding[], enabled = true): Redactor {
  return new Redactor({ enabled, owner: OWNER, country: 'FR', findings, numbers: new NumberBook('FR') });
}

describe('Redactor.number', () => {
  const red = redactor([
    finding('call-storm', '+33145000000'),
    finding('repeat-caller', '+33612000099', { metrics: { callee: '+33155000000' } }),
    finding('robocall-flood', '+33162', { subjectType: 'prefix' }),
    finding('rotating-foreign-callers', OWNER),
  ]);

  it('masks a third party: country code and last two digits kept', () => {
    expect(red.number('+33612345678')).toBe('+33•••••••78');
    expect(red.number('+3225123456')).toBe('+32••••••56');
    expect(red.number('+12125550123')).toBe('+1••••••••23');
  });

  it("keeps the owner, every number subject, a repeat-caller's victim", () => {
    expect(red.number(OWNER)).toBe(OWNER);
    expect(red.number('+33145000000')).toBe('+33145000000');
    expect(red.number('+33612000099')).toBe('+33612000099');
    expect(red.number('+33155000000')).toBe('+33155000000');
  });

  it('keeps withheld, short codes, premium-rate numbers', () => {
    expect(red.number('withheld')).toBe('withheld');
    expect(red.number('3179')).toBe('3179');
    expect(red.number('+33899123456')).toBe('+33899123456');
  });

  it('keeps the callers inside a robocall prefix in that finding only, never its callees', () => {
    expect(red.number('+33162000001', 2, 'caller')).toBe('+33162000001');
    expect(red.number('+33162000001', 2, 'callee')).toBe('+33•••••••01');
    expect(red.number('+33162000001', 0, 'caller')).toBe('+33•••••••01');
    expect(red.number('+33162000001')).toBe('+33•••••••01');
  });

  it('keeps foreign numbers in a rotating-foreign-callers finding only', () => {
    expect(red.number('+2250700000001', 3, 'caller')).toBe('+2250700000001');
    expect(red.number('+33612345678', 3, 'caller')).toBe('+33•••••••78');
    expect(red.number('+2250700000001', 0, 'caller')).toBe('+225••••••••01');
  });

  it('masks the digits of unparsable strings', () => {
    expect(red.number('sip:0612345678@pbx')).toBe('sip:••••••••78@pbx');
  });

  it('changes nothing when disabled', () => {
    const off = redactor([], false);
    expect(off.number('+33612345678')).toBe('+33612345678');
    expect(off.text('call +33612345678')).toBe('call +33612345678');
    expect(off.raw('x,0612345678', { caller: '+33612345678', callee: OWNER })).toBe('x,0612345678');
  });
});

describe('Redactor.raw', () => {
  const red = redactor([finding('call-storm', OWNER)]);

  it('masks the row caller in every written form and keeps the owner', () => {
    const forms = {
      '+33612345678': '+33•••••••78',
      '+33 6 12 34 56 78': '+33 • •• •• •• 78',
      '+33 (0)6 12 34 56 78': '+33 (•)• •• •• •• 78',
      '0033612345678': '0033•••••••78',
      '06 12 34 56 78': '•• •• •• •• 78',
      '06.12.34.56.78': '••.••.••.••.78',
      '0612345678': '••••••••78',
      '612345678': '•••••••78',
    };
    for (const [form, masked] of Object.entries(forms)) {
      const out = red.raw(
        `2026-03-02 14:00:00,${form},+33140000000,5`,
        { caller: '+33612345678', callee: OWNER },
        0,
      );
      expect(out).toBe(`2026-03-02 14:00:00,${masked},+33140000000,5`);
    }
  });

  it('keeps the layout of the text and the timestamp', () => {
    expect(
      red.raw('2026-03-02 14:00:00,06 12 34 56 78,0140000000', { caller: '+33612345678', callee: OWNER }, 0),
    ).toBe('2026-03-02 14:00:00,•• •• •• •• 78,0140000000');
  });

  it("hides a masked caller's display name wherever it appears in the row", () => {
    const out = red.raw(
      't,0612345678,Jean Dupont,x',
      { caller: '+33612345678', callee: OWNER, callerName: 'Jean Dupont' },
      0,
    );
    expect(out).toBe(`t,••••••••78,${HIDDEN_NAME},x`);
    expect(red.name('Jean Dupont', '+33612345678', 0)).toBe(HIDDEN_NAME);
    expect(red.name('Jean Dupont', OWNER, 0)).toBe('Jean Dupont');
  });

  it('masks other numbers of the row: international ones and long digit runs that read as numbers', () => {
    const out = red.raw('t,+33612345678,+33140000000,fwd +33 7 11 22 33 44,0711223344,id 1526385921', {
      caller: '+33612345678',
      callee: OWNER,
    });
    expect(out).toBe('t,+33•••••••78,+33140000000,fwd +33 • •• •• •• 44,••••••••44,id 1526385921');
  });
});

describe('Redactor.text', () => {
  const red = redactor([finding('call-storm', OWNER)]);

  it('masks third-party numbers in free text and keeps kept ones', () => {
    expect(red.text('+33140000000 received calls from +33612345678 and 06 11 22 33 44.')).toBe(
      '+33140000000 received calls from +33•••••••78 and •• •• •• •• 44.',
    );
    expect(red.text('01 40 00 00 00 6 fois, 01-45-00-00-03 et 01.45.00.00.04')).toBe(
      '01 40 00 00 00 6 fois, ••-••-••-••-03 et ••.••.••.••.04',
    );
    expect(red.text('busiest: 0612345678')).toBe('busiest: ••••••••78');
  });

  it('does not swallow a figure written after a kept number', () => {
    expect(red.text('ont appelé +33140000000 6 fois')).toBe('ont appelé +33140000000 6 fois');
    expect(red.text('appelé +33612345678 6 fois')).toBe('appelé +33•••••••78 6 fois');
  });

  it('leaves dates, times, prefixes and ids alone', () => {
    const text =
      '2026-03-02T14:00:00+01:00 prefix +33162 +1212555 id 20260302140500 score 39.33 on 02.03.2026 14:00, 02/03/2026 14 00 00, 2026-03-02 14 00 00, 0,5 s, 1 234 567 calls';
    expect(red.text(text)).toBe(text);
  });
});

describe('maskDigits', () => {
  it('masks every digit but the last two, keeping other characters', () => {
    expect(maskDigits('06 12 34 56 78')).toBe('•• •• •• •• 78');
    expect(maskDigits('+33612345678')).toBe('+•••••••••78');
    expect(maskDigits('+33612345678', 2)).toBe('+33•••••••78');
    expect(maskDigits('12')).toBe('12');
    expect(maskDigits('abc')).toBe('abc');
  });
});
