import { describe, expect, it } from 'vitest';
import { countryLabel, countryName, countryNames } from '../../src/records/countries.js';
import * as i18n from '../../src/report/i18n.js';

describe('countryName and countryLabel', () => {
  it('names an alpha-2 code in each language', () => {
    expect(countryName('MA', 'fr')).toBe('Maroc');
    expect(countryName('MA', 'en')).toBe('Morocco');
    expect(countryName('DE', 'fr')).toBe('Allemagne');
    expect(countryName('CI', 'fr')).toBe('Côte d’Ivoire');
    expect(countryLabel('MA', 'fr')).toBe('Maroc (MA)');
    expect(countryLabel('MA', 'en')).toBe('Morocco (MA)');
    // Repeated calls use the cached formatter and agree.
    expect(countryName('MA', 'fr')).toBe('Maroc');
  });

  it('returns anything that is not a named alpha-2 code as it is', () => {
    for (const code of ['+882', '+?', 'ZZ', 'XX', 'ma', 'MAR', '', 'withheld']) {
      expect(countryName(code, 'en')).toBe(code);
      expect(countryLabel(code, 'fr')).toBe(code);
    }
  });

  it('is the one implementation the report uses', () => {
    expect(i18n.countryName).toBe(countryName);
    expect(i18n.countryLabel).toBe(countryLabel);
  });
});

describe('countryNames', () => {
  it('lists names for a sentence, then how many more', () => {
    expect(countryNames(['IT', 'ES', 'DE'], 'fr')).toBe('Italie, Espagne et Allemagne');
    expect(countryNames(['IT', 'ES', 'DE'], 'en')).toBe('Italy, Spain and Germany');
    expect(countryNames(['IT', '+882'], 'en')).toBe('Italy and +882');
    expect(countryNames(['MA'], 'fr')).toBe('Maroc');
    expect(countryNames([], 'en')).toBe('');
    const seven = ['IT', 'ES', 'DE', 'AT', 'BE', 'NL', 'PL'];
    expect(countryNames(seven, 'en')).toBe('Italy, Spain, Germany, Austria, Belgium and 2 others');
    expect(countryNames(seven, 'fr', 6)).toBe(
      'Italie, Espagne, Allemagne, Autriche, Belgique, Pays-Bas et 1 autre',
    );
  });
});
