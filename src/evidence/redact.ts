/**
 * `report --redact`: masks third-party numbers everywhere in the evidence package (reports, findings
 * document, evidence CSVs including each row's original text, chart labels) and keeps the numbers the
 * people handling the case need.
 *
 * Kept in full:
 * - the owner's number (`--owner`);
 * - every finding's subject. A subject is either the attacker (robocall-flood, repeat-caller) or the
 *   attacked line, which is the owner's side (call-storm, rotating-foreign-callers, neighbor-spoofing,
 *   spoofed-number-callbacks); a prefix subject is a number range, not a person's number;
 * - the called line of a repeat-caller finding (`metrics.callee`: the harassed line, owner's side);
 * - suspects found in a finding's rows: in a robocall-flood whose subject is a caller prefix (the
 *   platform rotates numbers), the callers inside that prefix; in a rotating-foreign-callers finding,
 *   the foreign numbers (the wangiri numbers and the premium numbers the victim is lured into calling
 *   back). These are kept in that finding's rows and tables only;
 * - premium-rate numbers (services that bill the caller, not people) and short codes; `withheld`.
 * Everything else is a third party and masked: `+33612345678` -> `+33•••••••78` (country code and
 * last two digits kept). Display names of masked callers are hidden too.
 *
 * Free text (a row's original text, summaries, metric values) is scanned once for number-like tokens:
 * international (`+` or `00` then digits, separators allowed), national (trunk `0`, separators allowed)
 * and runs of 7 to 15 digits. In a row's text, a token that is the row's own caller or callee in any
 * written form (`+33 6 12 34 56 78`, `+33 (0)6...`, `0033612345678`, `06.12.34.56.78`, `612345678`) is
 * masked by comparing digits (no parsing); any other token is masked when it reads as a phone number of
 * a third party: an international form, a plain digit run that parses as a number, or a national form
 * with separators that is a valid number and not a date. Digits of a masked token are replaced by `•`
 * except the last two (and the country code of an international form), keeping the layout of the text.
 * Tokens are parsed through a bounded cache of their own, so timestamps and ids never fill the
 * run-wide number caches.
 */

import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { NumberBook } from '../records/numbers.js';
import type { CallRecord } from '../records/record.js';
import { WITHHELD } from '../records/record.js';
import type { Finding } from './finding.js';

export const MASK = '\u2022';
/** What replaces a masked caller's display name. */
export const HIDDEN_NAME = `${MASK}${MASK}${MASK}`;

export type Role = 'caller' | 'callee';

export interface RedactorOptions {
  enabled: boolean;
  owner: string | null;
  /** ISO 3166 alpha-2 of the numbering plan of the analysis (foreign = another country). */
  country: string;
  findings: readonly Finding[];
  numbers: NumberBook;
}

/**
 * Number-like tokens in free text: international (`+`/`00`, up to three separator characters between
 * digits: `+33 (0)6 12...`), national (trunk `0`, single separators, not inside a date or a time), or
 * 7 to 15 plain digits.
 */
const TOKEN =
  /(?<![\w+])(?:\+|00)[ \u00a0]?\d(?:[ \u00a0.\-/()]{0,3}\d){6,16}(?!\d)|(?<![\w+.\-/:])\(?0\)?[ \u00a0.-]?\d(?:[ \u00a0.-]?\d){5,13}(?!\d)|(?<![\w+])\d{7,15}(?!\d)/g;
/** A date at the start of a token (`02.03.2026 14`): not a number. */
const DATE_START = /^\d{1,2}[.\-/ ]\d{1,2}[.\-/ ]\d{4}/;
const CACHE_SIZE = 50_000;

interface FindingRule {
  kind: Finding['kind'];
  subject: string;
  prefix: boolean;
}

/** How a token parses as a phone number. */
interface Parsed {
  e164: string | null;
  valid: boolean;
  callingCode: string;
}

/** A row's own number, to recognise in its text whatever the written form. */
interface Target {
  /** National significant number; null for numbers that are not E.164 (matched literally). */
  nsn: string | null;
  callingCode: string;
  /** Digits allowed before the NSN: none, trunk 0, country code, with 00, with (0). */
  prefixes: Set<string>;
  literal: string;
}

export class Redactor {
  readonly enabled: boolean;
  private readonly numbers: NumberBook;
  private readonly country: string;
  private readonly kept = new Set<string>();
  private readonly rules: FindingRule[];
  private readonly decisions = new Map<string, boolean>();
  private readonly masks = new Map<string, string>();
  private readonly targets = new Map<string, Target>();
  private readonly parsed = new Map<string, Parsed>();

  constructor(opts: RedactorOptions) {
    this.enabled = opts.enabled;
    this.numbers = opts.numbers;
    this.country = opts.country;
    if (opts.owner) this.kept.add(opts.owner);
    this.rules = opts.findings.map((f) => ({
      kind: f.kind,
      subject: f.subject,
      prefix: f.subjectType === 'prefix',
    }));
    for (const f of opts.findings) {
      if (f.subjectType === 'number') this.kept.add(f.subject);
      if (f.kind === 'repeat-caller' && typeof f.metrics.callee === 'string') this.kept.add(f.metrics.callee);
    }
  }

  /**
   * True when a canonical number is shown in full: owner, subjects, premium-rate numbers, short codes,
   * `withheld`; within finding `k`, also that finding's suspects (see the file header).
   */
  isKept(value: string, k?: number, role?: Role): boolean {
    if (!this.enabled || value === '' || value === WITHHELD || this.kept.has(value)) return true;
    if (k !== undefined && this.keptInFinding(value, k, role)) return true;
    let kept = this.decisions.get(value);
    if (kept === undefined) {
      const info = this.numbers.info(value);
      kept =
        info.kind === 'withheld' ||
        info.kind === 'short' ||
        info.kind === 'empty' ||
        info.type === 'premium-rate' ||
        !/\d{3}/.test(value.replace(/\D/g, ''));
      this.decisions.set(value, kept);
    }
    return kept;
  }

  /** A canonical number (a record's caller or callee, a table key), masked when it is a third party's. */
  number(value: string, k?: number, role?: Role): string {
    return this.isKept(value, k, role) ? value : this.mask(value);
  }

  /** A caller's display name: hidden when the caller is masked. */
  name(name: string | undefined, caller: string, k?: number): string {
    if (!name) return '';
    if (this.isKept(caller, k, 'caller')) return this.text(name, k);
    return HIDDEN_NAME;
  }

  /** The original text of a record's row: its caller, callee and name masked as above, then any other number. */
  raw(raw: string, r: Pick<CallRecord, 'caller' | 'callee' | 'callerName'>, k?: number): string {
    if (!this.enabled || raw === '') return raw;
    const callerMasked = !this.isKept(r.caller, k, 'caller');
    const calleeMasked = !this.isKept(r.callee, k, 'callee');
    const targets: Target[] = [];
    if (callerMasked) targets.push(this.target(r.caller));
    if (calleeMasked) targets.push(this.target(r.callee));
    let out = raw;
    for (const t of targets) {
      if (t.nsn === null && t.literal.length > 2) out = out.split(t.literal).join(maskDigits(t.literal));
    }
    if (callerMasked && r.callerName && r.callerName.length >= 2)
      out = out.split(r.callerName).join(HIDDEN_NAME);
    return out.replace(TOKEN, (m) => {
      if (targets.length > 0) {
        const digits = m.replace(/\D/g, '');
        for (const t of targets) {
          if (t.nsn === null || !digits.endsWith(t.nsn)) continue;
          if (t.prefixes.has(digits.slice(0, digits.length - t.nsn.length)))
            return this.maskWritten(m, t.callingCode);
        }
      }
      return this.maskToken(m, k);
    });
  }

  /** Free text (summaries, metric values, names): numbers of third parties masked. */
  text(text: string, k?: number): string {
    if (!this.enabled || text === '') return text;
    return text.replace(TOKEN, (m) => this.maskToken(m, k));
  }

  /** `+33612345678` -> `+33•••••••78`; other strings: every digit but the last two. */
  mask(value: string): string {
    let masked = this.masks.get(value);
    if (masked === undefined) {
      const info = this.numbers.info(value);
      masked =
        info.kind === 'e164' && info.callingCode && info.national && info.national.length > 2
          ? `+${info.callingCode}${MASK.repeat(info.national.length - 2)}${info.national.slice(-2)}`
          : maskDigits(value);
      if (this.masks.size >= CACHE_SIZE) this.masks.clear();
      this.masks.set(value, masked);
    }
    return masked;
  }

  /** A number-like token of a text that is not one of the row's own numbers. */
  private maskToken(m: string, k: number | undefined): string {
    const international = m[0] === '+' || m.startsWith('00');
    const separated = /[^\d+]/.test(m);
    if (separated && !international && DATE_START.test(m)) return m;
    const p = this.parse(m);
    if (separated && !p.valid) {
      // `+33140000000 6 fois`: the separators may have joined a number and the figure after it. Keep
      // the longest leading groups that make a valid number, and read the rest again.
      for (let cut = m.length - 1; cut > 0; cut--) {
        if (/[\d+]/.test(m[cut]) || !/\d/.test(m[cut - 1])) continue;
        const head = m.slice(0, cut);
        if (this.parse(head).valid) {
          return this.maskToken(head, k) + m.slice(cut).replace(TOKEN, (r) => this.maskToken(r, k));
        }
      }
      // A national form with separators must be a valid number (not a figure, a date, an amount).
      if (!international) return m;
    }
    if (p.e164 === null) {
      // Not a number of any plan: an international form long enough to be a whole number is masked
      // anyway (a prefix such as +1212555 is not); plain digits (ids, timestamps) are left.
      return international && m.replace(/\D/g, '').length >= 10 ? maskDigits(m) : m;
    }
    if (this.isKept(p.e164, k)) return m;
    return this.maskWritten(m, p.callingCode);
  }

  /** A number as written in a text, masked in place; an international form keeps its country code. */
  private maskWritten(written: string, callingCode: string): string {
    const intl = written.startsWith('+') ? 0 : written.startsWith('00') ? 2 : -1;
    return maskDigits(written, intl >= 0 && callingCode ? intl + callingCode.length : 0);
  }

  /** Parses a token as a phone number of the analysis' plan (bounded cache). */
  private parse(token: string): Parsed {
    let p = this.parsed.get(token);
    if (p === undefined) {
      const compact = token.replace(/[^\d+]/g, '');
      const n = parsePhoneNumberFromString(compact, this.country as CountryCode);
      p = n?.isPossible()
        ? { e164: n.number, valid: n.isValid(), callingCode: n.countryCallingCode }
        : { e164: null, valid: false, callingCode: '' };
      if (this.parsed.size >= CACHE_SIZE) this.parsed.clear();
      this.parsed.set(token, p);
    }
    return p;
  }

  /** How a row's own number may be written (cached per number). */
  private target(value: string): Target {
    let t = this.targets.get(value);
    if (t === undefined) {
      const info = this.numbers.info(value);
      if (info.kind === 'e164' && info.callingCode && info.national) {
        const cc = info.callingCode;
        t = {
          nsn: info.national,
          callingCode: cc,
          prefixes: new Set(['', '0', cc, `${cc}0`, `00${cc}`, `00${cc}0`]),
          literal: value,
        };
      } else t = { nsn: null, callingCode: '', prefixes: new Set(), literal: value };
      if (this.targets.size >= CACHE_SIZE) this.targets.clear();
      this.targets.set(value, t);
    }
    return t;
  }

  private keptInFinding(value: string, k: number, role: Role | undefined): boolean {
    const rule = this.rules[k];
    if (rule === undefined) return false;
    if (rule.kind === 'robocall-flood' && rule.prefix) {
      return role !== 'callee' && value.startsWith(rule.subject);
    }
    if (rule.kind === 'rotating-foreign-callers') {
      const info = this.numbers.info(value);
      return info.kind === 'e164' && info.country !== undefined && info.country !== this.country;
    }
    return false;
  }
}

/**
 * Every digit but the first `keepLeading` and the last two replaced by `•`, other characters kept:
 * `06 12 34 56 78` -> `•• •• •• •• 78`.
 */
export function maskDigits(text: string, keepLeading = 0): string {
  let digits = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) digits++;
  if (digits <= keepLeading + 2) return text;
  let seen = 0;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      seen++;
      out += seen > keepLeading && seen <= digits - 2 ? MASK : text[i];
    } else out += text[i];
  }
  return out;
}
