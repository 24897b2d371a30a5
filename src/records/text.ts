/**
 * Figures in sentences as each report language writes them: French with a decimal comma and a narrow
 * no-break space between thousands (`5 203`, `0,5`, `42 %`), English with a decimal point and a comma
 * between thousands (`5,203`, `0.5`, `42%`). Detector summaries use these for every count, ratio,
 * baseline and share. One Intl.NumberFormat per language and number of decimals, created on first use.
 */

const LOCALES = { en: 'en-GB', fr: 'fr-FR' } as const;
const formats = new Map<string, Intl.NumberFormat>();

function formatter(lang: 'fr' | 'en', digits: number): Intl.NumberFormat {
  const key = `${lang}${digits}`;
  let f = formats.get(key);
  if (f === undefined) {
    f = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: digits });
    formats.set(key, f);
  }
  return f;
}

/** A whole number (rounded): `5 203` / `5,203`. */
export function formatCount(n: number, lang: 'fr' | 'en'): string {
  return Number.isFinite(n) ? formatter(lang, 0).format(n) : String(n);
}

/** A number with at most `digits` decimals, trailing zeros dropped: `0,5` / `0.5`, `12` / `12`. */
export function formatDecimal(n: number, lang: 'fr' | 'en', digits = 1): string {
  return Number.isFinite(n) ? formatter(lang, digits).format(n) : String(n);
}

/** A share 0..1 as a whole percentage: `42 %` / `42%` (below 10 %, one decimal: `2,5 %`). */
export function formatPercent(share: number, lang: 'fr' | 'en'): string {
  const pct = formatDecimal(share * 100, lang, Math.abs(share) < 0.1 ? 1 : 0);
  return lang === 'fr' ? `${pct}\u00a0%` : `${pct}%`;
}
