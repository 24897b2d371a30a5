/**
 * call-storm: inbound calls to one number far above that number's own baseline, from many callers
 * (the SOS Amitié flood of September 2018: about 7,000 calls in two days against about 1,000 normally,
 * after a mass SMS told strangers to call the helpline urgently).
 *
 * Method. Inbound calls (every call whose direction is not `out`) are counted per callee per local day
 * and per local hour. A day is anomalous when its count passes the key's own baseline test (see
 * src/windows/score.ts: minimum count, ratio, Poisson tail, and modified z-score for non-sparse counts)
 * against the callee's other days (the same weekday only when at least 4 such days exist); an hour is
 * anomalous the same way against the same hour of day on the other days. Days already anomalous are
 * left out of the history and the test repeated until stable, so a two-day storm does not hide itself.
 * With fewer than `minHistoryDays` days of history there is no baseline: the absolute floors apply
 * (`baselineMethod: floor`, severity at most medium). Consecutive anomalous days and hours (gaps up to
 * `mergeGapHours`) form one episode, trimmed to its first and last hour that the usual level does not
 * explain (Poisson p <= 1 % against the hour-of-day profile), so `start` is the onset.
 *
 * Memory. Every callee (by its NumberBook id) has one 64-byte record: a count per local day, answered
 * calls, talk time and its ring (windows/id-day-counts.ts; no object or string per callee). Hours,
 * callers and answer figures are kept only for callees that reach a third of the smallest storm
 * threshold on some day ("tracked"; a finding needs a day at the threshold): a few hundred callees of
 * an export of millions of rows. The calls of that day before it are replayed from the ring (a
 * pooled chain of at most that many calls per callee, for the callee's latest day), so time-ordered
 * exports lose nothing; an unordered export is handled as before (the ring holds the calls of the
 * day since that day's last interruption). Callers per day are kept exactly (by id, with the hours
 * they called in) up to 4,096, then as a HyperLogLog of 4 KiB (about 1.6 % error).
 *
 * Metrics (per finding):
 * - `baselinePerDay`: mean inbound calls per day on the number's history days (days outside any
 *   anomalous window); null with the floor method.
 * - `ratio`: calls in the episode / calls expected in the same hours from the number's history (its
 *   hour-of-day profile times `baselinePerDay`); null with the floor method.
 * - `withheldCalls`: calls in the episode from withheld (or empty) callers, who cannot be told apart.
 * - `distinctCallers`: distinct calling numbers in the episode (withheld callers excluded);
 *   `distinctCallersExact`: false when the HyperLogLog estimate was used (then counted over the
 *   episode's whole local days).
 * - `peakHourCalls`, `peakHour`: calls in the busiest local hour of the episode and its start.
 * - `firstTimeCallerShare`: share of `distinctCallers` whose first call to this number in the data falls
 *   in the episode (measured against whatever earlier data there is, even a few hours); null when the
 *   data holds no earlier call to the number.
 * - `answerRatio`, `baselineAnswerRatio`: answered share of the calls in the episode, and outside any
 *   episode of this number (null when there are none).
 * - `meanDuration`, `baselineMeanDuration`: mean talk time in seconds of the answered calls, same split.
 * - `score`: -log10 of the Poisson probability of at least this many calls in the episode given the
 *   expected number (capped at 999); null with the floor method.
 * - `baselineMethod`: `mad` (robust z-score, busy numbers), `poisson` (sparse counts) or `floor`.
 * - `historyDays`: days of history the baseline was computed on.
 */
import { type CallRecord, WITHHELD } from '../records/record.js';
import { formatCount, formatDecimal, formatPercent } from '../records/text.js';
import { median, poissonTail } from '../windows/baseline.js';
import { HOUR } from '../windows/buckets.js';
import { Distinct, hash53 } from '../windows/distinct.js';
import { IdDayCounts } from '../windows/id-day-counts.js';
import { IdTable } from '../windows/id-table.js';
import { localIndex, localIndexStart, weekdayOfDay } from '../windows/local.js';
import { readAhead } from '../windows/read-ahead.js';
import {
  mergeSpans,
  poissonLog10Tail,
  round2,
  type ScoreOptions,
  SPARSE_MEDIAN,
  scoreWindow,
} from '../windows/score.js';
import { DenseSeries } from '../windows/series.js';
import type { Candidate, Detector, DetectorContext, DetectorMeta, Severity } from './types.js';

const meta: DetectorMeta = {
  id: 'call-storm',
  title: { en: 'Call storm on one number', fr: "Afflux d'appels vers un numéro" },
  looksFor: {
    en:
      'Inbound calls to one number far above its own usual level, per day and per hour, from many ' +
      'distinct callers: a line flooded after its number was spread by a mass SMS, a spoofing campaign ' +
      'or a denial-of-service attack. Each number is compared with its own history (same weekday and ' +
      'hour of day when the history allows); without history an absolute floor applies.',
    fr:
      'Des appels entrants vers un numéro très au-dessus de son niveau habituel, par jour et par heure, ' +
      'venant de nombreux appelants distincts : une ligne submergée après la diffusion de son numéro par ' +
      'SMS de masse, une usurpation ou une attaque par saturation. Chaque numéro est comparé à son propre ' +
      "historique (même jour de la semaine et même heure quand l'historique le permet) ; sans historique, " +
      "un seuil absolu s'applique.",
  },
  params: {
    minDayCalls: {
      default: 30,
      unit: 'calls',
      why:
        'Smallest anomalous day. A residential line gets a few calls a day (0.12 unsolicited calls per ' +
        'line per day, Prasad et al., USENIX Security 2020), so 30 is already exceptional for it, while ' +
        '3 calls against 0 is not a storm.',
    },
    minHourCalls: {
      default: 50,
      unit: 'calls',
      why:
        'Smallest anomalous hour: the lower end of the operator alerts on calls to one destination ' +
        '(VoIPmonitor "Sequential": 50-500 calls per 10-60 minutes).',
    },
    minRatio: {
      default: 3,
      unit: 'ratio',
      why:
        "Calls at least 3 times the number's usual level. The SOS Amitié flood was 7 times (7,000 calls " +
        'in two days against about 1,000, source article); ordinary swings of a busy line stay well below.',
    },
    zThreshold: {
      default: 3.5,
      unit: 'z',
      why: 'Modified z-score (median/MAD) above 3.5 marks an outlier (Iglewicz & Hoaglin 1993).',
    },
    maxP: {
      default: 1e-6,
      unit: 'probability',
      why:
        "Poisson tail probability of the count under the number's own rate. One in a million keeps false " +
        'alarms rare when thousands of numbers times days are tested (Bonferroni reasoning).',
    },
    minHistoryDays: {
      default: 3,
      unit: 'days',
      why:
        'Fewer history days give no usable median or MAD: the absolute floors apply instead. The weekday ' +
        'profile needs 4 days of the same weekday.',
    },
    floorPerDay: {
      default: 1000,
      unit: 'calls',
      why:
        'Without history: twice the normal daily volume of the Paris-area SOS Amitié helpline (about ' +
        '1,000 calls in two days, source article), a busy line by any standard.',
    },
    floorPerHour: {
      default: 200,
      unit: 'calls',
      why:
        'Without history: within the 50-500 calls per 10-60 minutes that operators alert on for one ' +
        'destination (VoIPmonitor "Sequential" alert).',
    },
    floorExtremeFactor: {
      default: 5,
      unit: 'ratio',
      why:
        'Without history a finding is low severity; medium only when a day or an hour reaches this many ' +
        'times its floor (5,000 calls a day: more than the 3,500 a day of the SOS Amitié flood).',
    },
    minDistinctCallers: {
      default: 10,
      unit: 'callers',
      why:
        'A storm comes from many callers; fewer distinct callers is one person or machine calling again ' +
        'and again (repeat-caller, robocall-flood) and is not reported here, unless most calls are ' +
        'withheld (then low severity: withheld callers cannot be counted).',
    },
    highRatio: {
      default: 5,
      unit: 'ratio',
      why: 'High severity needs at least 5 times the usual level (the SOS Amitié flood was 7 times).',
    },
    highMinCalls: {
      default: 100,
      unit: 'calls',
      why: 'High severity needs at least 100 calls in the episode: more than a line normally gets in weeks.',
    },
    highMaxP: {
      default: 1e-12,
      unit: 'probability',
      why: 'High severity needs a Poisson tail probability a million times smaller than maxP.',
    },
    mergeGapHours: {
      default: 12,
      unit: 'hours',
      why: 'Anomalous hours and days separated by at most a night are one episode: callers of a storm sleep too.',
    },
  },
  falsePositives: [
    {
      en: 'A legitimate surge: a TV or press appeal, an outage or recall making customers call a hotline, the first working day after a holiday.',
      fr: 'Un afflux légitime : appel à témoins ou publicité télévisée, panne ou rappel de produit qui fait appeler une hotline, premier jour ouvré après un férié.',
    },
    {
      en: 'A number newly put into service, or exports that cover only part of its usual traffic before the episode.',
      fr: "Un numéro mis en service récemment, ou un export qui ne couvre qu'une partie de son trafic habituel avant l'épisode.",
    },
  ],
  references: [
    'Article "Attaque en cours de SOS Amitié en Ile-de-France par SMS malveillants" (attack from Sunday 2 September 2018): 7,000 calls in two days vs about 1,000 normally.',
    'B. Iglewicz, D. Hoaglin, How to Detect and Handle Outliers, ASQC 1993 (modified z-score > 3.5).',
    'S. Prasad et al., "Who\'s Calling? Characterizing Robocalls through Audio and Metadata Analysis", USENIX Security 2020.',
    'VoIPmonitor documentation, "Sequential" alerts (calls to one destination per interval).',
    'Mata et al., ITC 2012: non-homogeneous Poisson model with daily and weekly profile for call counts.',
  ],
  limits: {
    en:
      'A storm shows that a number was flooded with calls, not who caused it: the callers are often victims ' +
      'themselves (people who received a message telling them to call), and a displayed number is not ' +
      'proof of the caller (numbers can be spoofed). Without history (floor method) the tool cannot tell a ' +
      'storm from a line that is always this busy.',
    fr:
      "Un afflux montre qu'un numéro a été submergé d'appels, pas qui l'a provoqué : les appelants sont " +
      "souvent eux-mêmes victimes (des personnes qui ont reçu un message leur demandant d'appeler), et un " +
      "numéro affiché ne prouve pas l'identité de l'appelant (il peut être usurpé). Sans historique (seuil " +
      "absolu), l'outil ne peut pas distinguer un afflux d'une ligne toujours aussi chargée.",
  },
};

/** Distinct callers kept exactly per callee and day before the HyperLogLog takes over. */
const EXACT_CALLERS = 4096;
/** Onset and end of an episode: the first and last hours whose count the usual level explains with p <= 1 %. */
const ONSET_P = 0.01;
/** A weekday profile is used when the history holds at least this many days of the same weekday. */
const WEEKDAY_MIN_DAYS = 4;

/** What the detector knows of a callee id (field F_KIND of its record). */
const UNSEEN = 0;
const UNTRACKED = 1;
/** Empty callee: never counted. */
const IGNORED = 2;
const TRACKED = 3;
/** End of a ring chain; no owner id. */
const NONE = -1;
/** Int32 fields of a callee's record: kind, answered calls, ring head (or Detail index), ring day. */
const ID_FIELDS = 4;
const F_KIND = 0;
const F_ANSWERED = 1;
const F_RING = 2;
const F_RING_DAY = 3;
/**
 * Fields of a ring entry (Int32): start in whole seconds after `originSec`, talk time in seconds (-1
 * when unanswered, INEXACT when the entry's exact start and talk are in `inexact`), caller id, next.
 * Whole seconds are enough: a start is only compared with hour boundaries, which are whole seconds.
 */
const ENTRY_FIELDS = 4;
const E_START = 0;
const E_TALK = 1;
const E_CALLER = 2;
const E_NEXT = 3;
const INEXACT = -2;
const INT32_MAX = 2 ** 31 - 1;
/**
 * Rows buffered before they are counted (see `countBatch`): enough for their reads of the big per-callee
 * records and ring entries to overlap, few enough to stay in the first-level cache.
 */
const BATCH = 64;
/** What a number id is as a caller (`callerKinds`): not learnt yet, a line, withheld or empty. */
const CALLER_UNKNOWN = 0;
const CALLER_LINE = 1;
const CALLER_HIDDEN = 2;

/**
 * Days, hours, callers and answers of a tracked callee (one that reached `trackFrom` calls on some
 * local day). Hour indexes are local wall-clock hours. Only a few hundred callees of an export of
 * millions of rows are tracked, so these are plain objects.
 */
interface Detail {
  /** Callee id, and the order in which the detector first saw it as a callee (order of findings). */
  id: number;
  seq: number;
  /** Calls per local day, every day (copied from the untracked counts when tracking starts). */
  days: DenseSeries;
  hours: DenseSeries;
  answeredHours: DenseSeries;
  talkHours: DenseSeries;
  /** Calls from withheld or empty callers, who cannot be told apart. */
  withheldHours: DenseSeries;
  dayCallers: Map<number, DayCallers>;
  /** The local day of the last call with a caller, and its entry of `dayCallers` (null before). */
  callersDay: number;
  callers: DayCallers | null;
  /**
   * Caller id -> first second it called this callee, counted from `originSec` (whole seconds are
   * enough: it is only compared with hour boundaries); the rare start too far from the origin for 32
   * bits goes to `firstCallFar` as epoch ms.
   */
  firstCall: IdTable;
  firstCallFar: Map<number, number> | null;
  /** Earliest call recorded in the detail. */
  since: number;
}

/**
 * Callers of one tracked callee on one local day: caller id -> bit mask of the local hours it called
 * in (exact distinct callers for any hour-aligned window), replaced by a HyperLogLog of the callers'
 * `hash53` over the whole day past EXACT_CALLERS callers.
 */
interface DayCallers {
  masks: IdTable | null;
  sketch: Distinct | null;
}

interface Episode {
  /** Local hour indexes, `[h0, h1)`. */
  h0: number;
  h1: number;
  floor: boolean;
}

/** `bigger` (a longer typed array of the same kind) holding a copy of `a`. */
function grown<T extends Int32Array | Float64Array>(a: T, bigger: T): T {
  bigger.set(a);
  return bigger;
}

function create(ctx: DetectorContext) {
  const p = ctx.params;
  const clock = ctx.clock;
  const numbers = ctx.numbers;
  const trackFrom = Math.max(
    2,
    Math.floor(Math.min(p.minDayCalls, p.minHourCalls, p.floorPerDay, p.floorPerHour) / 3),
  );
  let minHour = Number.POSITIVE_INFINITY;
  let maxHour = Number.NEGATIVE_INFINITY;
  /** Whole seconds of the first call seen: starts kept in 32 bits count from it. */
  let originSec = Number.NaN;

  // Every callee, by id, in one record of `ids` (a cache line): calls per local day below trackFrom
  // (then in its Detail), ID_FIELDS Int32 fields (kind, answered calls, ring chain or Detail, ring
  // day) and its talk time as the record's Float64. The order of first sight aside.
  const ids = new IdDayCounts(trackFrom, ID_FIELDS);
  let seqOf = new Int32Array(ids.capacity);
  let nextSeq = 0;
  /** The owner's id once seen as a callee: tracked from its first call. */
  let ownerId = NONE;

  // The calls of an untracked callee's current day ("ring"), replayed into its Detail when that day
  // reaches trackFrom, so a time-ordered export loses none of that day. One chain of pooled entries
  // per id (newest first, fewer than trackFrom), emptied when a call of another day arrives.
  let entry = new Int32Array(1024 * ENTRY_FIELDS);
  let entries = 0;
  let freeEntry = NONE;
  // Freed chains not yet handed out, as their heads: freeing a chain is then one push, without a walk
  // to its last entry (a cache miss per entry); `newEntry` takes a chain's entries one by one.
  let freeChains = new Int32Array(64);
  let freeChainCount = 0;
  /**
   * Entry -> [start, talk] when the start is too far from the origin or the talk not whole seconds.
   * A freed entry keeps its item until it is used again.
   */
  const inexact = new Map<number, [number, number]>();
  const replay = new Int32Array(trackFrom + 1);

  const details: Detail[] = [];

  // Kind of every callee id (UNSEEN, IGNORED or UNTRACKED: TRACKED lives in the record only), a byte
  // each, so that a row is sorted without reading its record: the records are read ahead by batch.
  let calleeKinds = new Uint8Array(ids.capacity);
  // What every number id is as a caller, learnt once: reading the number's string costs a cache miss
  // per row of a tracked callee (the strings are spread over the whole book), a byte per id does not.
  let callerKinds = new Uint8Array(1024);

  function growIds(id: number): void {
    ids.ensure(id);
    seqOf = grown(seqOf, new Int32Array(ids.capacity));
    const kinds = new Uint8Array(ids.capacity);
    kinds.set(calleeKinds);
    calleeKinds = kinds;
  }

  /** Whether the caller is withheld or empty (then it cannot be told apart from other such callers). */
  function hiddenCaller(callerId: number): boolean {
    if (callerId >= callerKinds.length) {
      let n = callerKinds.length;
      while (n <= callerId) n *= 2;
      const kinds = new Uint8Array(n);
      kinds.set(callerKinds);
      callerKinds = kinds;
    }
    let kind = callerKinds[callerId];
    if (kind === CALLER_UNKNOWN) {
      const caller = numbers.valueOf(callerId);
      kind = caller === '' || caller === WITHHELD ? CALLER_HIDDEN : CALLER_LINE;
      callerKinds[callerId] = kind;
    }
    return kind === CALLER_HIDDEN;
  }

  function newEntry(): number {
    if (freeEntry === NONE && freeChainCount > 0) freeEntry = freeChains[--freeChainCount];
    if (freeEntry !== NONE) {
      const e = freeEntry;
      freeEntry = entry[e * ENTRY_FIELDS + E_NEXT];
      if (entry[e * ENTRY_FIELDS + E_TALK] === INEXACT) inexact.delete(e);
      return e;
    }
    if (entries * ENTRY_FIELDS === entry.length) entry = grown(entry, new Int32Array(entry.length * 2));
    return entries++;
  }

  /** Returns a chain of entries (ending in NONE) to the pool. */
  function freeChain(head: number): void {
    if (freeChainCount === freeChains.length)
      freeChains = grown(freeChains, new Int32Array(freeChainCount * 2));
    freeChains[freeChainCount++] = head;
  }

  /** First call to a callee id: its kind (empty callees are ignored, the owner tracked at once). */
  function firstSight(id: number, callee: string, t: number): number {
    if (Number.isNaN(originSec)) originSec = Math.floor(t / 1000);
    const rec = ids.ints;
    const at = ids.intIndex(id);
    if (callee === '') {
      rec[at + F_KIND] = IGNORED;
      calleeKinds[id] = IGNORED;
      return IGNORED;
    }
    if (callee === ctx.owner) ownerId = id;
    rec[at + F_KIND] = UNTRACKED;
    calleeKinds[id] = UNTRACKED;
    rec[at + F_RING] = NONE;
    // No day index is this far back: the first call starts a new ring.
    rec[at + F_RING_DAY] = -(2 ** 31);
    seqOf[id] = nextSeq++;
    return UNTRACKED;
  }

  function addDetail(det: Detail, h: number, t: number, callerId: number, talk: number): void {
    det.hours.add(h);
    if (talk >= 0) {
      det.answeredHours.add(h);
      det.talkHours.add(h, talk);
    }
    if (t < det.since) det.since = t;
    if (hiddenCaller(callerId)) {
      det.withheldHours.add(h);
      return;
    }
    const d = Math.floor(h / 24);
    // Most calls fall on the day of the previous one: the map is looked up when the day changes.
    let dc = det.callers;
    if (dc === null || d !== det.callersDay) {
      dc = det.dayCallers.get(d) ?? null;
      if (dc === null) {
        dc = { masks: new IdTable(), sketch: null };
        det.dayCallers.set(d, dc);
      }
      det.callers = dc;
      det.callersDay = d;
    }
    if (dc.masks !== null) {
      dc.masks.or(callerId, 1 << (h - d * 24));
      if (dc.masks.size > EXACT_CALLERS) {
        const sketch = new Distinct(0);
        dc.masks.forEach((id) => {
          sketch.addHash(hash53(numbers.valueOf(id)));
        });
        dc.sketch = sketch;
        dc.masks = null;
      }
    } else dc.sketch!.addHash(hash53(numbers.valueOf(callerId)));
    const sec = Math.floor(t / 1000) - originSec;
    if (sec > -INT32_MAX && sec < INT32_MAX) det.firstCall.min(callerId, sec);
    else {
      det.firstCallFar ??= new Map();
      det.firstCallFar.set(callerId, Math.min(t, det.firstCallFar.get(callerId) ?? t));
    }
  }

  function track(id: number): void {
    const det: Detail = {
      id,
      seq: seqOf[id],
      days: new DenseSeries(),
      hours: new DenseSeries(),
      answeredHours: new DenseSeries(),
      talkHours: new DenseSeries(),
      withheldHours: new DenseSeries(),
      dayCallers: new Map(),
      callersDay: 0,
      callers: null,
      firstCall: new IdTable(),
      firstCallFar: null,
      since: Number.POSITIVE_INFINITY,
    };
    ids.forEachDay(id, (d, n) => det.days.add(d, n));
    // Replay the ring oldest first, as the calls came.
    const at = ids.intIndex(id);
    const head = ids.ints[at + F_RING];
    let n = 0;
    for (let e = head; e !== NONE; e = entry[e * ENTRY_FIELDS + E_NEXT]) replay[n++] = e;
    for (let i = n - 1; i >= 0; i--) {
      const e = replay[i];
      const ea = e * ENTRY_FIELDS;
      let t = (originSec + entry[ea + E_START]) * 1000;
      let talk = entry[ea + E_TALK];
      if (talk === INEXACT) [t, talk] = inexact.get(e)!;
      addDetail(det, localIndex(clock, t, HOUR), t, entry[ea + E_CALLER], talk);
    }
    if (head !== NONE) freeChain(head);
    ids.ints[at + F_KIND] = TRACKED;
    ids.ints[at + F_RING] = details.length;
    details.push(det);
  }

  function observe(r: CallRecord): void {
    const t = r.start;
    if (!Number.isFinite(t)) return;
    const h = localIndex(clock, t, HOUR);
    if (h < minHour) minHour = h;
    if (h > maxHour) maxHour = h;
    if (r.direction === 'out') return;
    const id = r.calleeId;
    if (id >= ids.capacity) growIds(id);
    let kind = calleeKinds[id];
    // First sight now, in row order (it numbers the callees); no earlier row of this id is batched.
    if (kind === UNSEEN) kind = firstSight(id, r.callee, t);
    if (kind === IGNORED) return;
    const k = batched++;
    batchCallee[k] = id;
    batchCaller[k] = r.callerId;
    batchHour[k] = h;
    batchStart[k] = t;
    batchTalk[k] = r.status === 'answered' ? r.duration : -1;
    if (batched === BATCH) countBatch();
  }

  // Inbound rows waiting to be counted, in order of arrival: callee and caller ids, local hour index,
  // start, talk time (-1: not answered).
  const batchCallee = new Int32Array(BATCH);
  const batchCaller = new Int32Array(BATCH);
  const batchHour = new Float64Array(BATCH);
  const batchStart = new Float64Array(BATCH);
  const batchTalk = new Float64Array(BATCH);
  let batched = 0;

  /**
   * Counts the batched rows in order. Each reads its callee's record and the head of its ring,
   * scattered over megabytes: both are read ahead for the whole batch first (see
   * windows/read-ahead.ts). A record is 64 bytes that may straddle two cache lines: both ends are read.
   */
  function countBatch(): void {
    const n = batched;
    batched = 0;
    const rec = ids.ints;
    // `at + recordEnd`: the last Int32 of the record whose fields start at `at`.
    const recordEnd = ids.intIndex(1) - ids.intIndex(0) - 1 - ids.intIndex(0);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const at = ids.intIndex(batchCallee[k]);
      sum += rec[at + F_RING] + rec[at + recordEnd];
    }
    for (let k = 0; k < n; k++) {
      const at = ids.intIndex(batchCallee[k]);
      const head = rec[at + F_RING];
      if (rec[at + F_KIND] === UNTRACKED && head !== NONE) sum += entry[head * ENTRY_FIELDS + E_NEXT];
    }
    readAhead.sum += sum;
    for (let k = 0; k < n; k++) {
      countCall(batchCallee[k], batchCaller[k], batchHour[k], batchStart[k], batchTalk[k]);
    }
  }

  function countCall(id: number, callerId: number, h: number, t: number, talk: number): void {
    const rec = ids.ints;
    const at = ids.intIndex(id);
    const kind = rec[at + F_KIND];
    const d = Math.floor(h / 24);
    if (talk >= 0) {
      rec[at + F_ANSWERED]++;
      ids.floats[ids.floatIndex(id)] += talk;
    }
    if (kind === TRACKED) {
      const det = details[rec[at + F_RING]];
      det.days.add(d);
      addDetail(det, h, t, callerId, talk);
      return;
    }
    const count = ids.increment(id, d);
    let head = rec[at + F_RING];
    let e: number;
    if (d === rec[at + F_RING_DAY]) e = newEntry();
    else {
      // A new day empties the ring. Most callees get a call a day or fewer: the old head entry is
      // reused in place, without a walk of the chain.
      rec[at + F_RING_DAY] = d;
      if (head === NONE) e = newEntry();
      else {
        e = head;
        const rest = entry[e * ENTRY_FIELDS + E_NEXT];
        if (rest !== NONE) freeChain(rest);
        if (entry[e * ENTRY_FIELDS + E_TALK] === INEXACT) inexact.delete(e);
      }
      head = NONE;
    }
    const ea = e * ENTRY_FIELDS;
    const sec = Math.floor(t / 1000) - originSec;
    if (sec >= -INT32_MAX && sec <= INT32_MAX && (talk | 0) === talk) {
      entry[ea + E_START] = sec;
      entry[ea + E_TALK] = talk;
    } else {
      entry[ea + E_TALK] = INEXACT;
      inexact.set(e, [t, talk]);
    }
    entry[ea + E_CALLER] = callerId;
    entry[ea + E_NEXT] = head;
    rec[at + F_RING] = e;
    if (count >= trackFrom || id === ownerId) track(id);
  }

  function finish(): Candidate[] {
    countBatch();
    const out: Candidate[] = [];
    if (!Number.isFinite(minHour)) return out;
    const range = { first: Math.floor(minHour / 24), last: Math.floor(maxHour / 24) };
    // In the order the callees were first seen, as findings always came.
    const tracked = [...details].sort((a, b) => a.seq - b.seq);
    for (const det of tracked) {
      for (const c of analyse(numbers.valueOf(det.id), det, range)) out.push(c);
    }
    return out;
  }

  function analyse(callee: string, det: Detail, range: { first: number; last: number }) {
    const days = det.days;
    const dayOpts: ScoreOptions = {
      minCount: p.minDayCalls,
      minRatio: p.minRatio,
      zThreshold: p.zThreshold,
      maxP: p.maxP,
    };
    const hourOpts: ScoreOptions = { ...dayOpts, minCount: p.minHourCalls };
    const nDays = range.last - range.first + 1;
    const floorMode = nDays - 1 < p.minHistoryDays;

    /** History days for day `d`: the other days, without the flagged ones when enough remain. */
    const historyDays = (d: number, flagged: Set<number>): number[] => {
      const all: number[] = [];
      const clean: number[] = [];
      for (let k = range.first; k <= range.last; k++) {
        if (k === d) continue;
        all.push(k);
        if (!flagged.has(k)) clean.push(k);
      }
      return clean.length >= p.minHistoryDays ? clean : all;
    };

    // Days: iterate until the set of anomalous days is stable.
    let flaggedDays = new Set<number>();
    if (floorMode) {
      for (let d = range.first; d <= range.last; d++) if (days.get(d) >= p.floorPerDay) flaggedDays.add(d);
    } else {
      for (let iter = 0; iter < 5; iter++) {
        const next = new Set<number>();
        for (let d = range.first; d <= range.last; d++) {
          const x = days.get(d);
          if (x < p.minDayCalls) continue;
          let hist = historyDays(d, flaggedDays);
          const wd = weekdayOfDay(d);
          const same = hist.filter((k) => weekdayOfDay(k) === wd);
          if (same.length >= WEEKDAY_MIN_DAYS) hist = same;
          if (
            scoreWindow(
              x,
              hist.map((k) => days.get(k)),
              dayOpts,
            ).anomalous
          )
            next.add(d);
        }
        const stable = next.size === flaggedDays.size && [...next].every((d) => flaggedDays.has(d));
        flaggedDays = next;
        if (stable) break;
      }
    }

    // Hours outside anomalous days, against the same hour of day on the other days.
    const flaggedHours: number[] = [];
    det.hours.forEach((h, x) => {
      const d = Math.floor(h / 24);
      if (flaggedDays.has(d)) return;
      if (floorMode) {
        if (x >= p.floorPerHour) flaggedHours.push(h);
        return;
      }
      if (x < p.minHourCalls) return;
      const hod = h - d * 24;
      const hist = historyDays(d, flaggedDays).map((k) => det.hours.get(k * 24 + hod));
      if (scoreWindow(x, hist, hourOpts).anomalous) flaggedHours.push(h);
    });
    if (flaggedDays.size === 0 && flaggedHours.length === 0) return [];

    // History figures: days outside anomalous days, hour-of-day shares from fully tracked days.
    const histDays: number[] = [];
    for (let d = range.first; d <= range.last; d++) if (!flaggedDays.has(d)) histDays.push(d);
    let histCalls = 0;
    for (const d of histDays) histCalls += days.get(d);
    const baselinePerDay = histDays.length > 0 ? histCalls / histDays.length : 0;
    const baselineMedian = histDays.length > 0 ? median(histDays.map((d) => days.get(d))) : 0;
    const share = new Float64Array(24).fill(1 / 24);
    let coveredCalls = 0;
    const hodCalls = new Float64Array(24);
    for (const d of histDays) {
      const dayCalls = days.get(d);
      if (dayCalls === 0 || det.hours.sum(d * 24, d * 24 + 23) !== dayCalls) continue;
      coveredCalls += dayCalls;
      for (let k = 0; k < 24; k++) hodCalls[k] += det.hours.get(d * 24 + k);
    }
    if (coveredCalls >= 24) for (let k = 0; k < 24; k++) share[k] = hodCalls[k] / coveredCalls;
    const expectedHour = (h: number): number =>
      floorMode ? p.floorPerDay / 24 : baselinePerDay * share[((h % 24) + 24) % 24];

    // Episodes: merge, then trim day-based spans to their first and last hot hour.
    const flaggedHourSet = new Set(flaggedHours);
    const spans = mergeSpans(
      [
        ...[...flaggedDays].map((d) => ({ start: d * 24, end: d * 24 + 24 })),
        ...flaggedHours.map((h) => ({ start: h, end: h + 1 })),
      ],
      p.mergeGapHours,
    );
    // An hour is part of the storm unless its count is consistent with the usual level (p > ONSET_P).
    const hourFloor = 3 / Math.max(1, histDays.length) / 24;
    const isHot = (h: number): boolean =>
      flaggedHourSet.has(h) || poissonTail(det.hours.get(h), Math.max(expectedHour(h), hourFloor)) <= ONSET_P;
    const episodes: Episode[] = spans.map((sp) => {
      let h0 = sp.start;
      let h1 = sp.end;
      while (h0 < h1 && !isHot(h0)) h0++;
      while (h1 > h0 && !isHot(h1 - 1)) h1--;
      if (h0 >= h1) {
        h0 = sp.start;
        h1 = sp.end;
      }
      return { h0, h1, floor: floorMode };
    });

    // Calls, answers and talk time of each episode, then the baseline outside all episodes.
    const figures = episodes.map((e) => {
      let calls = 0;
      for (let d = Math.floor(e.h0 / 24); d <= Math.floor((e.h1 - 1) / 24); d++) {
        const a = Math.max(e.h0, d * 24);
        const b = Math.min(e.h1, d * 24 + 24);
        calls += a === d * 24 && b === d * 24 + 24 ? days.get(d) : det.hours.sum(a, b - 1);
      }
      return {
        calls,
        detailCalls: det.hours.sum(e.h0, e.h1 - 1),
        answered: det.answeredHours.sum(e.h0, e.h1 - 1),
        talk: det.talkHours.sum(e.h0, e.h1 - 1),
      };
    });
    let outCalls = days.total;
    let outAnswered = ids.ints[ids.intIndex(det.id) + F_ANSWERED];
    let outTalk = ids.floats[ids.floatIndex(det.id)];
    for (const f of figures) {
      outCalls -= f.calls;
      outAnswered -= f.answered;
      outTalk -= f.talk;
    }

    const out: Candidate[] = [];
    episodes.forEach((e, i) => {
      const c = candidate(callee, det, e, figures[i], {
        baselinePerDay,
        sparse: baselineMedian < SPARSE_MEDIAN,
        histDays: histDays.length,
        expectedHour,
        outCalls,
        outAnswered,
        outTalk,
      });
      if (c !== null) out.push(c);
    });
    return out;
  }

  function candidate(
    callee: string,
    det: Detail,
    e: Episode,
    f: { calls: number; detailCalls: number; answered: number; talk: number },
    base: {
      baselinePerDay: number;
      sparse: boolean;
      histDays: number;
      expectedHour: (h: number) => number;
      outCalls: number;
      outAnswered: number;
      outTalk: number;
    },
  ): Candidate | null {
    const start = localIndexStart(clock, e.h0, HOUR);
    const endExclusive = localIndexStart(clock, e.h1, HOUR);
    const hours = e.h1 - e.h0;

    let expected = 0;
    for (let h = e.h0; h < e.h1; h++) expected += base.expectedHour(h);
    // A number silent over n history days: rule-of-three rate 3/n per day.
    expected = Math.max(expected, ((3 / Math.max(1, base.histDays)) * hours) / 24);
    const ratio = e.floor ? null : round2(f.calls / expected);
    const log10P = poissonLog10Tail(f.calls, expected);
    const score = e.floor ? null : round2(Math.min(999, -log10P));

    const peak = det.hours.peak(e.h0, e.h1 - 1);
    // Exact callers of the window's hours, plus whole-day sketches for days past EXACT_CALLERS.
    const inWindow = new Distinct(Number.POSITIVE_INFINITY);
    const counters: Distinct[] = [inWindow];
    for (let d = Math.floor(e.h0 / 24); d <= Math.floor((e.h1 - 1) / 24); d++) {
      const dc = det.dayCallers.get(d);
      if (dc === undefined) continue;
      if (dc.masks === null) {
        counters.push(dc.sketch!);
        continue;
      }
      const a = Math.max(e.h0, d * 24) - d * 24;
      const b = Math.min(e.h1, d * 24 + 24) - d * 24;
      const hoursMask = b - a === 24 ? -1 : ((1 << (b - a)) - 1) << a;
      dc.masks.forEach((callerId, mask) => {
        if ((mask & hoursMask) !== 0) inWindow.addHash(hash53(numbers.valueOf(callerId)));
      });
    }
    const distinct = Distinct.union(counters);
    // Few identifiable callers: one person or machine calling again and again (repeat-caller,
    // robocall-flood), not a storm; unless most calls are withheld, which may hide many callers.
    const withheldCalls = det.withheldHours.sum(e.h0, e.h1 - 1);
    const mostlyWithheld = withheldCalls >= 0.5 * f.detailCalls;
    if (distinct.count < p.minDistinctCallers && !mostlyWithheld) return null;
    let firstTime = 0;
    const far = det.firstCallFar;
    det.firstCall.forEach((callerId, sec) => {
      const t = Math.min((originSec + sec) * 1000, far?.get(callerId) ?? Number.POSITIVE_INFINITY);
      if (t >= start && t < endExclusive) firstTime++;
    });
    if (far !== null) {
      for (const [callerId, t] of far) {
        if (!det.firstCall.has(callerId) && t >= start && t < endExclusive) firstTime++;
      }
    }
    const firstTimeCallerShare =
      det.since < start && distinct.count > 0 ? round2(Math.min(1, firstTime / distinct.count)) : null;

    const answerRatio = f.detailCalls > 0 ? round2(f.answered / f.detailCalls) : null;
    const meanDuration = f.answered > 0 ? round2(f.talk / f.answered) : null;
    const baselineAnswerRatio = base.outCalls > 0 ? round2(base.outAnswered / base.outCalls) : null;
    const baselineMeanDuration = base.outAnswered > 0 ? round2(base.outTalk / base.outAnswered) : null;

    let severity: Severity;
    if (distinct.count < p.minDistinctCallers) severity = 'low';
    else if (e.floor) {
      let peakDay = 0;
      for (let d = Math.floor(e.h0 / 24); d <= Math.floor((e.h1 - 1) / 24); d++) {
        const dh = det.hours.sum(Math.max(e.h0, d * 24), Math.min(e.h1, d * 24 + 24) - 1);
        if (dh > peakDay) peakDay = dh;
      }
      severity =
        peakDay >= p.floorExtremeFactor * p.floorPerDay || peak.value >= p.floorExtremeFactor * p.floorPerHour
          ? 'medium'
          : 'low';
    } else {
      const strong =
        f.calls / expected >= p.highRatio && f.calls >= p.highMinCalls && log10P <= Math.log10(p.highMaxP);
      severity = strong ? 'high' : 'medium';
    }

    const method = e.floor ? 'floor' : base.sparse ? 'poisson' : 'mad';
    const metrics: Candidate['metrics'] = {
      baselinePerDay: e.floor ? null : round2(base.baselinePerDay),
      ratio,
      distinctCallers: distinct.count,
      distinctCallersExact: !distinct.approx,
      withheldCalls,
      peakHourCalls: peak.value,
      peakHour: peak.index >= 0 ? clock.iso(localIndexStart(clock, peak.index, HOUR)) : null,
      firstTimeCallerShare,
      answerRatio,
      baselineAnswerRatio,
      meanDuration,
      baselineMeanDuration,
      score,
      baselineMethod: method,
      historyDays: e.floor ? 0 : base.histDays,
    };
    const h0 = e.h0;
    const h1 = e.h1;
    return {
      kind: 'call-storm',
      severity,
      subject: callee,
      subjectType: 'number',
      start,
      end: endExclusive - 1,
      calls: f.calls,
      metrics,
      summary: summarize(callee, f.calls, start, endExclusive, metrics, hours / 24, mostlyWithheld),
      matches: (r: CallRecord): boolean => {
        if (r.callee !== callee || r.direction === 'out') return false;
        const h = localIndex(clock, r.start, HOUR);
        return h >= h0 && h < h1;
      },
    };
  }

  function summarize(
    callee: string,
    calls: number,
    start: number,
    endExclusive: number,
    m: Candidate['metrics'],
    days: number,
    mostlyWithheld: boolean,
  ): Candidate['summary'] {
    const from = { en: clock.human(start, 'en'), fr: clock.human(start, 'fr') };
    const to = { en: clock.human(endExclusive - 1, 'en'), fr: clock.human(endExclusive - 1, 'fr') };
    const share = m.firstTimeCallerShare as number | null;
    const n = (x: number, lang: 'en' | 'fr') => formatCount(x, lang);
    const d = (x: number, lang: 'en' | 'fr') => formatDecimal(x, lang, 1);
    const distinct = m.distinctCallers as number;
    const peak = m.peakHourCalls as number;
    let enText = `${callee} received ${n(calls, 'en')} inbound calls from ${from.en} to ${to.en} from ${n(distinct, 'en')} distinct callers (busiest hour: ${n(peak, 'en')} calls)`;
    let frText = `Le ${callee} a reçu ${n(calls, 'fr')} appels entrants du ${from.fr} au ${to.fr}, de ${n(distinct, 'fr')} appelants distincts (heure la plus chargée : ${n(peak, 'fr')} appels)`;
    if (m.baselineMethod === 'floor') {
      enText += `; with no earlier days in the data there is no baseline, so this only says the volume is above the ${n(p.floorPerDay, 'en')} calls/day floor`;
      frText += ` ; faute de jours antérieurs dans les données, il n'y a pas de référence : seul le dépassement du seuil de ${n(p.floorPerDay, 'fr')} appels/jour est établi`;
    } else {
      const perDay = m.baselinePerDay as number;
      const ratio = m.ratio as number;
      enText += `, ${d(ratio, 'en')} times its usual ${d(perDay, 'en')} calls per day`;
      frText += `, soit ${d(ratio, 'fr')} fois ses ${d(perDay, 'fr')} appels habituels par jour`;
    }
    if (share !== null) {
      enText += `; ${formatPercent(share, 'en')} had never called it before`;
      frText += ` ; ${formatPercent(share, 'fr')} ne l'avaient jamais appelé`;
    }
    if (mostlyWithheld) {
      const withheld = m.withheldCalls as number;
      enText += `; ${n(withheld, 'en')} calls came from withheld numbers, which cannot be told apart (one caller or many)`;
      frText += ` ; ${n(withheld, 'fr')} appels venaient de numéros masqués, indiscernables (un ou plusieurs appelants)`;
    }
    enText += `. Over ${d(days, 'en')} day(s). This shows the flood, not who caused it: callers may themselves be victims and displayed numbers can be spoofed.`;
    frText += `. Sur ${d(days, 'fr')} jour(s). Cela établit l'afflux, pas son auteur : les appelants peuvent être eux-mêmes victimes et les numéros affichés peuvent être usurpés.`;
    return { en: enText, fr: frText };
  }

  return { observe, finish };
}

export const callStorm: Detector = { meta, create };
