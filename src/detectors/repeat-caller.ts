/**
 * repeat-caller: one caller calls the same number many times a day, or at night (harassment: "being
 * called at any hour of the day... when will they call at night?").
 *
 * Method. Calls are counted per (caller, callee) pair: total, answered, talk time, calls per local day,
 * and calls in the night (`nightStartHour`-`nightEndHour` local, in the run's zone) per night. A pair is
 * reported when it reaches `minCallsPerDay` calls on one day or `minNightCalls` night calls within 7
 * nights. Severity rises with the busiest day (`mediumCallsPerDay`, `highCallsPerDay`), with repetition
 * over days (`repeatDays` days at `minCallsPerDay` or more) and nights (`mediumNights` different nights
 * within 7), and is
 * highest when day bursts and night calls come together. Severity is lowered for conversations
 * (at least `conversationShare` answered with a mean talk time of `conversationSeconds` or more: people
 * who talk to each other) and capped at low for withheld callers, who cannot be told apart. Business
 * lines (callees that `businessCallersPerDay` distinct callers a day call on average: a switchboard,
 * a helpline) get night and withheld calls as a matter of course: there only a caller reaching
 * `highCallsPerDay` in a day is reported, at low severity. Calls made by the owner (`--owner`) are not
 * examined.
 *
 * One finding per caller: its strongest pair gives the figures, every callee it shows the pattern
 * towards is listed; `campaignCallees` or more callees cap the severity at medium (a campaign or a
 * dialler, see robocall-flood). The window runs from the first to the last local day with a burst (or
 * with a night call, when night calls count) and the evidence is every call of the pair in it.
 *
 * Memory: one table slot per (caller, callee) pair (12 bytes in typed arrays, the pair's first call
 * packed in it); pairs with a second call also keep, in typed arrays, their totals and calls per
 * active day (with night calls). Exact in any record order; records in time order are cheapest.
 *
 * Metrics (per finding):
 * - `callee`: the called number (of the strongest pair); `callees`: every number the caller shows the
 *   pattern towards (up to 20), `calleeCount`: how many.
 * - The figures below are those of the strongest pair, counted in its window, except
 *   `maxCallsIn30Days`, `answeredShare` and `meanDuration` (over all its calls in the data).
 * - `callsMaxPerDay`: most calls in one local day; `burstDays`: days with at least `minCallsPerDay`.
 * - `days`: days with at least one call; `maxCallsIn30Days`: most calls in any 30 consecutive days
 *   (compare: French rules allow a professional 4 sales calls per 30 days to the same consumer).
 * - `nightCalls`: calls in the night window; `nights`: different nights with such calls;
 *   `maxNightsIn7Days`: most different nights with calls within 7 consecutive nights.
 * - `answeredShare`: answered calls / calls; `meanDuration`: mean talk time of answered calls (s).
 * - `businessLine`: the callee looks like a business line (many distinct callers a day).
 * - `withheld`: the caller is withheld (several people may be behind it).
 */

import { type CallRecord, WITHHELD } from '../records/record.js';
import { formatCount, formatPercent } from '../records/text.js';
import { DAY, HOUR, MINUTE } from '../windows/buckets.js';
import { Float64Column, Int32Column } from '../windows/columns.js';
import { DayCells } from '../windows/day-cells.js';
import { isNightHour, localIndex, localIndexStart } from '../windows/local.js';
import { PairTable } from '../windows/pair-table.js';
import { readAhead } from '../windows/read-ahead.js';
import { round2 } from '../windows/score.js';
import type { Candidate, Detector, DetectorContext, DetectorMeta, Severity } from './types.js';

const ARCEP_WHY =
  'French rules (decree of October 2022, Arcep) allow a professional at most 4 sales calls per 30 days to ' +
  'the same consumer, on weekdays 10:00-13:00 and 14:00-20:00 only';

const meta: DetectorMeta = {
  id: 'repeat-caller',
  title: { en: 'Repeated calls from one caller', fr: "Appels répétés d'un même appelant" },
  looksFor: {
    en:
      'One caller calling the same number many times a day, on several days, or at night: the pattern of ' +
      'telephone harassment. Conversations and business lines (a supplier calling a switchboard) are ' +
      'kept at low severity.',
    fr:
      'Un même appelant qui appelle le même numéro de nombreuses fois par jour, plusieurs jours, ou la ' +
      'nuit : le schéma du harcèlement téléphonique. Les conversations et les lignes professionnelles (un ' +
      'fournisseur qui appelle un standard) restent en gravité faible.',
  },
  params: {
    minCallsPerDay: {
      default: 6,
      unit: 'calls',
      why:
        'Above the 3-5 calls a day of an attentive relative, which is ordinary; already more in one day ' +
        `than the 4 per 30 days that ${ARCEP_WHY}.`,
    },
    mediumCallsPerDay: {
      default: 10,
      unit: 'calls',
      why: 'Ten calls in one day from one number to one line is insistence well beyond ordinary use.',
    },
    highCallsPerDay: {
      default: 20,
      unit: 'calls',
      why: 'Twenty calls in one day ("at any hour of the day", source article) is harassment-like volume.',
    },
    repeatDays: {
      default: 3,
      unit: 'days',
      why: 'Bursts on 3 or more different days make a pattern rather than a one-off emergency.',
    },
    nightStartHour: {
      default: 22,
      unit: 'hour',
      why: `Night starts at 22:00 local time (the victim's fear of calls at night, source article); ${ARCEP_WHY}.`,
    },
    nightEndHour: {
      default: 7,
      unit: 'hour',
      why: 'Night ends at 07:00 local time.',
    },
    minNightCalls: {
      default: 3,
      unit: 'calls',
      why:
        'Three night calls from one number within 7 nights; a single late call can be an emergency, and ' +
        'a few late calls spread over a month are ordinary.',
    },
    mediumNights: {
      default: 3,
      unit: 'nights',
      why: 'Night calls on 3 or more different nights within 7 nights are a pattern.',
    },
    conversationShare: {
      default: 0.8,
      unit: 'share',
      why: 'Pairs who answer at least 80 % of calls with real conversations talk to each other: severity one step lower.',
    },
    conversationSeconds: {
      default: 60,
      unit: 'seconds',
      why: 'A conversation: mean talk time of a minute or more (a harassing call is typically unanswered or short).',
    },
    businessCallersPerDay: {
      default: 10,
      unit: 'callers',
      why:
        'A callee called by 10 or more distinct numbers a day on average is a business line (switchboard, ' +
        'helpline, shop): repeated calls to it (suppliers, regular callers) are reported only from ' +
        'highCallsPerDay in a day, at low severity; its night and withheld calls are not examined.',
    },
    campaignCallees: {
      default: 5,
      unit: 'callees',
      why:
        'A caller with the pattern towards 5 or more different numbers is a campaign or an automated ' +
        'dialler rather than one targeted person: severity at most medium (robocall-flood covers it).',
    },
    reportWithheld: {
      default: 1,
      unit: 'flag',
      why:
        'Withheld callers cannot be told apart; 1 reports repeated withheld calls to a number at low ' +
        'severity with that caveat, 0 ignores them.',
    },
  },
  falsePositives: [
    {
      en: 'Family members, carers or partners who call often, or a redial loop after failed calls.',
      fr: 'Des proches, aidants ou conjoints qui appellent souvent, ou des rappels automatiques après des appels échoués.',
    },
    {
      en: 'Professional contacts: suppliers, delivery drivers, debt collectors or telemarketers (the latter limited to 4 calls per 30 days in France).',
      fr: 'Des contacts professionnels : fournisseurs, livreurs, recouvrement ou démarchage (ce dernier limité à 4 appels par 30 jours en France).',
    },
  ],
  references: [
    'Reader testimony "Comment arrêter ce harcèlement?" (Belgian news site, advice from the Federal Computer Crime Unit): calls "at any hour of the day", fear of calls at night.',
    'French decree of October 2022 on telemarketing (Arcep numbering rules): weekdays 10:00-13:00 and 14:00-20:00 only, at most 4 calls per 30 days from one professional to the same consumer.',
    'Belgian Telecom Ombudsman malicious-calls procedure: needs the exact date and time of each call.',
  ],
  limits: {
    en:
      'Repeated calls show insistence, not content or intent. A displayed number is not proof of the caller ' +
      '(numbers can be spoofed) and withheld calls may come from several people. Calls made by the owner ' +
      'of the export are not examined.',
    fr:
      "Des appels répétés montrent une insistance, pas leur contenu ni l'intention. Un numéro affiché ne " +
      "prouve pas l'identité de l'appelant (il peut être usurpé) et des appels masqués peuvent venir de " +
      "plusieurs personnes. Les appels passés par le titulaire de l'export ne sont pas examinés.",
  },
};

/** A (caller, callee) pair that shows the pattern, with its window of local days `[d0, d1]`. */
interface PairResult {
  /** Detail index of the pair (see `create`). */
  id: number;
  callee: string;
  level: number;
  d0: number;
  d1: number;
  calls: number;
  conversation: boolean;
  metrics: Candidate['metrics'];
}

/** Callees listed by name in a finding's metrics. */
const MAX_LISTED_CALLEES = 20;

/** Per-number flags, cached by number id (0: not classified yet). */
const SEEN = 1;
/** Calls from this number are not examined: empty, the owner, or withheld when they are not reported. */
const SKIP_AS_CALLER = 2;
/** Calls to this number are not examined (empty). */
const SKIP_AS_CALLEE = 4;

/**
 * Night calls by the night they belong to (see local.ts `nightIndex`): a call in the night window after
 * noon belongs to the night of its own day (LATE), one before noon to the night of the day before
 * (EARLY); 0 outside the night window. Per-day counters of a pair: calls, EARLY and LATE night calls.
 */
const EARLY = 1;
const LATE = 2;
const CELL_CALLS = 0;
const CELL_EARLY = 1;
const CELL_LATE = 2;
const CELL_WIDTH = 3;

/**
 * A pair's first call packed in its table value (bits 15-30: local day - first day of the run +
 * 2^15; 13-14: night kind; 12: answered; 0-11: talk seconds), so that the millions of pairs that call
 * once cost no more than their table slot. Calls that do not fit (talk time not a whole number of
 * seconds below 4096, a day more than 89 years from the first) start a detail at once. Packed values
 * are >= 0; a negative value is -(detail index + 1).
 */
const DAY_BIAS = 2 ** 15;
const DAY_SHIFT = 2 ** 15;
const NIGHT_SHIFT = 2 ** 13;
const ANSWERED_BIT = 2 ** 12;
const MAX_PACKED_TALK = 2 ** 12 - 1;
/**
 * Calls buffered before they are counted (see `countBatch`): enough for their table reads to overlap,
 * few enough to stay in the first-level cache.
 */
const BATCH = 64;

function create(ctx: DetectorContext) {
  const p = ctx.params;
  const clock = ctx.clock;
  const book = ctx.numbers;
  const owner = ctx.owner;
  const skipWithheld = !p.reportWithheld;

  /** Night kind per local hour of day. */
  const nightKindOfHour = new Uint8Array(24);
  for (let h = 0; h < 24; h++) {
    if (isNightHour(h, p.nightStartHour, p.nightEndHour)) nightKindOfHour[h] = h >= 12 ? LATE : EARLY;
  }

  /** Flags per number id (SEEN, SKIP_AS_CALLER, SKIP_AS_CALLEE) and distinct callers per callee id. */
  let flags = new Uint8Array(1024);
  let calleeCallers = new Int32Array(1024);

  /**
   * Every (caller, callee) pair: its first call packed in the value, or its detail index once it has a
   * second call (or a first call that does not pack).
   */
  const pairs = new PairTable();
  // Details: typed columns indexed by detail index, and per-day counters (list id = detail index).
  const dCaller = new Int32Column();
  const dCallee = new Int32Column();
  const dCount = new Int32Column();
  const dAnswered = new Int32Column();
  const dTalk = new Float64Column();
  /** Rank of the pair's second call among all second calls: findings come in that order. */
  const dSecond = new Int32Column();
  const cells = new DayCells(CELL_WIDTH);
  let secondCalls = 0;

  let firstDay = Number.NaN;
  let minDay = Number.POSITIVE_INFINITY;
  let maxDay = Number.NEGATIVE_INFINITY;
  // The zone's offset of the last minute seen (offsets change on whole minutes): most rows skip the
  // clock's own cache.
  let offsetMinute = Number.NaN;
  let offsetMs = 0;

  function classify(id: number, value: string): number {
    let f = SEEN;
    if (value === '') f |= SKIP_AS_CALLER | SKIP_AS_CALLEE;
    if (value === owner || (skipWithheld && value === WITHHELD)) f |= SKIP_AS_CALLER;
    flags[id] = f;
    return f;
  }

  function growById(id: number): void {
    let n = flags.length;
    while (n <= id) n *= 2;
    const f = new Uint8Array(n);
    f.set(flags);
    flags = f;
    const c = new Int32Array(n);
    c.set(calleeCallers);
    calleeCallers = c;
  }

  function newDetail(a: number, b: number): number {
    dCaller.push(a);
    dCallee.push(b);
    dCount.push(0);
    dAnswered.push(0);
    dTalk.push(0);
    dSecond.push(-1);
    return cells.newList();
  }

  function addCall(d: number, day: number, nightKind: number, answered: boolean, talk: number): void {
    const n = ++dCount.data[d];
    if (n === 2) dSecond.data[d] = secondCalls++;
    if (answered) {
      dAnswered.data[d]++;
      dTalk.data[d] += talk;
    }
    const c = cells.cell(d, day) * CELL_WIDTH;
    const counts = cells.counts;
    counts[c + CELL_CALLS]++;
    if (nightKind === EARLY) counts[c + CELL_EARLY]++;
    else if (nightKind === LATE) counts[c + CELL_LATE]++;
  }

  /** A pair's first call as a packed value (>= 0), or -1 when it does not fit. */
  function pack(day: number, nightKind: number, answered: boolean, talk: number): number {
    const d = day - firstDay + DAY_BIAS;
    if (d < 0 || d > 0xffff) return -1;
    if (!answered) return d * DAY_SHIFT + nightKind * NIGHT_SHIFT;
    if (!(talk >= 0 && talk <= MAX_PACKED_TALK && Math.floor(talk) === talk)) return -1;
    return d * DAY_SHIFT + nightKind * NIGHT_SHIFT + ANSWERED_BIT + talk;
  }

  /** Moves a pair's packed first call into a new detail; returns the detail index. */
  function unpack(a: number, b: number, v: number): number {
    const d = newDetail(a, b);
    const day = Math.floor(v / DAY_SHIFT) - DAY_BIAS + firstDay;
    addCall(d, day, (v >> 13) & 3, (v & ANSWERED_BIT) !== 0, v & MAX_PACKED_TALK);
    return d;
  }

  function observe(r: CallRecord): void {
    const t = r.start;
    if (!Number.isFinite(t)) return;
    const minute = Math.floor(t / MINUTE);
    if (minute !== offsetMinute) {
      offsetMinute = minute;
      offsetMs = clock.offsetMinutes(t) * MINUTE;
    }
    const wall = t + offsetMs;
    const day = Math.floor(wall / DAY);
    if (day < minDay) minDay = day;
    if (day > maxDay) maxDay = day;
    const a = r.callerId;
    const b = r.calleeId;
    // Same number on both ends (an empty caller and callee too).
    if (a === b) return;
    if (a >= flags.length || b >= flags.length) growById(a > b ? a : b);
    let fa = flags[a];
    if (fa === 0) fa = classify(a, r.caller);
    let fb = flags[b];
    if (fb === 0) fb = classify(b, r.callee);
    if ((fa & SKIP_AS_CALLER) !== 0 || (fb & SKIP_AS_CALLEE) !== 0) return;
    const k = batched++;
    batchCaller[k] = a;
    batchCallee[k] = b;
    batchDay[k] = day;
    batchNight[k] = nightKindOfHour[Math.floor((wall - day * DAY) / HOUR)];
    batchAnswered[k] = r.status === 'answered' ? 1 : 0;
    batchTalk[k] = r.duration;
    if (batched === BATCH) countBatch();
  }

  // Calls waiting to be counted, in order of arrival: caller and callee ids, local day, night kind,
  // answered (1) or not, talk time.
  const batchCaller = new Int32Array(BATCH);
  const batchCallee = new Int32Array(BATCH);
  const batchDay = new Float64Array(BATCH);
  const batchNight = new Uint8Array(BATCH);
  const batchAnswered = new Uint8Array(BATCH);
  const batchTalk = new Float64Array(BATCH);
  let batched = 0;

  /**
   * Counts the batched calls in order. Each looks its pair up in a table of megabytes (one slot per
   * pair ever seen) and a new pair counts a caller of its callee: both are read ahead for the whole
   * batch first (see windows/read-ahead.ts). The table is read through `touch`, which has no branch:
   * with a lookup's probe loop the reads did not overlap (almost every pair is new, so its insert,
   * not a lookup, is what waits on the miss).
   */
  function countBatch(): void {
    const n = batched;
    batched = 0;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      sum += pairs.touch(batchCaller[k], batchCallee[k]) + calleeCallers[batchCallee[k]];
    }
    readAhead.sum += sum;
    for (let k = 0; k < n; k++) {
      countCall(
        batchCaller[k],
        batchCallee[k],
        batchDay[k],
        batchNight[k],
        batchAnswered[k] === 1,
        batchTalk[k],
      );
    }
  }

  function countCall(a: number, b: number, day: number, nightKind: number, answered: boolean, talk: number) {
    const slot = pairs.slot(a, b);
    if (pairs.added) {
      calleeCallers[b]++;
      // Packed days count from the day of the first pair.
      if (pairs.size === 1) firstDay = day;
      const packed = pack(day, nightKind, answered, talk);
      if (packed >= 0) {
        pairs.values[slot] = packed;
        return;
      }
      const d = newDetail(a, b);
      pairs.values[slot] = -(d + 1);
      addCall(d, day, nightKind, answered, talk);
      return;
    }
    let v = pairs.values[slot];
    if (v >= 0) {
      v = -(unpack(a, b, v) + 1);
      pairs.values[slot] = v;
    }
    addCall(-v - 1, day, nightKind, answered, talk);
  }

  function finish(): Candidate[] {
    countBatch();
    if (!Number.isFinite(minDay)) return [];
    const dataDays = maxDay - minDay + 1;
    const minCalls = Math.min(p.minCallsPerDay, p.minNightCalls);
    // Pairs with a second call, in the order of that call.
    const order: number[] = [];
    for (let d = 0; d < dCount.length; d++) {
      if (dCount.data[d] >= 2 && dCount.data[d] >= minCalls) order.push(d);
    }
    order.sort((x, y) => dSecond.data[x] - dSecond.data[y]);
    const byCaller = new Map<number, PairResult[]>();
    for (const d of order) {
      const res = analyse(d, dataDays);
      if (res === null) continue;
      const caller = dCaller.data[d];
      const list = byCaller.get(caller);
      if (list === undefined) byCaller.set(caller, [res]);
      else list.push(res);
    }
    const out: Candidate[] = [];
    for (const [caller, results] of byCaller) out.push(candidate(caller, results));
    return out;
  }

  // Scratch series of the pair being analysed, indexed by local day - `base`: calls per day, night
  // calls per day, night calls per night. Zeroed again after each pair.
  let sDays = new Int32Array(64);
  let sNightDays = new Int32Array(64);
  let sNights = new Int32Array(64);

  function analyse(id: number, dataDays: number): PairResult | null {
    const caller = book.valueOf(dCaller.data[id]);
    const callee = book.valueOf(dCallee.data[id]);
    const withheld = caller === WITHHELD;
    // Span of the pair's days, and its night calls (first day - 1 holds the night before it).
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    let nightTotal = 0;
    const counts = cells.counts;
    for (let c = cells.first(id); c >= 0; c = cells.nextOf[c]) {
      const k = cells.dayOf[c];
      if (k < lo) lo = k;
      if (k > hi) hi = k;
      nightTotal += counts[c * CELL_WIDTH + CELL_EARLY] + counts[c * CELL_WIDTH + CELL_LATE];
    }
    const base = lo - 1;
    const span = hi - base + 1;
    if (span > sDays.length) {
      let n = sDays.length;
      while (n < span) n *= 2;
      sDays = new Int32Array(n);
      sNightDays = new Int32Array(n);
      sNights = new Int32Array(n);
    }
    for (let c = cells.first(id); c >= 0; c = cells.nextOf[c]) {
      const i = cells.dayOf[c] - base;
      const early = counts[c * CELL_WIDTH + CELL_EARLY];
      const late = counts[c * CELL_WIDTH + CELL_LATE];
      sDays[i] = counts[c * CELL_WIDTH + CELL_CALLS];
      sNightDays[i] = early + late;
      sNights[i - 1] += early;
      sNights[i] += late;
    }
    try {
      return analyseSeries(id, callee, withheld, base, lo, hi, nightTotal, dataDays);
    } finally {
      sDays.fill(0, 0, span);
      sNightDays.fill(0, 0, span);
      sNights.fill(0, 0, span);
    }
  }

  function analyseSeries(
    id: number,
    callee: string,
    withheld: boolean,
    base: number,
    lo: number,
    hi: number,
    nightTotal: number,
    dataDays: number,
  ): PairResult | null {
    const dayCalls = (k: number): number => (k >= lo && k <= hi ? sDays[k - base] : 0);
    const nightCallsOn = (k: number): number => (k >= lo && k <= hi ? sNightDays[k - base] : 0);
    const nightCallsOf = (n: number): number => (n >= base && n <= hi ? sNights[n - base] : 0);
    let maxPerDay = 0;
    let burstDays = 0;
    for (let k = lo; k <= hi; k++) {
      const v = dayCalls(k);
      if (v === 0) continue;
      if (v > maxPerDay) maxPerDay = v;
      if (v >= p.minCallsPerDay) burstDays++;
    }
    // Business lines: night calls are ordinary (helplines, hotels) and withheld callers are many people;
    // only a day far above anything ordinary is reported, at low severity.
    const businessLine = calleeCallers[dCallee.data[id]] / dataDays >= p.businessCallersPerDay;
    if (businessLine && (withheld || maxPerDay < p.highCallsPerDay)) return null;
    const nightEligible = !businessLine && nightTotal >= p.minNightCalls;

    // Window: from the first to the last day with a burst (or a night call, when nights count).
    let d0 = Number.POSITIVE_INFINITY;
    let d1 = Number.NEGATIVE_INFINITY;
    const burst = businessLine ? p.highCallsPerDay : p.minCallsPerDay;
    for (let k = lo; k <= hi; k++) {
      const v = dayCalls(k);
      if (v === 0) continue;
      if (v >= burst || (nightEligible && nightCallsOn(k) > 0)) {
        if (k < d0) d0 = k;
        if (k > d1) d1 = k;
      }
    }
    if (!Number.isFinite(d0)) return null;

    let calls = 0;
    let days = 0;
    let nightCalls = 0;
    for (let k = d0; k <= d1; k++) {
      const v = dayCalls(k);
      calls += v;
      if (v !== 0) days++;
      nightCalls += nightCallsOn(k);
    }
    let nights = 0;
    for (let n = d0 - 1; n <= d1; n++) if (nightCallsOf(n) > 0) nights++;
    // Night calls count as a pattern when concentrated: the busiest 7 consecutive nights.
    let weekNightCalls = 0;
    let weekNights = 0;
    if (nightTotal > 0) {
      let calls7 = 0;
      let nights7 = 0;
      for (let k = base; k <= hi; k++) {
        const add = nightCallsOf(k);
        const drop = nightCallsOf(k - 7);
        calls7 += add - drop;
        nights7 += (add > 0 ? 1 : 0) - (drop > 0 ? 1 : 0);
        if (calls7 > weekNightCalls) weekNightCalls = calls7;
        if (nights7 > weekNights) weekNights = nights7;
      }
    }
    let max30 = 0;
    let run = 0;
    for (let k = lo; k <= hi; k++) {
      run += dayCalls(k) - dayCalls(k - 30);
      if (run > max30) max30 = run;
    }

    let level = 0;
    if (maxPerDay >= p.minCallsPerDay) level = 1;
    if (maxPerDay >= p.mediumCallsPerDay || burstDays >= p.repeatDays) level = Math.max(level, 2);
    if (maxPerDay >= p.highCallsPerDay || (burstDays >= p.repeatDays && maxPerDay >= p.mediumCallsPerDay)) {
      level = 3;
    }
    if (nightEligible && weekNightCalls >= p.minNightCalls) {
      level = Math.max(level, weekNights >= p.mediumNights ? 2 : 1);
      if (maxPerDay >= p.minCallsPerDay && weekNights >= p.mediumNights) level = 3;
    }
    if (level === 0) return null;
    const answered = dAnswered.data[id];
    const answeredShare = answered / dCount.data[id];
    const meanDuration = answered > 0 ? dTalk.data[id] / answered : 0;
    const conversation = answeredShare >= p.conversationShare && meanDuration >= p.conversationSeconds;
    if (conversation) level = Math.max(1, level - 1);
    if (businessLine || withheld) level = 1;
    return {
      id,
      callee,
      level,
      d0,
      d1,
      calls,
      conversation,
      metrics: {
        callee,
        callsMaxPerDay: maxPerDay,
        burstDays,
        days,
        maxCallsIn30Days: max30,
        nightCalls,
        nights,
        maxNightsIn7Days: weekNights,
        answeredShare: round2(answeredShare),
        meanDuration: answered > 0 ? round2(meanDuration) : null,
        businessLine,
        withheld,
      },
    };
  }

  /** One finding per caller: its strongest pair, and every callee it shows the pattern towards. */
  function candidate(callerId: number, results: PairResult[]): Candidate {
    const caller = book.valueOf(callerId);
    results.sort((a, b) => b.level - a.level || b.calls - a.calls || (a.callee < b.callee ? -1 : 1));
    const main = results[0];
    let level = main.level;
    const campaign = results.length >= p.campaignCallees;
    if (campaign) level = Math.min(level, 2);
    const severity: Severity = level >= 3 ? 'high' : level === 2 ? 'medium' : 'low';
    // Window of local days per callee id.
    const windows = new Map<number, [number, number]>();
    let calls = 0;
    let d0 = Number.POSITIVE_INFINITY;
    let d1 = Number.NEGATIVE_INFINITY;
    for (const r of results) {
      windows.set(dCallee.data[r.id], [r.d0, r.d1]);
      calls += r.calls;
      d0 = Math.min(d0, r.d0);
      d1 = Math.max(d1, r.d1);
    }
    const start = localIndexStart(clock, d0, DAY);
    const endExclusive = localIndexStart(clock, d1 + 1, DAY);
    const metrics: Candidate['metrics'] = {
      ...main.metrics,
      callees: results.slice(0, MAX_LISTED_CALLEES).map((r) => r.callee),
      calleeCount: results.length,
    };
    return {
      kind: 'repeat-caller',
      severity,
      subject: caller,
      subjectType: 'number',
      start,
      end: endExclusive - 1,
      calls,
      metrics,
      summary: summarize(caller, main, start, endExclusive - 1, results.length, campaign),
      matches: (r: CallRecord): boolean => {
        if (r.callerId !== callerId) return false;
        const w = windows.get(r.calleeId);
        if (w === undefined) return false;
        const day = localIndex(clock, r.start, DAY);
        return day >= w[0] && day <= w[1];
      },
    };
  }

  function summarize(
    caller: string,
    main: PairResult,
    start: number,
    end: number,
    calleeCount: number,
    campaign: boolean,
  ): Candidate['summary'] {
    const m = main.metrics;
    const callee = m.callee as string;
    const h = (x: number) => `${String(x).padStart(2, '0')}:00`;
    const nightSpan = `${h(p.nightStartHour)}-${h(p.nightEndHour)}`;
    const n = (x: number, lang: 'en' | 'fr') => formatCount(x, lang);
    const answered = m.answeredShare as number;
    const who = m.withheld
      ? { en: 'Callers with a withheld number', fr: 'Des appelants au numéro masqué' }
      : { en: caller, fr: `Le ${caller}` };
    const days = m.days as number;
    const perDay = m.callsMaxPerDay as number;
    const nightCalls = m.nightCalls as number;
    const nights = m.nights as number;
    let en = `${who.en} called ${callee} ${n(main.calls, 'en')} times from ${clock.human(start, 'en')} to ${clock.human(end, 'en')}, on ${n(days, 'en')} day(s), up to ${n(perDay, 'en')} in one day; ${n(nightCalls, 'en')} call(s) at night (${nightSpan}) on ${n(nights, 'en')} night(s); ${formatPercent(answered, 'en')} of its calls answered.`;
    let fr = `${who.fr} a appelé le ${callee} ${n(main.calls, 'fr')} fois du ${clock.human(start, 'fr')} au ${clock.human(end, 'fr')}, sur ${n(days, 'fr')} jour(s), jusqu'à ${n(perDay, 'fr')} en un jour ; ${n(nightCalls, 'fr')} appel(s) de nuit (${nightSpan}) sur ${n(nights, 'fr')} nuit(s) ; ${formatPercent(answered, 'fr')} de ses appels décrochés.`;
    if (calleeCount > 1) {
      en += ` The same pattern towards ${n(calleeCount - 1, 'en')} other number(s).`;
      fr += ` Même schéma envers ${n(calleeCount - 1, 'fr')} autre(s) numéro(s).`;
    }
    if (campaign) {
      en +=
        ' Calling this many numbers repeatedly looks like a campaign or an automated dialler (see robocall-flood) rather than one person targeted.';
      fr +=
        " Appeler autant de numéros de façon répétée évoque une campagne ou un automate d'appels (voir robocall-flood) plutôt qu'une personne visée.";
    }
    if ((m.maxCallsIn30Days as number) > 4 && !m.withheld) {
      en += ` For comparison, French rules allow a professional at most 4 sales calls per 30 days to the same person; this caller made up to ${n(m.maxCallsIn30Days as number, 'en')} in 30 days.`;
      fr += ` Pour comparaison, un professionnel ne peut démarcher la même personne que 4 fois par 30 jours ; cet appelant a appelé jusqu'à ${n(m.maxCallsIn30Days as number, 'fr')} fois en 30 jours.`;
    }
    if (m.withheld) {
      en += ' Withheld calls cannot be told apart: they may come from one person or from several.';
      fr +=
        ' Les appels masqués ne se distinguent pas entre eux : ils peuvent venir d’une ou de plusieurs personnes.';
    }
    if (m.businessLine) {
      en +=
        ' The called number receives calls from many people (a business line): repeated calls may be ordinary business.';
      fr +=
        " Le numéro appelé reçoit des appels de nombreuses personnes (ligne professionnelle) : des appels répétés peuvent relever de l'activité normale.";
    }
    if (main.conversation) {
      en += ' Most calls were answered with real conversations.';
      fr += ' La plupart des appels ont été décrochés avec de vraies conversations.';
    }
    en += ' The calls show insistence, not their content; a displayed number can be spoofed.';
    fr += ' Les appels montrent une insistance, pas leur contenu ; un numéro affiché peut être usurpé.';
    return { en, fr };
  }

  return { observe, finish };
}

export const repeatCaller: Detector = { meta, create };
