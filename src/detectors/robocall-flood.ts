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
 *    or descending) within each input, as they are. Sources are indexed by the records' number ids (a
 *    few typed-array cells per calling number and per block, no object per source before promotion).
 * 2. For promoted sources only: every later call's line, time and duration (capped per source). The
 *    calls are split into episodes at silences longer than `gapMinutes`; in each episode a line called at
 *    least `minCallsPerLine` times with a median interval of at most `maxIntervalMinutes` is "hammered".
 *    An episode with `minLines` hammered lines is a finding. The episode starts at the first tracked call
 *    (the few calls before promotion are not counted, and not selected by `matches`). Episodes are
 *    measured and forgotten as time passes, once the source's calls are `gapMinutes` + SETTLE_SLACK past
 *    them (windows/episode-buffer.ts), so memory holds a promoted source's recent calls, not all of them.
 *    The episodes are those of a sort of every tracked call when rows lag the newest row of their input by
 *    at most SETTLE_SLACK (or lead the oldest, newest first); on a shuffled input, or inputs that overlap
 *    in time, an episode may be measured in pieces, as the stage-1 filter may already miss it there.
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
import type { NumberBook } from '../records/numbers.js';
import { type CallRecord, WITHHELD } from '../records/record.js';
import { formatCount, formatDecimal } from '../records/text.js';
import { HOUR, MINUTE } from '../windows/buckets.js';
import {
  coefficientOfVariation,
  metric,
  quantileSorted,
  relativeIqr,
  round2,
} from '../windows/dispersion.js';
import { EpisodeBuffer } from '../windows/episode-buffer.js';
import { readAhead } from '../windows/read-ahead.js';
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

/** Calls tracked per promoted source (memory bound); later calls of that source are not tracked. */
const TRACK_CAP = 500_000;
/** Calls in one bucket that move a source from the counter (stage 0) to the distinct-lines filter. */
const STAGE1_CALLS = 3;
/**
 * How far a row may lag behind the newest one of its input (or lead the oldest, newest first) and still
 * join its episode: episodes of a promoted source are settled, and their calls forgotten, once the
 * source's calls are this much plus `gapMinutes` past them (see windows/episode-buffer.ts).
 */
const SETTLE_SLACK = 2 * HOUR;
/** State of a source still counting calls (stage 0), in `Sources.cells`. */
const COUNTING = -1;
/**
 * Rows buffered before they are fed (see `observe`): enough for their reads of the big per-source
 * arrays to overlap, few enough to stay in the first-level cache.
 */
const BATCH = 64;
/** Per-number role bits (`roles`), learnt once per number id; 0: not learnt yet. */
const LEARNT = 1;
/** An E.164 number (NumberBook.isE164): can be a source. */
const SOURCE = 2;
/** A real line on the callee side: not empty, not withheld. */
const LINE = 4;

/** Every tracked call of a promoted source, in episodes settled as time passes. */
class Tracker {
  /** Calls tracked so far (TRACK_CAP bounds it, as a count of every tracked call, settled or not). */
  tracked = 0;
  readonly calls: EpisodeBuffer;

  constructor(
    /** The source's dense id in its `Sources`. */
    readonly source: number,
    /** Number id of the caller of the first tracked call (names a block). */
    readonly firstCaller: number,
    gapMs: number,
    sink: (tr: Tracker, calls: EpisodeBuffer, order: Uint32Array) => void,
  ) {
    this.calls = new EpisodeBuffer(gapMs, SETTLE_SLACK, (calls, order) => sink(this, calls, order));
  }

  add(line: number, caller: number, t: number, dur: number): void {
    if (this.tracked >= TRACK_CAP) return;
    this.tracked++;
    this.calls.add(t, line, caller, dur);
  }
}

/**
 * One kind of source (numbers, or blocks of numbers), by dense id in order of first sight, as struct of
 * arrays: stage 0 counts calls per source in the current bucket (one number per source: bucket * 8 +
 * count, updated in place); a source making STAGE1_CALLS calls in a bucket gets a distinct-lines filter
 * (stage 1: the bucket and the distinct line ids reached in it); a source reaching enough distinct lines
 * in a bucket is promoted to a tracker. Calls before promotion are not kept, so an episode starts at the
 * first tracked call and `matches` selects exactly the counted calls when the input is in time order.
 */
class Sources {
  /**
   * Two cells per source, side by side so that one call reads one cache line: its stage-0 counter
   * (bucket * 8 + calls, NaN before its first call) and its state (COUNTING, its stage-1 slot (>= 0), or
   * its tracker (-2 - index in `trackers`)).
   */
  private cells = Sources.cellsFor(512);
  private size = 0;
  /**
   * Per stage-1 slot: the current bucket, the distinct lines reached in it (number ids, `promoteLines`
   * cells per slot in one pool) and their count. A promoted source's slot is reused.
   */
  private slotBucket = new Float64Array(256);
  private slotCount = new Int32Array(256);
  private slotLines: Int32Array;
  private slots = 0;
  private readonly freeSlots: number[] = [];
  readonly trackers: Tracker[] = [];

  constructor(
    private readonly windowMs: number,
    private readonly promoteLines: number,
    private readonly newTracker: (source: number, firstCaller: number) => Tracker,
  ) {
    this.slotLines = new Int32Array(256 * promoteLines);
  }

  /** Sources so far. */
  get count(): number {
    return this.size;
  }

  /** A new source; returns its id (the number of sources so far). */
  add(): number {
    const id = this.size++;
    if (2 * id === this.cells.length) {
      const cells = Sources.cellsFor(grown(id));
      cells.set(this.cells);
      this.cells = cells;
    }
    return id;
  }

  private static cellsFor(sources: number): Float64Array {
    const cells = new Float64Array(2 * sources);
    for (let i = 0; i < cells.length; i += 2) {
      cells[i] = Number.NaN;
      cells[i + 1] = COUNTING;
    }
    return cells;
  }

  /**
   * Reads source `id`'s cells and returns its state: done for a batch of rows before feeding them, so
   * that the cache misses of the batch overlap instead of stalling one row after another.
   */
  touch(id: number): number {
    return this.cells[2 * id + 1];
  }

  /** Feeds one call of source `id` to `line` (number ids) at `t`; `dur` is -1 when not answered. */
  feed(id: number, line: number, caller: number, t: number, dur: number): void {
    const cells = this.cells;
    const s = cells[2 * id + 1];
    if (s < COUNTING) {
      this.trackers[-2 - s].add(line, caller, t, dur);
      return;
    }
    const bucket = Math.floor(t / this.windowMs);
    if (s === COUNTING) {
      const c = cells[2 * id];
      let count = 1;
      if (Math.floor(c / 8) === bucket) count = (c % 8) + 1;
      if (count < STAGE1_CALLS) cells[2 * id] = bucket * 8 + count;
      else cells[2 * id + 1] = this.newSlot(bucket, line);
      return;
    }
    this.filter(id, s, line, caller, t, dur, bucket);
  }

  /** Stage 1: distinct lines of the source in the current bucket, promotion when there are enough. */
  private filter(
    id: number,
    slot: number,
    line: number,
    caller: number,
    t: number,
    dur: number,
    bucket: number,
  ) {
    const lines = this.slotLines;
    const at = slot * this.promoteLines;
    let n = this.slotCount[slot];
    if (bucket !== this.slotBucket[slot]) {
      this.slotBucket[slot] = bucket;
      n = 0;
    }
    let seen = false;
    for (let i = at; i < at + n; i++) {
      if (lines[i] === line) {
        seen = true;
        break;
      }
    }
    if (!seen) lines[at + n++] = line;
    this.slotCount[slot] = n;
    if (n >= this.promoteLines) {
      const tracker = this.newTracker(id, caller);
      this.cells[2 * id + 1] = -2 - this.trackers.length;
      this.trackers.push(tracker);
      // A promoted source stays promoted: its slot is free for another source.
      this.freeSlots.push(slot);
      tracker.add(line, caller, t, dur);
    }
  }

  private newSlot(bucket: number, line: number): number {
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.slots++;
      if (slot === this.slotBucket.length) {
        const size = grown(slot);
        const buckets = new Float64Array(size);
        buckets.set(this.slotBucket);
        this.slotBucket = buckets;
        const counts = new Int32Array(size);
        counts.set(this.slotCount);
        this.slotCount = counts;
        const lines = new Int32Array(size * this.promoteLines);
        lines.set(this.slotLines);
        this.slotLines = lines;
      }
    }
    this.slotLines[slot * this.promoteLines] = line;
    this.slotBucket[slot] = bucket;
    this.slotCount[slot] = 1;
    return slot;
  }
}

interface Episode {
  /** Dense id of the source in its `Sources` (orders the findings as the sources were first seen). */
  rank: number;
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

/**
 * Next capacity of a per-key array: half as large again, as keys come (a third of the room is idle on
 * average; doubling leaves half of it, 200 k idle source cells at 316 k numbers).
 */
function grown(size: number): number {
  return size + (size >> 1);
}

/** Grows an Int32Array (filled with -1) to hold index `i`. */
function fitted(a: Int32Array<ArrayBuffer>, i: number): Int32Array<ArrayBuffer> {
  if (i < a.length) return a;
  let size = grown(a.length);
  while (size <= i) size = grown(size);
  const wider = new Int32Array(size).fill(-1);
  wider.set(a);
  return wider;
}

function create(ctx: DetectorContext): DetectorRun {
  const p = ctx.params;
  const numbers = ctx.numbers;
  const windowMs = p.windowMinutes * MINUTE;
  const gapMs = p.gapMinutes * MINUTE;
  const minLines = Math.max(2, Math.round(p.minLines));
  const rotationDigits = Math.max(0, Math.round(p.rotationDigits));
  // Calls before the first tracked one are unknown: up to STAGE1_CALLS - 1 lines may be missing.
  const promoteLines = Math.max(2, minLines - (STAGE1_CALLS - 1));
  const scratch = new Scratch();
  const numberEpisodes: Episode[] = [];
  const blockEpisodes: Episode[] = [];
  const byNumber = new Sources(
    windowMs,
    promoteLines,
    (source, caller) =>
      new Tracker(source, caller, gapMs, (tr, calls, order) => {
        const e = measure(
          tr.source,
          numbers.valueOf(tr.firstCaller),
          false,
          calls,
          order,
          p,
          numbers,
          scratch,
        );
        if (e) numberEpisodes.push(e);
      }),
  );
  const byBlock = new Sources(
    windowMs,
    promoteLines,
    (source, caller) =>
      new Tracker(source, caller, gapMs, (tr, calls, order) => {
        const sample = numbers.valueOf(tr.firstCaller);
        const prefix = sample.slice(0, sample.length - rotationDigits);
        const e = measure(tr.source, prefix, true, calls, order, p, numbers, scratch);
        if (e) blockEpisodes.push(e);
      }),
  );
  // Blocks are keyed by a number (digits of the block and its length), so no string is built per call.
  const blockIds = new NumberIds();
  // Per number id of a caller, side by side: its source id in byNumber (-1 before its first counted
  // call), and its block's source id in byBlock (-1 when it has none). Set on its first counted call.
  let sourcesOf = new Int32Array(2048).fill(-1);

  /** First counted call of a caller: its source ids, in order of first sight as the findings' order. */
  const firstSight = (callerId: number, caller: string): number => {
    sourcesOf = fitted(sourcesOf, 2 * callerId + 1);
    const id = byNumber.add();
    sourcesOf[2 * callerId] = id;
    if (rotationDigits > 0 && caller.length - rotationDigits >= 6) {
      // Block ids come in order of first sight, as the block sources do.
      const block = blockIds.id(blockKey(caller, caller.length - rotationDigits));
      if (block === byBlock.count) byBlock.add();
      sourcesOf[2 * callerId + 1] = block;
    }
    return id;
  };

  // Roles of every number id (LEARNT, SOURCE, LINE): reading a record's number strings costs a cache
  // miss each (they are spread over the whole book), a byte per id does not. NumberBook.isE164 changes
  // its answer for a string that joins `rawPlus`, so the roles are learnt again when it grows.
  let roles = new Uint8Array(1024);
  let rawPlusSize = numbers.rawPlus.size;
  const learn = (id: number, value: string): number => {
    let role = LEARNT;
    if (numbers.isE164(value)) role |= SOURCE;
    if (value !== '' && value !== WITHHELD) role |= LINE;
    roles[id] = role;
    return role;
  };

  // Rows waiting to be fed, in order of arrival: caller and callee ids, start, talk time (-1: not
  // answered).
  const batchCaller = new Int32Array(BATCH);
  const batchCallee = new Int32Array(BATCH);
  const batchStart = new Float64Array(BATCH);
  const batchDur = new Float64Array(BATCH);
  let batched = 0;

  /**
   * Feeds the batched rows in order. Each row reads its caller's source ids, then its sources' cells,
   * scattered over megabytes of arrays: those are read ahead for the whole batch first (see
   * windows/read-ahead.ts).
   */
  const feedBatch = (): void => {
    const n = batched;
    batched = 0;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const at = 2 * batchCaller[k];
      if (at < sourcesOf.length) sum += sourcesOf[at];
    }
    for (let k = 0; k < n; k++) {
      const at = 2 * batchCaller[k];
      if (at >= sourcesOf.length) continue;
      const id = sourcesOf[at];
      if (id >= 0) sum += byNumber.touch(id);
      const block = sourcesOf[at + 1];
      if (block >= 0) sum += byBlock.touch(block);
    }
    readAhead.sum += sum;
    for (let k = 0; k < n; k++) {
      const callerId = batchCaller[k];
      const calleeId = batchCallee[k];
      const t = batchStart[k];
      const dur = batchDur[k];
      let id = 2 * callerId < sourcesOf.length ? sourcesOf[2 * callerId] : -1;
      if (id < 0) id = firstSight(callerId, numbers.valueOf(callerId));
      byNumber.feed(id, calleeId, callerId, t, dur);
      const block = sourcesOf[2 * callerId + 1];
      if (block >= 0) byBlock.feed(block, calleeId, callerId, t, dur);
    }
  };

  return {
    observe(r: CallRecord): void {
      if (r.direction === 'internal') return;
      const callerId = r.callerId;
      const calleeId = r.calleeId;
      // Same id, same string: a call to itself.
      if (calleeId === callerId) return;
      if (numbers.rawPlus.size !== rawPlusSize) {
        rawPlusSize = numbers.rawPlus.size;
        roles.fill(0);
      }
      if (callerId >= roles.length || calleeId >= roles.length) {
        const wider = new Uint8Array(grown(Math.max(callerId, calleeId, roles.length) + 1));
        wider.set(roles);
        roles = wider;
      }
      let role = roles[callerId];
      if (role === 0) role = learn(callerId, r.caller);
      if ((role & SOURCE) === 0) return;
      role = roles[calleeId];
      if (role === 0) role = learn(calleeId, r.callee);
      if ((role & LINE) === 0) return;
      const k = batched++;
      batchCaller[k] = callerId;
      batchCallee[k] = calleeId;
      batchStart[k] = r.start;
      batchDur[k] = r.status === 'answered' ? r.duration : -1;
      if (batched === BATCH) feedBatch();
    },
    finish(): Candidate[] {
      feedBatch();
      for (const tr of byNumber.trackers) tr.calls.flush();
      for (const tr of byBlock.trackers) tr.calls.flush();
      // Sources in order of first sight, each one's episodes in time order (as settled, they may not be).
      const byRankThenStart = (a: Episode, b: Episode) => a.rank - b.rank || a.start - b.start;
      numberEpisodes.sort(byRankThenStart);
      blockEpisodes.sort(byRankThenStart);
      // A block is the source only when no single number of it carries half of its calls.
      const blocks = blockEpisodes.filter((e) => e.distinctNumbers > 1 && e.topNumberShare < 0.5);
      const kept = numberEpisodes.filter(
        (e) => !blocks.some((b) => e.source.startsWith(b.source) && e.start <= b.end && e.end >= b.start),
      );
      return [...kept, ...blocks].map((e) => toCandidate(e, p, ctx, rotationDigits));
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

/**
 * Per number id, the slot of a line or caller within the episode being measured (-1 elsewhere): groups
 * an episode's calls without a Map. Reset after each episode, so it costs one array per run.
 */
class Scratch {
  slotOf = new Int32Array(1024).fill(-1);
}

/** Measures one episode of a promoted source; null when it has too few hammered lines. */
function measure(
  rank: number,
  source: string,
  isPrefix: boolean,
  calls: EpisodeBuffer,
  order: Uint32Array,
  p: Record<string, number>,
  numbers: NumberBook,
  scratch: Scratch,
): Episode | null {
  const minLines = Math.max(2, Math.round(p.minLines));
  const n = order.length;
  if (n < minLines * p.minCallsPerLine) return null;
  const { time, line, caller, value } = calls;
  // Lines in order of first call: their ids and call counts; then each line's times, in time order.
  const lineIds = new Int32Array(n);
  const lineCalls = new Int32Array(n + 1);
  let lines = 0;
  let slotOf = scratch.slotOf;
  for (let k = 0; k < n; k++) {
    const id = line[order[k]];
    if (id >= slotOf.length) slotOf = scratch.slotOf = fitted(slotOf, id);
    let s = slotOf[id];
    if (s < 0) {
      s = lines++;
      slotOf[id] = s;
      lineIds[s] = id;
    }
    lineCalls[s]++;
  }
  const firstOf = new Int32Array(lines + 1);
  for (let s = 0; s < lines; s++) firstOf[s + 1] = firstOf[s] + lineCalls[s];
  const fill = firstOf.slice(0, lines);
  const times = new Float64Array(n);
  const durations: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k];
    times[fill[slotOf[line[i]]]++] = time[i];
    if (value[i] >= 0) durations.push(value[i]);
  }
  for (let s = 0; s < lines; s++) slotOf[lineIds[s]] = -1;
  if (lines < minLines) return null;
  const maxInterval = p.maxIntervalMinutes * 60;
  const medians: number[] = [];
  const cvs: number[] = [];
  for (let s = 0; s < lines; s++) {
    const count = lineCalls[s];
    if (count < p.minCallsPerLine) continue;
    const at = firstOf[s];
    const gaps = new Float64Array(count - 1);
    for (let k = 1; k < count; k++) gaps[k - 1] = (times[at + k] - times[at + k - 1]) / 1000;
    const sorted = Float64Array.from(gaps).sort();
    const med = quantileSorted(sorted, 0.5);
    if (med > maxInterval) continue;
    medians.push(med);
    const cv = coefficientOfVariation(gaps);
    cvs.push(Number.isFinite(cv) ? cv : 0);
  }
  if (medians.length < minLines) return null;
  // Callers in order of first call; the busiest is the first to reach the highest count.
  const callerIds = new Int32Array(n);
  const callerCalls = new Int32Array(n);
  let callers = 0;
  for (let k = 0; k < n; k++) {
    const id = caller[order[k]];
    if (id >= slotOf.length) slotOf = scratch.slotOf = fitted(slotOf, id);
    let s = slotOf[id];
    if (s < 0) {
      s = callers++;
      slotOf[id] = s;
      callerIds[s] = id;
    }
    callerCalls[s]++;
  }
  let top = 0;
  for (let s = 0; s < callers; s++) {
    if (callerCalls[s] > callerCalls[top]) top = s;
    slotOf[callerIds[s]] = -1;
  }
  const sortedDur = Float64Array.from(durations).sort();
  return {
    rank,
    source,
    isPrefix,
    start: time[order[0]],
    end: time[order[n - 1]],
    calls: n,
    linesReached: lines,
    hammeredLines: medians.length,
    cadence: quantileSorted(Float64Array.from(medians).sort(), 0.5),
    cadenceCv: quantileSorted(Float64Array.from(cvs).sort(), 0.5),
    durationMedian: durations.length >= 3 ? quantileSorted(sortedDur, 0.5) : Number.NaN,
    durationSpread: relativeIqr(durations),
    answered: durations.length,
    distinctNumbers: callers,
    topNumber: numbers.valueOf(callerIds[top]),
    topNumberShare: callerCalls[top] / n,
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
