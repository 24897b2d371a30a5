/**
 * Call durations as exports write them -> seconds.
 *
 * Accepted: plain seconds (`83`, decimal point or comma `12.5`, `12,5`), clock notation (`HH:MM:SS`,
 * `H:MM:SS.mmm`, and `M:SS` for two parts: a call log's `1:23` is one minute 23 seconds), ISO 8601
 * (`PT1M23S`), and numbers with unit words in French, English, Dutch and German (`1 min 23 s`,
 * `1h02m`, `1h02`, `2 Min. 5 Sek.`, `1 u 2 min`). A plain number can be given another unit by the
 * caller (a column named `Durée (min)` holds minutes).
 *
 * Plain digits and clock notation are parsed by hand (the common cases on the hot path); only unit
 * words go through a regex, compiled once.
 */

const DECIMAL = /^\d+(?:[.,]\d+)?$/;
const CLOCK = /^(\d+):(\d{1,2})(?::(\d{1,2}))?(?:[.,](\d{1,9}))?$/;
const ISO = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;
/** A number followed by an optional unit word (letters, optional dot). */
const UNIT_PART = /\s*(\d+(?:[.,]\d+)?)\s*([a-zA-Zéèû]+\.?)?\s*/y;

const UNITS: ReadonlyMap<string, number> = new Map<string, number>([
  ...[
    'h',
    'hr',
    'hrs',
    'hour',
    'hours',
    'heure',
    'heures',
    'std',
    'stunde',
    'stunden',
    'u',
    'uur',
    'uren',
  ].map((u): [string, number] => [u, 3600]),
  ...['m', 'mn', 'mns', 'min', 'mins', 'minute', 'minutes', 'minuut', 'minuten', 'minuutjes'].map(
    (u): [string, number] => [u, 60],
  ),
  ...[
    's',
    'sec',
    'secs',
    'second',
    'seconds',
    'seconde',
    'secondes',
    'seconden',
    'sek',
    'sekunde',
    'sekunden',
  ].map((u): [string, number] => [u, 1]),
]);

/**
 * Seconds in a duration text, or NaN when the text is not a duration. `plainUnit` is the number of
 * seconds a bare number stands for (1 for seconds, 60 for minutes, 0.001 for milliseconds).
 * An empty text is NaN: the caller decides what a missing duration means.
 */
export function parseDuration(text: string, plainUnit = 1): number {
  // Fast path: plain digits.
  const n = text.length;
  if (n > 0 && n < 10) {
    let v = 0;
    let i = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
    }
    if (i === n) return v * plainUnit;
  }
  // Fast path: `HH:MM:SS` and `H:MM:SS`.
  if (n === 8 || n === 7) {
    const o = n - 8;
    const h = n === 8 ? digit(text, 0) * 10 + digit(text, 1) : digit(text, 0);
    const m = digit(text, 3 + o) * 10 + digit(text, 4 + o);
    const sec = digit(text, 6 + o) * 10 + digit(text, 7 + o);
    if (
      text.charCodeAt(2 + o) === 58 &&
      text.charCodeAt(5 + o) === 58 &&
      h >= 0 &&
      m >= 0 &&
      m < 60 &&
      sec >= 0 &&
      sec < 60
    ) {
      return h * 3600 + m * 60 + sec;
    }
  }
  const t = text.trim();
  if (t === '') return Number.NaN;
  if (DECIMAL.test(t)) return +t.replace(',', '.') * plainUnit;
  const clock = CLOCK.exec(t);
  if (clock !== null) {
    const frac = clock[4] === undefined ? 0 : +`0.${clock[4]}`;
    if (clock[3] === undefined) {
      // M:SS
      if (+clock[2] > 59) return Number.NaN;
      return +clock[1] * 60 + +clock[2] + frac;
    }
    if (+clock[2] > 59 || +clock[3] > 59) return Number.NaN;
    return +clock[1] * 3600 + +clock[2] * 60 + +clock[3] + frac;
  }
  const iso = ISO.exec(t);
  if (iso !== null && t.length > 1 && t.toUpperCase() !== 'PT') {
    return (
      (iso[1] ? +iso[1] * 86400 : 0) +
      (iso[2] ? +iso[2] * 3600 : 0) +
      (iso[3] ? +iso[3] * 60 : 0) +
      (iso[4] ? +iso[4].replace(',', '.') : 0)
    );
  }
  return parseUnits(t);
}

/** `1 min 23 s`, `1h02m`, `1h02` (bare number after hours = minutes, after minutes = seconds). */
function parseUnits(t: string): number {
  let total = 0;
  let pos = 0;
  let lastUnit = 0;
  let parts = 0;
  while (pos < t.length) {
    UNIT_PART.lastIndex = pos;
    const m = UNIT_PART.exec(t);
    if (m === null || m[0].length === 0) return Number.NaN;
    pos = UNIT_PART.lastIndex;
    const value = +m[1].replace(',', '.');
    let unit: number | undefined;
    if (m[2] === undefined) {
      // A bare number is allowed only last, after a larger unit: `1h02`, `2m05`.
      if (pos < t.length || lastUnit <= 1) return Number.NaN;
      unit = lastUnit / 60;
    } else {
      unit = UNITS.get(m[2].toLowerCase().replace('.', ''));
      if (unit === undefined) return Number.NaN;
    }
    if (lastUnit !== 0 && unit >= lastUnit) return Number.NaN;
    total += value * unit;
    lastUnit = unit;
    parts++;
  }
  return parts > 0 ? total : Number.NaN;
}

/** Value of the digit at `i`, or a large negative number when it is not a digit. */
function digit(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
}
