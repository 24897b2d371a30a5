/**
 * spoofed-number-callbacks: a line suddenly called back by many strangers it never called: people who saw
 * its number on their screen because a dialer displayed it (the villager who received up to 110 angry
 * callbacks a day after a telemarketing platform showed her number to her neighbourhood).
 *
 * Method (bounded memory): every number gets a day counter of its calls in and out; a number with at least
 * `minNewCallers` calls in one day (or the owner, from the start) is then followed in detail: for each
 * counterpart, its calls to the line (count, first, last, short ones) and the line's calls to it. Calls
 * before a line is followed are not kept (exports are in time order within an input, so they precede).
 * Numbers are their NumberBook ids; what a line knows of each counterpart is a compact record of typed
 * arrays (windows/line-contacts.ts): memory grows with (followed line, counterpart) pairs, ~30 bytes each.
 * In `finish`, a caller is new when the line did not call it more than `callbackWindowHours` before its
 * first call and its calls are transient (at most two, or all within `callbackWindowHours`): callers who
 * keep calling over weeks are customers or acquaintances, even when the data starts with them. A call
 * "from" the line to a new caller in the `callbackWindowHours` before its first call is a call displaying
 * the line's number (in an operator-wide export the dialer's calls appear under the line's number).
 * New callers are counted per local day of their first call, over every followed day (zeros included).
 * A day is improbable when it has at least `minNewCallers` new callers, its Poisson tail against the
 * line's median day is at most `maxPValue` divided by the number of lines tested (lines with a day at the
 * floor; Bonferroni) and its modified z-score is above 3.5 (with 7 followed days or fewer, the floor
 * alone decides). Runs of elevated days (floor reached, tail at most 0.01; gaps of one
 * day allowed) holding an improbable day are episodes.
 *
 * Severity: medium when new callers are at least `minNewShare` of the callers active in the episode,
 * the line usually hears mostly from people it knows (under half of its other calls from new callers;
 * calls displaying its number override this), and the surge has one of the two marks of a displayed number: new callers concentrated in the line's
 * area (at least half of the new callers with geographic numbers share its area prefix) or calls
 * displaying the number before most callbacks; high with both, or with one and a peak of at least three
 * times the floor with mostly short calls. A surge without either mark is low, and is not reported at
 * all on a line that usually hears from strangers (a helpline after a mass SMS): call-storm covers it.
 *
 * Metrics:
 * - `distinctCallers`: new callers in the episode; `calls`: their calls to the line (the callbacks).
 * - `peakDay`, `peakNewCallers`: the local day with most new callers and how many.
 * - `baselinePerDay`: median new callers per day over the line's followed days (0.5 stands in for 0);
 *   `baselineMethod` (`poisson` or `floor`); `pValue` of the peak day.
 * - `newCallerShare`: new callers / all callers active in the episode.
 * - `usualNewCallShare`: share of the line's calls from new callers outside the episode (null under 20
 *   calls); at 0.5 or more the line usually hears from strangers (helpline, shop) and the finding is low.
 * - `localShare`: share of new callers sharing the line's local prefix; `areaShare`: share of new callers
 *   with geographic numbers sharing its area prefix (null under 5 of them or under 30 % of the new
 *   callers); `geographicCallers`.
 * - `shortShare`: share of the callbacks unanswered or answered for at most `shortSeconds`;
 *   `answeredShare`: share answered.
 * - `priorCallsDisplayingNumber`: calls "from" the line to the new callers in the `callbackWindowHours`
 *   before their first call (operator-wide exports); `callersWithPriorCall`: how many callers had one.
 * - `linesTested`: lines with a day at the floor (the Bonferroni divisor).
 */

import { LocalPrefixes, sameLeading } from '../records/local-prefix.js';
import type { CallRecord } from '../records/record.js';
import { formatCount, formatDecimal, formatPercent } from '../records/text.js';
import type { Clock } from '../records/time.js';
import { median, modifiedZ, poissonTail } from '../windows/baseline.js';
import { DAY, HOUR, localDayIndex, localDayStart } from '../windows/buckets.js';
import { Float64Column, Int32Column } from '../windows/columns.js';
import { round2 } from '../windows/dispersion.js';
import { LineContacts } from '../windows/line-contacts.js';
import { inboundLine, outboundLine } from '../windows/lines.js';
import type { Candidate, Detector, DetectorContext, DetectorMeta, DetectorRun, Severity } from './types.js';

const meta: DetectorMeta = {
  id: 'spoofed-number-callbacks',
  title: { en: 'Callbacks to a spoofed number', fr: 'Rappels vers un numéro usurpé' },
  looksFor: {
    en:
      'A surge of calls to a line from many strangers it never called, mostly from its own area and short: ' +
      'people calling back a number they saw on their screen because a dialer displayed it. In an ' +
      'operator-wide export, calls "from" the line to those people just before their callbacks confirm it.',
    fr:
      'Un afflux d’appels vers une ligne venant de nombreux inconnus qu’elle n’a jamais appelés, surtout de ' +
      'sa zone et courts : des personnes qui rappellent un numéro vu sur leur écran parce qu’un automate ' +
      'l’affichait. Dans un export opérateur, des appels « de » la ligne vers ces personnes juste avant leurs ' +
      'rappels le confirment.',
  },
  params: {
    minNewCallers: {
      default: 10,
      unit: 'callers',
      why:
        'New callers on one day (absolute floor). The villager received up to 110 callbacks a day; a lab ' +
        'member whose number was spoofed got callbacks from hundreds of strangers for days (Prasad et al. ' +
        '2020); a private line rarely hears from ten strangers in a day.',
    },
    maxPValue: {
      default: 0.001,
      unit: 'probability',
      why:
        'Poisson tail of the day’s new callers against the line’s own daily rate of new callers, divided ' +
        'by the number of lines tested.',
    },
    callbackWindowHours: {
      default: 48,
      unit: 'hours',
      why:
        'People call back a missed or silent call within hours to a day or two; an earlier call from the ' +
        'line is real history, a call just before is the displayed call that caused the callback.',
    },
    minNewShare: {
      default: 0.5,
      unit: 'share',
      why:
        'New callers among all callers active during the surge: callbacks to a displayed number come from ' +
        'strangers; a busy line’s rush is mostly its usual callers.',
    },
    shortSeconds: {
      default: 60,
      unit: 'seconds',
      why: 'An angry or puzzled callback ("you called me") is over in a minute; conversations last longer.',
    },
  },
  falsePositives: [
    {
      en: 'A line advertised on a local flyer, radio or newspaper: many local strangers call it at once.',
      fr: 'Une ligne annoncée sur un prospectus, une radio ou un journal local : beaucoup d’inconnus du coin l’appellent d’un coup.',
    },
    {
      en: 'A genuine outbound campaign from the line itself (its own calls then explain the callbacks).',
      fr: 'Une vraie campagne d’appels sortants de la ligne elle-même (ses propres appels expliquent alors les rappels).',
    },
    {
      en: 'A number reassigned to a new subscriber: the previous holder’s contacts keep calling.',
      fr: 'Un numéro réattribué à un nouvel abonné : les contacts de l’ancien titulaire continuent d’appeler.',
    },
  ],
  references: [
    'Prasad et al., "Who\'s Calling? Characterizing Robocalls through Audio and Metadata Analysis", USENIX Security 2020 (callbacks from hundreds of strangers after spoofing)',
    'Villegongis case, Nouvelle République du Centre, 12 Oct (up to 110 callbacks a day)',
    'Arcep decision 2022-1583 (01-05 numbers without geographic constraint since 2023)',
  ],
  limits: {
    en:
      'The records show who called the line, not who displayed its number: the dialer that did is not in ' +
      'the line’s records and is found through the operator. Calls "from" the line in an operator-wide ' +
      'export may be the dialer’s, not the owner’s: only the owner can say they made none. A shared area ' +
      'prefix is a likelihood, not proof (French 01-05 numbers are not tied to a region since 2023).',
    fr:
      'Les enregistrements montrent qui a appelé la ligne, pas qui a affiché son numéro : l’automate en cause ' +
      'n’apparaît pas dans les enregistrements de la ligne et se retrouve par l’opérateur. Des appels « de » ' +
      'la ligne dans un export opérateur peuvent venir de l’automate : seul l’abonné peut dire qu’il ne les a ' +
      'pas passés. Un préfixe de zone commun est une probabilité, pas une preuve (les numéros 01 à 05 ne sont ' +
      'plus liés à une région depuis 2023).',
  },
};

/*
 * A number's facts while the first pass reads (see create): two int32 side by side, `word` and `day`.
 * `word` is payload * 4 + E.164 flag (E164_UNKNOWN until first asked, then E164_YES or E164_NO); the
 * payload is -1 - its line index once followed, else calls on the counter's day * 2 + SEEN (set from its
 * first call as a line). `day` is the UTC day of the counter. All zeros (a fresh array) is a number never
 * seen: day 0 with no calls counts like any other day with none.
 */
const E164_UNKNOWN = 0;
const E164_YES = 1;
const E164_NO = 2;
const E164_MASK = 3;
const SEEN = 1;
/** Call times kept per (followed line, counterpart) for the displayed-call test. */
const OUT_TIMES_CAP = 64;
/** Followed days the baseline needs (more than this); fewer means the absolute floor alone decides. */
const MIN_BASELINE_DAYS = 7;
/** Poisson tail under which a day at or above the floor is elevated enough to extend an episode. */
const ELEVATED_P = 0.01;
/** Geographic new callers needed before their area share means anything: a count and a share. */
const MIN_GEOGRAPHIC = 5;
const MIN_GEOGRAPHIC_SHARE = 0.3;
/** Calls outside the episode needed before the line's usual share of strangers is used. */
const MIN_USUAL_CALLS = 20;
/** Highest `minNewCallers` taken as is (a day counter never reaches it; its calls fit the payload). */
const MAX_HOT = (1 << 20) - 1;

/** Forgets every cached E.164 answer (NumberBook.rawPlus grew: a string once E.164 may be no longer). */
function forgetE164(facts: Int32Array): void {
  for (let at = 0; at < facts.length; at += 2) facts[at] &= ~E164_MASK;
}

/** A followed line in `finish`: its number, first and last call while followed, and its pairs. */
interface FollowedLine {
  name: string;
  first: number;
  last: number;
  /** Its pairs in `LineContacts`, in order of first sight. */
  pairs: Int32Array;
}

function create(ctx: DetectorContext): DetectorRun {
  const p = ctx.params;
  const owner = ctx.owner;
  const numbers = ctx.numbers;
  const hot = Math.min(MAX_HOT, Math.max(2, Math.round(p.minNewCallers)));
  const shortSeconds = p.shortSeconds;
  // Per number, by NumberBook id: its facts (see E164_UNKNOWN above), two int32 side by side so that
  // a row costs one memory access per number (eight bytes each keep 300 000 numbers within a few
  // megabytes of cache), and apart, written once, its order of first sight as a line, which only
  // following it needs (followed lines are reported in that order).
  let facts = new Int32Array(2048);
  let seenOrder = new Int32Array(1024);
  let seenLines = 0;
  // numbers.isE164 also depends on NumberBook.rawPlus, which only grows: the cached answers are asked
  // again whenever it has grown.
  let rawPlusKnown = numbers.rawPlus.size;
  // Per followed line: its number's id (-1 for the owner, who may have none), order of first sight, and
  // first and last call while followed (the days its baseline is taken over).
  const lineNumber = new Int32Column();
  const lineSeen = new Int32Column();
  const lineFirst = new Float64Column();
  const lineLast = new Float64Column();
  const contacts = new LineContacts(OUT_TIMES_CAP);
  const addLine = (id: number, seen: number): number => {
    lineNumber.push(id);
    lineSeen.push(seen);
    lineFirst.push(Number.POSITIVE_INFINITY);
    return lineLast.push(Number.NEGATIVE_INFINITY);
  };
  if (owner) addLine(-1, seenLines++);

  const growIds = (id: number): void => {
    // Half as much again as the ids so far: doubling would leave up to half of the arrays unused.
    const ids = Math.max(id + 1, numbers.idCount);
    const n = ids + (ids >> 1);
    const grown = new Int32Array(2 * n);
    grown.set(facts);
    facts = grown;
    const order = new Int32Array(n);
    order.set(seenOrder);
    seenOrder = order;
  };
  /** numbers.isE164 of number `id` (its string `value`), from the facts once asked. */
  const isE164 = (id: number, value: string): boolean => {
    const at = id << 1;
    const word = facts[at];
    let known = word & E164_MASK;
    if (known === E164_UNKNOWN) {
      known = numbers.isE164(value) ? E164_YES : E164_NO;
      facts[at] = word | known;
    }
    return known === E164_YES;
  };
  /** The line index of number `id` once followed (from its `hot`-th call of a UTC day), else -1. */
  const follow = (id: number, t: number): number => {
    const at = id << 1;
    const word = facts[at];
    const payload = word >> 2;
    if (payload < 0) return -1 - payload;
    if ((payload & SEEN) === 0) seenOrder[id] = seenLines++;
    // Starts are finite epoch ms (readers reject unreadable times): their UTC day fits an int32.
    const day = Math.floor(t / DAY);
    const count = facts[at + 1] === day ? (payload >> 1) + 1 : 1;
    if (count < hot) {
      facts[at] = (((count << 1) | SEEN) << 2) | (word & E164_MASK);
      facts[at + 1] = day;
      return -1;
    }
    const line = addLine(id, seenOrder[id]);
    facts[at] = ((-1 - line) << 2) | (word & E164_MASK);
    return line;
  };
  const touch = (line: number, t: number): void => {
    if (t < lineFirst.data[line]) lineFirst.data[line] = t;
    if (t > lineLast.data[line]) lineLast.data[line] = t;
  };

  /**
   * Operator-wide export (no owner): a call from A to B is outbound from A and inbound to B (as
   * inboundLine / outboundLine say; an empty or withheld number is not E.164). Ids stamped by the reader
   * stand for the numbers, so nothing is hashed by string.
   */
  const observeExport = (r: CallRecord): void => {
    const direction = r.direction;
    if (direction === 'internal') return;
    const callerId = r.callerId;
    const calleeId = r.calleeId;
    if (callerId >= seenOrder.length || calleeId >= seenOrder.length) growIds(Math.max(callerId, calleeId));
    if (numbers.rawPlus.size !== rawPlusKnown) {
      rawPlusKnown = numbers.rawPlus.size;
      forgetE164(facts);
    }
    const t = r.start;
    if (direction !== 'out' && isE164(calleeId, r.callee)) {
      const line = follow(calleeId, t);
      if (line >= 0) {
        touch(line, t);
        if (callerId !== calleeId && isE164(callerId, r.caller)) {
          const answered = r.status === 'answered';
          contacts.addIn(line, callerId, t, !answered || r.duration <= shortSeconds, answered);
        }
      }
    }
    if (direction !== 'in' && isE164(callerId, r.caller)) {
      const line = follow(callerId, t);
      if (line >= 0) {
        touch(line, t);
        if (calleeId !== callerId && isE164(calleeId, r.callee)) contacts.addOut(line, calleeId, t);
      }
    }
  };
  /** A subscriber's own log (owner known): only the owner is followed, as line 0, from the start. */
  const observeOwnerLog = (r: CallRecord): void => {
    const inLine = inboundLine(r, owner);
    if (inLine === owner && numbers.isE164(inLine)) {
      touch(0, r.start);
      if (numbers.isE164(r.caller) && r.caller !== inLine) {
        const answered = r.status === 'answered';
        contacts.addIn(0, r.callerId, r.start, !answered || r.duration <= shortSeconds, answered);
      }
    }
    const outLine = outboundLine(r, owner);
    if (outLine === owner && numbers.isE164(outLine)) {
      touch(0, r.start);
      if (numbers.isE164(r.callee) && r.callee !== outLine) contacts.addOut(0, r.calleeId, r.start);
    }
  };

  return {
    observe: owner === undefined ? observeExport : observeOwnerLog,
    finish(): Candidate[] {
      const prefixes = new LocalPrefixes(numbers);
      const windowMs = p.callbackWindowHours * HOUR;
      // Pairs grouped by line (counting sort: each line's pairs stay in order of first sight).
      const lineCount = lineLast.length;
      const bounds = new Int32Array(lineCount + 1);
      for (let k = 0; k < contacts.size; k++) bounds[contacts.lines[k] + 1]++;
      for (let i = 0; i < lineCount; i++) bounds[i + 1] += bounds[i];
      const sorted = new Int32Array(contacts.size);
      const cursor = bounds.slice(0, lineCount);
      for (let k = 0; k < contacts.size; k++) sorted[cursor[contacts.lines[k]]++] = k;
      const order = Array.from({ length: lineCount }, (_, i) => i).sort(
        (a, b) => lineSeen.data[a] - lineSeen.data[b],
      );
      // Lines with a day at the floor are tested; the p-value bar is divided by their number.
      const tested: [FollowedLine, Map<number, number[]>][] = [];
      for (const i of order) {
        const pairs = sorted.subarray(bounds[i], bounds[i + 1]);
        const byDay = newCallersByDay(contacts, pairs, windowMs, ctx.clock);
        for (const list of byDay.values()) {
          if (list.length >= hot) {
            const name = lineNumber.data[i] < 0 ? (owner ?? '') : numbers.valueOf(lineNumber.data[i]);
            tested.push([{ name, first: lineFirst.data[i], last: lineLast.data[i], pairs }, byDay]);
            break;
          }
        }
      }
      const out: Candidate[] = [];
      for (const [line, byDay] of tested) {
        out.push(...evaluate(line, contacts, byDay, tested.length, prefixes, ctx));
      }
      return out;
    },
  };
}

/** New callers of a followed line (pair indexes), grouped by the local day of their first call. */
function newCallersByDay(
  contacts: LineContacts,
  pairs: Int32Array,
  windowMs: number,
  clock: Clock,
): Map<number, number[]> {
  const byDay = new Map<number, number[]>();
  for (const k of pairs) {
    if (!isNewCaller(contacts, k, windowMs)) continue;
    const day = localDayIndex(clock, contacts.inFirst(k));
    const list = byDay.get(day);
    if (list === undefined) byDay.set(day, [k]);
    else list.push(k);
  }
  return byDay;
}

function evaluate(
  f: FollowedLine,
  contacts: LineContacts,
  newByDay: Map<number, number[]>,
  tests: number,
  prefixes: LocalPrefixes,
  ctx: DetectorContext,
): Candidate[] {
  const p = ctx.params;
  const floor = Math.max(2, Math.round(p.minNewCallers));
  const clock = ctx.clock;
  const alpha = p.maxPValue / Math.max(1, tests);
  // Baseline: the line's own followed days, zeros included (median, MAD and Poisson tail).
  const firstDay = localDayIndex(clock, f.first);
  const lastDay = localDayIndex(clock, f.last);
  const series: number[] = [];
  for (let d = firstDay; d <= lastDay; d++) series.push(newByDay.get(d)?.length ?? 0);
  const method: 'poisson' | 'floor' = series.length > MIN_BASELINE_DAYS ? 'poisson' : 'floor';
  // Half a caller a day stands in for a zero median, so a clean history is not infinitely strict.
  const lambda = method === 'poisson' ? Math.max(median(series), 0.5) : Number.NaN;
  // Elevated days (at or above the floor, and above the line's usual level: Poisson tail at most
  // ELEVATED_P); runs of them (gaps of one day allowed) holding at least one improbable day (tail at most
  // maxPValue / tests and modified z-score above 3.5) are episodes. The surge itself inflates the spread, so its
  // weaker days are kept with its strongest.
  const candidates: number[] = [];
  const significant = new Set<number>();
  for (const [d, list] of newByDay) {
    const k = list.length;
    if (k < floor) continue;
    const tail = method === 'floor' ? 0 : poissonTail(k, lambda);
    if (tail > ELEVATED_P) continue;
    candidates.push(d);
    if (method === 'floor' || (tail <= alpha && modifiedZ(k, series) > 3.5)) significant.add(d);
  }
  if (significant.size === 0) return [];
  candidates.sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const d of candidates) {
    const last = runs[runs.length - 1];
    if (last && d - last[last.length - 1] <= 2) last.push(d);
    else runs.push([d]);
  }
  const episodes = runs.filter((run) => run.some((d) => significant.has(d)));
  const out: Candidate[] = [];
  for (const ep of episodes) {
    const c = toCandidate(f, contacts, ep, newByDay, method, lambda, tests, prefixes, ctx);
    if (c) out.push(c);
  }
  return out;
}

/**
 * A caller the line has no relationship with: the line did not call it before the callback window, and
 * its calls are transient (at most two, or all within the callback window). Callers who keep calling
 * over weeks are customers or acquaintances, even when the data starts with them (no history yet).
 */
function isNewCaller(contacts: LineContacts, k: number, windowMs: number): boolean {
  const inCalls = contacts.inCalls(k);
  if (inCalls === 0) return false;
  const inFirst = contacts.inFirst(k);
  if (contacts.outFirst(k) < inFirst - windowMs) return false;
  return inCalls <= 2 || contacts.inLast(k) - inFirst <= windowMs;
}

function toCandidate(
  f: FollowedLine,
  contacts: LineContacts,
  episodeDays: number[],
  newByDay: Map<number, number[]>,
  method: 'poisson' | 'floor',
  lambda: number,
  tests: number,
  prefixes: LocalPrefixes,
  ctx: DetectorContext,
): Candidate | null {
  const p = ctx.params;
  const floor = Math.max(2, Math.round(p.minNewCallers));
  const windowMs = p.callbackWindowHours * HOUR;
  const line = f.name;
  const numbers = ctx.numbers;
  /** New callers of the episode, as pair indexes. */
  const callers = new Set<number>();
  let peakDay = episodeDays[0];
  let peak = 0;
  // Days between the surge days (gap days) belong to the episode too.
  for (let d = episodeDays[0]; d <= episodeDays[episodeDays.length - 1]; d++) {
    const list = newByDay.get(d);
    if (!list) continue;
    for (const n of list) callers.add(n);
    if (list.length > peak) {
      peak = list.length;
      peakDay = d;
    }
  }
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let calls = 0;
  let short = 0;
  let answered = 0;
  let local = 0;
  let geographic = 0;
  let sameArea = 0;
  let prior = 0;
  let withPrior = 0;
  const localLength = prefixes.localLength(line);
  const areaLength = prefixes.areaLength(line);
  /** For evidence, by NumberBook id: the new callers, and the displayed calls to them (from, until). */
  const callerIds = new Set<number>();
  const displayedFrom = new Map<number, number>();
  const displayedUntil = new Map<number, number>();
  for (const k of callers) {
    const id = contacts.numbers[k];
    const n = numbers.valueOf(id);
    callerIds.add(id);
    const inFirst = contacts.inFirst(k);
    calls += contacts.inCalls(k);
    short += contacts.inShort(k);
    answered += contacts.inAnswered(k);
    if (inFirst < start) start = inFirst;
    const inLast = contacts.inLast(k);
    if (inLast > end) end = inLast;
    if (localLength > 0 && sameLeading(line, n, localLength)) local++;
    if (prefixes.of(n)?.geographic) {
      geographic++;
      if (areaLength > 0 && sameLeading(line, n, areaLength)) sameArea++;
    }
    const kept = contacts.keptOutTimesWithin(k, inFirst - windowMs, inFirst);
    if (kept > 0) {
      const earliest = contacts.earliest;
      prior += kept;
      withPrior++;
      displayedFrom.set(id, earliest);
      displayedUntil.set(id, inFirst);
      if (earliest < start) start = earliest;
    }
  }
  // Every displayed call counted lies in [start, end]; the callbacks too.
  let active = callers.size;
  // The line's usual share of calls from strangers, over callers first seen outside the episode.
  let usualCalls = 0;
  let usualNew = 0;
  for (const k of f.pairs) {
    const inCalls = contacts.inCalls(k);
    if (inCalls === 0 || callers.has(k)) continue;
    const inFirst = contacts.inFirst(k);
    if (contacts.inLast(k) >= start && inFirst <= end) active++;
    if (inFirst < start || inFirst > end) {
      usualCalls += inCalls;
      if (isNewCaller(contacts, k, windowMs)) usualNew += inCalls;
    }
  }
  const usualNewShare = usualCalls >= MIN_USUAL_CALLS ? usualNew / usualCalls : Number.NaN;
  // The area share means something only with enough landline callers (mobiles carry no place).
  const geographicBase = geographic >= MIN_GEOGRAPHIC && geographic >= MIN_GEOGRAPHIC_SHARE * callers.size;
  const areaShare = geographicBase ? sameArea / geographic : Number.NaN;
  const concentrated = areaShare >= 0.5 && (prefixes.of(line)?.geographic ?? false);
  const hasPrior = withPrior * 2 >= callers.size;
  const shortShare = short / calls;
  const marks = (concentrated ? 1 : 0) + (hasPrior ? 1 : 0);
  const pValue = method === 'poisson' ? poissonTail(peak, lambda) : null;
  const newShare = callers.size / active;
  // A line that usually hears mostly from strangers (a helpline, a shop) has a call storm, not callbacks.
  const publicLine = usualNewShare >= 0.5;
  // No mark of a displayed number on a line that usually hears from strangers: a call storm, not ours.
  if (marks === 0 && publicLine) return null;
  let severity: Severity;
  if (marks === 0 || newShare < p.minNewShare || (publicLine && !hasPrior)) severity = 'low';
  else if (marks === 2 || (peak >= 3 * floor && shortShare >= 0.5)) severity = 'high';
  else severity = 'medium';

  const owner = ctx.owner;
  const matches = (r: CallRecord): boolean => {
    if (r.start < start || r.start > end) return false;
    if (callerIds.has(r.callerId) && inboundLine(r, owner) === line) return true;
    const from = displayedFrom.get(r.calleeId);
    if (from === undefined || outboundLine(r, owner) !== line) return false;
    // The displayed calls: the line's calls to that caller in the window before its first callback.
    return r.start >= from && r.start <= displayedUntil.get(r.calleeId)!;
  };
  const dayText = ctx.clock.day(localDayStart(ctx.clock, peakDay));
  const peakDayText = {
    en: ctx.clock.human(localDayStart(ctx.clock, peakDay), 'en', false),
    fr: ctx.clock.human(localDayStart(ctx.clock, peakDay), 'fr', false),
  };
  const period = {
    en: `${ctx.clock.human(start, 'en')} – ${ctx.clock.human(end, 'en')}`,
    fr: `${ctx.clock.human(start, 'fr')} – ${ctx.clock.human(end, 'fr')}`,
  };
  const n = (x: number, lang: 'en' | 'fr') => formatCount(x, lang);
  const priorText = withPrior
    ? {
        en: ` ${n(withPrior, 'en')} of them had received a call showing this number shortly before (${n(prior, 'en')} ${prior === 1 ? 'call' : 'calls'}): if the owner made none, a dialer displayed it.`,
        fr: ` ${n(withPrior, 'fr')} d’entre eux avaient reçu peu avant un appel affichant ce numéro (${n(prior, 'fr')} appel${prior === 1 ? '' : 's'}) : si l’abonné n’en a passé aucun, un automate l’a affiché.`,
      }
    : { en: '', fr: '' };
  const usual = {
    en: method === 'poisson' ? formatDecimal(lambda, 'en', 2) : 'no history',
    fr: method === 'poisson' ? formatDecimal(lambda, 'fr', 2) : 'pas d’historique',
  };
  const area = Number.isFinite(areaShare)
    ? {
        en: ` and ${formatPercent(areaShare, 'en')} of the landline callers share its area`,
        fr: ` et ${formatPercent(areaShare, 'fr')} des appelants sur fixe partagent sa zone`,
      }
    : { en: '', fr: '' };
  return {
    kind: 'spoofed-number-callbacks',
    severity,
    subject: line,
    subjectType: 'number',
    start,
    end,
    calls: calls + prior,
    metrics: {
      distinctCallers: callers.size,
      calls,
      peakDay: dayText,
      peakNewCallers: peak,
      baselinePerDay: method === 'poisson' ? round2(lambda) : null,
      baselineMethod: method,
      pValue: pValue === null ? null : Number(pValue.toPrecision(3)),
      newCallerShare: round2(newShare),
      usualNewCallShare: Number.isFinite(usualNewShare) ? round2(usualNewShare) : null,
      localShare: round2(local / callers.size),
      areaShare: Number.isFinite(areaShare) ? round2(areaShare) : null,
      geographicCallers: geographic,
      shortShare: round2(shortShare),
      answeredShare: round2(answered / calls),
      priorCallsDisplayingNumber: prior,
      callersWithPriorCall: withPrior,
      linesTested: tests,
    },
    summary: {
      en:
        `${line} received ${n(calls, 'en')} calls from ${n(callers.size, 'en')} different callers it had never called over ` +
        `${period.en} (up to ${n(peak, 'en')} new callers on ${peakDayText.en}, usually ${usual.en}); ` +
        `${formatPercent(shortShare, 'en')} were short or unanswered${area.en}: ` +
        `people calling back a number they saw on their screen.${priorText.en} The records do not show who displayed the number.`,
      fr:
        `${line} a reçu ${n(calls, 'fr')} appels de ${n(callers.size, 'fr')} correspondants différents qu’il n’avait jamais appelés ` +
        `sur la période ${period.fr} (jusqu’à ${n(peak, 'fr')} nouveaux appelants le ${peakDayText.fr}, d’habitude ${usual.fr}) ; ` +
        `${formatPercent(shortShare, 'fr')} étaient courts ou sans réponse${area.fr} : ` +
        `des personnes qui rappellent un numéro vu sur leur écran.${priorText.fr} Les enregistrements ne montrent pas qui a affiché le numéro.`,
    },
    matches,
  };
}

export const spoofedNumberCallbacks: Detector = { meta, create };
