import { describe, expect, it } from 'vitest';
import { Clock } from '../../src/records/time.js';

const paris = new Clock('Europe/Paris');

describe('Clock.human', () => {
  it('writes date, minutes and offset per language', () => {
    const t = Date.parse('2026-10-12T04:00:00Z');
    expect(paris.human(t, 'fr')).toBe('12/10/2026 06:00 (UTC+02:00)');
    expect(paris.human(t, 'en')).toBe('12 Oct 2026 06:00 (UTC+02:00)');
  });

  it('drops the seconds without rounding them up', () => {
    const t = Date.parse('2026-10-15T15:59:59.999Z');
    expect(paris.human(t, 'fr')).toBe('15/10/2026 17:59 (UTC+02:00)');
  });

  it('gives the day only, unpadded in English', () => {
    const t = Date.parse('2026-03-04T23:30:00Z');
    expect(paris.human(t, 'fr', false)).toBe('05/03/2026');
    expect(paris.human(t, 'en', false)).toBe('5 Mar 2026');
  });

  it('follows the zone across a change of offset and around midnight', () => {
    // Paris leaves summer time on Sunday 25 October 2026 at 03:00 (+02:00 -> +01:00).
    expect(paris.human(Date.parse('2026-10-25T00:30:00Z'), 'en')).toBe('25 Oct 2026 02:30 (UTC+02:00)');
    expect(paris.human(Date.parse('2026-10-25T01:30:00Z'), 'en')).toBe('25 Oct 2026 02:30 (UTC+01:00)');
    expect(paris.human(Date.parse('2026-12-31T23:00:00Z'), 'fr')).toBe('01/01/2027 00:00 (UTC+01:00)');
  });

  it('writes negative and half-hour offsets', () => {
    const t = Date.parse('2026-01-15T12:00:00Z');
    expect(new Clock('America/New_York').human(t, 'en')).toBe('15 Jan 2026 07:00 (UTC-05:00)');
    expect(new Clock('Asia/Kolkata').human(t, 'fr')).toBe('15/01/2026 17:30 (UTC+05:30)');
    expect(new Clock('UTC').human(t, 'en')).toBe('15 Jan 2026 12:00 (UTC+00:00)');
  });
});
