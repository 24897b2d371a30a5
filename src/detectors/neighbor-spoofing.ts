/**
 * neighbor-spoofing: calls whose caller ID imitates the callee's local prefix ("a number from around
 * here" raises the answer rate), from numbers the callee has no history with, short or silent. The
 * villager's neighbours received silent calls showing a local number, day and night.
 *
 * Method: a call is "local" when the caller shares the callee's local prefix (src/records/local-prefix.ts:
 * NPA-NXX in North America, `0Z AB` in France, zone + next digit in Belgium, the area code + one digit
 * elsewhere). For every (line, local number) pair the first pass keeps: calls, short calls (not answered,
 * or answered for at most `maxSilentSeconds`), first and last call, outgoing calls from the line to the
 * number, STIR/SHAKEN attestations. A local number is suspect for a line when all its calls were short,
 * it called at most `maxCallsPerNumber` times, and the line never called it before (a one-off caller, no
 * history).
 * - One victim's line (subject = the line): the `windowDays` window with the most first calls of suspect
 *   numbers; a finding with at least `minNumbers` of them. Medium or high when they are at least
 *   `minShare` of the line's one-off local callers in the window, the count is improbable
 *   under the line's own rate of such numbers outside the window (Poisson tail), when there is enough
 *   history, and when so many short callers are improbable given the share of short calls among the
 *   data set's other one-off local callers (binomial tail, used once there are 20 of them); both tails
 *   at most `maxPValue` divided by the number of lines tested (Bonferroni). A binomial tail above
 *   `maxPValue` even uncorrected means ordinary missed calls: no finding.
 * - Operator-wide export (subject = the local prefix, type `prefix`): one displayed number that is suspect
 *   on at least `minLines` lines of its own local prefix and on at least `minShare` of the lines it called
 *   once or a few times, with the same binomial test over those lines; all such numbers of a prefix make
 *   one finding.
 * Attestation C, TN-Validation-Failed or No-TN-Validation on most attested calls strengthens a medium
 * finding to high; attestation A (TN-Validation-Passed) on most weakens a finding by one level.
 *
 * Cost: the first pass keeps typed columns per (line, local number) pair and four bytes per number (its
 * local prefix length and leading digits, see `leadOf`), nothing per row; counts, minima and maxima do
 * not depend on the order of the rows, so a shuffled export gives the same findings (only their order
 * may differ).
 *
 * Metrics:
 * - `numbers`: distinct suspect local numbers (victim finding) or displayed numbers (prefix finding).
 * - `calls`: their calls in the finding.
 * - `linesReached`: lines that received them (1 for a victim finding).
 * - `localPrefix`: the shared local prefix (E.164 form); `geographic`: whether the plan ties it to a place.
 * - `answeredShort`: calls answered for at most `maxSilentSeconds`; `unanswered`: calls not answered.
 * - `attested`: calls carrying an attestation; `attestationWeak`: C / failed / no validation;
 *   `attestationFull`: A / passed.
 * - `displayedNumbers`: up to 10 displayed numbers, most lines first (prefix finding).
 * - `baselineMethod`: `poisson` or `floor` (victim finding; `floor` for prefix findings: `minLines` is
 *   the bar); `expected`, `pValue`: the line's own rate and its Poisson tail; `windowDays`.
 * - `oneOffCallers`: one-off local callers of the line first seen in the window; `share`: the suspect
 *   numbers' share of them, below `minShare` the finding is low (victim finding).
 * - `referenceShortRate`: share of short-only callers among the data set's other one-off local callers;
 *   `shortPValue`: binomial tail against it (null without 20 of them); `linesTested`: lines (or
 *   displayed numbers) tested, the Bonferroni divisor.
 */

import { callingCodeLength, LocalPrefixes, sameLeading } from '../records/local-prefix.js';
import type { NumberBook, NumberInfo } from '../records/numbers.js';
import type { CallRecord } from '../records/record.js';
import { formatCount, formatDecimal } from '../records/text.js';
import { DAY } from '../windows/buckets.js';
import { binomialTail, densestWindow, round2, windowSurprise } from '../windows/dispersion.js';
import { inboundLine } from '../windows/lines.js';
import { growFloat64, growInt32, PairIndex } from '../windows/pair-index.js';
import type { Candidate, Detector, DetectorContext, DetectorMeta, DetectorRun, Severity } from './types.js';

const meta: DetectorMeta = {
  id: 'neighbor-spoofing',
  title: { en: 'Neighbour spoofing', fr: 'Usurpation de numéros voisins' },
  looksFor: {
    en:
      'Calls showing a number that shares the called line’s local prefix, from numbers the line has no ' +
      'history with, answered for a few seconds or not at all: a dialer imitating local numbers. In an ' +
      'operator-wide export, one displayed number reaching many lines of its own area.',
    fr:
      'Des appels présentant un numéro qui partage le préfixe local de la ligne appelée, venant de numéros ' +
      'sans historique avec la ligne, décrochés quelques secondes ou pas du tout : un automate qui imite des ' +
      'numéros locaux. Dans un export opérateur, un même numéro affiché qui atteint de nombreuses lignes de ' +
      'sa propre zone.',
  },
  params: {
    maxSilentSeconds: {
      default: 6,
      unit: 'seconds',
      why:
        '97 % of people listen to a message at least 6 s (Kimball et al., in Tu et al., IEEE S&P 2016): ' +
        'an answered call under ~6 s is likely silent or hung up at once.',
    },
    maxCallsPerNumber: {
      default: 3,
      unit: 'calls',
      why: 'Spoofing dialers draw a new local number for each call or few; a neighbour calls again and again.',
    },
    minNumbers: {
      default: 4,
      unit: 'numbers',
      why:
        'Distinct unknown local numbers with short or silent calls in one window on one line. About 3 % of ' +
        'robocalls share the callee’s NPA-NXX (Prasad et al. 2020), and people get a stray wrong number ' +
        'now and then; four in a week is beyond chance for a private line.',
    },
    windowDays: {
      default: 7,
      unit: 'days',
      why: 'Victims describe calls "day and night" for several days.',
    },
    maxPValue: {
      default: 0.001,
      unit: 'probability',
      why:
        'Bar for the Poisson tail (against the line’s own rate outside the window) and the binomial tail ' +
        '(against the data set’s share of short calls from one-off local callers), divided by the number ' +
        'of lines tested.',
    },
    minShare: {
      default: 0.8,
      unit: 'share',
      why:
        'Share of the one-off local callers (in the window, or of a displayed number’s lines) whose calls ' +
        'were all short or silent. A spoofing dialer’s calls all are; a surge of real strangers (people ' +
        'calling back a number, a local business’s new customers) talks.',
    },
    minLines: {
      default: 10,
      unit: 'lines',
      why:
        'Operator-wide: lines of its own area one displayed number reached with short or silent calls and ' +
        'no history. A dialer imitating a village number reaches the whole village; a neighbour calls a ' +
        'few people.',
    },
  },
  falsePositives: [
    {
      en: 'A local business or town hall calling new customers who do not answer (genuine number, no spoofing).',
      fr: 'Un commerce ou une mairie du coin qui appelle de nouveaux clients qui ne répondent pas (vrai numéro, pas d’usurpation).',
    },
    {
      en: 'Wrong numbers and pocket dials from real neighbours.',
      fr: 'Erreurs de numéro et appels involontaires de vrais voisins.',
    },
    {
      en: 'Dense prefixes (mobile blocks, big cities) where many contacts share the prefix by chance.',
      fr: 'Préfixes très peuplés (blocs mobiles, grandes villes) où beaucoup de correspondants partagent le préfixe par hasard.',
    },
  ],
  references: [
    'Prasad et al., "Who\'s Calling? Characterizing Robocalls through Audio and Metadata Analysis", USENIX Security 2020 (~6 % same area code, ~3 % same NPA-NXX)',
    'Hiya State of the Phone Call 2018 (56.7 % of flagged spam calls neighbour-spoofed)',
    'RFC 8588 (SHAKEN attestation levels A, B, C); 3GPP verstat values',
    'Arcep decision 2022-1583 (01-05 numbers without geographic constraint since 2023)',
  ],
  limits: {
    en:
      'A displayed number is not the caller: the local numbers shown probably belong to innocent ' +
      'subscribers whose numbers were borrowed. Sharing a prefix is a likelihood of being nearby, not proof ' +
      '(in France, 01-05 numbers have no geographic constraint since 2023).',
    fr:
      'Un numéro affiché n’est pas l’appelant : les numéros locaux présentés appartiennent probablement à des ' +
      'abonnés innocents dont le numéro a été emprunté. Partager un préfixe rend la proximité probable, sans ' +
      'la prouver (en France, les numéros 01 à 05 n’ont plus de contrainte géographique depuis 2023).',
  },
};

/**
 * The first pass's state: one entry per (line, local number) pair, as typed columns indexed by the
 * pair's PairIndex index (about 60 bytes a pair with the table; no object, string or closure per pair or per
 * row). Keeping number ids, never the records' strings, also keeps the input's text free: a record's
 * number may be a slice of a whole chunk of the file, which a stored string would hold in memory.
 */
interface PairColumns {
  ids: PairIndex;
  calls: Int32Array;
  short: Int32Array;
  answeredShort: Int32Array;
  inFirst: Float64Array;
  inLast: Float64Array;
  outFirst: Float64Array;
  /** Attestation counts: allocated with the first attested call (most exports carry none). */
  attested: Int32Array | null;
  weak: Int32Array | null;
  full: Int32Array | null;
}

function newPairColumns(): PairColumns {
  const ids = new PairIndex();
  const n = ids.rows;
  return {
    ids,
    calls: new Int32Array(n),
    short: new Int32Array(n),
    answeredShort: new Int32Array(n),
    inFirst: new Float64Array(n).fill(Number.POSITIVE_INFINITY),
    inLast: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
    outFirst: new Float64Array(n).fill(Number.POSITIVE_INFINITY),
    attested: null,
    weak: null,
    full: null,
  };
}

/** The pair's id, the columns grown when it is the first beyond their length. */
function pairOf(c: PairColumns, line: number, other: number): number {
  const id = c.ids.add(line, other);
  if (id >= c.calls.length) {
    const n = c.ids.rows;
    c.calls = growInt32(c.calls, n);
    c.short = growInt32(c.short, n);
    c.answeredShort = growInt32(c.answeredShort, n);
    c.inFirst = growFloat64(c.inFirst, n, Number.POSITIVE_INFINITY);
    c.inLast = growFloat64(c.inLast, n, Number.NEGATIVE_INFINITY);
    c.outFirst = growFloat64(c.outFirst, n, Number.POSITIVE_INFINITY);
    if (c.attested !== null) growAttestation(c);
  }
  return id;
}

function growAttestation(c: PairColumns): void {
  const n = c.calls.length;
  c.attested = growInt32(c.attested ?? new Int32Array(0), n);
  c.weak = growInt32(c.weak ?? new Int32Array(0), n);
  c.full = growInt32(c.full ?? new Int32Array(0), n);
}

/** STIR/SHAKEN: 1 for full attestation (A, TN-Validation-Passed), -1 for C / failed / none, else 0. */
export function attestationClass(a: string | undefined): number {
  if (a === undefined || a === '') return 0;
  if (a.length === 1) {
    const c = a.charCodeAt(0) | 32;
    return c === 97 /* a */ ? 1 : c === 99 /* c */ ? -1 : 0;
  }
  const s = a.toLowerCase();
  if (s.includes('failed') || s.startsWith('no-tn') || s.startsWith('no tn')) return -1;
  if (s.includes('passed')) return s.endsWith('-c') ? -1 : s.endsWith('-b') ? 0 : 1;
  return 0;
}

/*
 * What is known of a number's local prefix, per number id (its `code`): the prefix length in characters
 * once resolved, or before that a cheap necessary condition. Resolving costs one libphonenumber parse
 * (~40 µs) for plans outside the table of local-prefix.ts, so it waits until a call could share the
 * prefix at all: the other number must agree on the calling code and the next digit (every local prefix
 * is at least that long), which few calls between random numbers do.
 */
const UNSEEN = 0;
/** `UNRESOLVED + m`: not resolved yet; a number sharing the prefix agrees on the first m characters. */
const UNRESOLVED = 48;
/** Not a number with a local prefix (not `+`..., too short): no pair. */
const NO_LOCAL = 63;
/** Bits of the code in a number's facts (codes are below 64). */
const CODE_BITS = 6;
const CODE_MASK = (1 << CODE_BITS) - 1;

/*
 * A number's facts are one int32 (`facts[id]`): its lead times 64 plus its code. The lead is the value
 * of the 7 digits after `+` when the string is `+` and at least 7 digits (every strict E.164 number),
 * NO_LEAD otherwise: two such numbers agree on their first n <= LEAD_CHARS characters exactly when their
 * leads agree on the first n - 1 digits, so the per-row prefix test reads two array cells and not the
 * two strings (scattered over the heap, a cache miss each with a few hundred thousand numbers); four
 * bytes a number keep the cells of 300 000 numbers within about a megabyte. Longer prefixes (few plans)
 * compare the strings.
 */
const LEAD_DIGITS = 7;
/** Not a lead: above every 7-digit value, and NO_LEAD * 64 + 63 is still an int32. */
const NO_LEAD = 10 ** LEAD_DIGITS;
/** Characters the lead stands for: `+` and LEAD_DIGITS digits. */
const LEAD_CHARS = LEAD_DIGITS + 1;
/** POWERS[k] = 10^k: the lead divided by 10^(LEAD_CHARS - n) keeps the digits of n characters. */
const POWERS = Float64Array.from({ length: LEAD_DIGITS + 1 }, (_, k) => 10 ** k);

/** The lead of a number's string (see above). */
export function leadOf(value: string): number {
  if (value.length < LEAD_CHARS || value.charCodeAt(0) !== 43 /* + */) return NO_LEAD;
  let lead = 0;
  for (let i = 1; i < LEAD_CHARS; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NO_LEAD;
    lead = lead * 10 + d;
  }
  return lead;
}

/**
 * sameLeading(a, b, n) for two numbers whose leads are `leadA` and `leadB`: from the leads when both
 * have one and n is within them, else from the strings.
 */
export function sameLeadingByLead(leadA: number, a: string, leadB: number, b: string, n: number): boolean {
  if (n > LEAD_CHARS || leadA === NO_LEAD || leadB === NO_LEAD) return sameLeading(a, b, n);
  if (n <= 1) return true;
  const unit = POWERS[LEAD_CHARS - n];
  return Math.floor(leadA / unit) === Math.floor(leadB / unit);
}

/**
 * The local prefix lengths of LocalPrefixes, without the number type its `of` works out for the
 * `geographic` flag: `localLength` needs only the calling code and the national number, and the type
 * costs libphonenumber several pattern matches per number. The prefixes from this are only measured,
 * never reported (their `geographic` is not the real one).
 */
function untypedLocalPrefixes(numbers: NumberBook): LocalPrefixes {
  const untyped = {
    info(canonical: string): NumberInfo {
      const info = numbers.info(canonical);
      return {
        value: info.value,
        kind: info.kind,
        country: info.country,
        callingCode: info.callingCode,
        national: info.national,
        type: 'unknown',
        valid: false,
      };
    },
  };
  return new LocalPrefixes(untyped as unknown as NumberBook);
}

function create(ctx: DetectorContext): DetectorRun {
  const p = ctx.params;
  const owner = ctx.owner;
  const numbers = ctx.numbers;
  const prefixes = new LocalPrefixes(numbers);
  const lengths = untypedLocalPrefixes(numbers);
  const maxSilent = p.maxSilentSeconds;
  const pairs = newPairColumns();
  let facts = new Int32Array(1024);
  // First and last start, in a typed array: a double in a closure variable is boxed again at every write.
  const span = new Float64Array([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  /**
   * Id of `--owner`, the line of a phone log's rows with an empty side (inboundLine/outboundLine). Asked
   * of the NumberBook only when such a row comes: asking gives the owner an id if it had none yet.
   */
  let ownerId = -1;
  const ownerIdOf = (): number => {
    if (ownerId < 0) ownerId = numbers.idOf(owner as string);
    return ownerId;
  };

  /** Room for the facts of number ids up to `id`: half as much again as the ids so far. */
  const growFacts = (id: number): void => {
    const ids = Math.max(id + 1, numbers.idCount);
    const grown = new Int32Array(ids + (ids >> 1));
    grown.set(facts);
    facts = grown;
  };

  /** The code of a number seen for the first time (no prefix, or the agreement its prefix implies); its lead. */
  const firstSight = (id: number, value: string): number => {
    let code = NO_LOCAL;
    if (value.length >= 4 && value.charCodeAt(0) === 43 /* + */) {
      // A local prefix holds `+`, the calling code and at least one more digit (local-prefix.ts); an
      // unknown code (non-geographic +800...) is at least one digit.
      const cc = callingCodeLength(value);
      code = UNRESOLVED + (cc > 0 ? cc + 2 : 3);
    }
    facts[id] = (leadOf(value) << CODE_BITS) | code;
    return code;
  };

  /** The local prefix length of a line (NO_LOCAL for none), now computed once and for all. */
  const resolve = (id: number): number => {
    // The NumberBook's string, not the record's: the prefix cache keeps it.
    const n = lengths.localLength(numbers.valueOf(id));
    // A local prefix is shorter than its number (at most 16 characters): always below UNRESOLVED.
    const code = n > 0 && n < UNRESOLVED ? n : NO_LOCAL;
    facts[id] = (facts[id] & ~CODE_MASK) | code;
    return code;
  };

  /**
   * The local prefix length shared by `line` (id `lineId`) and `other` (id `otherId`), or 0: what
   * prefixes.sharesLocal tells, with both numbers E.164 (NumberBook.isE164), from cached lengths.
   * Both ids are within `facts`.
   */
  const sharedLocal = (lineId: number, line: string, otherId: number, other: string): number => {
    let code = facts[lineId] & CODE_MASK;
    if (code === UNSEEN) code = firstSight(lineId, line);
    if (code === NO_LOCAL) return 0;
    if ((facts[otherId] & CODE_MASK) === UNSEEN) firstSight(otherId, other);
    const lineLead = facts[lineId] >> CODE_BITS;
    const otherLead = facts[otherId] >> CODE_BITS;
    if (code >= UNRESOLVED) {
      if (!sameLeadingByLead(lineLead, line, otherLead, other, code - UNRESOLVED)) return 0;
      code = resolve(lineId);
      if (code === NO_LOCAL) return 0;
    }
    if (otherId === lineId || !sameLeadingByLead(lineLead, line, otherLead, other, code)) return 0;
    return numbers.isE164(line) && numbers.isE164(other) ? code : 0;
  };

  const inbound = (r: CallRecord): void => {
    let line = r.callee;
    let lineId = r.calleeId;
    if (line === '') {
      if (r.direction !== 'in' || !owner) return;
      line = owner;
      lineId = ownerIdOf();
    }
    const otherId = r.callerId;
    if (Math.max(lineId, otherId) >= facts.length) growFacts(Math.max(lineId, otherId));
    if (sharedLocal(lineId, line, otherId, r.caller) === 0) return;
    const c = pairs;
    const id = pairOf(c, lineId, otherId);
    c.calls[id]++;
    const answered = r.status === 'answered';
    if (!answered || r.duration <= maxSilent) {
      c.short[id]++;
      if (answered) c.answeredShort[id]++;
    }
    const t = r.start;
    if (t < c.inFirst[id]) c.inFirst[id] = t;
    if (t > c.inLast[id]) c.inLast[id] = t;
    if (r.attestation) countAttestation(c, id, r.attestation);
  };

  const outbound = (r: CallRecord): void => {
    let line = r.caller;
    let lineId = r.callerId;
    if (line === '') {
      if (r.direction !== 'out' || !owner) return;
      line = owner;
      lineId = ownerIdOf();
    }
    const otherId = r.calleeId;
    if (Math.max(lineId, otherId) >= facts.length) growFacts(Math.max(lineId, otherId));
    if (sharedLocal(lineId, line, otherId, r.callee) === 0) return;
    const id = pairOf(pairs, lineId, otherId);
    if (r.start < pairs.outFirst[id]) pairs.outFirst[id] = r.start;
  };

  return {
    observe(r: CallRecord): void {
      const t = r.start;
      if (t < span[0]) span[0] = t;
      if (t > span[1]) span[1] = t;
      // inboundLine / outboundLine: internal calls are neither, a call of unknown direction both.
      const d = r.direction;
      if (d !== 'out' && d !== 'internal') inbound(r);
      if (d !== 'in' && d !== 'internal') outbound(r);
    },
    finish(): Candidate[] {
      return findings(pairs, [span[0], span[1]], prefixes, ctx);
    },
  };
}

function countAttestation(c: PairColumns, id: number, attestation: string): void {
  if (c.attested === null) growAttestation(c);
  (c.attested as Int32Array)[id]++;
  const a = attestationClass(attestation);
  if (a < 0) (c.weak as Int32Array)[id]++;
  else if (a > 0) (c.full as Int32Array)[id]++;
}

/**
 * The pairs grouped by line, in the order of the lines' first pair (lines[i] owns the pair ids
 * members[starts[i]] up to starts[i + 1], in first-seen order): the order in which the findings and
 * their ties come out.
 */
interface ByLine {
  lines: Int32Array;
  starts: Int32Array;
  members: Int32Array;
}

function groupByLine(ids: PairIndex, idCount: number): ByLine {
  const n = ids.size;
  const lineIndex = new Int32Array(idCount).fill(-1);
  const counts: number[] = [];
  const lines: number[] = [];
  for (let q = 0; q < n; q++) {
    const line = ids.left[q];
    let i = lineIndex[line];
    if (i < 0) {
      i = lines.length;
      lineIndex[line] = i;
      lines.push(line);
      counts.push(0);
    }
    counts[i]++;
  }
  const starts = new Int32Array(lines.length + 1);
  for (let i = 0; i < lines.length; i++) starts[i + 1] = starts[i] + counts[i];
  const next = starts.slice(0, lines.length);
  const members = new Int32Array(n);
  for (let q = 0; q < n; q++) members[next[lineIndex[ids.left[q]]]++] = q;
  return { lines: Int32Array.from(lines), starts, members };
}

function findings(
  c: PairColumns,
  span: [number, number],
  prefixes: LocalPrefixes,
  ctx: DetectorContext,
): Candidate[] {
  const p = ctx.params;
  const maxCalls = p.maxCallsPerNumber;
  const minNumbers = Math.max(2, Math.round(p.minNumbers));
  const minLines = Math.max(2, Math.round(p.minLines));
  const idCount = ctx.numbers.idCount;
  const byLine = groupByLine(c.ids, idCount);
  // Reference: among all one-off local callers of the data set, how many were only short.
  const ref: Reference = { oneOff: 0, short: 0, tests: 1 };
  /** Per displayed number id: lines where it is one-off, lines where it is suspect. */
  const oneOffLines = new Int32Array(idCount);
  const suspectLines = new Int32Array(idCount);
  /** Displayed numbers in the order they were first one-off somewhere. */
  const shownOrder: number[] = [];
  const victims: Victim[] = [];
  for (let i = 0; i < byLine.lines.length; i++) {
    const suspects: number[] = [];
    for (let k = byLine.starts[i]; k < byLine.starts[i + 1]; k++) {
      const q = byLine.members[k];
      if (!isOneOff(c, q, maxCalls)) continue;
      ref.oneOff++;
      const shown = c.ids.right[q];
      if (oneOffLines[shown]++ === 0) shownOrder.push(shown);
      if (c.short[q] === c.calls[q]) {
        ref.short++;
        suspects.push(q);
        suspectLines[shown]++;
      }
    }
    if (suspects.length >= minNumbers) victims.push({ line: i, suspects });
  }
  const out: Candidate[] = [];
  ref.tests = Math.max(1, victims.length);
  for (const v of victims) {
    const found = victimFinding(c, byLine, v, span, ref, prefixes, ctx);
    if (found) out.push(found);
  }
  const tested = shownOrder.filter((shown) => suspectLines[shown] >= minLines);
  out.push(
    ...prefixFindings(
      c,
      tested,
      oneOffLines,
      suspectLinesOf(c, byLine, tested, maxCalls, idCount),
      { ...ref, tests: Math.max(1, tested.length) },
      prefixes,
      ctx,
    ),
  );
  return out;
}

/** A line with enough suspect numbers for a victim finding: its index in ByLine, its suspect pairs. */
interface Victim {
  line: number;
  suspects: number[];
}

/** For the displayed numbers tested operator-wide: the lines where they are suspect, in line order. */
function suspectLinesOf(
  c: PairColumns,
  byLine: ByLine,
  tested: number[],
  maxCalls: number,
  idCount: number,
): Map<number, number[]> {
  const linesOf = new Map<number, number[]>();
  if (tested.length === 0) return linesOf;
  const isTested = new Uint8Array(idCount);
  for (const shown of tested) {
    isTested[shown] = 1;
    linesOf.set(shown, []);
  }
  for (let i = 0; i < byLine.lines.length; i++) {
    for (let k = byLine.starts[i]; k < byLine.starts[i + 1]; k++) {
      const q = byLine.members[k];
      const shown = c.ids.right[q];
      if (isTested[shown] === 1 && isOneOff(c, q, maxCalls) && c.short[q] === c.calls[q])
        linesOf.get(shown)?.push(byLine.lines[i]);
    }
  }
  return linesOf;
}

/** A local number that called the line a few times with no earlier call from the line: no history. */
function isOneOff(c: PairColumns, q: number, maxCalls: number): boolean {
  const calls = c.calls[q];
  return calls > 0 && calls <= maxCalls && !(c.outFirst[q] < c.inFirst[q]);
}

/** The data set's one-off local callers: how many, how many only short, and how many tests are made. */
interface Reference {
  oneOff: number;
  short: number;
  tests: number;
}

/** One-off local callers needed (outside the tested group) before their short share is a reference. */
const MIN_REFERENCE = 20;

/**
 * Binomial tail of `k` short callers among `n` one-off local callers, against the share of short ones
 * among the other one-off local callers of the data set (Laplace-smoothed); null without enough of them.
 */
function shortTail(k: number, n: number, ref: Reference): { p0: number; tail: number } | null {
  const others = ref.oneOff - n;
  if (others < MIN_REFERENCE) return null;
  const p0 = (ref.short - k + 1) / (others + 2);
  return { p0, tail: binomialTail(k, n, p0) };
}

interface Tally {
  calls: number;
  answeredShort: number;
  attested: number;
  weak: number;
  full: number;
  start: number;
  end: number;
}

function tally(c: PairColumns, list: Iterable<number>): Tally {
  const t: Tally = {
    calls: 0,
    answeredShort: 0,
    attested: 0,
    weak: 0,
    full: 0,
    start: Number.POSITIVE_INFINITY,
    end: Number.NEGATIVE_INFINITY,
  };
  for (const q of list) {
    t.calls += c.calls[q];
    t.answeredShort += c.answeredShort[q];
    if (c.attested !== null && c.weak !== null && c.full !== null) {
      t.attested += c.attested[q];
      t.weak += c.weak[q];
      t.full += c.full[q];
    }
    if (c.inFirst[q] < t.start) t.start = c.inFirst[q];
    if (c.inLast[q] > t.end) t.end = c.inLast[q];
  }
  return t;
}

/**
 * One level up when most attested calls are C / failed / unvalidated, one down when most are A. A low
 * finding (not improbable) stays low: attestation strengthens evidence, it does not replace it.
 */
function adjustForAttestation(s: Severity, t: Tally): Severity {
  if (t.attested === 0 || s === 'low') return s;
  if (t.weak * 2 > t.attested) return 'high';
  if (t.full * 2 > t.attested) return s === 'high' ? 'medium' : 'low';
  return s;
}

function attestationText(t: Tally): { en: string; fr: string } {
  if (t.attested === 0) return { en: '', fr: '' };
  const n = (x: number, lang: 'en' | 'fr') => formatCount(x, lang);
  return {
    en: ` Of ${n(t.attested, 'en')} calls with a STIR/SHAKEN attestation, ${n(t.weak, 'en')} were weak (C, failed or unvalidated) and ${n(t.full, 'en')} full (A).`,
    fr: ` Sur ${n(t.attested, 'fr')} appels portant une attestation STIR/SHAKEN, ${n(t.weak, 'fr')} étaient faibles (C, échec ou non validés) et ${n(t.full, 'fr')} complètes (A).`,
  };
}

function victimFinding(
  c: PairColumns,
  byLine: ByLine,
  victim: Victim,
  span: [number, number],
  ref: Reference,
  prefixes: LocalPrefixes,
  ctx: DetectorContext,
): Candidate | null {
  const p = ctx.params;
  const minNumbers = Math.max(2, Math.round(p.minNumbers));
  const line = ctx.numbers.valueOf(byLine.lines[victim.line]);
  // Stable sort: ties stay in first-seen order.
  const suspects = victim.suspects.sort((a, b) => c.inFirst[a] - c.inFirst[b]);
  const firsts = Float64Array.from(suspects, (q) => c.inFirst[q]);
  const windowMs = p.windowDays * DAY;
  const dense = densestWindow(firsts, windowMs);
  if (dense === null || dense.count < minNumbers) return null;
  const chosen = suspects.slice(dense.first, dense.last + 1);
  const winStart = firsts[dense.first];
  let oneOff = 0;
  for (let k = byLine.starts[victim.line]; k < byLine.starts[victim.line + 1]; k++) {
    const q = byLine.members[k];
    if (isOneOff(c, q, p.maxCallsPerNumber) && c.inFirst[q] >= winStart && c.inFirst[q] < winStart + windowMs)
      oneOff++;
  }
  const short = shortTail(chosen.length, oneOff, ref);
  if (short && short.tail > p.maxPValue) return null;
  const alpha = p.maxPValue / ref.tests;
  const surprise = windowSurprise(chosen.length, suspects.length, span[1] - span[0], windowMs);
  const share = chosen.length / oneOff;
  const significant =
    share >= p.minShare &&
    (surprise.method === 'floor' || (surprise.pValue ?? 1) <= alpha) &&
    (short === null || short.tail <= alpha);
  const t = tally(c, chosen);
  let severity: Severity = !significant ? 'low' : chosen.length >= 2 * minNumbers ? 'high' : 'medium';
  severity = adjustForAttestation(severity, t);
  const numbers = new Set(chosen.map((q) => ctx.numbers.valueOf(c.ids.right[q])));
  const parts = prefixes.of(line);
  const { start, end } = t;
  const owner = ctx.owner;
  const matches = (r: CallRecord): boolean =>
    r.start >= start && r.start <= end && numbers.has(r.caller) && inboundLine(r, owner) === line;
  const period = {
    en: `${ctx.clock.human(start, 'en')} – ${ctx.clock.human(end, 'en')}`,
    fr: `${ctx.clock.human(start, 'fr')} – ${ctx.clock.human(end, 'fr')}`,
  };
  const att = attestationText(t);
  return {
    kind: 'neighbor-spoofing',
    severity,
    subject: line,
    subjectType: 'number',
    start,
    end,
    calls: t.calls,
    metrics: {
      numbers: numbers.size,
      calls: t.calls,
      linesReached: 1,
      localPrefix: parts?.local ?? null,
      geographic: parts?.geographic ?? false,
      answeredShort: t.answeredShort,
      unanswered: t.calls - t.answeredShort,
      attested: t.attested,
      attestationWeak: t.weak,
      attestationFull: t.full,
      displayedNumbers: null,
      baselineMethod: surprise.method,
      expected: surprise.expected === null ? null : round2(surprise.expected),
      pValue: surprise.pValue === null ? null : Number(surprise.pValue.toPrecision(3)),
      oneOffCallers: oneOff,
      share: round2(share),
      referenceShortRate: short ? round2(short.p0) : null,
      shortPValue: short ? Number(short.tail.toPrecision(3)) : null,
      linesTested: ref.tests,
      windowDays: p.windowDays,
    },
    summary: {
      en:
        `${line} received ${formatCount(t.calls, 'en')} calls from ${formatCount(numbers.size, 'en')} different numbers sharing its local prefix ` +
        `${parts?.local ?? ''} over ${period.en}, none of which it had been in contact with, each unanswered or ` +
        `cut within ${formatDecimal(p.maxSilentSeconds, 'en')} s: the pattern of a dialer imitating local numbers.${att.en} The ` +
        'numbers shown probably belong to innocent subscribers.',
      fr:
        `${line} a reçu ${formatCount(t.calls, 'fr')} appels de ${formatCount(numbers.size, 'fr')} numéros différents partageant son préfixe local ` +
        `${parts?.local ?? ''} sur la période ${period.fr}, sans contact antérieur avec aucun d’eux, chacun sans ` +
        `réponse ou coupé en moins de ${formatDecimal(p.maxSilentSeconds, 'fr')} s : le schéma d’un automate qui imite des numéros ` +
        `locaux.${att.fr} Les numéros affichés appartiennent probablement à des abonnés innocents.`,
    },
    matches,
  };
}

function prefixFindings(
  c: PairColumns,
  tested: number[],
  oneOffLines: Int32Array,
  suspectLines: Map<number, number[]>,
  ref: Reference,
  prefixes: LocalPrefixes,
  ctx: DetectorContext,
): Candidate[] {
  const p = ctx.params;
  const minLines = Math.max(2, Math.round(p.minLines));
  const alpha = p.maxPValue / ref.tests;
  /** local prefix -> displayed numbers reaching at least minLines lines of it, and their smallest tail. */
  const byPrefix = new Map<string, { shown: string[]; tail: number | null }>();
  /** Displayed number -> ids of the lines where it is suspect. */
  const victimsOf = new Map<string, number[]>();
  const idOfShown = new Map<string, number>();
  for (const shownId of tested) {
    const shown = ctx.numbers.valueOf(shownId);
    const oneOff = oneOffLines[shownId];
    const lines = suspectLines.get(shownId) ?? [];
    const local = prefixes.of(shown)?.local;
    if (local === undefined) continue;
    // A displayed number that also talked with the lines it called once, or whose lines were short no
    // more often than usual: a local caller, not a dialer.
    if (lines.length < p.minShare * oneOff) continue;
    const short = shortTail(lines.length, oneOff, ref);
    if (short && short.tail > p.maxPValue) continue;
    victimsOf.set(shown, lines);
    idOfShown.set(shown, shownId);
    let group = byPrefix.get(local);
    if (group === undefined) {
      group = { shown: [], tail: null };
      byPrefix.set(local, group);
    }
    group.shown.push(shown);
    if (short && (group.tail === null || short.tail < group.tail)) group.tail = short.tail;
  }
  const out: Candidate[] = [];
  for (const [local, group] of byPrefix) {
    const shownNumbers = group.shown;
    const victims = new Map<string, Set<string>>();
    const used: number[] = [];
    const lines = new Set<string>();
    for (const shown of shownNumbers) {
      const set = new Set<string>();
      victims.set(shown, set);
      const shownId = idOfShown.get(shown) ?? -1;
      for (const lineId of victimsOf.get(shown) ?? []) {
        const line = ctx.numbers.valueOf(lineId);
        set.add(line);
        lines.add(line);
        used.push(c.ids.indexOf(lineId, shownId));
      }
    }
    const t = tally(c, used);
    const significant = group.tail === null || group.tail <= alpha;
    let severity: Severity = !significant ? 'low' : lines.size >= 2 * minLines ? 'high' : 'medium';
    severity = adjustForAttestation(severity, t);
    shownNumbers.sort((a, b) => victims.get(b)!.size - victims.get(a)!.size || a.localeCompare(b));
    const { start, end } = t;
    const owner = ctx.owner;
    const matches = (r: CallRecord): boolean => {
      if (r.start < start || r.start > end) return false;
      return victims.get(r.caller)?.has(inboundLine(r, owner)) === true;
    };
    const period = {
      en: `${ctx.clock.human(start, 'en')} – ${ctx.clock.human(end, 'en')}`,
      fr: `${ctx.clock.human(start, 'fr')} – ${ctx.clock.human(end, 'fr')}`,
    };
    const att = attestationText(t);
    const shownText = shownNumbers.slice(0, 3).join(', ') + (shownNumbers.length > 3 ? '…' : '');
    out.push({
      kind: 'neighbor-spoofing',
      severity,
      subject: local,
      subjectType: 'prefix',
      start,
      end,
      calls: t.calls,
      metrics: {
        numbers: shownNumbers.length,
        calls: t.calls,
        linesReached: lines.size,
        localPrefix: local,
        geographic: prefixes.of(shownNumbers[0])?.geographic ?? false,
        answeredShort: t.answeredShort,
        unanswered: t.calls - t.answeredShort,
        attested: t.attested,
        attestationWeak: t.weak,
        attestationFull: t.full,
        displayedNumbers: shownNumbers.slice(0, 10),
        baselineMethod: 'floor',
        expected: null,
        pValue: null,
        oneOffCallers: null,
        share: null,
        referenceShortRate: null,
        shortPValue: group.tail === null ? null : Number(group.tail.toPrecision(3)),
        linesTested: ref.tests,
        windowDays: null,
      },
      summary: {
        en:
          `${formatCount(lines.size, 'en')} lines of the local prefix ${local} received ${formatCount(t.calls, 'en')} short or silent calls over ` +
          `${period.en} showing ${shownNumbers.length === 1 ? 'the local number' : `${formatCount(shownNumbers.length, 'en')} local numbers such as`} ` +
          `${shownText}, with which they had no previous contact: a dialer displaying a neighbour’s number.` +
          `${att.en} The number shown is probably an innocent subscriber’s, not the caller’s.`,
        fr:
          `${formatCount(lines.size, 'fr')} lignes du préfixe local ${local} ont reçu ${formatCount(t.calls, 'fr')} appels courts ou muets sur la ` +
          `période ${period.fr} affichant ${shownNumbers.length === 1 ? 'le numéro local' : `${formatCount(shownNumbers.length, 'fr')} numéros locaux dont`} ` +
          `${shownText}, sans contact antérieur : un automate qui affiche le numéro d’un voisin.${att.fr} Le ` +
          'numéro affiché est probablement celui d’un abonné innocent, pas de l’appelant.',
      },
      matches,
    });
  }
  return out;
}

export const neighborSpoofing: Detector = { meta, create };
