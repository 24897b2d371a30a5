/**
 * robocall-flood: one source (a calling number, or a block of numbers when the platform rotates them)
 * calls many distinct lines again and again in a short time, at a regular cadence per line, with similar
 * durations: an automated dialer playing one recorded message to every line of a company (the unpaid
 * vendor's dialer that called every line every 1-2 minutes for hours).
 *
 * Method (staged, bounded memory):
 * 1. Cheap filter for every source: a call count in the current `windowMinutes` bucket; a source making
 *    a few calls in one bucket then gets a list of the distinct lines it reaches in the bucket (at most
 *    `minLines`). A source reaching about `minLines` distinct lines in one bucket is promoted. The filter
 *    follows each source's bucket as records come, so it relies on exports being in time order (ascending
 *    or descending) within each input, as they are.
 * 2. For promoted sources only: every later call's line, time and duration (capped per source). In
 *    `finish`, calls are split into episodes at silences longer than `gapMinutes`; in each episode a line
 *    called at least `minCallsPerLine` times with a median interval of at most `maxIntervalMinutes` is
 *    "hammered". An episode with `minLines` hammered lines is a finding. The episode starts at the first
 *    tracked call (the few calls before promotion are not counted, and not selected by `matches`).
 * A source is a calling number; a rotating platform is caught on its block: the calling number without
 * its last `rotationDigits` digits. A block finding is kept only when no single number of the block makes
 * half of its calls (otherwise that number is the finding).
 *
 * Metrics:
 * - `linesReached`: distinct lines called in the episode.
 * - `hammeredLines`: lines called at least `minCallsPerLine` times at a median interval of at most
 *   `maxIntervalMinutes`.
 * - `calls`: calls from the source in the episode.
 * - `cadence`: median over hammered lines of the median interval between two calls to the line (seconds).
 * - `cadenceCv`: median over hammered lines of the coefficient of variation of those intervals (0 =
 *   clockwork; about 1 = random arrivals).
 * - `durationMedian`: median talk time of the answered calls (seconds), null when fewer than 3.
 * - `durationSpread`: interquartile range / median of the answered calls' durations (0 = identical),
 *   null when fewer than 3 answered calls.
 * - `answeredShare`: share of the episode's calls that were answered.
 * - `distinctNumbers`: calling numbers seen in the episode (1 for a number subject).
 * - `topNumber`, `topNumberShare`: the episode's busiest calling number and its share of the calls.
 * - `maxIntervalMinutes`, `minLines`: thresholds in force.
 */

import { NumberIds } from '../records/number-set.js';
import { type CallRecord, WITHHELD } from '../records/record.js';
import { formatCount, formatDecimal } from '../records/text.js';
import { MINUTE } from '../windows/buckets.js';
import {
  coefficientOfVariation,
  metric,
  quantileSorted,
  relativeIqr,
  round2,
} from '../windows/dispersion.js';
import type { Candidate, Detector, DetectorContext, DetectorMeta, DetectorRun, Severity } from './types.js';

const meta: DetectorMeta = {
  id: 'robocall-flood',
  title: { en: 'Robocall flood', fr: 'Inondation par automate d’appels' },
  looksFor: {
    en:
      'One calling number (or one block of numbers, when the platform rotates them) that calls many ' +
      'distinct lines over and over in a short time, each line at a regular cadence, with similar call ' +
      'durations: an automated dialer replaying one message to every line.',
    fr:
      'Un numéro appelant (ou un bloc de numéros, quand la plate-forme les fait tourner) qui appelle de ' +
      'nombreuses lignes différentes encore et encore en peu de temps, chaque ligne à intervalle régulier, ' +
      'avec des durées d’appel semblables : un automate qui rejoue le même message sur toutes les lignes.',
  },
  params: {
    windowMinutes: {
      default: 60,
      unit: 'minutes',
      why:
        'Window of the cheap first filter (distinct lines per source). Operator alerts on sequential ' +
        'calls use 600-3600 s windows (VoIPmonitor); the dialer of the source case called every line ' +
        'every 1-2 minutes, so it reaches all of them within an hour.',
    },
    minLines: {
      default: 10,
      unit: 'lines',
      why:
        'Distinct lines hammered by one source. A legitimate campaign calls a consumer at most 4 times ' +
        'per 30 days (French decree of Oct 2022); robocall campaigns average 13 calls, 95 % under 27 ' +
        '(Prasad et al. 2020), so 10 lines each called repeatedly within minutes is far outside both.',
    },
    minCallsPerLine: {
      default: 3,
      unit: 'calls',
      why: 'Three calls give two intervals, the fewest that show a cadence.',
    },
    maxIntervalMinutes: {
      default: 15,
      unit: 'minutes',
      why:
        'Median interval between calls to one line. The source case: every 1-2 minutes for hours; a ' +
        'predictive dialer re-calls an abandoned line "later" (Proximus), and rules allow 4 calls per ' +
        '30 days, so repeated calls to the same line within 15 minutes are not a normal campaign.',
    },
    maxCadenceCv: {
      default: 0.5,
      unit: 'ratio',
      why:
        'Coefficient of variation of the intervals: random (Poisson) arrivals give 1, a scheduled dialer ' +
        'near 0; half-way separates them.',
    },
    maxDurationSpread: {
      default: 0.5,
      unit: 'ratio',
      why:
        'Interquartile range / median of answered durations: one recorded message played to everyone ' +
        'gives near-identical durations; conversations spread far more.',
    },
    gapMinutes: {
      default: 30,
      unit: 'minutes',
      why: 'A silence this long from the source ends an episode (twice the longest cadence considered).',
    },
    rotationDigits: {
      default: 3,
      unit: 'digits',
      why:
        'Trailing digits a platform varies when it rotates caller numbers within a block it holds ' +
        '(blocks of 1,000 numbers); the block is the source.',
    },
  },
  falsePositives: [
    {
      en: 'Network test probes, alarm or monitoring dialers that call a set of lines on a schedule.',
      fr: 'Sondes de test réseau, transmetteurs d’alarme ou de supervision qui appellent des lignes selon un horaire.',
    },
    {
      en: 'A predictive dialer retrying unanswered numbers every few minutes (a nuisance, not always unlawful).',
      fr: 'Un automate d’appels qui rappelle toutes les quelques minutes les numéros qui n’ont pas répondu (nuisible, pas toujours illégal).',
    },
    {
      en: 'Emergency mass-notification systems that retry until each line acknowledges.',
      fr: 'Systèmes d’alerte de masse qui rappellent chaque ligne jusqu’à acquittement.',
    },
  ],
  references: [
    'Prasad, Bouma-Sims, Mylavarapu, Reaves, "Who\'s Calling? Characterizing Robocalls through Audio and Metadata Analysis", USENIX Security 2020',
    'VoIPmonitor alerts: "Sequential" calls to one destination within an interval',
    'French decree no. 2022-1313 of 13 Oct 2022 on telemarketing days, hours and frequency',
    'Ofcom, persistent misuse policy (abandoned and silent calls)',
  ],
  limits: {
    en:
      'The calling number shown in the records may be spoofed: it identifies the platform’s presentation, ' +
      'not the person or company behind the calls. Regular timing shows automation, not intent; the ' +
      'content of the message is not in the records.',
    fr:
      'Le numéro appelant des enregistrements peut être usurpé : il désigne ce que la plate-forme affiche, ' +
      'pas la personne ou l’entreprise à l’origine des appels. La régularité montre un automate, pas ' +
      'l’intention ; le contenu du message n’est pas dans les enregistrements.',
  },
};

/** Calls kept per promoted source (memory bound); later calls of that source are not kept. */
const TRACK_CAP = 500_000;
/** Calls in one bucket that move a source from the counter (stage 0) to the distinct-lines filter. */
const STAGE1_CALLS = 3;

/** Distinct-lines filter of a source (stage 1), or its full tracker once promoted. */
class SourceState {
  bucket = Number.NaN;
  lines: string[] = [];
  tracker: Tracker | null = null;
}

/** Every call of a promoted source: line index, time, duration (-1 when not answered), caller index. */
class Tracker {
  readonly lineIndex = new Map<string, number>();
  readonly lineNames: string[] = [];
  readonly callerIndex = new Map<string, number>();
  readonly callerNames: string[] = [];
  readonly line: number[] = [];
  readonly time: number[] = [];
  readonly dur: number[] = [];
  readonly caller: number[] = [];

  add(line: string, t: number, dur: number, caller: string): void {
    if (this.time.length >= TRACK_CAP) return;
    let li = this.lineIndex.get(line);
    if (li === undefined) {
      li = this.lineNames.length;
      this.lineIndex.set(line, li);
      this.lineNames.push(line);
    }
    let ci = this.callerIndex.get(caller);
    if (ci === undefined) {
      ci = this.callerNames.length;
      this.callerIndex.set(caller, ci);
      this.callerNames.push(caller);
    }
    this.line.push(li);
    this.time.push(t);
    this.dur.push(dur);
    this.caller.push(ci);
  }
}

/**
 * One kind of source (numbers, or blocks of numbers), by dense id in order of first sight: stage 0 counts
 * calls per source in the current bucket (one number per source: bucket * 8 + count, in a typed array
 * updated in place); a source making STAGE1_CALLS calls in a bucket gets a distinct-lines filter (stage
 * 1); a source reaching enough distinct lines in a bucket is promoted to a full tracker. Calls before
 * promotion are not kept, so an episode starts at the first tracked call and `matches` selects exactly
 * the counted calls when the input is in time order.
 */
class Sources {
  /** Per source id: its stage-0 counter (bucket * 8 + calls), NaN before its first call. */
  private counters = new Float64Array(1024).fill(Number.NaN);
  /** Per source id: its stage-1 / promoted state, once it has one. */
  private readonly states: (SourceState | undefined)[] = [];

  constructor(
    private readonly windowMs: number,
    private readonly promoteLines: number,
  ) {}

  /** Feeds one call of source `id` (ids are given densely: a new one is the number of sources so far). */
  feed(id: number, r: CallRecord, dur: number): void {
    if (id === this.states.length) this.added();
    const s = this.states[id];
    if (s !== undefined && s.tracker !== null) {
      s.tracker.add(r.callee, r.start, dur, r.caller);
      return;
    }
    const bucket = Math.floor(r.start / this.windowMs);
    if (s === undefined) {
      const c = this.counters[id];
      let count = 1;
      if (Math.floor(c / 8) === bucket) count = (c % 8) + 1;
      if (count < STAGE1_CALLS) {
        this.counters[id] = bucket * 8 + count;
        return;
      }
      const fresh = new SourceState();
      fresh.bucket = bucket;
      fresh.lines.push(r.callee);
      this.states[id] = fresh;
      return;
    }
    if (bucket !== s.bucket) {
      s.bucket = bucket;
      s.lines.length = 0;
    }
    if (!s.lines.includes(r.callee)) s.lines.push(r.callee);
    if (s.lines.length >= this.promoteLines) {
      s.tracker = new Tracker();
      s.lines = [];
      s.tracker.add(r.callee, r.start, dur, r.caller);
    }
  }

  /** Promoted sources (ids, in order of first sight) and their trackers. */
  *promoted(): IterableIterator<[number, Tracker]> {
    for (let id = 0; id < this.states.length; id++) {
      const s = this.states[id];
      if (s !== undefined && s.tracker !== null) yield [id, s.tracker];
    }
  }

  private added(): void {
    this.states.push(undefined);
    const n = this.states.length;
    if (n > this.counters.length) {
      const grown = new Float64Array(this.counters.length * 2).fill(Number.NaN);
      grown.set(this.counters);
      this.counters = grown;
    }
  }
}

interface Episode {
  source: string;
  isPrefix: boolean;
  start: number;
  end: number;
  calls: number;
  linesReached: number;
  hammeredLines: number;
  cadence: number;
  cadenceCv: number;
  durationMedian: number;
  durationSpread: number;
  answered: number;
  distinctNumbers: number;
  topNumber: string;
  topNumberShare: number;
}

function create(ctx: DetectorContext): DetectorRun {
  const p = ctx.params;
  const windowMs = p.windowMinutes * MINUTE;
  const minLines = Math.max(2, Math.round(p.minLines));
  const rotationDigits = Math.max(0, Math.round(p.rotationDigits));
  // Calls before the first tracked one are unknown: up to STAGE1_CALLS - 1 lines may be missing.
  const promoteLines = Math.max(2, minLines - (STAGE1_CALLS - 1));
  const byNumber = new Sources(windowMs, promoteLines);
  const numberIds = new Map<string, number>();
  const numberNames: string[] = [];
  // Blocks are keyed by a number (digits of the block and its length), so no string is built per call.
  const byBlock = new Sources(windowMs, promoteLines);
  const blockIds = new NumberIds();

  return {
    observe(r: CallRecord): void {
      if (r.direction === 'internal') return;
      const caller = r.caller;
      if (!ctx.numbers.isE164(caller)) return;
      const callee = r.callee;
      if (callee === '' || callee === WITHHELD || callee === caller) return;
      const dur = r.status === 'answered' ? r.duration : -1;
      let id = numberIds.get(caller);
      if (id === undefined) {
        id = numberNames.length;
        numberIds.set(caller, id);
        numberNames.push(caller);
      }
      byNumber.feed(id, r, dur);
      if (rotationDigits > 0 && caller.length - rotationDigits >= 6) {
        byBlock.feed(blockIds.id(blockKey(caller, caller.length - rotationDigits)), r, dur);
      }
    },
    finish(): Candidate[] {
      const numberEpisodes: Episode[] = [];
      const blockEpisodes: Episode[] = [];
      for (const [id, tracker] of byNumber.promoted()) {
        numberEpisodes.push(...episodesOf(numberNames[id], false, tracker, p));
      }
      for (const [, tracker] of byBlock.promoted()) {
        const sample = tracker.callerNames[0];
        blockEpisodes.push(...episodesOf(sample.slice(0, sample.length - rotationDigits), true, tracker, p));
      }
      // A block is the source only when no single number of it carries half of its calls.
      const blocks = blockEpisodes.filter((e) => e.distinctNumbers > 1 && e.topNumberShare < 0.5);
      const numbers = numberEpisodes.filter(
        (e) => !blocks.some((b) => e.source.startsWith(b.source) && e.start <= b.end && e.end >= b.start),
      );
      return [...numbers, ...blocks].map((e) => toCandidate(e, p, ctx, rotationDigits));
    },
  };
}

/**
 * Numeric key of the block made of the first `n` characters of an E.164 string: its digits and its
 * length (E.164 has at most 15 digits, so the key stays an exact integer below 2^53).
 */
function blockKey(e164: string, n: number): number {
  let v = 0;
  for (let i = 1; i < n; i++) v = v * 10 + (e164.charCodeAt(i) - 48);
  return v * 16 + n;
}

/** Splits a promoted source's calls into episodes and keeps those with enough hammered lines. */
function episodesOf(source: string, isPrefix: boolean, tr: Tracker, p: Record<string, number>): Episode[] {
  const n = tr.time.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => tr.time[a] - tr.time[b]);
  const gapMs = p.gapMinutes * MINUTE;
  const out: Episode[] = [];
  let from = 0;
  for (let i = 1; i <= n; i++) {
    if (i === n || tr.time[order[i]] - tr.time[order[i - 1]] > gapMs) {
      const e = measure(source, isPrefix, tr, order.subarray(from, i), p);
      if (e) out.push(e);
      from = i;
    }
  }
  return out;
}

function measure(
  source: string,
  isPrefix: boolean,
  tr: Tracker,
  idx: Uint32Array,
  p: Record<string, number>,
): Episode | null {
  const minLines = Math.max(2, Math.round(p.minLines));
  if (idx.length < minLines * p.minCallsPerLine) return null;
  // Times per line, in time order (idx is sorted by time).
  const perLine = new Map<number, number[]>();
  const perCaller = new Map<number, number>();
  const durations: number[] = [];
  for (const i of idx) {
    let list = perLine.get(tr.line[i]);
    if (list === undefined) {
      list = [];
      perLine.set(tr.line[i], list);
    }
    list.push(tr.time[i]);
    perCaller.set(tr.caller[i], (perCaller.get(tr.caller[i]) ?? 0) + 1);
    if (tr.dur[i] >= 0) durations.push(tr.dur[i]);
  }
  if (perLine.size < minLines) return null;
  const maxInterval = p.maxIntervalMinutes * 60;
  const medians: number[] = [];
  const cvs: number[] = [];
  for (const times of perLine.values()) {
    if (times.length < p.minCallsPerLine) continue;
    const gaps = new Float64Array(times.length - 1);
    for (let k = 1; k < times.length; k++) gaps[k - 1] = (times[k] - times[k - 1]) / 1000;
    const sorted = Float64Array.from(gaps).sort();
    const med = quantileSorted(sorted, 0.5);
    if (med > maxInterval) continue;
    medians.push(med);
    const cv = coefficientOfVariation(gaps);
    cvs.push(Number.isFinite(cv) ? cv : 0);
  }
  if (medians.length < minLines) return null;
  let topCaller = -1;
  let topCount = 0;
  for (const [c, k] of perCaller) {
    if (k > topCount) {
      topCount = k;
      topCaller = c;
    }
  }
  const sortedDur = Float64Array.from(durations).sort();
  return {
    source,
    isPrefix,
    start: tr.time[idx[0]],
    end: tr.time[idx[idx.length - 1]],
    calls: idx.length,
    linesReached: perLine.size,
    hammeredLines: medians.length,
    cadence: quantileSorted(Float64Array.from(medians).sort(), 0.5),
    cadenceCv: quantileSorted(Float64Array.from(cvs).sort(), 0.5),
    durationMedian: durations.length >= 3 ? quantileSorted(sortedDur, 0.5) : Number.NaN,
    durationSpread: relativeIqr(durations),
    answered: durations.length,
    distinctNumbers: perCaller.size,
    topNumber: tr.callerNames[topCaller],
    topNumberShare: topCount / idx.length,
  };
}

function severityOf(e: Episode, p: Record<string, number>): Severity {
  const regular = e.cadenceCv <= p.maxCadenceCv;
  if (!regular) return 'low';
  const sameMessage = !(e.durationSpread > p.maxDurationSpread);
  if (sameMessage && e.hammeredLines >= 2 * p.minLines) return 'high';
  return 'medium';
}

function toCandidate(
  e: Episode,
  p: Record<string, number>,
  ctx: DetectorContext,
  rotationDigits: number,
): Candidate {
  const { source, start, end, isPrefix } = e;
  const callerLength = source.length + rotationDigits;
  const matches = isPrefix
    ? (r: CallRecord): boolean =>
        r.start >= start &&
        r.start <= end &&
        r.caller.length === callerLength &&
        r.caller.startsWith(source) &&
        isLine(r)
    : (r: CallRecord): boolean => r.caller === source && r.start >= start && r.start <= end && isLine(r);
  const n = (x: number, lang: 'en' | 'fr') => formatCount(x, lang);
  const cadence = { en: n(e.cadence, 'en'), fr: n(e.cadence, 'fr') };
  const cv = { en: formatDecimal(e.cadenceCv, 'en', 2), fr: formatDecimal(e.cadenceCv, 'fr', 2) };
  const from = { en: ctx.clock.human(start, 'en'), fr: ctx.clock.human(start, 'fr') };
  const to = { en: ctx.clock.human(end, 'en'), fr: ctx.clock.human(end, 'fr') };
  const who = isPrefix
    ? {
        en: `Numbers of the block ${source}… (${n(e.distinctNumbers, 'en')} different numbers)`,
        fr: `Des numéros du bloc ${source}… (${n(e.distinctNumbers, 'fr')} numéros différents)`,
      }
    : { en: `The number ${source}`, fr: `Le numéro ${source}` };
  const spread = Number.isFinite(e.durationSpread)
    ? { en: formatDecimal(e.durationSpread, 'en', 2), fr: formatDecimal(e.durationSpread, 'fr', 2) }
    : { en: 'n/a', fr: 'n/d' };
  const dur = Number.isFinite(e.durationMedian)
    ? {
        en: `; answered calls lasted about ${n(e.durationMedian, 'en')} s (spread ${spread.en})`,
        fr: ` ; les appels décrochés ont duré environ ${n(e.durationMedian, 'fr')} s (dispersion ${spread.fr})`,
      }
    : { en: '', fr: '' };
  return {
    kind: 'robocall-flood',
    severity: severityOf(e, p),
    subject: source,
    subjectType: isPrefix ? 'prefix' : 'number',
    start,
    end,
    calls: e.calls,
    metrics: {
      linesReached: e.linesReached,
      hammeredLines: e.hammeredLines,
      calls: e.calls,
      cadence: metric(e.cadence),
      cadenceCv: metric(e.cadenceCv),
      durationMedian: metric(e.durationMedian),
      durationSpread: metric(e.durationSpread),
      answeredShare: round2(e.answered / e.calls),
      distinctNumbers: e.distinctNumbers,
      topNumber: e.topNumber,
      topNumberShare: round2(e.topNumberShare),
      maxIntervalMinutes: p.maxIntervalMinutes,
      minLines: p.minLines,
    },
    summary: {
      en:
        `${who.en} called ${n(e.linesReached, 'en')} distinct lines ${n(e.calls, 'en')} times between ${from.en} and ${to.en}; ` +
        `${n(e.hammeredLines, 'en')} lines were called again and again, each about every ${cadence.en} s ` +
        `(regularity CV ${cv.en}; random calls would give about 1)${dur.en}. This is the pattern of an ` +
        'automated dialer; the displayed number may not be the real caller.',
      fr:
        `${who.fr} a appelé ${n(e.linesReached, 'fr')} lignes différentes ${n(e.calls, 'fr')} fois entre ${from.fr} et ${to.fr} ; ` +
        `${n(e.hammeredLines, 'fr')} lignes ont été appelées encore et encore, chacune environ toutes les ${cadence.fr} s ` +
        `(régularité CV ${cv.fr} ; des appels au hasard donneraient environ 1)${dur.fr}. C’est le schéma d’un ` +
        'automate d’appels ; le numéro affiché n’est pas forcément celui de l’appelant réel.',
    },
    matches,
  };
}

/** The records the first pass counted: a real line on the callee side, not internal. */
function isLine(r: CallRecord): boolean {
  return r.direction !== 'internal' && r.callee !== '' && r.callee !== WITHHELD && r.callee !== r.caller;
}

export const robocallFlood: Detector = { meta, create };
