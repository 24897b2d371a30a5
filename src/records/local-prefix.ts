/**
 * Local and area prefixes of phone numbers, per numbering plan: the leading digits a "neighbour"
 * spoofing dialer imitates, and the wider area a number is likely (not provably) tied to.
 *
 * Both are returned as E.164 prefixes (`+` and calling code included), so comparing two canonical
 * numbers is a plain leading-characters test with no allocation (`sharesLocal`, `sharesArea`).
 *
 * | plan | area | local | source |
 * | --- | --- | --- | --- |
 * | +1 NANP | NPA (3 digits) | NPA-NXX (6 digits) | the exchange prefix neighbour spoofing imitates (Prasad et al. 2020) |
 * | +33 France | zone Z (1 digit: 01-05 historic regions) | Z + AB (3 digits, `02 54`) | Arcep plan `0Z AB PQ MC DU`; Z AB is the historic département-level block |
 * | +32 Belgium | zone code (1 digit 2, 3, 4, 9; 2 digits otherwise; 3 for mobiles 04xx) | zone + next digit | BIPT plan |
 * | other plans | national destination code: the first group of libphonenumber's international format | area + next digit | how libphonenumber measures the area code length |
 * | fallback | local minus one digit | national number minus its last 5 digits | when no format groups the number |
 *
 * France: since 1 January 2023 01-05 numbers carry no geographic constraint, so an area is a likelihood,
 * not proof (telephony-facts, Arcep 2022-1583). Mobile and non-geographic numbers get prefixes too (a
 * spoofer may imitate them) but `geographic` is false for them.
 */
import { getCountries, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { NumberBook } from './numbers.js';

/**
 * Calling-code length by the first three digits after `+` (index d1*100 + d2*10 + d3): 1, 2 or 3, or 0
 * when no country uses such a code. Calling codes are prefix-free, so two E.164 numbers have the same
 * code exactly when they agree on that many leading digits.
 */
const CODE_LENGTH = new Int8Array(1000);
/** 1 at the same index when the calling code is used by several countries (`1` NANP, `7`, `44`...). */
const CODE_SHARED = new Int8Array(1000);
{
  const seen = new Map<string, number>();
  for (const country of getCountries()) {
    const code = getCountryCallingCode(country);
    seen.set(code, (seen.get(code) ?? 0) + 1);
  }
  for (const [code, count] of seen) {
    const base = Number(code) * 10 ** (3 - code.length);
    for (let i = 0; i < 10 ** (3 - code.length); i++) {
      CODE_LENGTH[base + i] = code.length;
      CODE_SHARED[base + i] = count > 1 ? 1 : 0;
    }
  }
}

/** Index of the first three digits after `+` in the tables above, or -1. */
function codeIndex(e164: string): number {
  if (e164.length < 5 || e164.charCodeAt(0) !== 43) return -1;
  const d1 = e164.charCodeAt(1) - 48;
  const d2 = e164.charCodeAt(2) - 48;
  const d3 = e164.charCodeAt(3) - 48;
  if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9 || d3 < 0 || d3 > 9) return -1;
  return d1 * 100 + d2 * 10 + d3;
}

/** Length of the calling code of an E.164 string (digits, `+` excluded); 0 when unknown or not E.164. */
export function callingCodeLength(e164: string): number {
  const i = codeIndex(e164);
  return i < 0 ? 0 : CODE_LENGTH[i];
}

/** True when the number's calling code is used by several countries (then only its country tells). */
export function hasSharedCallingCode(e164: string): boolean {
  const i = codeIndex(e164);
  return i >= 0 && CODE_SHARED[i] === 1;
}

export interface PrefixParts {
  /** E.164 prefix of the local block, e.g. `+33254` or `+1213555`. */
  local: string;
  /** E.164 prefix of the wider area, e.g. `+332` or `+1213`. */
  area: string;
  /** True when the plan ties the prefix to a place (geographic fixed lines; NANP numbers). */
  geographic: boolean;
  /** How the lengths were chosen: the table of this file, libphonenumber's grouping, or the fallback. */
  method: 'plan' | 'format' | 'fallback';
}

/** Digits kept off the end of the national number by the fallback (subscriber part of most plans). */
const FALLBACK_SUBSCRIBER_DIGITS = 5;

/**
 * Prefix lengths for the plans of the table that need no parsing: returns `local` and `area` lengths in
 * characters of the E.164 string (0 when the plan is not in the table), packed as local * 64 + area,
 * with the geographic flag in bit 12. Pure charCode tests, cheap enough for the per-record path.
 */
function planLengths(e164: string): number {
  const n = e164.length;
  if (n < 8 || e164.charCodeAt(0) !== 43 /* + */) return 0;
  const c1 = e164.charCodeAt(1);
  if (c1 === 49 /* 1 */) {
    if (n !== 12) return 0;
    const a = e164.charCodeAt(2);
    const b = e164.charCodeAt(3);
    const c = e164.charCodeAt(4);
    // 800, 833, 844, 855, 866, 877, 888 (toll-free) and 900 (premium) are not places (NANPA).
    const tollFree = a === 56 && b === c && (b === 48 || (b >= 51 && b <= 56));
    const premium = a === 57 && b === 48 && c === 48;
    return pack(2 + 6, 2 + 3, !tollFree && !premium);
  }
  if (c1 !== 51 /* 3 */) return 0;
  const c2 = e164.charCodeAt(2);
  if (c2 === 51 /* 33 France */) {
    if (n !== 12) return 0;
    const z = e164.charCodeAt(3) - 48;
    return pack(3 + 3, 3 + 1, z >= 1 && z <= 5);
  }
  if (c2 === 50 /* 32 Belgium */) {
    const national = n - 3;
    const z = e164.charCodeAt(3) - 48;
    const z2 = e164.charCodeAt(4) - 48;
    let zone: number;
    let geo = true;
    if (national === 9 && z === 4) {
      zone = 3; // mobile operator code 046x-049x
      geo = false;
    } else if ((z === 8 || z === 9) && z2 === 0) {
      zone = 3; // 0800 free, 090x premium
      geo = false;
    } else if (national === 8 && z === 7 && (z2 === 0 || z2 === 8)) {
      zone = 2; // 070 / 078 shared-cost
      geo = false;
    } else if (national === 8 && (z === 2 || z === 3 || z === 4 || z === 9)) {
      zone = 1; // Brussels, Antwerp, Liège, Ghent
    } else if (national === 8) {
      zone = 2;
    } else return 0;
    return pack(3 + zone + 1, 3 + zone, geo);
  }
  return 0;
}

function pack(local: number, area: number, geographic: boolean): number {
  return local * 64 + area + (geographic ? 4096 : 0);
}

/**
 * Local and area prefixes of canonical numbers, cached per number for plans outside the table (those
 * need one libphonenumber formatting call, ~10 µs).
 */
export class LocalPrefixes {
  private readonly cache = new Map<string, PrefixParts | null>();

  constructor(private readonly numbers: NumberBook) {}

  /** Prefixes of a canonical number; undefined for anything that is not an E.164 number. */
  of(canonical: string): PrefixParts | undefined {
    if (canonical.length < 4 || canonical.charCodeAt(0) !== 43) return undefined;
    const packed = planLengths(canonical);
    if (packed !== 0) {
      const local = (packed >> 6) & 63;
      const area = packed & 63;
      return {
        local: canonical.slice(0, local),
        area: canonical.slice(0, area),
        geographic: (packed & 4096) !== 0,
        method: 'plan',
      };
    }
    let parts = this.cache.get(canonical);
    if (parts === undefined) {
      parts = this.compute(canonical);
      this.cache.set(canonical, parts);
    }
    return parts ?? undefined;
  }

  /** Length of the local prefix (characters of the E.164 string); 0 when the number has none. */
  localLength(canonical: string): number {
    const packed = planLengths(canonical);
    if (packed !== 0) return (packed >> 6) & 63;
    return this.of(canonical)?.local.length ?? 0;
  }

  /** Length of the area prefix (characters of the E.164 string); 0 when the number has none. */
  areaLength(canonical: string): number {
    const packed = planLengths(canonical);
    if (packed !== 0) return packed & 63;
    return this.of(canonical)?.area.length ?? 0;
  }

  /** True when `other` starts with the local prefix of `reference` (and is not the same number). */
  sharesLocal(reference: string, other: string): boolean {
    const n = this.localLength(reference);
    return n > 0 && other !== reference && sameLeading(reference, other, n);
  }

  /** True when `other` starts with the area prefix of `reference`. */
  sharesArea(reference: string, other: string): boolean {
    const n = this.areaLength(reference);
    return n > 0 && sameLeading(reference, other, n);
  }

  private compute(e164: string): PrefixParts | null {
    const info = this.numbers.info(e164);
    if (info.kind !== 'e164' || !info.callingCode || !info.national) return null;
    const cc = info.callingCode.length + 1;
    const national = info.national;
    const geographic = info.type === 'fixed-line' || info.type === 'fixed-line-or-mobile';
    const formatted = parsePhoneNumberFromString(e164)?.formatInternational() ?? '';
    const groups = formatted.split(' ');
    // groups[0] is +cc; groups[1] is the national destination code when the plan groups numbers.
    const ndc = groups.length >= 3 ? groups[1].replace(/\D/g, '') : '';
    if (ndc.length > 0 && national.startsWith(ndc) && ndc.length < national.length - 2) {
      return {
        local: e164.slice(0, cc + ndc.length + 1),
        area: e164.slice(0, cc + ndc.length),
        geographic,
        method: 'format',
      };
    }
    const local = Math.max(1, national.length - FALLBACK_SUBSCRIBER_DIGITS);
    return {
      local: e164.slice(0, cc + local),
      area: e164.slice(0, cc + Math.max(1, local - 1)),
      geographic,
      method: 'fallback',
    };
  }
}

/** True when the first `n` characters of `a` and `b` are equal (both at least `n` long). */
export function sameLeading(a: string, b: string, n: number): boolean {
  if (a.length < n || b.length < n) return false;
  for (let i = n - 1; i >= 0; i--) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}
