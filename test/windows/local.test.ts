import { describe, expect, it } from 'vitest';
import { Clock } from '../../src/records/time.js';
import { HOUR, localDayIndex } from '../../src/windows/buckets.js';
import {
  isNightHour,
  localHourOfDay,
  localIndex,
  localIndexStart,
  nightIndex,
  weekdayOfDay,
} from '../../src/windows/local.js';

describe('local wall-clock indexes', () => {
  const paris = new Clock('Europe/Paris');

  it('hour indexes agree with local days and hours of day, in winter and summer', () => {
    for (const iso of [
      '2024-01-27T23:30:00+01:00',
      '2024-07-14T00:15:00+02:00',
      '2024-10-27T02:30:00+01:00',
    ]) {
      const t = Date.parse(iso);
      const h = localIndex(paris, t, HOUR);
      expect(Math.floor(h / 24)).toBe(localDayIndex(paris, t));
      expect(localHourOfDay(paris, t)).toBe(paris.hourOfDay(t));
    }
  });

  it('maps an index back to the start of its window', () => {
    const t = Date.parse('2018-09-02T18:42:00+02:00');
    expect(paris.iso(localIndexStart(paris, localIndex(paris, t, HOUR), HOUR))).toBe(
      '2018-09-02T18:00:00+02:00',
    );
    expect(paris.iso(localIndexStart(paris, localIndex(paris, t, 6 * HOUR), 6 * HOUR))).toBe(
      '2018-09-02T18:00:00+02:00',
    );
    // The repeated autumn hour: both 02:30 share the index of 02:00 (first occurrence).
    const first = Date.parse('2024-10-27T02:30:00+02:00');
    const second = Date.parse('2024-10-27T02:30:00+01:00');
    expect(localIndex(paris, first, HOUR)).toBe(localIndex(paris, second, HOUR));
  });

  it('weekdays, nights and night indexes', () => {
    expect(weekdayOfDay(0)).toBe(4); // 1970-01-01, Thursday
    expect(weekdayOfDay(localDayIndex(paris, Date.parse('2018-09-02T12:00:00+02:00')))).toBe(0); // Sunday
    expect(weekdayOfDay(-1)).toBe(3);
    expect(isNightHour(23, 22, 7)).toBe(true);
    expect(isNightHour(6, 22, 7)).toBe(true);
    expect(isNightHour(7, 22, 7)).toBe(false);
    expect(isNightHour(12, 22, 7)).toBe(false);
    expect(isNightHour(1, 0, 5)).toBe(true);
    expect(isNightHour(5, 0, 5)).toBe(false);
    expect(isNightHour(3, 4, 4)).toBe(false);
    const evening = Date.parse('2024-01-27T23:00:00+01:00');
    const morning = Date.parse('2024-01-28T02:00:00+01:00');
    const nextEvening = Date.parse('2024-01-28T22:30:00+01:00');
    expect(nightIndex(paris, evening)).toBe(nightIndex(paris, morning));
    expect(nightIndex(paris, nextEvening)).toBe(nightIndex(paris, morning) + 1);
  });
});
