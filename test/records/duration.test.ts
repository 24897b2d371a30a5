import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/records/duration.js';

describe('parseDuration', () => {
  it('reads plain seconds, with a decimal point or comma', () => {
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('83')).toBe(83);
    expect(parseDuration(' 83 ')).toBe(83);
    expect(parseDuration('12,5')).toBe(12.5);
    expect(parseDuration('12.5')).toBe(12.5);
    expect(parseDuration('3600000')).toBe(3600000);
  });

  it('applies the unit a header gives to bare numbers', () => {
    expect(parseDuration('1,5', 60)).toBe(90);
    expect(parseDuration('2500', 0.001)).toBe(2.5);
    // Clock notation and unit words carry their own units.
    expect(parseDuration('00:01:00', 60)).toBe(60);
    expect(parseDuration('1 min', 60)).toBe(60);
  });

  it('reads clock notation: H:MM:SS, and M:SS for two parts', () => {
    expect(parseDuration('00:01:23')).toBe(83);
    expect(parseDuration('1:02:03')).toBe(3723);
    expect(parseDuration('1:23')).toBe(83);
    expect(parseDuration('01:23')).toBe(83);
    expect(parseDuration('00:01:35,5')).toBe(95.5);
    expect(parseDuration('25:00:00')).toBe(90000);
  });

  it('reads unit words in four languages', () => {
    expect(parseDuration('1 min 23 s')).toBe(83);
    expect(parseDuration('1h02m')).toBe(3720);
    expect(parseDuration('1h02')).toBe(3720);
    expect(parseDuration('2m05')).toBe(125);
    expect(parseDuration('1 h 2 min 3 s')).toBe(3723);
    expect(parseDuration('45 sec')).toBe(45);
    expect(parseDuration('2 Min. 5 Sek.')).toBe(125);
    expect(parseDuration('1 Std. 1 Min.')).toBe(3660);
    expect(parseDuration('1 u 2 min')).toBe(3720);
    expect(parseDuration('3 minutes 2 secondes')).toBe(182);
    expect(parseDuration('1mn30')).toBe(90);
    expect(parseDuration('1,5 min')).toBe(90);
    expect(parseDuration('1h02m03')).toBe(3723);
  });

  it('reads ISO 8601 durations', () => {
    expect(parseDuration('PT1M23S')).toBe(83);
    expect(parseDuration('PT1H')).toBe(3600);
    expect(parseDuration('PT0.5S')).toBe(0.5);
  });

  it('refuses what is not a duration', () => {
    for (const bad of [
      '',
      '   ',
      'abc',
      '-5',
      '1:75',
      '1:2:3:4',
      '12 apples',
      '5 s 1 min',
      '1 min 2 min',
      'PT',
    ]) {
      expect(parseDuration(bad), bad).toBeNaN();
    }
  });
});
