import { describe, expect, it } from 'vitest';
import { Clock } from '../../src/records/time.js';
import {
  bucketUnit,
  countryLabel,
  formatDateTime,
  formatDay,
  formatFigure,
  formatList,
  formatNumber,
  formatPercent,
  formatStamp,
  formatWall,
  metricFormat,
  metricLabel,
  STRINGS,
} from '../../src/report/i18n.js';

const paris = new Clock('Europe/Paris');

/** Every leaf of a strings object: strings as they are, functions called with sample arguments. */
function leaves(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') {
    const out = (value as (...a: unknown[]) => unknown)('X', 2, 'Y', 'Z');
    return [[path, String(out)]];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  return Object.entries(value as object).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
}

describe('strings', () => {
  it('French and English have the same entries, none empty', () => {
    const fr = leaves(STRINGS.fr);
    const en = leaves(STRINGS.en);
    expect(fr.map(([p]) => p)).toEqual(en.map(([p]) => p));
    expect(fr.length).toBe(153);
    for (const [p, text] of [...fr, ...en]) expect(text.trim(), p).not.toBe('');
  });

  it('French strings are French', () => {
    expect(STRINGS.fr.sections.custody).toBe('Chaîne de conservation des preuves');
    expect(STRINGS.fr.severities.high).toBe('élevée');
    expect(STRINGS.fr.summaryFound(3)).toBe('cdrscope a relevé 3 anomalies qui méritent attention :');
    expect(STRINGS.fr.summaryFound(1)).toBe('cdrscope a relevé une anomalie qui mérite attention :');
    expect(STRINGS.en.summaryFound(3)).toBe('cdrscope found 3 patterns that deserve attention:');
  });
});

describe('dates in the report zone', () => {
  const winter = Date.parse('2026-03-02T13:05:07Z');
  const summer = Date.parse('2026-07-14T08:30:00Z');

  it('writes date and time with the offset, in each language', () => {
    expect(formatDateTime(winter, paris, 'fr')).toBe('lundi 2 mars 2026 à 14:05 (UTC+01:00)');
    expect(formatDateTime(winter, paris, 'en')).toBe('Monday 2 March 2026, 14:05 (UTC+01:00)');
    expect(formatDateTime(winter, paris, 'fr', true)).toBe('lundi 2 mars 2026 à 14:05:07 (UTC+01:00)');
    expect(formatDateTime(summer, paris, 'fr')).toBe('mardi 14 juillet 2026 à 10:30 (UTC+02:00)');
  });

  it('uses the zone given, not the machine zone', () => {
    expect(formatDateTime(winter, new Clock('America/New_York'), 'en')).toBe(
      'Monday 2 March 2026, 08:05 (UTC-05:00)',
    );
    expect(formatDateTime(winter, new Clock('Asia/Kolkata'), 'en')).toBe(
      'Monday 2 March 2026, 18:35 (UTC+05:30)',
    );
  });

  it('compact stamps, wall-clock labels and days', () => {
    expect(formatStamp(winter, paris)).toBe('02/03/2026 14:05:07 (UTC+01:00)');
    const wall = Date.UTC(2026, 2, 2, 14);
    expect(formatWall(wall, 'fr', true)).toBe('2 mars 14h');
    expect(formatWall(wall, 'en', true)).toBe('2 Mar 14:00');
    expect(formatWall(wall, 'fr', false, true)).toBe('2 mars 2026');
    expect(formatDay('2026-03-02', 'fr')).toBe('lundi 2 mars 2026');
    expect(formatDay('2026-03-02', 'en')).toBe('Monday 2 March 2026');
  });
});

describe('numbers', () => {
  it('are written as each language writes them', () => {
    expect(formatNumber(7012.5, 'fr')).toBe('7\u202f012,5');
    expect(formatNumber(7012.5, 'en')).toBe('7,012.5');
    expect(formatPercent(0.425, 'fr')).toBe('43\u00a0%');
    expect(formatPercent(0.425, 'en')).toBe('43%');
    expect(formatPercent(0.05, 'en')).toBe('5%');
  });

  it('tiny figures keep their value', () => {
    expect(formatFigure(0.000001, 'en')).toBe('1e-6');
    expect(formatFigure(0.0000015, 'fr')).toBe('1,5e-6');
    expect(formatFigure(0.05, 'fr')).toBe('0,05');
    expect(formatFigure(0, 'en')).toBe('0');
  });

  it('bucket units', () => {
    expect(bucketUnit(1, 'fr')).toBe('heure');
    expect(bucketUnit(24, 'en')).toBe('day');
    expect(bucketUnit(168, 'fr')).toBe('semaine');
    expect(bucketUnit(6, 'en')).toBe('6 hours');
    expect(bucketUnit(48, 'fr')).toBe('tranche de 2 jours');
  });
});

describe('metric labels', () => {
  it('known metrics have labels and formats, unknown ones are spelt out', () => {
    expect(metricLabel('baselinePerDay', 'fr')).toBe('Appels habituels par jour (référence)');
    expect(metricLabel('answerRatio', 'en')).toBe('Share of calls answered');
    expect(metricFormat('answerRatio')).toBe('share');
    expect(metricFormat('ratio')).toBe('times');
    expect(metricFormat('cadence')).toBe('seconds');
    expect(metricFormat('someNewShare')).toBe('share');
    expect(metricFormat('linesReached')).toBe('plain');
    expect(metricLabel('someNewMetricName', 'en')).toBe('Some new metric name');
  });
});

describe('countries and lists', () => {
  it('names a country code in the language, keeps anything else as it is', () => {
    expect(countryLabel('MA', 'fr')).toBe('Maroc (MA)');
    expect(countryLabel('MA', 'en')).toBe('Morocco (MA)');
    expect(countryLabel('CI', 'fr')).toBe('Côte d’Ivoire (CI)');
    expect(countryLabel('XX', 'en')).toBe('XX');
    expect(countryLabel('ZZ', 'en')).toBe('ZZ');
    expect(countryLabel('+212', 'fr')).toBe('+212');
  });

  it('joins lists as each language does', () => {
    expect(formatList(['a', 'b', 'c'], 'fr')).toBe('a, b et c');
    expect(formatList(['a', 'b', 'c'], 'en')).toBe('a, b and c');
    expect(formatList(['a'], 'en')).toBe('a');
  });
});
