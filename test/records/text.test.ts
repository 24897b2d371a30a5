import { describe, expect, it } from 'vitest';
import { formatCount, formatDecimal, formatPercent } from '../../src/records/text.js';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('figures in sentences', () => {
  it('writes counts with each language’s thousands separator', () => {
    expect(formatCount(5203, 'fr')).toBe(`5${NNBSP}203`);
    expect(formatCount(5203, 'en')).toBe('5,203');
    expect(formatCount(1_234_567, 'fr')).toBe(`1${NNBSP}234${NNBSP}567`);
    expect(formatCount(999, 'en')).toBe('999');
    expect(formatCount(0, 'fr')).toBe('0');
    expect(formatCount(41.6, 'en')).toBe('42');
  });

  it('writes decimals with each language’s mark, at most the digits asked, no trailing zeros', () => {
    expect(formatDecimal(0.5, 'fr')).toBe('0,5');
    expect(formatDecimal(0.5, 'en')).toBe('0.5');
    expect(formatDecimal(451.44, 'fr')).toBe('451,4');
    expect(formatDecimal(6.98765, 'en', 2)).toBe('6.99');
    expect(formatDecimal(12, 'fr', 2)).toBe('12');
    expect(formatDecimal(7012.5, 'fr')).toBe(`7${NNBSP}012,5`);
    expect(formatDecimal(7012.5, 'en')).toBe('7,012.5');
    expect(formatDecimal(Number.NaN, 'fr')).toBe('NaN');
    expect(formatCount(Number.POSITIVE_INFINITY, 'en')).toBe('Infinity');
  });

  it('writes shares as percentages, one decimal below 10 %', () => {
    expect(formatPercent(0.93, 'fr')).toBe(`93${NBSP}%`);
    expect(formatPercent(0.93, 'en')).toBe('93%');
    expect(formatPercent(1, 'en')).toBe('100%');
    expect(formatPercent(0.025, 'fr')).toBe(`2,5${NBSP}%`);
    expect(formatPercent(0.025, 'en')).toBe('2.5%');
  });
});
