import { describe, expect, it } from 'vitest';
import { Clock } from '../../src/records/time.js';
import {
  binomialTail,
  coefficientOfVariation,
  densestWindow,
  metric,
  quantileSorted,
  relativeIqr,
  windowSurprise,
} from '../../src/windows/dispersion.js';
import { inboundLine, localHour, outboundLine } from '../../src/windows/lines.js';
import { call } from '../detectors/harness.js';

describe('dispersion helpers', () => {
  it('computes quantiles, CV and relative IQR', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([], 0.5)).toBeNaN();
    expect(coefficientOfVariation([60, 60, 60])).toBe(0);
    expect(coefficientOfVariation([1, 3])).toBe(0.5);
    expect(coefficientOfVariation([5])).toBeNaN();
    expect(relativeIqr([40, 42, 44])).toBeCloseTo(2 / 42, 12);
    expect(relativeIqr([1, 2])).toBeNaN();
    expect(metric(Number.NaN)).toBe(null);
    expect(metric(1.23456)).toBe(1.23);
  });

  it('finds the densest window, the earliest on ties', () => {
    expect(densestWindow([0, 1, 2, 10, 11, 12, 13], 5)).toEqual({ first: 3, last: 6, count: 4 });
    expect(densestWindow([0, 10, 20], 5)).toEqual({ first: 0, last: 0, count: 1 });
    expect(densestWindow([], 5)).toBe(null);
  });

  it('gives exact binomial tails', () => {
    expect(binomialTail(3, 3, 0.5)).toBeCloseTo(0.125, 12);
    expect(binomialTail(2, 3, 0.5)).toBeCloseTo(0.5, 12);
    expect(binomialTail(0, 3, 0.5)).toBe(1);
    expect(binomialTail(4, 3, 0.5)).toBe(0);
    expect(binomialTail(20, 20, 0.5)).toBeCloseTo(2 ** -20, 15);
  });

  it('uses the outside rate only with a window of history outside the window', () => {
    const DAY = 86_400_000;
    expect(windowSurprise(5, 5, 10 * DAY, 7 * DAY)).toEqual({
      method: 'floor',
      expected: null,
      pValue: null,
    });
    const s = windowSurprise(5, 7, 37 * DAY, 7 * DAY);
    expect(s.method).toBe('poisson');
    expect(s.expected).toBeCloseTo((2 / 30) * 7, 12);
    expect(s.pValue as number).toBeLessThan(0.001);
  });
});

describe('lines of a record', () => {
  it('reads inbound and outbound lines with and without an owner', () => {
    const r = call({ at: 0, from: '+33612345678', to: '+33254360199' });
    expect(inboundLine(r, undefined)).toBe('+33254360199');
    expect(outboundLine(r, undefined)).toBe('+33612345678');
    const phoneLog = { ...r, callee: '', direction: 'in' as const };
    expect(inboundLine(phoneLog, '+33254360199')).toBe('+33254360199');
    expect(outboundLine(phoneLog, '+33254360199')).toBe('');
    expect(inboundLine({ ...r, direction: 'internal' }, undefined)).toBe('');
    expect(outboundLine({ ...r, caller: 'withheld' }, undefined)).toBe('');
  });

  it('gives the local hour in the clock’s zone', () => {
    const clock = new Clock('Europe/Paris');
    expect(localHour(clock, Date.parse('2024-01-27T23:30:00Z'))).toBe(0);
    expect(localHour(clock, Date.parse('2024-07-27T21:30:00Z'))).toBe(23);
  });
});
