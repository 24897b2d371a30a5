import { describe, expect, it } from 'vitest';
import { isE164, isWithheld, NumberBook } from '../../src/records/numbers.js';

describe('NumberBook.canonical: French numbers', () => {
  const fr = new NumberBook('FR');

  it.each([
    '0612345678',
    '06 12 34 56 78',
    '06.12.34.56.78',
    '06-12-34-56-78',
    '0033612345678',
    '0033 6 12 34 56 78',
    '+33612345678',
    '+33 6 12 34 56 78',
    '+33 (0)6 12 34 56 78',
    ' 06 12 34 56 78 ',
    '06\u00a012\u00a034\u00a056\u00a078',
  ])('%j -> +33612345678', (raw) => {
    expect(fr.canonical(raw)).toBe('+33612345678');
  });

  it('normalises landlines and foreign numbers written with 00', () => {
    expect(fr.canonical('01 40 00 00 00')).toBe('+33140000000');
    expect(fr.canonical('00212 6 12 34 56 78')).toBe('+212612345678');
    expect(fr.canonical('0032 471 23 45 67')).toBe('+32471234567');
  });
});

describe('NumberBook.canonical: Belgian numbers with BE', () => {
  const be = new NumberBook('be');

  it('reads the slash-and-dots style', () => {
    expect(be.country).toBe('BE');
    expect(be.canonical('0471/23.45.67')).toBe('+32471234567');
    expect(be.canonical('02/123.45.67')).toBe('+3221234567');
    expect(be.info('+32471234567')).toMatchObject({
      kind: 'e164',
      country: 'BE',
      type: 'mobile',
      valid: true,
    });
  });

  it('reads the same national digits as a French 04 number under FR: the country matters', () => {
    expect(new NumberBook('FR').canonical('0471/23.45.67')).toBe('+33471234567');
  });
});

describe('NumberBook.canonical: withheld callers', () => {
  const fr = new NumberBook('FR');

  it.each([
    'anonymous',
    'Anonymous',
    'ANONYME',
    'Privé',
    'private',
    'Restricted',
    'unknown',
    'Inconnu',
    'Masqué',
    'Numéro masqué',
    'Unbekannt',
    'Rufnummer unterdrückt',
    'anoniem',
    'Afgeschermd',
    'No Caller ID',
    'payphone',
    '-1',
    '-2',
    '-3',
  ])('%j -> withheld', (raw) => {
    expect(fr.canonical(raw)).toBe('withheld');
    expect(isWithheld(fr.canonical(raw))).toBe(true);
  });

  it('keeps the empty string empty (not withheld)', () => {
    expect(fr.canonical('')).toBe('');
    expect(fr.canonical('   ')).toBe('');
    expect(fr.info('')).toEqual({ value: '', kind: 'empty', type: 'unknown', valid: false });
  });
});

describe('NumberBook.canonical: short codes, extensions, raw strings', () => {
  const fr = new NumberBook('FR');

  it('keeps short codes and PBX extensions as written', () => {
    expect(fr.canonical('333')).toBe('333');
    expect(fr.canonical('3900')).toBe('3900');
    expect(fr.canonical('51002')).toBe('51002');
    expect(fr.canonical('33 700')).toBe('33700');
    expect(fr.info('3900')).toEqual({ value: '3900', kind: 'short', type: 'unknown', valid: false });
  });

  it('keeps +333 raw: a prefix, not a number', () => {
    expect(fr.canonical('+333')).toBe('+333');
    expect(fr.info('+333')).toEqual({ value: '+333', kind: 'raw', type: 'unknown', valid: false });
  });

  it('keeps unparsable strings raw (trimmed), never altered', () => {
    expect(fr.canonical('abc')).toBe('abc');
    expect(fr.canonical('  sip:1001@pbx.local ')).toBe('sip:1001@pbx.local');
    expect(fr.canonical('*31#0612345678')).toBe('*31#0612345678');
    expect(fr.canonical('0612')).toBe('0612');
    expect(fr.canonical('0612345')).toBe('0612345');
    expect(fr.info('abc').kind).toBe('raw');
    expect(isE164('abc')).toBe(false);
    expect(isE164('+33612345678')).toBe(true);
  });
});

describe('NumberBook.info: number types and countries', () => {
  const fr = new NumberBook('FR');

  it('works out type and validity only when asked, the same as parsing at once', () => {
    const book = new NumberBook('FR');
    const info = book.info('+33140000000');
    expect(JSON.stringify(info)).toContain('"settled":null');
    expect([info.type, info.valid]).toEqual(['fixed-line', true]);
    expect([book.info('+33700000000').type, book.info('+33700000000').valid]).toEqual(['unknown', false]);
    // Parsed from the national form with the default country: the same answers.
    expect(book.info(book.canonical('01 40 00 00 00'))).toBe(info);
  });

  it('flags premium-rate, toll-free and VoIP ranges', () => {
    // Type and validity are worked out when first asked (getters): toMatchObject reads them.
    expect(fr.info(fr.canonical('08 99 12 34 56'))).toMatchObject({
      value: '+33899123456',
      kind: 'e164',
      country: 'FR',
      callingCode: '33',
      national: '899123456',
      type: 'premium-rate',
      valid: true,
    });
    expect(fr.info(fr.canonical('0800 12 34 56')).type).toBe('toll-free');
    expect(fr.info(fr.canonical('09 12 34 56 78')).type).toBe('voip');
    expect(fr.info(fr.canonical('06 12 34 56 78')).type).toBe('mobile');
    expect(fr.info(fr.canonical('01 40 00 00 00')).type).toBe('fixed-line');
  });

  it('places a Moroccan mobile', () => {
    expect(fr.canonical('+212 6 12 34 56 78')).toBe('+212612345678');
    expect(fr.info('+212612345678')).toMatchObject({
      kind: 'e164',
      country: 'MA',
      callingCode: '212',
      national: '612345678',
      type: 'mobile',
      valid: true,
    });
  });
});

describe('NumberBook: caching', () => {
  it('returns the same info object for the same canonical string', () => {
    const fr = new NumberBook('FR');
    const a = fr.info('+33612345678');
    expect(fr.info('+33612345678')).toBe(a);
    expect(fr.info(fr.canonical('06 12 34 56 78'))).toBe(a);
  });

  it('parses each distinct raw string once', () => {
    const fr = new NumberBook('FR');
    expect(fr.distinctRaw).toBe(0);
    for (let i = 0; i < 3; i++) fr.canonical('06 12 34 56 78');
    fr.canonical('06.12.34.56.78');
    // Strict E.164 strings skip the cache entirely.
    fr.canonical('+33612345678');
    expect(fr.distinctRaw).toBe(2);
  });
});

describe('NumberBook.isE164', () => {
  it('tells E.164 numbers from raw strings kept as written that start with +', () => {
    const book = new NumberBook('FR');
    expect(book.canonical('+333')).toBe('+333');
    expect(book.isE164('+333')).toBe(false);
    expect(book.isE164(book.canonical('03 20 12 34 56'))).toBe(true);
    expect(book.isE164('3900')).toBe(false);
  });
});
