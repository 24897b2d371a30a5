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
 * Memory. Every callee has a count per local day. Hours, callers and answer figures are kept only for
 * callees that reach a third of the smallest storm threshold on some day ("tracked"); the calls of that
 * day before it are replayed from a small ring, so time-ordered exports lose nothing. Callers per
 * day are kept exactly (with the hours they called in) up to 4,096, then as a HyperLogLog of 4 KiB
 * (about 1.6 % error).
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
import type { CallRecord } from '../records/record.js';
import { formatCount, formatDecimal, formatPercent } from '../records/text.js';
import { median, poissonTail } from '../windows/baseline.js';
import { HOUR } from '../windows/buckets.js';
import { Distinct, hash53 } from '../windows/distinct.js';
import { localIndex, localIndexStart, weekdayOfDay } from '../windows/local.js';
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

/** Hours, callers and answers of a tracked callee. Hour indexes are local wall-clock hours. */
interface Detail {
  hours: DenseSeries;
  answeredHours: DenseSeries;
  talkHours: DenseSeries;
  /** Calls from withheld or empty callers, who cannot be told apart. */
  withheldHours: DenseSeries;
  dayCallers: Map<number, DayCallers>;
  /** Caller -> instant of its first call to this callee. */
  firstCall: Map<string, number>;
  /** Earliest call recorded in the detail. */
  since: number;
}

/**
 * Callers of one tracked callee on one local day: caller `hash53` -> bit mask of the local hours it
 * called in (exact distinct callers for any hour-aligned window), replaced by a HyperLogLog of the whole
 * day past EXACT_CALLERS callers.
 */
interface DayCallers {
  masks: Map<number, number> | null;
  sketch: Distinct | null;
}

interface CalleeState {
  days: DenseSeries;
  answered: number;
  talk: number;
  /**
   * Last calls of the current day before tracking, as [hour, start, caller, talk or -1] quadruples
   * (null once tracked). Emptied when a call of another day arrives: only the day that reaches the
   * tracking threshold is replayed, so untracked numbers hold a few entries at most.
   */
  ring: (number | string)[] | null;
  ringNext: number;
  ringDay: number;
  detail: Detail | null;
}

interface Episode {
  /** Local hour indexes, `[h0, h1)`. */
  h0: number;
  h1: number;
  floor: boolean;
}

function create(ctx: DetectorContext) {
  const p = ctx.params;
  const clock = ctx.clock;
  const trackFrom = Math.max(
    2,
    Math.floor(Math.min(p.minDayCalls, p.minHourCalls, p.floorPerDay, p.floorPerHour) / 3),
  );
  const ringSize = trackFrom;
  const states = new Map<string, CalleeState>();
  let minHour = Number.POSITIVE_INFINITY;
  let maxHour = Number.NEGATIVE_INFINITY;

  function addDetail(det: Detail, h: number, t: number, caller: string, talk: number): void {
    det.hours.add(h);
    if (talk >= 0) {
      det.answeredHours.add(h);
      det.talkHours.add(h, talk);
    }
    if (t < det.since) det.since = t;
    if (caller === '' || caller === 'withheld') {
      det.withheldHours.add(h);
      return;
    }
    const d = Math.floor(h / 24);
    let dc = det.dayCallers.get(d);
    if (dc === undefined) {
      dc = { masks: new Map(), sketch: null };
      det.dayCallers.set(d, dc);
    }
    const hash = hash53(caller);
    if (dc.masks !== null) {
      dc.masks.set(hash, (dc.masks.get(hash) ?? 0) | (1 << (h - d * 24)));
      if (dc.masks.size > EXACT_CALLERS) {
        dc.sketch = new Distinct(0);
        for (const k of dc.masks.keys()) dc.sketch.addHash(k);
        dc.masks = null;
      }
    } else dc.sketch!.addHash(hash);
    const first = det.firstCall.get(caller);
    if (first === undefined || t < first) det.firstCall.set(caller, t);
  }

  function track(s: CalleeState): Detail {
    const det: Detail = {
      hours: new DenseSeries(),
      answeredHours: new DenseSeries(),
      talkHours: new DenseSeries(),
      withheldHours: new DenseSeries(),
      dayCallers: new Map(),
      firstCall: new Map(),
      since: Number.POSITIVE_INFINITY,
    };
    const ring = s.ring!;
    for (let i = 0; i < ring.length; i += 4) {
      addDetail(det, ring[i] as number, ring[i + 1] as number, ring[i + 2] as string, ring[i + 3] as number);
    }
    s.ring = null;
    s.detail = det;
    return det;
  }

  function observe(r: CallRecord): void {
    const t = r.start;
    if (!Number.isFinite(t)) return;
    const h = localIndex(clock, t, HOUR);
    if (h < minHour) minHour = h;
    if (h > maxHour) maxHour = h;
    if (r.direction === 'out') return;
    const callee = r.callee;
    if (callee === '') return;
    let s = states.get(callee);
    if (s === undefined) {
      s = {
        days: new DenseSeries(),
        answered: 0,
        talk: 0,
        ring: [],
        ringNext: 0,
        ringDay: Number.NaN,
        detail: null,
      };
      states.set(callee, s);
    }
    const d = Math.floor(h / 24);
    s.days.add(d);
    const talk = r.status === 'answered' ? r.duration : -1;
    if (talk >= 0) {
      s.answered++;
      s.talk += talk;
    }
    if (s.detail !== null) {
      addDetail(s.detail, h, t, r.caller, talk);
      return;
    }
    const ring = s.ring!;
    if (d !== s.ringDay) {
      ring.length = 0;
      s.ringNext = 0;
      s.ringDay = d;
    }
    if (ring.length < ringSize * 4) ring.push(h, t, r.caller, talk);
    else {
      const i = s.ringNext * 4;
      ring[i] = h;
      ring[i + 1] = t;
      ring[i + 2] = r.caller;
      ring[i + 3] = talk;
      s.ringNext = (s.ringNext + 1) % ringSize;
    }
    if (s.days.get(d) >= trackFrom || callee === ctx.owner) track(s);
  }

  function finish(): Candidate[] {
    const out: Candidate[] = [];
    if (!Number.isFinite(minHour)) return out;
    const range = { first: Math.floor(minHour / 24), last: Math.floor(maxHour / 24) };
    for (const [callee, s] of states) {
      if (s.detail === null) continue;
      for (const c of analyse(callee, s, s.detail, range)) out.push(c);
    }
    return out;
  }

  function analyse(callee: string, s: CalleeState, det: Detail, range: { first: number; last: number }) {
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
      for (let d = range.first; d <= range.last; d++) if (s.days.get(d) >= p.floorPerDay) flaggedDays.add(d);
    } else {
      for (let iter = 0; iter < 5; iter++) {
        const next = new Set<number>();
        for (let d = range.first; d <= range.last; d++) {
          const x = s.days.get(d);
          if (x < p.minDayCalls) continue;
          let hist = historyDays(d, flaggedDays);
          const wd = weekdayOfDay(d);
          const same = hist.filter((k) => weekdayOfDay(k) === wd);
          if (same.length >= WEEKDAY_MIN_DAYS) hist = same;
          if (
            scoreWindow(
              x,
              hist.map((k) => s.days.get(k)),
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
    for (const d of histDays) histCalls += s.days.get(d);
    const baselinePerDay = histDays.length > 0 ? histCalls / histDays.length : 0;
    const baselineMedian = histDays.length > 0 ? median(histDays.map((d) => s.days.get(d))) : 0;
    const share = new Float64Array(24).fill(1 / 24);
    let coveredCalls = 0;
    const hodCalls = new Float64Array(24);
    for (const d of histDays) {
      const dayCalls = s.days.get(d);
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
        calls += a === d * 24 && b === d * 24 + 24 ? s.days.get(d) : det.hours.sum(a, b - 1);
      }
      return {
        calls,
        detailCalls: det.hours.sum(e.h0, e.h1 - 1),
        answered: det.answeredHours.sum(e.h0, e.h1 - 1),
        talk: det.talkHours.sum(e.h0, e.h1 - 1),
      };
    });
    let outCalls = s.days.total;
    let outAnswered = s.answered;
    let outTalk = s.talk;
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
      for (const [hash, mask] of dc.masks) if ((mask & hoursMask) !== 0) inWindow.addHash(hash);
    }
    const distinct = Distinct.union(counters);
    // Few identifiable callers: one person or machine calling again and again (repeat-caller,
    // robocall-flood), not a storm; unless most calls are withheld, which may hide many callers.
    const withheldCalls = det.withheldHours.sum(e.h0, e.h1 - 1);
    const mostlyWithheld = withheldCalls >= 0.5 * f.detailCalls;
    if (distinct.count < p.minDistinctCallers && !mostlyWithheld) return null;
    let firstTime = 0;
    for (const t of det.firstCall.values()) if (t >= start && t < endExclusive) firstTime++;
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
