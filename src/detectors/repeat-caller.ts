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
 * Memory: one entry per (caller, callee) pair (a numeric map key and seven typed-array cells, about 80
 * bytes); pairs with a second call also keep calls per active day span (and night calls per day and
 * per night when there are any).
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

import { NumberIds } from '../records/number-set.js';
import type { CallRecord } from '../records/record.js';
import { formatCount, formatPercent } from '../records/text.js';
import { DAY, HOUR } from '../windows/buckets.js';
import { Float64Column, Int32Column, Interner } from '../windows/columns.js';
import { isNightHour, localIndex, localIndexStart, localMs } from '../windows/local.js';
import { round2 } from '../windows/score.js';
import { DenseSeries } from '../windows/series.js';
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

interface PairDetail {
  /** Calls per local calendar day. */
  days: DenseSeries;
  /** Night calls per local calendar day, and per night (a night runs from evening to morning). */
  nightDays: DenseSeries | null;
  nights: DenseSeries | null;
}

/** A (caller, callee) pair that shows the pattern, with its window of local days `[d0, d1]`. */
interface PairResult {
  id: number;
  level: number;
  d0: number;
  d1: number;
  calls: number;
  conversation: boolean;
  metrics: Candidate['metrics'];
}

const NONE = -1e9;
/** Number ids are below this bound so that a pair key fits in a double exactly. */
const ID_LIMIT = 2 ** 26;
/** Callees listed by name in a finding's metrics. */
const MAX_LISTED_CALLEES = 20;

function create(ctx: DetectorContext) {
  const p = ctx.params;
  const clock = ctx.clock;
  // One entry per (caller, callee) pair, as typed columns indexed by pair id; numbers are interned so
  // that a pair's key is one number (caller id * 2^26 + callee id).
  const numbers = new Interner();
  // Pair key -> pair id, in a float64 table (a Map<number, ...> would box the key on every call).
  const index = new NumberIds();
  const callerIds = new Int32Column();
  const calleeIds = new Int32Column();
  const count = new Int32Column();
  const answered = new Int32Column();
  const talk = new Float64Column();
  const night = new Int32Column();
  /** Local day and night index of the pair's first call (night NONE when it was not at night). */
  const day0 = new Int32Column();
  const night0 = new Int32Column();
  /** Pairs with a second call: calls per day (and night). */
  const details = new Map<number, PairDetail>();
  /** Distinct callers per callee id (one per pair). */
  const calleeCallers = new Int32Column();
  let minDay = Number.POSITIVE_INFINITY;
  let maxDay = Number.NEGATIVE_INFINITY;

  const callerOf = (id: number): string => numbers.names[callerIds.data[id]];
  const calleeOf = (id: number): string => numbers.names[calleeIds.data[id]];

  function addNight(d: PairDetail, day: number, nightIdx: number): void {
    if (d.nightDays === null || d.nights === null) {
      d.nightDays = new DenseSeries();
      d.nights = new DenseSeries();
    }
    d.nightDays.add(day);
    d.nights.add(nightIdx);
  }

  function observe(r: CallRecord): void {
    const t = r.start;
    if (!Number.isFinite(t)) return;
    const wall = localMs(clock, t);
    const day = Math.floor(wall / DAY);
    if (day < minDay) minDay = day;
    if (day > maxDay) maxDay = day;
    const caller = r.caller;
    const callee = r.callee;
    if (caller === '' || callee === '' || caller === callee || caller === ctx.owner) return;
    if (caller === 'withheld' && !p.reportWithheld) return;
    const hour = Math.floor((wall - day * DAY) / HOUR);
    const nightIdx = isNightHour(hour, p.nightStartHour, p.nightEndHour)
      ? Math.floor((wall - 12 * HOUR) / DAY)
      : NONE;
    const isAnswered = r.status === 'answered';
    const a = numbers.id(caller);
    const b = numbers.id(callee);
    while (calleeCallers.length < numbers.size) calleeCallers.push(0);
    // More distinct numbers than the key can hold (2^26, 67 million) are not examined.
    if (a >= ID_LIMIT || b >= ID_LIMIT) return;
    const key = a * ID_LIMIT + b;
    const id = index.id(key);
    if (id === count.length) {
      count.push(1);
      callerIds.push(a);
      calleeIds.push(b);
      answered.push(isAnswered ? 1 : 0);
      talk.push(isAnswered ? r.duration : 0);
      night.push(nightIdx !== NONE ? 1 : 0);
      day0.push(day);
      night0.push(nightIdx);
      calleeCallers.data[b]++;
      return;
    }
    count.data[id]++;
    if (isAnswered) {
      answered.data[id]++;
      talk.data[id] += r.duration;
    }
    let d = details.get(id);
    if (d === undefined) {
      d = { days: new DenseSeries(), nightDays: null, nights: null };
      d.days.add(day0.data[id]);
      if (night0.data[id] !== NONE) addNight(d, day0.data[id], night0.data[id]);
      details.set(id, d);
    }
    d.days.add(day);
    if (nightIdx !== NONE) {
      night.data[id]++;
      addNight(d, day, nightIdx);
    }
  }

  function finish(): Candidate[] {
    if (!Number.isFinite(minDay)) return [];
    const dataDays = maxDay - minDay + 1;
    const minCalls = Math.min(p.minCallsPerDay, p.minNightCalls);
    const byCaller = new Map<string, PairResult[]>();
    for (const [id, d] of details) {
      if (count.data[id] < minCalls) continue;
      const res = analyse(id, d, dataDays);
      if (res === null) continue;
      const caller = callerOf(id);
      const list = byCaller.get(caller);
      if (list === undefined) byCaller.set(caller, [res]);
      else list.push(res);
    }
    const out: Candidate[] = [];
    for (const [caller, results] of byCaller) out.push(candidate(caller, results));
    return out;
  }

  function analyse(id: number, d: PairDetail, dataDays: number): PairResult | null {
    const caller = callerOf(id);
    const callee = calleeOf(id);
    const withheld = caller === 'withheld';
    let maxPerDay = 0;
    let burstDays = 0;
    d.days.forEach((_, v) => {
      if (v > maxPerDay) maxPerDay = v;
      if (v >= p.minCallsPerDay) burstDays++;
    });
    // Business lines: night calls are ordinary (helplines, hotels) and withheld callers are many people;
    // only a day far above anything ordinary is reported, at low severity.
    const businessLine = calleeCallers.data[calleeIds.data[id]] / dataDays >= p.businessCallersPerDay;
    if (businessLine && (withheld || maxPerDay < p.highCallsPerDay)) return null;
    const nightEligible = !businessLine && night.data[id] >= p.minNightCalls;

    // Window: from the first to the last day with a burst (or a night call, when nights count).
    let d0 = Number.POSITIVE_INFINITY;
    let d1 = Number.NEGATIVE_INFINITY;
    const burst = businessLine ? p.highCallsPerDay : p.minCallsPerDay;
    d.days.forEach((k, v) => {
      if (v >= burst || (nightEligible && (d.nightDays?.get(k) ?? 0) > 0)) {
        if (k < d0) d0 = k;
        if (k > d1) d1 = k;
      }
    });
    if (!Number.isFinite(d0)) return null;

    const calls = d.days.sum(d0, d1);
    let days = 0;
    d.days.forEach((k) => {
      if (k >= d0 && k <= d1) days++;
    });
    const nightCalls = d.nightDays?.sum(d0, d1) ?? 0;
    let nights = 0;
    d.nights?.forEach((k) => {
      if (k >= d0 - 1 && k <= d1) nights++;
    });
    // Night calls count as a pattern when concentrated: the busiest 7 consecutive nights.
    let weekNightCalls = 0;
    let weekNights = 0;
    if (d.nights !== null) {
      const n = d.nights;
      let calls7 = 0;
      let nights7 = 0;
      for (let k = n.min; k <= n.max; k++) {
        const add = n.get(k);
        const drop = n.get(k - 7);
        calls7 += add - drop;
        nights7 += (add > 0 ? 1 : 0) - (drop > 0 ? 1 : 0);
        if (calls7 > weekNightCalls) weekNightCalls = calls7;
        if (nights7 > weekNights) weekNights = nights7;
      }
    }
    let max30 = 0;
    let run = 0;
    for (let k = d.days.min; k <= d.days.max; k++) {
      run += d.days.get(k) - d.days.get(k - 30);
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
    const answeredShare = answered.data[id] / count.data[id];
    const meanDuration = answered.data[id] > 0 ? talk.data[id] / answered.data[id] : 0;
    const conversation = answeredShare >= p.conversationShare && meanDuration >= p.conversationSeconds;
    if (conversation) level = Math.max(1, level - 1);
    if (businessLine || withheld) level = 1;
    return {
      id,
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
        meanDuration: answered.data[id] > 0 ? round2(meanDuration) : null,
        businessLine,
        withheld,
      },
    };
  }

  /** One finding per caller: its strongest pair, and every callee it shows the pattern towards. */
  function candidate(caller: string, results: PairResult[]): Candidate {
    results.sort(
      (a, b) => b.level - a.level || b.calls - a.calls || (calleeOf(a.id) < calleeOf(b.id) ? -1 : 1),
    );
    const main = results[0];
    let level = main.level;
    const campaign = results.length >= p.campaignCallees;
    if (campaign) level = Math.min(level, 2);
    const severity: Severity = level >= 3 ? 'high' : level === 2 ? 'medium' : 'low';
    const windows = new Map<string, [number, number]>();
    let calls = 0;
    let d0 = Number.POSITIVE_INFINITY;
    let d1 = Number.NEGATIVE_INFINITY;
    for (const r of results) {
      windows.set(calleeOf(r.id), [r.d0, r.d1]);
      calls += r.calls;
      d0 = Math.min(d0, r.d0);
      d1 = Math.max(d1, r.d1);
    }
    const start = localIndexStart(clock, d0, DAY);
    const endExclusive = localIndexStart(clock, d1 + 1, DAY);
    const metrics: Candidate['metrics'] = {
      ...main.metrics,
      callees: results.slice(0, MAX_LISTED_CALLEES).map((r) => calleeOf(r.id)),
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
        if (r.caller !== caller) return false;
        const w = windows.get(r.callee);
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
