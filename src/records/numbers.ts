/**
 * Phone number normalisation: raw strings from exports -> canonical strings (E.164 where possible).
 *
 * Parsing a number with libphonenumber-js costs ~7-10 µs, so every result is cached per distinct
 * raw string (`canonical`) and per canonical string (`info`); an export repeats the same numbers
 * many times. Strings already in strict E.164 form skip the parser on the hot path; their country
 * and type are looked up lazily, only when a detector asks.
 *
 * Every canonical string also gets a small integer id, once per run (`idOf`): the reader stamps
 * `callerId`/`calleeId` on each record, so detectors index typed arrays instead of hashing the same
 * strings again in maps of their own. Ids are dense (0, 1, 2...) and stable between the two passes.
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { e164Value, NumberIds } from './number-set.js';
import { WITHHELD } from './record.js';

export type NumberKind = 'e164' | 'short' | 'withheld' | 'raw' | 'empty';

export type NumberType =
  | 'mobile'
  | 'fixed-line'
  | 'fixed-line-or-mobile'
  | 'premium-rate'
  | 'toll-free'
  | 'shared-cost'
  | 'voip'
  | 'personal-number'
  | 'pager'
  | 'uan'
  | 'voicemail'
  | 'unknown';

export interface NumberInfo {
  /** The canonical string: E.164, `withheld`, a short code/extension, or the raw string. */
  value: string;
  kind: NumberKind;
  /** ISO 3166 alpha-2 of the numbering plan, for E.164 numbers the parser could place. */
  country?: string;
  /** Country calling code without `+` (`33`), for E.164 numbers. */
  callingCode?: string;
  /** National significant number (digits after the calling code), for E.164 numbers. */
  national?: string;
  type: NumberType;
  /** True when the number is a valid, allocated-format number of its plan (not only plausible length). */
  valid: boolean;
}

/** Words exports use for a caller who withheld the number (several languages, lower-cased). */
const WITHHELD_WORDS = new Set([
  'withheld',
  'anonymous',
  'anonyme',
  'private',
  'privé',
  'prive',
  'restricted',
  'unknown',
  'unavailable',
  'inconnu',
  'masqué',
  'masque',
  'numéro masqué',
  'numero masque',
  'appel masqué',
  'secret',
  'privat',
  'unbekannt',
  'anonym',
  'nicht übermittelt',
  'rufnummer unterdrückt',
  'onbekend',
  'afgeschermd',
  'anoniem',
  'privé nummer',
  'geheim nummer',
  'prive nummer',
  'blocked',
  'no caller id',
  'payphone',
  '-1',
  '-2',
  '-3',
]);

const TYPE_NAMES: Record<string, NumberType> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed-line',
  FIXED_LINE_OR_MOBILE: 'fixed-line-or-mobile',
  PREMIUM_RATE: 'premium-rate',
  TOLL_FREE: 'toll-free',
  SHARED_COST: 'shared-cost',
  VOIP: 'voip',
  PERSONAL_NUMBER: 'personal-number',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
};

/** Strict E.164 as exports write it: `+`, a non-zero digit, 7 to 15 digits in all (e164Value allows 15). */
export const MIN_STRICT_LENGTH = 8;
/** Separators people write inside numbers: spaces, dots, slashes, dashes, parentheses. */
const SEPARATORS = /[\s./\-()\u00a0]/g;
/** Longest digit string kept as a short code or PBX extension rather than parsed as a number. */
const MAX_SHORT_DIGITS = 6;

export class NumberBook {
  readonly country: CountryCode;
  private readonly canonicalCache = new Map<string, string>();
  private readonly infoCache = new Map<string, NumberInfo>();
  /**
   * Canonical string -> id. Canonical E.164 strings are keyed by the value of their digits in a
   * float64 hash table (a Map<string> lookup of a freshly read string costs ~300 ns; this ~50 ns);
   * other strings get a negative key of their own first. `values[id]` is the string back.
   */
  private readonly ids = new NumberIds();
  private readonly otherKeys = new Map<string, number>();
  private readonly values: string[] = [];
  private readonly infos: (NumberInfo | undefined)[] = [];
  /** Raw strings kept as written that nevertheless start with `+` (e.g. `+333`): not E.164. */
  readonly rawPlus = new Set<string>();
  /** `rawPlus` in order of first sight (handed to other threads with the ids, see records/batch.ts). */
  private readonly rawPlusList: string[] = [];

  constructor(country: string) {
    this.country = country.toUpperCase() as CountryCode;
  }

  /** Canonical string for a raw number as written in an export. Cached per distinct raw string. */
  canonical(raw: string): string {
    // `+[1-9]\d{6,14}`: e164Value checks the shape in one pass without a regular expression.
    if (raw.length >= MIN_STRICT_LENGTH && e164Value(raw) > 0) return raw;
    let value = this.canonicalCache.get(raw);
    if (value === undefined) {
      const info = this.parse(raw);
      value = info.value;
      if (info.kind === 'raw' && value.charCodeAt(0) === 43 && !this.rawPlus.has(value)) {
        this.rawPlus.add(value);
        this.rawPlusList.push(value);
      }
      this.canonicalCache.set(raw, value);
    }
    return value;
  }

  /** The run-wide id of a canonical string (assigned on first sight, dense from 0). */
  idOf(canonical: string): number {
    const id = this.ids.id(this.keyOf(canonical));
    if (id === this.values.length) {
      this.values.push(flatCopy(canonical));
      // Kept as long as `values` (a packed array, not one V8 turns into a dictionary when filled at random).
      this.infos.push(undefined);
    }
    return id;
  }

  /**
   * The id of a strict E.164 number read as bytes (the byte reader's `idOf(canonical(raw))`): `key` is
   * `e164BytesValue` of the field `[from, to)` of `buf`, at least MIN_STRICT_LENGTH bytes long (shorter
   * ones go through `canonical`). The string is only made the first time the number is seen.
   */
  idOfE164Bytes(key: number, buf: Buffer, from: number, to: number): number {
    const id = this.ids.id(key);
    if (id === this.values.length) {
      this.values.push(buf.toString('latin1', from, to));
      this.infos.push(undefined);
    }
    return id;
  }

  /** The id of a strict E.164 number's digits (`e164Value`) already seen, else -1. */
  findE164(key: number): number {
    return this.ids.find(key);
  }

  /** The key of a canonical string in the id table: its digits for E.164, else a negative key of its own. */
  private keyOf(canonical: string): number {
    const key = e164Value(canonical);
    if (key >= 0) return key;
    let other = this.otherKeys.get(canonical);
    if (other === undefined) {
      other = -(this.otherKeys.size + 1);
      this.otherKeys.set(canonical, other);
    }
    return other;
  }

  /** The id of a canonical string already seen, else -1 (assigns none: safe on any thread). */
  findId(canonical: string): number {
    const key = e164Value(canonical);
    if (key >= 0) return this.ids.find(key);
    const other = this.otherKeys.get(canonical);
    return other === undefined ? -1 : this.ids.find(other);
  }

  /** The canonical string of an id from `idOf`. */
  valueOf(id: number): string {
    return this.values[id];
  }

  /** How many ids exist (an upper bound for arrays indexed by id). */
  get idCount(): number {
    return this.values.length;
  }

  /** The strings of the ids from `first` on, in id order. */
  valuesFrom(first: number): string[] {
    return this.values.slice(first);
  }

  /** `rawPlus` entries from the `first`-th on, in order of first sight. */
  rawPlusFrom(first: number): string[] {
    return this.rawPlusList.slice(first);
  }

  /**
   * Takes the ids and `+` raw strings another thread's NumberBook assigned (`valuesFrom`,
   * `rawPlusFrom`), so that every id means the same string on both sides.
   */
  adopt(firstId: number, values: readonly string[], rawPlus: readonly string[]): void {
    for (const v of rawPlus) {
      if (this.rawPlus.has(v)) continue;
      this.rawPlus.add(v);
      this.rawPlusList.push(v);
    }
    for (let i = 0; i < values.length; i++) {
      // Ids this side already has (it met the number first) must mean the same string.
      const known = this.values[firstId + i];
      const id = known === undefined ? this.idOf(values[i]) : known === values[i] ? firstId + i : -1;
      if (id !== firstId + i)
        throw new Error(`number ids diverge between threads: ${values[i]} is ${id}, not ${firstId + i}`);
    }
  }

  /** `info` by id, cached in an array. */
  infoOf(id: number): NumberInfo {
    let info = this.infos[id];
    if (info === undefined) {
      info = this.parse(this.values[id]);
      this.infos[id] = info;
    }
    return info;
  }

  /** True when a canonical string is an E.164 number, not a raw string that starts with `+`. */
  isE164(canonical: string): boolean {
    return isE164(canonical) && (this.rawPlus.size === 0 || !this.rawPlus.has(canonical));
  }

  /** Everything known about a canonical string (country, type...). Cached. */
  info(canonical: string): NumberInfo {
    // A number the reader has seen is cached by id only: one cache entry per number, not two.
    const id = this.findId(canonical);
    if (id >= 0) return this.infoOf(id);
    let info = this.infoCache.get(canonical);
    if (info === undefined) {
      info = this.parse(canonical);
      this.infoCache.set(canonical, info);
    }
    return info;
  }

  /** Number of distinct raw strings seen (for the inspect report). */
  get distinctRaw(): number {
    return this.canonicalCache.size;
  }

  private parse(raw: string): NumberInfo {
    const trimmed = raw.trim();
    if (trimmed === '') return { value: '', kind: 'empty', type: 'unknown', valid: false };
    const lower = trimmed.toLowerCase();
    if (WITHHELD_WORDS.has(lower))
      return { value: WITHHELD, kind: 'withheld', type: 'unknown', valid: false };
    const compact = trimmed.replace(SEPARATORS, '');
    if (/^\d+$/.test(compact) && compact.length <= MAX_SHORT_DIGITS) {
      return { value: compact, kind: 'short', type: 'unknown', valid: false };
    }
    if (!/^\+?\d+$/.test(compact)) return { value: trimmed, kind: 'raw', type: 'unknown', valid: false };
    const parsed = parsePhoneNumberFromString(compact, this.country);
    if (!parsed?.isPossible()) return { value: trimmed, kind: 'raw', type: 'unknown', valid: false };
    return new E164Info(parsed.number, parsed.country, parsed.countryCallingCode, parsed.nationalNumber);
  }
}

/**
 * An E.164 number's facts. Its type and validity, libphonenumber-js's costliest checks (~4 µs of ~9 per
 * number), are worked out when first asked: most detectors only need the country and the digits, and a
 * 10-million-row export holds hundreds of thousands of numbers.
 */
class E164Info implements NumberInfo {
  readonly kind = 'e164';
  private settled: { type: NumberType; valid: boolean } | null = null;

  constructor(
    readonly value: string,
    readonly country: string | undefined,
    readonly callingCode: string,
    readonly national: string,
  ) {}

  get type(): NumberType {
    return this.facts().type;
  }

  get valid(): boolean {
    return this.facts().valid;
  }

  private facts(): { type: NumberType; valid: boolean } {
    if (this.settled === null) this.settled = this.settle();
    return this.settled;
  }

  /** Parses the E.164 form again (the same number whatever the default country) for the costly checks. */
  private settle(): { type: NumberType; valid: boolean } {
    const parsed = parsePhoneNumberFromString(this.value);
    const type = parsed?.getType();
    return { type: type ? (TYPE_NAMES[type] ?? 'unknown') : 'unknown', valid: parsed?.isValid() ?? false };
  }
}

/**
 * A string that holds only its own characters. A field read from a file may be a slice of the whole
 * chunk it came from (V8 slices strings of 13+ characters): kept for the run, it would keep the chunk
 * alive. Concatenating and slicing again flattens the copy into a string of its own length.
 */
function flatCopy(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/** True for the canonical form of a caller who withheld the number. */
export function isWithheld(canonical: string): boolean {
  return canonical === WITHHELD;
}

/**
 * True when a canonical string starts like an E.164 number (`+` then digits). A raw string kept as
 * written may start with `+` too (`+333`): NumberBook.isE164 tells them apart.
 */
export function isE164(canonical: string): boolean {
  return canonical.length > 1 && canonical.charCodeAt(0) === 43 /* + */;
}
