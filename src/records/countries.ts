/**
 * Country names for people, in the report languages: the one place that turns ISO 3166 alpha-2 codes
 * (`MA`) into names (`Maroc` / `Morocco`), for detector summaries and reports alike. Names come from the
 * runtime's Intl.DisplayNames (CLDR), one formatter per language, created on first use.
 */

const LOCALES = { en: 'en-GB', fr: 'fr-FR' } as const;
const ALPHA2 = /^[A-Z]{2}$/;
const names = new Map<'fr' | 'en', Intl.DisplayNames | null>();

function displayNames(lang: 'fr' | 'en'): Intl.DisplayNames | null {
  let n = names.get(lang);
  if (n === undefined) {
    try {
      n = new Intl.DisplayNames([LOCALES[lang]], { type: 'region', fallback: 'code' });
    } catch {
      n = null;
    }
    names.set(lang, n);
  }
  return n;
}

/**
 * Name of a country (ISO 3166 alpha-2, e.g. `MA`) in the language: `Maroc` / `Morocco`. Anything else
 * (a calling code such as `+882`, `ZZ` for an unknown region, a code the runtime does not name) is
 * returned as it is.
 */
export function countryName(code: string, lang: 'fr' | 'en'): string {
  if (!ALPHA2.test(code) || code === 'ZZ') return code;
  try {
    return displayNames(lang)?.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * A country code with its name: `Maroc (MA)` / `Morocco (MA)`. Anything that is not a named alpha-2 code
 * is returned as it is.
 */
export function countryLabel(code: string, lang: 'fr' | 'en'): string {
  const name = countryName(code, lang);
  return name === code ? code : `${name} (${code})`;
}

/**
 * Names of countries for a sentence, in the given order, at most `max` of them and then how many more:
 * `Italie, Espagne, Allemagne et 2 autres` / `Italy, Spain, Germany and 2 others`.
 */
export function countryNames(codes: readonly string[], lang: 'fr' | 'en', max = 5): string {
  const shown = codes.slice(0, max).map((c) => countryName(c, lang));
  const more = codes.length - shown.length;
  if (more > 0)
    shown.push(lang === 'fr' ? `${more} autre${more > 1 ? 's' : ''}` : `${more} other${more > 1 ? 's' : ''}`);
  if (shown.length <= 1) return shown.join('');
  const last = shown.pop()!;
  return `${shown.join(', ')} ${lang === 'fr' ? 'et' : 'and'} ${last}`;
}
