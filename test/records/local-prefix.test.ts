import { describe, expect, it } from 'vitest';
import { LocalPrefixes, sameLeading } from '../../src/records/local-prefix.js';
import { NumberBook } from '../../src/records/numbers.js';

const lp = new LocalPrefixes(new NumberBook('FR'));

describe('LocalPrefixes: plans of the table', () => {
  it('France: 0Z AB is the local block, Z the area; only 01-05 are geographic', () => {
    expect(lp.of('+33254360199')).toEqual({
      local: '+33254',
      area: '+332',
      geographic: true,
      method: 'plan',
    });
    expect(lp.of('+33142001122')).toEqual({
      local: '+33142',
      area: '+331',
      geographic: true,
      method: 'plan',
    });
    expect(lp.of('+33612345678')).toEqual({
      local: '+33612',
      area: '+336',
      geographic: false,
      method: 'plan',
    });
    expect(lp.of('+33948123456')?.geographic).toBe(false);
  });

  it('North America: NPA-NXX is the local block, NPA the area; toll-free and 900 are not places', () => {
    expect(lp.of('+12135550147')).toEqual({
      local: '+1213555',
      area: '+1213',
      geographic: true,
      method: 'plan',
    });
    expect(lp.of('+18005550147')?.geographic).toBe(false);
    expect(lp.of('+18885550147')?.geographic).toBe(false);
    expect(lp.of('+19005550147')?.geographic).toBe(false);
    expect(lp.of('+18105550147')?.geographic).toBe(true);
  });

  it('Belgium: 1-digit zones (02, 03, 04, 09), 2-digit zones, mobiles, special numbers', () => {
    expect(lp.of('+3225551234')).toEqual({ local: '+3225', area: '+322', geographic: true, method: 'plan' });
    expect(lp.of('+3293001234')).toEqual({ local: '+3293', area: '+329', geographic: true, method: 'plan' });
    expect(lp.of('+3271123456')).toEqual({
      local: '+32711',
      area: '+3271',
      geographic: true,
      method: 'plan',
    });
    expect(lp.of('+3210123456')?.local).toBe('+32101');
    expect(lp.of('+32475123456')).toEqual({
      local: '+324751',
      area: '+32475',
      geographic: false,
      method: 'plan',
    });
    expect(lp.of('+3242221234')).toEqual({ local: '+3242', area: '+324', geographic: true, method: 'plan' });
    expect(lp.of('+3290012345')?.geographic).toBe(false);
    expect(lp.of('+3280012345')?.area).toBe('+32800');
    expect(lp.of('+3270123456')).toEqual({
      local: '+32701',
      area: '+3270',
      geographic: false,
      method: 'plan',
    });
  });
});

describe('LocalPrefixes: other plans through libphonenumber’s grouping', () => {
  it('takes the national destination code and one more digit', () => {
    expect(lp.of('+493012345678')).toEqual({
      local: '+49301',
      area: '+4930',
      geographic: true,
      method: 'format',
    });
    expect(lp.of('+4938821123456')?.area).toBe('+4938821');
    expect(lp.of('+390612345678')).toEqual({
      local: '+39061',
      area: '+3906',
      geographic: true,
      method: 'format',
    });
    expect(lp.of('+442079460958')).toEqual({
      local: '+44207',
      area: '+4420',
      geographic: true,
      method: 'format',
    });
    expect(lp.of('+441214960000')?.area).toBe('+44121');
    expect(lp.of('+393471234567')).toEqual({
      local: '+393471',
      area: '+39347',
      geographic: false,
      method: 'format',
    });
  });

  it('falls back to the national number minus its last 5 digits when no format groups it', () => {
    // A possible but unallocated Latvian number: libphonenumber writes it as one block.
    expect(lp.of('+37112345678')).toEqual({
      local: '+371123',
      area: '+37112',
      geographic: false,
      method: 'fallback',
    });
    // German premium 0900: the plan's grouping gives the 900 service code.
    expect(lp.of('+49900312345678')?.area).toBe('+49900');
  });

  it('gives nothing for numbers that are not E.164', () => {
    expect(lp.of('withheld')).toBeUndefined();
    expect(lp.of('333')).toBeUndefined();
    expect(lp.of('')).toBeUndefined();
    expect(lp.of('ABC')).toBeUndefined();
    expect(lp.localLength('201')).toBe(0);
  });
});

describe('LocalPrefixes: comparisons', () => {
  it('tests shared local and area prefixes without building strings', () => {
    expect(lp.sharesLocal('+33254360199', '+33254999999')).toBe(true);
    expect(lp.sharesLocal('+33254360199', '+33247999999')).toBe(false);
    expect(lp.sharesLocal('+33254360199', '+33254360199')).toBe(false);
    expect(lp.sharesLocal('+33254360199', 'withheld')).toBe(false);
    expect(lp.sharesArea('+33254360199', '+33247999999')).toBe(true);
    expect(lp.sharesArea('+33254360199', '+33147999999')).toBe(false);
    expect(lp.sharesLocal('+12135550147', '+12135559999')).toBe(true);
    expect(lp.sharesLocal('+12135550147', '+12136660147')).toBe(false);
    expect(lp.sharesLocal('+493012345678', '+493019999999')).toBe(true);
    expect(sameLeading('+3325', '+33', 4)).toBe(false);
    expect(sameLeading('+3325', '+3326', 4)).toBe(true);
  });
});
