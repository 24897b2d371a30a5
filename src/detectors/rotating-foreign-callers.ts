/**
 * rotating-foreign-callers: a line rung by many different foreign numbers, each calling once or twice,
 * almost always missed or cut after a ring (wangiri, "one ring and cut"). The money is in the victim's
 * callback to an international premium number, so outgoing calls from the line to those numbers are
 * looked for and raise the severity.
 *
 * Method: for each target line (the owner with `--owner`, else every callee), every foreign caller
 * (calling country differs from the line's) is aggregated: calls, short calls (not answered, or answered
 * for at most `maxRingSeconds`), first and last call. A caller "rings and cuts" when it called at most
 * `maxCallsPerNumber` times and every call was short. The `windowDays` window holding the most first
 * calls of such numbers is the episode. It needs at least `minNumbers` of them; it is medium or high when
 * (1) they are at least `minShare` of the foreign callers first seen in the window, (2) so many short
 * callers are improbable when the export's domestic inbound calls are short at the rate they are
 * (binomial tail), and (3) when the line has at least `windowDays` of history outside the window, the
 * count is improbable under the line's own rate of such numbers (Poisson tail); both tails at most
 * `maxPValue` divided by the number of lines tested (Bonferroni: an operator-wide export tests thousands
 * of lines); a window whose binomial tail is above `maxPValue` even uncorrected (ordinary missed calls),
 * or where most foreign callers talked (share under one half), is not reported. Outgoing calls from the line to those numbers from the episode on are callbacks and make it
 * high. Countries are never hard-coded: any plan other than the line's is foreign.
 *
 * Metrics:
 * - `numbers`: distinct foreign numbers that rang and cut in the episode.
 * - `calls`: their calls to the line in the episode (callbacks not included).
 * - `countries`: their countries (ISO 3166 alpha-2), most frequent first.
 * - `numberTypes`: their number types (`premium-rate`, `mobile`, `fixed-line`...), most frequent first.
 * - `premiumRateNumbers`: how many of them are premium-rate or shared-cost numbers.
 * - `foreignCallers`: distinct foreign numbers first seen in the window (rang-and-cut or not).
 * - `share`: numbers / foreignCallers.
 * - `nightShare`: share of their calls between 22:00 and 07:00 in the report's zone.
 * - `callbacks`: outgoing calls from the line to those numbers in the episode; `callbackNumbers`: which;
 *   `callbackSeconds`: total talk time of the callbacks.
 * - `baselineMethod`: `poisson` (the line's own rate outside the window) or `floor` (too little history);
 *   `expected`: numbers expected in a window at that rate; `pValue`: its Poisson tail.
 * - `referenceShortRate`: share of short calls among the export's domestic inbound calls (0.5 when there
 *   are fewer than 20); `shortPValue`: binomial tail of the short callers against it; `linesTested`.
 */
import { type CountryCode, getCountryCallingCode } from 'libphonenumber-js/max';
import { countryNames } from '../records/countries.js';
import { callingCodeLength, hasSharedCallingCode, sameLeading } from '../records/local-prefix.js';
import { isE164, type NumberBook } from '../records/numbers.js';
import { type CallRecord, WITHHELD } from '../records/record.js';
import { formatCount, formatDecimal } from '../records/text.js';
import { DAY } from '../windows/buckets.js';
import { binomialTail, densestWindow, round2, windowSurprise } from '../windows/dispersion.js';
import { inboundLine, localHour, outboundLine } from '../windows/lines.js';
import { growFloat64, growInt32, grownRows, growUint8, PairIndex } from '../windows/pair-index.js';
import { readAhead } from '../windows/read-ahead.js';
import { TimeColumn } from '../windows/time-column.js';
import type { Candidate, Detector, DetectorContext, DetectorMeta, DetectorRun, Severity } from './types.js';

const meta: DetectorMeta = {
  id: 'rotating-foreign-callers',
  title: { en: 'Rotating foreign callers (wangiri)', fr: 'Appels étrangers tournants (wangiri)' },
  looksFor: {
    en:
      'Many different foreign numbers that each call a line once or twice, almost always missed or cut ' +
      'after a ring, so that the owner calls back an international, often premium-rate, number. Outgoing ' +
      'calls to those numbers (callbacks) are listed.',
    fr:
      'De nombreux numéros étrangers différents qui appellent chacun une ligne une ou deux fois, presque ' +
      'toujours en absence ou coupés après une sonnerie, pour que l’abonné rappelle un numéro ' +
      'international, souvent surtaxé. Les appels sortants vers ces numéros (rappels) sont listés.',
  },
  params: {
    minNumbers: {
      default: 5,
      unit: 'numbers',
      why:
        'Distinct foreign numbers that rang and cut in one window. The source case: calls "from Italy, ' +
        'Spain and Germany, a different number each time"; a person with family abroad has a few ' +
        'foreign numbers that call repeatedly, not five one-off ones.',
    },
    maxCallsPerNumber: {
      default: 2,
      unit: 'calls',
      why: 'Wangiri numbers rotate: each calls once or twice before the next one is used.',
    },
    maxRingSeconds: {
      default: 5,
      unit: 'seconds',
      why:
        'Wangiri is "one ring and cut", 1-2 s; an answered call under ~3-6 s carries no message (97 % of ' +
        'people listen at least 6 s, Kimball et al. in Tu et al., IEEE S&P 2016).',
    },
    windowDays: {
      default: 30,
      unit: 'days',
      why: 'Waves last days to weeks ("at irregular intervals, several times a day sometimes").',
    },
    minShare: {
      default: 0.8,
      unit: 'share',
      why:
        'Share of the window’s new foreign callers that rang and cut ("mostly missed or ring-only"): in ' +
        'the source case every call was; genuine or misrouted international callers (a misdialled range, ' +
        'family abroad) get answered and talk, so they stay well below.',
    },
    maxPValue: {
      default: 0.001,
      unit: 'probability',
      why:
        'Bar for the binomial tail (short callers against the export’s usual share of short calls) and the ' +
        'Poisson tail (against the line’s own rate), divided by the number of lines tested.',
    },
  },
  falsePositives: [
    {
      en: 'An international business line whose foreign customers often hang up before being answered.',
      fr: 'Une ligne d’entreprise internationale dont les clients étrangers raccrochent souvent avant la réponse.',
    },
    {
      en: 'Foreign call centres or delivery services that give up after one ring (also unwanted, but not fraud).',
      fr: 'Centres d’appels ou livreurs étrangers qui abandonnent après une sonnerie (indésirables, mais pas une fraude).',
    },
    {
      en: 'Roaming relatives or friends whose calls fail abroad and are retried from another line.',
      fr: 'Proches en itinérance dont les appels échouent à l’étranger et sont refaits depuis une autre ligne.',
    },
  ],
  references: [
    'Telephony facts: wangiri "one ring and cut", 1-2 s, timed to be missed; the money is in the callback',
    'Centre for Cybersecurity Belgium / Federal Computer Crime Unit advice: never answer or call back',
    'Kimball et al., in Tu et al., "SoK: Everyone Hates Robocalls", IEEE S&P 2016 (6 s listening threshold)',
  ],
  limits: {
    en:
      'A foreign calling number can be spoofed or belong to an innocent subscriber; the records show that ' +
      'calls arrived, not who placed them or that a callback was billed at a premium rate (check the bill). ' +
      'Number types come from the numbering plan, not from the operator holding the number today.',
    fr:
      'Un numéro étranger peut être usurpé ou appartenir à un abonné innocent ; les enregistrements montrent ' +
      'que des appels sont arrivés, pas qui les a passés, ni qu’un rappel a été facturé au prix surtaxé ' +
      '(voir la facture). Le type de numéro vient du plan de numérotation, pas de l’opérateur actuel.',
  },
};

/** Domestic inbound calls needed before their share of short calls is used as the reference. */
const MIN_DOMESTIC_CALLS = 20;
/** Reference share of short calls without enough domestic calls: as likely short as not. */
const UNINFORMED_SHORT_RATE = 0.5;
/** Callback times kept per (line, foreign number). */
const CALLBACK_TIMES_CAP = 64;
/**
 * A (line, caller) pair's ringer state packs its calls (low 16 bits) and night calls (bits 16-30) into
 * one int32, or is NOT_RINGER once a call was long or the calls went past `maxCallsPerNumber` (a pair
 * never becomes a ringer again, so nothing else about it is needed but its first call). Hence calls per
 * ringer are capped at this (a `maxCallsPerNumber` above it acts as it).
 */
const MAX_RINGER_CALLS = 0x7fff;
const NOT_RINGER = -1;
const NIGHT_UNIT = 0x10000;
/**
 * Rows buffered before they are counted (`countRows`), and calls between lines and foreign numbers
 * before they are (`countBatch`): enough for their table reads to overlap, few enough to stay in the
 * first-level cache.
 */
const BATCH = 64;
/** Direction of a batched call: inbound to the line, or outbound from it. */
const BATCH_IN = 0;
const BATCH_OUT = 1;
/** Direction of a waiting row (see `countRows`): `in`, `out`, or `unknown` (either way). */
const ROW_IN = 0;
const ROW_OUT = 1;
const ROW_EITHER = 2;

/**
 * Line key of the owner when `--owner` is given: records of a phone log leave the owner's side empty,
 * so the owner's line is keyed apart from ids (never an id; per-key arrays are indexed by key + 1).
 */
const OWNER_KEY = -1;

// Per-key facts (low bits of `NumberFacts.word`), learnt once per number id.
const KNOWN = 1;
const WITHHELD_NUMBER = 2;
/** An E.164 number (NumberBook.isE164): can be foreign to a line. */
const E164 = 4;
/** As a line, no reference calling code (not E.164 and no country for the run): nothing is foreign. */
const NO_REFERENCE = 8;
/** The line's calling code is shared by several countries: then only countries tell. */
const SHARED_CODE = 16;
/** The line's reference is the line itself (else the run's country calling code). */
const SELF_REFERENCE = 32;
/** An E.164 string too short for `lead3`: compared by the string functions (never seen in practice). */
const SLOW = 64;
/** The number is the owner (its line is keyed OWNER_KEY). */
const IS_OWNER = 128;
/** The empty string (a phone log's owner side). */
const EMPTY = 256;
/**
 * The rest of a number's word: its first three digits + 1 (bits 9-18, 0 when it has none), as a line
 * its reference calling code's digits + 1 (bits 19-28) and that code's index in LEADING_DIVISOR (bits
 * 29-30). Both digit fields are at least -1 and at most 999, so the word is a non-negative int32.
 */
const LEAD_SHIFT = 9;
const REF_CODE_SHIFT = 19;
const REF_CUT_SHIFT = 29;
const DIGITS_MASK = 1023;
/** Divisors taking the first 3, 2 or 1 of three leading digits. */
const LEADING_DIVISOR = [1, 10, 100];

/**
 * NumberBook.isE164 as it answered when the rows being counted were read. It says no to a string once
 * the book files a raw spelling of it (`rawPlus`); rows are counted a little after they are read (see
 * `countRows`), so the strings filed in between (`late`) still count as E.164 for them.
 */
class E164Test {
  late: readonly string[] = [];

  constructor(private readonly numbers: NumberBook) {}

  is(value: string): boolean {
    if (this.numbers.isE164(value)) return true;
    return this.late.length > 0 && isE164(value) && this.late.includes(value);
  }
}

/**
 * Decides whether a number is foreign to a line. Calling codes are compared by their leading digits (no
 * parsing, no per-line state); only codes shared by several countries (`+1`, `+7`, `+44`...) need the
 * countries of both numbers, which NumberBook caches. The string form, used once per number id to learn
 * the facts the per-record test reads from typed arrays (see `NumberFacts`).
 */
class Foreignness {
  /** `+cc` of the run's country, for lines that are not E.164 numbers (PBX extensions). */
  readonly homePrefix: string;

  constructor(
    private readonly numbers: NumberBook,
    private readonly country: string,
    private readonly e164: E164Test,
  ) {
    let code = '';
    try {
      code = getCountryCallingCode(country as CountryCode);
    } catch {
      code = '';
    }
    this.homePrefix = code ? `+${code}` : '';
  }

  /** True when `other` (canonical) is an E.164 number of another country than `line`'s. */
  isForeign(line: string, other: string): boolean {
    if (!this.e164.is(other)) return false;
    let reference = line;
    let n = callingCodeLength(line) + 1;
    if (n === 1) {
      // Not an E.164 line (extension, short code): the run's country is the line's.
      if (this.homePrefix === '') return false;
      reference = this.homePrefix;
      n = reference.length;
    }
    if (!sameLeading(reference, other, n)) return true;
    if (!hasSharedCallingCode(reference)) return false;
    const a = reference === line ? this.numbers.info(line).country : this.country;
    const b = this.numbers.info(other).country;
    return a !== undefined && b !== undefined && a !== b;
  }
}

/** First three digits after `+` as one integer, or -1. */
function lead3(s: string): number {
  if (s.length < 4 || s.charCodeAt(0) !== 43) return -1;
  const d1 = s.charCodeAt(1) - 48;
  const d2 = s.charCodeAt(2) - 48;
  const d3 = s.charCodeAt(3) - 48;
  if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9 || d3 < 0 || d3 > 9) return -1;
  return d1 * 100 + d2 * 10 + d3;
}

/**
 * What the per-record path needs to know about a number, learnt once per id into one int32 word per
 * key, indexed by key + 1 (slot 0 is the owner's line): its facts, first three digits and, as a line,
 * its reference calling code. One word, so that a record reads one cache line per number rather than
 * one per fact, and never the number's string (a cache miss of its own: strings are spread over the
 * heap). `isForeign` then gives Foreignness's answer from the two words; countries are looked up (and
 * interned) only for shared calling codes.
 */
class NumberFacts {
  word = new Int32Array(1024);
  /** Interned country (-1: none), -2 until asked. */
  country = new Int16Array(1024).fill(-2);
  private readonly countryIds = new Map<string | undefined, number>();
  private readonly runCountry: number;

  constructor(
    private readonly numbers: NumberBook,
    private readonly foreignness: Foreignness,
    private readonly e164: E164Test,
    private readonly owner: string | undefined,
    country: string,
  ) {
    this.countryIds.set(undefined, -1);
    this.runCountry = this.intern(country);
    if (owner !== undefined) this.learn(0, owner);
  }

  /** Slots held (every key + 1 below it has one). */
  get slots(): number {
    return this.word.length;
  }

  /** Makes sure ids up to `id` have a slot (slot = id + 1). */
  reserve(id: number): void {
    const need = id + 2;
    if (need <= this.word.length) return;
    let n = this.word.length;
    while (n < need) n *= 2;
    const word = new Int32Array(n);
    word.set(this.word);
    this.word = word;
    const country = new Int16Array(n).fill(-2);
    country.set(this.country);
    this.country = country;
  }

  /** Word of a number id, learnt on first use. */
  of(id: number): number {
    const w = this.word[id + 1];
    return w !== 0 ? w : this.learn(id + 1, this.numbers.valueOf(id));
  }

  /** Facts of a line key (already learnt). */
  ofKey(key: number): number {
    return this.word[key + 1];
  }

  /** Line key of a number id: OWNER_KEY for the owner, else the id. */
  lineKey(id: number): number {
    return (this.of(id) & IS_OWNER) !== 0 ? OWNER_KEY : id;
  }

  /** Foreignness.isForeign for a line key and a number id (both already learnt). */
  isForeign(lineKey: number, other: number): boolean {
    const o = this.word[other + 1];
    if ((o & E164) === 0) return false;
    const l = this.word[lineKey + 1];
    if ((l & NO_REFERENCE) !== 0) return false;
    if (((l | o) & SLOW) !== 0)
      return this.foreignness.isForeign(this.valueOfKey(lineKey), this.numbers.valueOf(other));
    const lead = ((o >>> LEAD_SHIFT) & DIGITS_MASK) - 1;
    const refCode = ((l >>> REF_CODE_SHIFT) & DIGITS_MASK) - 1;
    if (Math.floor(lead / LEADING_DIVISOR[l >>> REF_CUT_SHIFT]) !== refCode) return true;
    if ((l & SHARED_CODE) === 0) return false;
    const a = (l & SELF_REFERENCE) !== 0 ? this.countryOf(lineKey + 1) : this.runCountry;
    const b = this.countryOf(other + 1);
    return a >= 0 && b >= 0 && a !== b;
  }

  valueOfKey(key: number): string {
    return key === OWNER_KEY ? (this.owner as string) : this.numbers.valueOf(key);
  }

  private countryOf(slot: number): number {
    let c = this.country[slot];
    if (c === -2) {
      c = this.intern(
        this.numbers.info(slot === 0 ? (this.owner as string) : this.numbers.valueOf(slot - 1)).country,
      );
      this.country[slot] = c;
    }
    return c;
  }

  private intern(country: string | undefined): number {
    let c = this.countryIds.get(country);
    if (c === undefined) {
      c = this.countryIds.size - 1;
      this.countryIds.set(country, c);
    }
    return c;
  }

  private learn(slot: number, value: string): number {
    let f = KNOWN;
    let lead = -1;
    let refCode = -1;
    let refCut = 0;
    if (value === '') f |= EMPTY;
    if (value === WITHHELD) f |= WITHHELD_NUMBER;
    if (slot !== 0 && value === this.owner) f |= IS_OWNER;
    if (this.e164.is(value)) {
      f |= E164;
      lead = lead3(value);
      if (lead < 0) f |= SLOW;
    }
    const n = callingCodeLength(value);
    if (n > 0) {
      f |= SELF_REFERENCE;
      if (hasSharedCallingCode(value)) f |= SHARED_CODE;
      refCut = 3 - n;
      refCode = Math.floor(lead3(value) / LEADING_DIVISOR[3 - n]);
    } else {
      const home = this.foreignness.homePrefix;
      if (home === '') f |= NO_REFERENCE;
      else {
        if (hasSharedCallingCode(home)) f |= SHARED_CODE;
        const digits = home.length - 1;
        if (digits > 3) f |= SLOW;
        else {
          refCut = 3 - digits;
          refCode = Number(home.slice(1));
        }
      }
    }
    const word =
      f + (lead + 1) * 2 ** LEAD_SHIFT + (refCode + 1) * 2 ** REF_CODE_SHIFT + refCut * 2 ** REF_CUT_SHIFT;
    this.word[slot] = word;
    return word;
  }
}

/**
 * First-pass state, all in typed columns:
 * - inbound: one row per (line, foreign caller) pair, in order of first appearance (which
 *   orders lines and breaks ties between equal first calls): first and last call, ringer state (calls and night calls while it can still ring and cut);
 * - outbound: one row per (line, foreign callee) pair with up to CALLBACK_TIMES_CAP calls, kept as a
 *   linked list of (time, talk seconds) events.
 * Memory grows with those pairs, never with rows beyond the cap.
 */
function create(ctx: DetectorContext): DetectorRun {
  const p = ctx.params;
  const owner = ctx.owner;
  const numbers = ctx.numbers;
  const e164 = new E164Test(numbers);
  const foreignness = new Foreignness(numbers, ctx.country, e164);
  const facts = new NumberFacts(numbers, foreignness, e164, owner, ctx.country);
  const maxRing = p.maxRingSeconds;
  const maxCalls = Math.min(p.maxCallsPerNumber, MAX_RINGER_CALLS);
  const clock = ctx.clock;

  const inbound = new PairIndex();
  const first = new TimeColumn();
  const last = new TimeColumn();
  let state = new Int32Array(0);

  const outbound = new PairIndex();
  let outCount = new Uint8Array(0);
  /** Latest event of the pair + 1 (0: none). */
  let outHead = new Int32Array(0);
  let events = 0;
  const eventTime = new TimeColumn();
  let eventSeconds = new Float64Array(0);
  let eventNext = new Int32Array(0);

  /** First and last call of the data set: the history every line is judged against. */
  let spanStart = Number.POSITIVE_INFINITY;
  let spanEnd = Number.NEGATIVE_INFINITY;
  /** Inbound calls from domestic numbers, and how many were short: the reference rate of short calls. */
  let domesticCalls = 0;
  let domesticShort = 0;

  function inboundCall(line: number, caller: number, t: number, short: boolean): void {
    const i = inbound.add(line, caller);
    if (i >= state.length) {
      const rows = inbound.rows;
      first.resize(rows);
      last.resize(rows);
      state = growInt32(state, rows);
    }
    if (inbound.added) {
      first.set(i, t);
      last.set(i, t);
    } else {
      if (t < first.get(i)) first.set(i, t);
      // Only a ringer's last call is ever read (evaluate), and a pair never becomes one again.
      if (state[i] !== NOT_RINGER && t > last.get(i)) last.set(i, t);
    }
    const s = state[i];
    if (s === NOT_RINGER) return;
    const calls = (s & 0xffff) + 1;
    if (!short || calls > maxCalls) {
      state[i] = NOT_RINGER;
      return;
    }
    const h = localHour(clock, t);
    state[i] = s + 1 + (h >= 22 || h < 7 ? NIGHT_UNIT : 0);
  }

  function outboundCall(line: number, callee: number, t: number, seconds: number): void {
    const i = outbound.add(line, callee);
    if (i >= outCount.length) {
      const rows = outbound.rows;
      outCount = growUint8(outCount, rows);
      outHead = growInt32(outHead, rows);
    }
    if (outCount[i] >= CALLBACK_TIMES_CAP) return;
    outCount[i]++;
    if (events === eventSeconds.length) {
      const rows = grownRows(events);
      eventTime.resize(rows);
      eventSeconds = growFloat64(eventSeconds, rows);
      eventNext = growInt32(eventNext, rows);
    }
    eventTime.set(events, t);
    eventSeconds[events] = seconds;
    eventNext[events] = outHead[i];
    outHead[i] = ++events;
  }

  // Calls between a line and a foreign number waiting to be counted, in order of arrival: direction
  // (BATCH_IN, BATCH_OUT), line key, the foreign number's id, start, and whether the inbound call was
  // short or the outbound call's talk time.
  const batchKind = new Uint8Array(BATCH);
  const batchLine = new Int32Array(BATCH);
  const batchOther = new Int32Array(BATCH);
  const batchStart = new Float64Array(BATCH);
  const batchValue = new Float64Array(BATCH);
  let batched = 0;

  function batch(kind: number, line: number, other: number, t: number, value: number): void {
    const k = batched++;
    batchKind[k] = kind;
    batchLine[k] = line;
    batchOther[k] = other;
    batchStart[k] = t;
    batchValue[k] = value;
    if (batched === BATCH) countBatch();
  }

  /**
   * Counts the batched calls in order. Each looks its pair up in a table of megabytes, then reads the
   * pair's columns: the lookups and the inbound pairs' state and first call are read ahead for the whole
   * batch first (see windows/read-ahead.ts).
   */
  function countBatch(): void {
    const n = batched;
    batched = 0;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      if (batchKind[k] === BATCH_IN) {
        const i = inbound.indexOf(batchLine[k], batchOther[k]);
        if (i >= 0) sum += state[i] + first.get(i);
      } else {
        const i = outbound.indexOf(batchLine[k], batchOther[k]);
        if (i >= 0) sum += outCount[i];
      }
    }
    readAhead.sum += sum;
    for (let k = 0; k < n; k++) {
      if (batchKind[k] === BATCH_IN)
        inboundCall(batchLine[k], batchOther[k], batchStart[k], batchValue[k] === 1);
      else outboundCall(batchLine[k], batchOther[k], batchStart[k], batchValue[k]);
    }
  }

  // Rows waiting to be counted (internal calls left out), in order of arrival: start, direction
  // (ROW_IN, ROW_OUT, ROW_EITHER), caller and callee ids, answered (1) or not, talk time.
  const rowStart = new Float64Array(BATCH);
  const rowDirection = new Uint8Array(BATCH);
  const rowCaller = new Int32Array(BATCH);
  const rowCallee = new Int32Array(BATCH);
  const rowAnswered = new Uint8Array(BATCH);
  const rowDuration = new Float64Array(BATCH);
  let rows = 0;
  let rowsMaxId = 0;
  /** `rawPlus` entries when the waiting rows were read. */
  let rawPlusSize = numbers.rawPlus.size;

  /**
   * Counts the waiting rows in order. Each reads the facts of its two numbers, one word per number id
   * in an array of megabytes: those are read ahead for all the rows first (see windows/read-ahead.ts).
   */
  function countRows(): void {
    const n = rows;
    rows = 0;
    facts.reserve(rowsMaxId);
    rowsMaxId = 0;
    const word = facts.word;
    let sum = 0;
    for (let k = 0; k < n; k++) sum += word[rowCaller[k] + 1] + word[rowCallee[k] + 1];
    readAhead.sum += sum;
    for (let k = 0; k < n; k++) countRow(k);
  }

  function countRow(k: number): void {
    const t = rowStart[k];
    const d = rowDirection[k];
    const caller = rowCaller[k];
    const callee = rowCallee[k];
    const callerFacts = facts.of(caller);
    const calleeFacts = facts.of(callee);
    if (d !== ROW_OUT) {
      // The line a call arrives on (windows/lines.ts inboundLine), as a key.
      let line = -2;
      if ((calleeFacts & EMPTY) === 0) line = (calleeFacts & IS_OWNER) !== 0 ? OWNER_KEY : callee;
      else if (d === ROW_IN && owner) line = OWNER_KEY;
      if (line !== -2 && (facts.ofKey(line) & WITHHELD_NUMBER) === 0) {
        const short = rowAnswered[k] === 0 || rowDuration[k] <= maxRing;
        if (facts.isForeign(line, caller)) batch(BATCH_IN, line, caller, t, short ? 1 : 0);
        else if ((callerFacts & E164) !== 0) {
          domesticCalls++;
          if (short) domesticShort++;
        }
      }
    }
    if (d !== ROW_IN) {
      // The line a call leaves from (windows/lines.ts outboundLine), as a key.
      let line = -2;
      if ((callerFacts & EMPTY) === 0) line = (callerFacts & IS_OWNER) !== 0 ? OWNER_KEY : caller;
      else if (d === ROW_OUT && owner) line = OWNER_KEY;
      if (line !== -2 && (facts.ofKey(line) & WITHHELD_NUMBER) === 0 && facts.isForeign(line, callee))
        batch(BATCH_OUT, line, callee, t, rowAnswered[k] === 1 ? rowDuration[k] : 0);
    }
  }

  return {
    observe(r: CallRecord): void {
      const t = r.start;
      if (t < spanStart) spanStart = t;
      if (t > spanEnd) spanEnd = t;
      const d = r.direction;
      if (d === 'internal') return;
      if (numbers.rawPlus.size !== rawPlusSize) {
        // The book filed raw strings while this row was read: the rows before it are counted as
        // NumberBook.isE164 answered when they were read.
        e164.late = numbers.rawPlusFrom(rawPlusSize);
        countRows();
        e164.late = [];
        rawPlusSize = numbers.rawPlus.size;
      }
      const k = rows++;
      const caller = r.callerId;
      const callee = r.calleeId;
      rowStart[k] = t;
      rowDirection[k] = d === 'in' ? ROW_IN : d === 'out' ? ROW_OUT : ROW_EITHER;
      rowCaller[k] = caller;
      rowCallee[k] = callee;
      rowAnswered[k] = r.status === 'answered' ? 1 : 0;
      rowDuration[k] = r.duration;
      if (caller > rowsMaxId) rowsMaxId = caller;
      if (callee > rowsMaxId) rowsMaxId = callee;
      if (rows === BATCH) countRows();
    },
    finish(): Candidate[] {
      countRows();
      countBatch();
      const minNumbers = Math.max(2, Math.round(p.minNumbers));
      const n = inbound.size;
      const lineOf = inbound.left;
      // Pairs grouped by line (counting sort on key + 1), lines in order of their first foreign call.
      const slots = facts.slots;
      const count = new Int32Array(slots + 1);
      const lines: number[] = [];
      for (let i = 0; i < n; i++) if (count[lineOf[i] + 1]++ === 0) lines.push(lineOf[i]);
      const offset = new Int32Array(slots + 1);
      for (let k = 1; k <= slots; k++) offset[k] = offset[k - 1] + count[k - 1];
      const fill = offset.slice();
      const byLine = new Int32Array(n);
      for (let i = 0; i < n; i++) byLine[fill[lineOf[i] + 1]++] = i;

      const tested: number[] = [];
      for (const line of lines) {
        let ringers = 0;
        const from = offset[line + 1];
        const to = from + count[line + 1];
        for (let j = from; j < to; j++) if (state[byLine[j]] > 0) ringers++;
        if (ringers >= minNumbers) tested.push(line);
      }
      const reference: Reference = {
        shortRate:
          domesticCalls >= MIN_DOMESTIC_CALLS
            ? (domesticShort + 1) / (domesticCalls + 2)
            : UNINFORMED_SHORT_RATE,
        tests: Math.max(1, tested.length),
      };
      const callbacksOf = (line: number, number: number, visit: (time: number, seconds: number) => void) => {
        const i = outbound.indexOf(line, number);
        if (i < 0) return;
        for (let e = outHead[i]; e !== 0; e = eventNext[e - 1])
          visit(eventTime.get(e - 1), eventSeconds[e - 1]);
      };
      const out: Candidate[] = [];
      for (const line of tested) {
        const pairs = byLine.subarray(offset[line + 1], offset[line + 1] + count[line + 1]);
        const lineData: LineData = {
          line: facts.valueOfKey(line),
          lineKey: line,
          pairs,
          caller: inbound.right,
          first,
          last,
          state,
          callbacksOf,
        };
        const c = evaluate(lineData, [spanStart, spanEnd], reference, ctx);
        if (c) out.push(c);
      }
      return out;
    },
  };
}

/** One tested line's pairs, as evaluate reads them. */
interface LineData {
  line: string;
  lineKey: number;
  /** Inbound pair indexes of the line, in order of first appearance. */
  pairs: Int32Array;
  caller: Int32Array;
  first: TimeColumn;
  last: TimeColumn;
  state: Int32Array;
  callbacksOf(line: number, number: number, visit: (time: number, seconds: number) => void): void;
}

/** What every line is compared with. */
interface Reference {
  /** Share of short calls among the data set's domestic inbound calls (Laplace-smoothed). */
  shortRate: number;
  /** Lines tested: the p-value bar is divided by it (Bonferroni), so a big export is not a lottery. */
  tests: number;
}

function evaluate(
  data: LineData,
  history: [number, number],
  reference: Reference,
  ctx: DetectorContext,
): Candidate | null {
  const p = ctx.params;
  const { line, pairs, first: firstOf, last: lastOf, state } = data;
  const minNumbers = Math.max(2, Math.round(p.minNumbers));
  const ringers: number[] = [];
  for (const i of pairs) if (state[i] > 0) ringers.push(i);
  // By first call; ties in order of first appearance (pair indexes).
  ringers.sort((x, y) => firstOf.get(x) - firstOf.get(y) || x - y);
  const firsts = Float64Array.from(ringers, (i) => firstOf.get(i));
  const windowMs = p.windowDays * DAY;
  const dense = densestWindow(firsts, windowMs);
  if (dense === null || dense.count < minNumbers) return null;
  const inWindow = ringers.slice(dense.first, dense.last + 1);
  const winStart = firsts[dense.first];
  const winEnd = winStart + windowMs;
  let foreignCallers = 0;
  for (const i of pairs) {
    const t = firstOf.get(i);
    if (t >= winStart && t < winEnd) foreignCallers++;
  }
  const share = inWindow.length / foreignCallers;

  // So many short calls among these callers, when the data set's domestic calls are short at rate p0?
  const shortP = binomialTail(inWindow.length, foreignCallers, reference.shortRate);
  // The line's own rate of ring-and-cut numbers outside the window, when there is enough history.
  const { method, expected, pValue } = windowSurprise(
    inWindow.length,
    ringers.length,
    history[1] - history[0],
    windowMs,
  );
  // Not even improbable before the correction for many lines: ordinary missed calls, no finding.
  if (shortP > p.maxPValue) return null;
  const alpha = p.maxPValue / reference.tests;
  const significant = shortP <= alpha && (method === 'floor' || (pValue !== null && pValue <= alpha));

  const numberIds = inWindow.map((i) => data.caller[i]);
  const numberSet = new Set(numberIds);
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let calls = 0;
  let night = 0;
  for (const i of inWindow) {
    start = Math.min(start, firstOf.get(i));
    end = Math.max(end, lastOf.get(i));
    calls += state[i] & 0xffff;
    night += state[i] >>> 16;
  }
  // Callbacks: outgoing calls from the line to those numbers from the episode's start on.
  let callbacks = 0;
  let callbackSeconds = 0;
  const callbackNumbers: string[] = [];
  for (const id of numberIds) {
    let any = false;
    data.callbacksOf(data.lineKey, id, (t, seconds) => {
      if (t < start) return;
      callbacks++;
      callbackSeconds += seconds;
      if (t > end) end = t;
      any = true;
    });
    if (any) callbackNumbers.push(ctx.numbers.valueOf(id));
  }
  const countries = new Map<string, number>();
  const types = new Map<string, number>();
  let premium = 0;
  for (const id of numberIds) {
    const info = ctx.numbers.infoOf(id);
    const country = info.country ?? `+${info.callingCode ?? '?'}`;
    countries.set(country, (countries.get(country) ?? 0) + 1);
    types.set(info.type, (types.get(info.type) ?? 0) + 1);
    if (info.type === 'premium-rate' || info.type === 'shared-cost') premium++;
  }
  // Most foreign callers of the window talked: genuine or misrouted international calls, not wangiri.
  if (share < 0.5) return null;
  let severity: Severity;
  if (share < p.minShare || !significant) severity = 'low';
  else if (callbacks > 0 || inWindow.length >= 3 * minNumbers) severity = 'high';
  else severity = 'medium';

  const byCount = (m: Map<string, number>): string[] =>
    [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map((e) => e[0]);
  const countryList = byCount(countries);
  const typeList = byCount(types);
  const first = start;
  const last = end;
  const matches = (r: CallRecord): boolean => {
    if (r.start < first || r.start > last) return false;
    if (numberSet.has(r.callerId) && inboundLine(r, ctx.owner) === line) return true;
    return numberSet.has(r.calleeId) && outboundLine(r, ctx.owner) === line;
  };
  const period = {
    en: `${ctx.clock.human(start, 'en')} – ${ctx.clock.human(end, 'en')}`,
    fr: `${ctx.clock.human(start, 'fr')} – ${ctx.clock.human(end, 'fr')}`,
  };
  const n = (x: number, lang: 'en' | 'fr') => formatCount(x, lang);
  const cb = callbacks
    ? {
        en: ` The line called ${n(callbackNumbers.length, 'en')} of them back (${n(callbacks, 'en')} ${callbacks === 1 ? 'call' : 'calls'}, ${n(callbackSeconds, 'en')} s): check the bill for premium charges.`,
        fr: ` La ligne en a rappelé ${n(callbackNumbers.length, 'fr')} (${n(callbacks, 'fr')} appel${callbacks === 1 ? '' : 's'}, ${n(callbackSeconds, 'fr')} s) : vérifier la facture (surtaxe).`,
      }
    : {
        en: ' The line did not call any of them back in these records.',
        fr: ' La ligne n’en a rappelé aucun dans ces enregistrements.',
      };
  const ring = { en: formatDecimal(p.maxRingSeconds, 'en'), fr: formatDecimal(p.maxRingSeconds, 'fr') };
  return {
    kind: 'rotating-foreign-callers',
    severity,
    subject: line,
    subjectType: 'number',
    start,
    end,
    calls: calls + callbacks,
    metrics: {
      numbers: numberSet.size,
      calls,
      countries: countryList,
      numberTypes: typeList,
      premiumRateNumbers: premium,
      foreignCallers,
      share: round2(share),
      nightShare: round2(night / calls),
      callbacks,
      callbackNumbers,
      callbackSeconds,
      baselineMethod: method,
      expected: expected === null ? null : round2(expected),
      pValue: pValue === null ? null : Number(pValue.toPrecision(3)),
      referenceShortRate: round2(reference.shortRate),
      shortPValue: Number(shortP.toPrecision(3)),
      linesTested: reference.tests,
      windowDays: p.windowDays,
    },
    summary: {
      en:
        `${n(numberSet.size, 'en')} different foreign numbers (${countryList.length === 1 ? 'country' : 'countries'}: ${countryNames(countryList, 'en')}) ` +
        `called ${line} ${n(calls, 'en')} times over ${period.en}, each at most ` +
        `${formatDecimal(p.maxCallsPerNumber, 'en')} times and missed or cut within ${ring.en} s: the pattern of ` +
        `"one ring" callback scams (wangiri).${cb.en} The calling numbers may be spoofed.`,
      fr:
        `${n(numberSet.size, 'fr')} numéros étrangers différents (pays : ${countryNames(countryList, 'fr')}) ` +
        `ont appelé ${line} ${n(calls, 'fr')} fois sur la période ${period.fr}, chacun au plus ` +
        `${formatDecimal(p.maxCallsPerNumber, 'fr')} fois, en absence ou coupé en moins de ${ring.fr} s : le schéma ` +
        `des arnaques au rappel « une sonnerie » (wangiri).${cb.fr} Les numéros appelants peuvent être usurpés.`,
    },
    matches,
  };
}

export const rotatingForeignCallers: Detector = { meta, create };
