import { describe, expect, it } from 'vitest';
import { Clock, detectDateOrder } from '../../src/records/time.js';

describe('Clock: wall-clock times in Europe/Paris', () => {
  const clock = new Clock('Europe/Paris');

  it('reads winter and summer times with their offsets', () => {
    expect(clock.iso(clock.parse('2024-01-27 15:07:24', 'ymd'))).toBe('2024-01-27T15:07:24+01:00');
    expect(clock.iso(clock.parse('2018-09-02 18:00:00', 'ymd'))).toBe('2018-09-02T18:00:00+02:00');
  });

  it('reads the repeated autumn hour as its first occurrence (summer time)', () => {
    // 2024-10-27: clocks go back from 03:00+02:00 to 02:00+01:00.
    const t = clock.parse('27/10/2024 02:30:00', 'dmy');
    expect(new Date(t).toISOString()).toBe('2024-10-27T00:30:00.000Z');
    expect(clock.iso(t)).toBe('2024-10-27T02:30:00+02:00');
  });

  it('shifts the missing spring hour forward by one hour', () => {
    // 2024-03-31: clocks jump from 02:00+01:00 to 03:00+02:00; 02:30 does not exist.
    const t = clock.parse('2024-03-31 02:30:00', 'ymd');
    expect(new Date(t).toISOString()).toBe('2024-03-31T01:30:00.000Z');
    expect(clock.iso(t)).toBe('2024-03-31T03:30:00+02:00');
  });

  it('respects an explicit offset and reads epoch seconds and milliseconds', () => {
    expect(clock.parse('2024-01-27T15:07:24Z', 'ymd')).toBe(Date.UTC(2024, 0, 27, 15, 7, 24));
    expect(clock.parse('2024-01-27T15:07:24+05:30', 'ymd')).toBe(Date.UTC(2024, 0, 27, 9, 37, 24));
    expect(clock.parse('1456900585', 'ymd')).toBe(1456900585000);
    expect(clock.parse('1467998061690', 'ymd')).toBe(1467998061690);
  });

  it('rejects impossible dates instead of rolling them over', () => {
    expect(clock.parse('31/02/2024 10:00', 'dmy')).toBeNaN();
    expect(clock.parse('2024-13-01 10:00', 'ymd')).toBeNaN();
    expect(clock.parse('not a date', 'ymd')).toBeNaN();
  });

  it('reads 12-hour clocks and Excel-style slashes', () => {
    expect(clock.iso(clock.parse('7/8/2016 1:14:21 PM', 'mdy'))).toBe('2016-07-08T13:14:21+02:00');
    expect(clock.iso(clock.parse('2020/2/10 22:41', 'ymd'))).toBe('2020-02-10T22:41:00+01:00');
  });

  it('refuses an unknown zone with a user error', () => {
    expect(() => new Clock('Europe/Atlantis')).toThrow(/unknown time zone/);
  });
});

describe('detectDateOrder', () => {
  it('finds day-first and month-first from the data', () => {
    expect(detectDateOrder(['02/09/2018 18:00', '25/09/2018 10:00'])).toBe('dmy');
    expect(detectDateOrder(['09/02/2018 18:00', '09/25/2018 10:00'])).toBe('mdy');
    expect(detectDateOrder(['2018-09-02 18:00'])).toBe('ymd');
    expect(detectDateOrder(['01/02/2018'], 'US')).toBe('mdy');
    expect(detectDateOrder(['01/02/2018'], 'FR')).toBe('dmy');
  });
});

describe('fixed-layout fast path', () => {
  it('reads yyyy-MM-dd HH:mm:ss exactly as the general parser does, valid or not', () => {
    const clock = new Clock('Europe/Paris');
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const samples: string[] = [
      '2024-02-29 12:00:00',
      '2023-02-29 12:00:00',
      '2024-10-27T02:30:00',
      '2024-03-31 02:30:00',
    ];
    for (let i = 0; i < 5000; i++) {
      const sep = rnd(2) ? ' ' : 'T';
      samples.push(
        `${pad(1990 + rnd(50), 4)}-${pad(rnd(14), 2)}-${pad(rnd(33), 2)}${sep}${pad(rnd(25), 2)}:${pad(rnd(61), 2)}:${pad(rnd(62), 2)}`,
      );
    }
    samples.push('2024-0a-01 10:00:00', '2024/01/01 10:00:00', '2024-01-01 10:00:0x');
    for (const t of samples) {
      // A leading space sends the same text through the general regex parser.
      const general = clock.parse(` ${t}`, 'ymd');
      expect(clock.parse(t, 'ymd'), t).toEqual(general);
    }
  });
});
