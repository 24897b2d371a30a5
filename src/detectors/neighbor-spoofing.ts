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

import { LocalPrefixes } from '../records/local-prefix.js';
import type { CallRecord } from '../records/record.js';
import { formatCount, formatDecimal } from '../records/text.js';
import { DAY } from '../windows/buckets.js';
import { binomialTail, densestWindow, round2, windowSurprise } from '../windows/dispersion.js';
import { inboundLine, outboundLine } from '../windows/lines.js';
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

class Pair {
  calls = 0;
  short = 0;
  answeredShort = 0;
  out = 0;
  inFirst = Number.POSITIVE_INFINITY;
  inLast = Number.NEGATIVE_INFINITY;
  outFirst = Number.POSITIVE_INFINITY;
  attested = 0;
  weak = 0;
  full = 0;
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

function create(ctx: DetectorContext): DetectorRun {
  const p = ctx.params;
  const owner = ctx.owner;
  const prefixes = new LocalPrefixes(ctx.numbers);
  const maxSilent = p.maxSilentSeconds;
  /** line -> local number -> pair aggregate. */
  const pairs = new Map<string, Map<string, Pair>>();
  const span: [number, number] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

  const pairOf = (line: string, other: string): Pair => {
    let m = pairs.get(line);
    if (m === undefined) {
      m = new Map();
      pairs.set(line, m);
    }
    let pair = m.get(other);
    if (pair === undefined) {
      pair = new Pair();
      m.set(other, pair);
    }
    return pair;
  };

  return {
    observe(r: CallRecord): void {
      if (r.start < span[0]) span[0] = r.start;
      if (r.start > span[1]) span[1] = r.start;
      const inLine = inboundLine(r, owner);
      if (
        inLine !== '' &&
        ctx.numbers.isE164(inLine) &&
        ctx.numbers.isE164(r.caller) &&
        prefixes.sharesLocal(inLine, r.caller)
      ) {
        const pair = pairOf(inLine, r.caller);
        pair.calls++;
        const answered = r.status === 'answered';
        if (!answered || r.duration <= maxSilent) {
          pair.short++;
          if (answered) pair.answeredShort++;
        }
        if (r.start < pair.inFirst) pair.inFirst = r.start;
        if (r.start > pair.inLast) pair.inLast = r.start;
        const a = attestationClass(r.attestation);
        if (r.attestation) pair.attested++;
        if (a < 0) pair.weak++;
        else if (a > 0) pair.full++;
      }
      const outLine = outboundLine(r, owner);
      if (
        outLine !== '' &&
        ctx.numbers.isE164(outLine) &&
        ctx.numbers.isE164(r.callee) &&
        prefixes.sharesLocal(outLine, r.callee)
      ) {
        const pair = pairOf(outLine, r.callee);
        pair.out++;
        if (r.start < pair.outFirst) pair.outFirst = r.start;
      }
    },
    finish(): Candidate[] {
      const maxCalls = p.maxCallsPerNumber;
      const minNumbers = Math.max(2, Math.round(p.minNumbers));
      const minLines = Math.max(2, Math.round(p.minLines));
      // Reference: among all one-off local callers of the data set, how many were only short.
      const ref: Reference = { oneOff: 0, short: 0, tests: 1 };
      /** displayed number -> [lines where it is one-off, lines where it is suspect]. */
      const byShown = new Map<string, [number, string[]]>();
      const victims: [string, Map<string, Pair>, [string, Pair][]][] = [];
      for (const [line, m] of pairs) {
        const suspects: [string, Pair][] = [];
        for (const entry of m) {
          const pair = entry[1];
          if (!isOneOff(pair, maxCalls)) continue;
          ref.oneOff++;
          let shown = byShown.get(entry[0]);
          if (shown === undefined) {
            shown = [0, []];
            byShown.set(entry[0], shown);
          }
          shown[0]++;
          if (pair.short === pair.calls) {
            ref.short++;
            suspects.push(entry);
            shown[1].push(line);
          }
        }
        if (suspects.length >= minNumbers) victims.push([line, m, suspects]);
      }
      const out: Candidate[] = [];
      ref.tests = Math.max(1, victims.length);
      for (const [line, m, suspects] of victims) {
        const c = victimFinding(line, m, suspects, span, ref, prefixes, ctx);
        if (c) out.push(c);
      }
      const shownTested = [...byShown].filter((e) => e[1][1].length >= minLines);
      out.push(
        ...prefixFindings(
          shownTested,
          pairs,
          { ...ref, tests: Math.max(1, shownTested.length) },
          prefixes,
          ctx,
        ),
      );
      return out;
    },
  };
}

/** A local number that called the line a few times with no earlier call from the line: no history. */
function isOneOff(pair: Pair, maxCalls: number): boolean {
  return pair.calls > 0 && pair.calls <= maxCalls && !(pair.outFirst < pair.inFirst);
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

function tally(list: Iterable<Pair>): Tally {
  const t: Tally = {
    calls: 0,
    answeredShort: 0,
    attested: 0,
    weak: 0,
    full: 0,
    start: Number.POSITIVE_INFINITY,
    end: Number.NEGATIVE_INFINITY,
  };
  for (const pair of list) {
    t.calls += pair.calls;
    t.answeredShort += pair.answeredShort;
    t.attested += pair.attested;
    t.weak += pair.weak;
    t.full += pair.full;
    if (pair.inFirst < t.start) t.start = pair.inFirst;
    if (pair.inLast > t.end) t.end = pair.inLast;
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
  line: string,
  m: Map<string, Pair>,
  suspects: [string, Pair][],
  span: [number, number],
  ref: Reference,
  prefixes: LocalPrefixes,
  ctx: DetectorContext,
): Candidate | null {
  const p = ctx.params;
  const minNumbers = Math.max(2, Math.round(p.minNumbers));
  suspects.sort((a, b) => a[1].inFirst - b[1].inFirst);
  const firsts = Float64Array.from(suspects, (e) => e[1].inFirst);
  const windowMs = p.windowDays * DAY;
  const dense = densestWindow(firsts, windowMs);
  if (dense === null || dense.count < minNumbers) return null;
  const chosen = suspects.slice(dense.first, dense.last + 1);
  const winStart = firsts[dense.first];
  let oneOff = 0;
  for (const pair of m.values()) {
    if (isOneOff(pair, p.maxCallsPerNumber) && pair.inFirst >= winStart && pair.inFirst < winStart + windowMs)
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
  const t = tally(chosen.map((e) => e[1]));
  let severity: Severity = !significant ? 'low' : chosen.length >= 2 * minNumbers ? 'high' : 'medium';
  severity = adjustForAttestation(severity, t);
  const numbers = new Set(chosen.map((e) => e[0]));
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
  tested: [string, [number, string[]]][],
  pairs: Map<string, Map<string, Pair>>,
  ref: Reference,
  prefixes: LocalPrefixes,
  ctx: DetectorContext,
): Candidate[] {
  const p = ctx.params;
  const minLines = Math.max(2, Math.round(p.minLines));
  const alpha = p.maxPValue / ref.tests;
  /** local prefix -> displayed numbers reaching at least minLines lines of it, and their smallest tail. */
  const byPrefix = new Map<string, { shown: string[]; tail: number | null }>();
  const victimsOf = new Map<string, string[]>();
  for (const [shown, [oneOff, lines]] of tested) {
    const local = prefixes.of(shown)?.local;
    if (local === undefined) continue;
    // A displayed number that also talked with the lines it called once, or whose lines were short no
    // more often than usual: a local caller, not a dialer.
    if (lines.length < p.minShare * oneOff) continue;
    const short = shortTail(lines.length, oneOff, ref);
    if (short && short.tail > p.maxPValue) continue;
    victimsOf.set(shown, lines);
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
    const used: Pair[] = [];
    const lines = new Set<string>();
    for (const shown of shownNumbers) {
      const set = new Set(victimsOf.get(shown));
      victims.set(shown, set);
      for (const line of set) {
        lines.add(line);
        used.push(pairs.get(line)!.get(shown)!);
      }
    }
    const t = tally(used);
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
