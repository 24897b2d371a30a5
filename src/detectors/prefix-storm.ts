/**
 * prefix-storm: calls from one origin into one destination number range far above that pair's own
 * baseline, spread over many callees and callers (the "+333" misrouting: Maroc Telecom Mobile
 * dialled `+333` for its voicemail short code 333, so thousands of calls from Morocco landed on random
 * subscribers of the French 03 area, one of them getting more than 300 calls in 24 hours).
 *
 * Method. Every inbound call (direction not `out`) between two E.164 numbers is grouped by origin and
 * destination prefix. The origin is the caller's country when it differs from the callee's
 * (`originCountry`, e.g. `MA`), else the caller's prefix of calling code + 1 digit (`originPrefix`,
 * e.g. `+336`). Destination prefixes are the callee's calling code + 1, 2 and 3 national digits
 * (`+333`, `+3332`, `+33320`). Calls are counted per local 6-hour slot (00-06, 06-12, 12-18, 18-24).
 * A local day is tested against the pair's other days (same weekday when 4 exist), a 6-hour slot
 * against the same slot on other days, with the baseline test of src/windows/score.ts. A window only
 * counts when it reaches `minCallees` distinct callees and `minCallers` distinct callers and stays
 * anomalous once its busiest callee, or its busiest caller, is removed (a single flooded number is a
 * call-storm; a single source calling many lines is a robocall-flood). Without
 * `minHistoryDays` of history the floor `floorPerDay` applies. Flagged windows of one pair are merged
 * into episodes; among nested prefixes, the most specific one that holds `holdShare` of its parent's
 * excess calls is reported.
 *
 * Memory. Counts per 6-hour slot (typed arrays of 2 to 8 bytes a slot, see windows/dense-columns.ts)
 * are kept once per origin and longest callee prefix (a chain) and per longest prefix for all origins,
 * and summed into each prefix level when read (windows/rollup-columns.ts): a call costs one count, not
 * one per level. Pairs that reach a third of the smallest threshold on a day are tracked:
 * per local day, distinct callers and callees (exact up to 512, then a 1 KiB HyperLogLog, about 3 %
 * error) and the heaviest callers and callees (Space-Saving, 16 counters: any callee with more than
 * 1/16 of the day's calls is kept); the last calls before tracking are replayed from a small ring.
 * Numbers are the run's integer ids (windows/id-sketches.ts), their facts (origin, prefixes) typed
 * arrays filled once per number. A tracked day keeps the calls themselves (8 bytes each) until it grows
 * past a thousand, then counters fed the same calls in the same order; a day that is over is packed
 * (calls at the bit width of the largest id, distinct sets at their exact size). Either way the figures are those of counters fed every call, in any record order.
 *
 * Metrics (per finding):
 * - `originCountry` (ISO 3166 alpha-2) or `originPrefix` (E.164 prefix): where the calls came from.
 * - `prefixDigits`: national digits in the destination prefix (1-3).
 * - `distinctCallees`, `distinctCallers`: on the episode's local days; `distinctExact` false when a
 *   HyperLogLog estimate was used.
 * - `busiestCallee`, `busiestCalleeCalls24h`: the callee with most calls from this origin in one local
 *   day (24 hours) of the episode, and that count (a guaranteed minimum when more than 16 callees shared
 *   the day).
 * - `baselinePerDay`: mean calls per day of the pair on its history days; null with the floor method.
 * - `ratio`: calls in the episode / calls expected in the same 6-hour slots; null with the floor method.
 * - `originShare`: share of this origin among all calls into the prefix during the episode.
 * - `mixRatio`: `originShare` / the origin's share of all calls into the same country code outside the
 *   episode (how unusual the origin mix of the range is); null when not computable.
 * - `meanDuration`: mean talk time of answered calls in the episode (seconds; normal length in a
 *   misrouting, unlike wangiri).
 * - `score`: -log10 of the Poisson probability of the episode's calls given the expected (capped at
 *   999); null with the floor method.
 * - `baselineMethod`: `mad`, `poisson` or `floor`; `historyDays`: days the baseline used.
 */
import { countryLabel } from '../records/countries.js';
import type { CallRecord } from '../records/record.js';
import { formatCount, formatDecimal } from '../records/text.js';
import { median, poissonTail } from '../windows/baseline.js';
import { HOUR } from '../windows/buckets.js';
import { Int32Column } from '../windows/columns.js';
import { DenseColumns } from '../windows/dense-columns.js';
import { hash53 } from '../windows/distinct.js';
import { IdDistinct, IdTopCounter } from '../windows/id-sketches.js';
import { localIndex, localIndexStart, weekdayOfDay } from '../windows/local.js';
import { packIds, unpackIds } from '../windows/packed-ids.js';
import { RollupColumns, RollupLinks } from '../windows/rollup-columns.js';
import {
  mergeSpans,
  poissonLog10Tail,
  round2,
  type ScoreOptions,
  SPARSE_MEDIAN,
  scoreWindow,
} from '../windows/score.js';
import type { Candidate, Detector, DetectorContext, DetectorMeta, Severity } from './types.js';

const meta: DetectorMeta = {
  id: 'prefix-storm',
  title: { en: 'Call storm into a number range', fr: "Afflux d'appels vers une plage de numéros" },
  looksFor: {
    en:
      'Calls from one origin (a foreign country, or a domestic prefix) into one destination number range ' +
      'far above that pair’s usual level, spread over many different callees and callers: a routing ' +
      'error or abuse such as the "+333" misrouting that sent thousands of calls from Morocco to ' +
      'random subscribers of the French 03 area. The most specific range holding the storm is reported.',
    fr:
      "Des appels d'une même origine (un pays étranger, ou un préfixe national) vers une même plage de " +
      'numéros, très au-dessus du niveau habituel de ce couple, répartis sur de nombreux appelés et ' +
      "appelants : une erreur d'acheminement ou un abus comme l'affaire du « +333 », qui a envoyé " +
      "des milliers d'appels du Maroc vers des abonnés pris au hasard dans la zone 03. La plage la plus " +
      "précise qui contient l'afflux est signalée.",
  },
  params: {
    minCalls: {
      default: 50,
      unit: 'calls',
      why:
        'Smallest anomalous window (day or 6 hours): the lower end of operator alerts on calls to one ' +
        'destination (VoIPmonitor "Sequential": 50-500 calls per 10-60 minutes); the +333 storm was ' +
        'thousands of calls (source article).',
    },
    minCallees: {
      default: 10,
      unit: 'callees',
      why:
        'A range storm reaches many subscribers ("plein de gens ont été appelés", source article); one ' +
        'flooded number is a call-storm, not a prefix-storm.',
    },
    minCallers: {
      default: 5,
      unit: 'callers',
      why: 'The +333 calls came from many Moroccan subscribers abusing free calls (source article).',
    },
    minRatio: {
      default: 3,
      unit: 'ratio',
      why: "At least 3 times the pair's usual level, as for call-storm; ordinary swings stay well below.",
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
        'Poisson tail probability under the pair’s own rate; one in a million keeps false alarms rare over ' +
        'the many origin x range x window tests (Bonferroni reasoning).',
    },
    minHistoryDays: {
      default: 3,
      unit: 'days',
      why: 'Fewer history days give no usable median or MAD: the floor applies instead.',
    },
    floorPerDay: {
      default: 1000,
      unit: 'calls',
      why:
        'Without history: the +333 misrouting brought several thousand calls in a few days (source ' +
        'article). Domestic ranges legitimately carry more, so floor findings stay low severity unless ' +
        'the volume is extreme and the origin mix of the range shifted too.',
    },
    floorExtremeFactor: {
      default: 5,
      unit: 'ratio',
      why: 'Without history, medium severity needs this many times floorPerDay in a day and a mixRatio of at least minRatio.',
    },
    holdShare: {
      default: 0.8,
      unit: 'share',
      why: 'A longer prefix is reported instead of its parent when it holds at least 80 % of the parent’s excess calls ("most of" the storm).',
    },
    highRatio: {
      default: 5,
      unit: 'ratio',
      why: 'High severity needs at least 5 times the usual level.',
    },
    highMinCalls: {
      default: 200,
      unit: 'calls',
      why: 'High severity needs at least 200 calls: the +333 storm gave one line alone 300 in 24 hours.',
    },
    highMaxP: {
      default: 1e-12,
      unit: 'probability',
      why: 'High severity needs a Poisson tail probability a million times smaller than maxP.',
    },
    mergeGapHours: {
      default: 12,
      unit: 'hours',
      why: 'Anomalous windows separated by at most a night (two 6-hour slots) are one episode.',
    },
  },
  falsePositives: [
    {
      en: 'A legitimate event drawing calls from one country into one area: a diaspora holiday, a disaster, a televised appeal, a new carrier route or tariff.',
      fr: "Un événement légitime attirant des appels d'un pays vers une zone : fête d'une diaspora, catastrophe, appel télévisé, nouvelle route ou tarif d'opérateur.",
    },
    {
      en: 'Exports that cover only part of the range or of the period before the episode (the baseline is then too low).',
      fr: "Des exports qui ne couvrent qu'une partie de la plage ou de la période avant l'épisode (la référence est alors trop basse).",
    },
  ],
  references: [
    'Press report on the "+333" misrouting (Maroc Telecom Mobile\'s voicemail code 333 dialled as +333), quoting France Télécom to AFP and LePost.fr: thousands of calls into the 03 area, one line 300+ in 24 h.',
    'B. Iglewicz, D. Hoaglin, How to Detect and Handle Outliers, ASQC 1993 (modified z-score > 3.5).',
    'VoIPmonitor documentation, "Sequential" alerts; OpenSIPS fraud_detection thresholds per prefix.',
    'Arcep numbering plan decisions 2018-0881, 2019-0954, 2022-1583 (French 01-05 geographic ranges).',
  ],
  limits: {
    en:
      'A prefix storm shows where calls came from and went to, not why: a routing error, an abused tariff ' +
      'and deliberate harassment look alike. The origin is the displayed caller number’s country, which ' +
      'can be spoofed. French 01-05 prefixes are a likely area, not proof: since 2023 these numbers carry ' +
      'no geographic constraint. Withheld and unparsable callers are not counted.',
    fr:
      "Un afflux vers une plage montre d'où venaient les appels et où ils allaient, pas pourquoi : erreur " +
      "d'acheminement, tarif détourné et harcèlement délibéré se ressemblent. L'origine est le pays du " +
      'numéro affiché, qui peut être usurpé. Les préfixes 01 à 05 indiquent une zone probable, pas une ' +
      "preuve : depuis 2023 ces numéros n'ont plus de contrainte géographique. Les appelants masqués ou " +
      'illisibles ne sont pas comptés.',
  },
};

const SLOT_MS = 6 * HOUR;
const SLOTS_PER_DAY = 4;
const MAX_DIGITS = 3;
/** Prefix levels of a callee: calling code, then 1..MAX_DIGITS national digits. */
const LEVELS = MAX_DIGITS + 1;
const EXACT_DISTINCT = 512;
const HLL_PRECISION = 10;
const TOP_CAPACITY = 16;
const WEEKDAY_MIN_DAYS = 4;
/** Onset and end of an episode: the first and last slots whose count the usual level does not explain (p <= 1 %). */
const ONSET_P = 0.01;
/** Origin name of the all-origins totals. */
const ALL = '*';
/**
 * Talk times summed per chain and rolled up to its pairs must be whole seconds below this, so that the
 * sums are exact whatever the order (2^24 s a call leaves room for 2^29 calls in one slot of a chain).
 */
const EXACT_TALK = 2 ** 24;
/**
 * Origins are countries, calling codes and calling codes + 1 digit: fewer than this, so a pair or a
 * chain is keyed by the number prefix * ORIGIN_SPAN + origin.
 */
const ORIGIN_SPAN = 4096;
/** Origins with an id below this find their chains in a table (the usual few dozen), others in a map. */
const TABLE_ORIGINS = 64;
/** What is known of a number id: nothing yet, an E.164 number with a calling code, or not usable. */
const UNKNOWN = 0;
const USABLE = 1;
const UNUSABLE = 2;
/** `lastDay` of a pair with no call yet. */
const NO_DAY = -(2 ** 31);
/** Words of an untracked pair's state (see `untracked` in `create`) and their offsets. */
const UNTRACKED_WORDS = 4;
const UNTRACKED_DAY = 0;
const UNTRACKED_CALLS = 1;
const RING_FILL = 2;
const RING_NEXT = 3;
/**
 * A number's facts (see `facts` in `create`): 4 int32 words, 16 bytes in one cache line. Word 0 packs
 * the kind (UNKNOWN, USABLE, UNUSABLE), the prefix levels (1 + national digits in prefixes), the origin
 * id of its country (NO_COUNTRY when the parser could not place it) and its origin when the callee is
 * in the same country (`+cc` + first national digit) or when its country is unknown (`+cc`); origin
 * ids stay below ORIGIN_SPAN, so 13 bits hold them and NO_COUNTRY. Word 1 is the prefix id of its
 * deepest prefix; words 2-3 the float64 `hash53` + 1 of its string (0: not computed yet).
 */
const FACT_WORDS = 4;
const LONGEST = 1;
/** The hash as the float64 at `id * HASH_STRIDE + HASH_AT` of the same buffer. */
const HASH_STRIDE = FACT_WORDS / 2;
const HASH_AT = 1;
const KIND_MASK = 3;
const LEVEL_SHIFT = 2;
const LEVEL_MASK = 7;
const COUNTRY_SHIFT = 5;
const SAME_SHIFT = 18;
const ORIGIN_MASK = 0x1fff;
const NO_COUNTRY = ORIGIN_MASK;
/**
 * A day of a tracked pair keeps its calls as a list (8 bytes a call, about 5 once the day is over and
 * packed) up to this many, then the counters fed with the same calls in the same order. Counters cost
 * about 1 KiB plus 8 bytes per distinct caller and callee, and callers rarely repeat within a pair and
 * day: up to here a packed list costs about what the counters would, and appending to it is much
 * cheaper than feeding four counters (at 10 M rows, 1024 rather than 384 held 11 % less memory). Only
 * the few days `finish` reads are counted.
 */
const LIST_CALLS = 1024;

/**
 * Callers and callees of one tracked pair on one local day. The counters give exactly what counters fed
 * every call from the start would give: the list is replayed into them in arrival order.
 */
interface DayDetail {
  /** [caller id, callee id] per call in arrival order while short; null once counted or packed. */
  calls: Int32Array | null;
  /** The same list packed (windows/packed-ids.ts) once the day is over; null otherwise. */
  packed: Uint32Array | null;
  listed: number;
  callers: IdDistinct | null;
  callees: IdDistinct | null;
  /** Heaviest callees and callers of the day. */
  topCallee: IdTopCounter | null;
  topCaller: IdTopCounter | null;
}

/** A tracked pair, as `finish` reads it. */
interface PairState {
  /** Key of the pair's series. */
  index: number;
  originId: number;
  origin: string;
  prefix: string;
  level: number;
  days: Map<number, DayDetail>;
}

interface Episode {
  pair: PairState;
  /** Slot indexes `[s0, s1)`. */
  s0: number;
  s1: number;
  floor: boolean;
  calls: number;
  expected: number;
  excess: number;
  baselinePerDay: number;
  sparse: boolean;
  histDays: number;
}

/** A typed array twice as long (at least `need`), the old values copied. */
function grownInt32(a: Int32Array, need: number, fill: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(need, a.length * 2)).fill(fill);
  b.set(a);
  return b;
}

function create(ctx: DetectorContext) {
  const p = ctx.params;
  const clock = ctx.clock;
  const numbers = ctx.numbers;
  const trackFrom = Math.max(2, Math.floor(Math.min(p.minCalls, p.floorPerDay) / 3));
  let minSlot = Number.POSITIVE_INFINITY;
  let maxSlot = Number.NEGATIVE_INFINITY;

  // Origins ('*', countries, `+cc`, `+cc` + 1 digit) and callee prefixes, as small integers.
  const originIds = new Map<string, number>();
  const originNames: string[] = [];
  const prefixIds = new Map<string, number>();
  const prefixNames: string[] = [];
  function internOrigin(name: string): number {
    let id = originIds.get(name);
    if (id === undefined) {
      id = originNames.length;
      originIds.set(name, id);
      originNames.push(name);
    }
    return id;
  }
  function internPrefix(name: string): number {
    let id = prefixIds.get(name);
    if (id === undefined) {
      id = prefixNames.length;
      prefixIds.set(name, id);
      prefixNames.push(name);
    }
    return id;
  }
  const ALL_ORIGIN = internOrigin(ALL);

  /** Facts per number id (FACT_WORDS a number), looked up once: one cache line per record side. */
  let facts = new Int32Array(1024 * FACT_WORDS);
  let hashes = new Float64Array(facts.buffer);

  // Pairs (origin, prefix): per-slot series for all, tracking state for candidates (level > 0, one origin).
  const pairIds = new Map<number, number>();
  const pairOrigin = new Int32Column();
  const pairPrefix = new Int32Column();
  const pairLevel = new Int32Column();
  /** Origins in the order of their first pair, and each origin's pairs in creation order (report order). */
  const originOrder: number[] = [];
  const pairsOfOrigin: number[][] = [];
  /**
   * Per-slot series are counted once per chain (origin, longest callee prefix), not once per pair: a
   * pair's series is the sum of its chains' (windows/rollup-columns.ts), rolled up when `finish` reads
   * it. All-origins totals likewise once per longest prefix, read per prefix id.
   */
  const chainLinks = new RollupLinks();
  const counts = new RollupColumns(chainLinks);
  const answered = new RollupColumns(chainLinks);
  /** Talk per chain while every talk time is a whole number of seconds, else per pair from then on. */
  let chainTalk: RollupColumns | null = new RollupColumns(chainLinks);
  let pairTalk: DenseColumns | null = null;
  const allLinks = new RollupLinks();
  const allCounts = new RollupColumns(allLinks);
  /** Longest prefixes whose all-origins links exist (1), by prefix id. */
  let allLinked = new Uint8Array(1024);
  /**
   * Calls per local day of candidate pairs not yet tracked (the test that starts tracking): the day of
   * the pair's last call in `untracked`, the other days here.
   */
  const untrackedDays = new DenseColumns();
  /**
   * Per pair, UNTRACKED_WORDS int32 side by side: the day of its last call while untracked (NO_DAY
   * before) and its calls that day, then how many calls its ring holds and where the next one goes.
   */
  let untracked = new Int32Array(1024 * UNTRACKED_WORDS);
  /** Last calls of an untracked candidate pair, as [slot, caller id, callee id]; null otherwise. */
  const rings: (Int32Array | null)[] = [];
  /** Per local day details of tracked pairs (null until tracked), and the last day written. */
  const pairDays: (Map<number, DayDetail> | null)[] = [];
  /** NO_DAY or the day of `lastDetail` (the day most calls of a pair go to next). */
  let lastDay = new Int32Array(1024);
  const lastDetail: (DayDetail | null)[] = [];
  /** Latest day of a tracked pair: when a later one starts, the previous latest is packed (`seal`). */
  const newestDay: number[] = [];
  /**
   * Chain (origin, longest callee prefix) -> its pairs of levels 0..LEVELS-1, LEVELS cells a chain.
   * Found in a table of TABLE_ORIGINS cells per prefix (-1: none yet); rarer origins in a map.
   */
  let chainTable: Int32Array<ArrayBuffer> = new Int32Array(1024 * TABLE_ORIGINS).fill(-1);
  const chainIds = new Map<number, number>();
  const chainPairs = new Int32Column();

  function hash(id: number): number {
    const at = id * HASH_STRIDE + HASH_AT;
    let h = hashes[at];
    if (h === 0) {
      h = hash53(numbers.valueOf(id)) + 1;
      hashes[at] = h;
    }
    return h - 1;
  }
  const keyOf = (id: number): string => numbers.valueOf(id);

  function growFacts(id: number): void {
    const n = Math.max(id + 1, Math.ceil((facts.length / FACT_WORDS) * 1.5));
    const grown = new Int32Array(n * FACT_WORDS);
    grown.set(facts);
    facts = grown;
    hashes = new Float64Array(grown.buffer);
  }

  /** Prefixes of a usable number: `+cc`, then with 1..MAX_DIGITS national digits (fewer for short numbers). */
  function prefixesOf(id: number): string[] {
    const info = numbers.infoOf(id);
    const prefixes = [`+${info.callingCode}`];
    for (let k = 1; k <= MAX_DIGITS && k < info.national!.length; k++) {
      prefixes.push(`+${info.callingCode}${info.national!.slice(0, k)}`);
    }
    return prefixes;
  }

  /** USABLE when a number id is E.164 with a calling code and national digits (looked up once). */
  function factsOf(id: number): number {
    const at = id * FACT_WORDS;
    if (at < facts.length && facts[at] !== UNKNOWN) return facts[at] & KIND_MASK;
    return lookUpFacts(id);
  }

  function lookUpFacts(id: number): number {
    const at = id * FACT_WORDS;
    if (at >= facts.length) growFacts(id);
    const n = numbers.valueOf(id);
    const info = n.charCodeAt(0) === 43 ? numbers.infoOf(id) : null;
    if (info && info.kind === 'e164' && info.callingCode && info.national) {
      const country = info.country === undefined ? NO_COUNTRY : internOrigin(info.country);
      const domestic = internOrigin(`+${info.callingCode}${info.national[0]}`);
      const code = internOrigin(`+${info.callingCode}`);
      const prefixes = prefixesOf(id);
      const same = country === NO_COUNTRY ? code : domestic;
      facts[at + LONGEST] = internPrefix(prefixes[prefixes.length - 1]);
      facts[at] =
        USABLE | (prefixes.length << LEVEL_SHIFT) | (country << COUNTRY_SHIFT) | (same << SAME_SHIFT);
      return USABLE;
    }
    facts[at] = UNUSABLE;
    return UNUSABLE;
  }

  /**
   * Origin of a call between two usable numbers: the caller's country when it differs from the
   * callee's, else the caller's `+cc` + first digit; `+cc` when the caller's country is unknown.
   */
  function originOf(caller: number, callee: number): number {
    const own = facts[caller * FACT_WORDS];
    const country = (own >>> COUNTRY_SHIFT) & ORIGIN_MASK;
    return country !== NO_COUNTRY &&
      country !== ((facts[callee * FACT_WORDS] >>> COUNTRY_SHIFT) & ORIGIN_MASK)
      ? country
      : (own >>> SAME_SHIFT) & ORIGIN_MASK;
  }

  /** Origin id of a record, or -1 when the record does not take part (the rules of `observe`). */
  function recordOrigin(r: CallRecord): number {
    if (r.direction === 'out') return -1;
    // Records carry their numbers' ids (the reader stamps them; a worker thread must not make ids).
    const callee = r.calleeId;
    if (factsOf(callee) !== USABLE) return -1;
    const caller = r.callerId;
    if (factsOf(caller) !== USABLE) return -1;
    return originOf(caller, callee);
  }

  function pairOf(origin: number, prefix: number, level: number): number {
    const key = prefix * ORIGIN_SPAN + origin;
    let pair = pairIds.get(key);
    if (pair === undefined) {
      pair = pairOrigin.push(origin);
      pairPrefix.push(prefix);
      pairLevel.push(level);
      pairIds.set(key, pair);
      if (pairsOfOrigin[origin] === undefined) {
        pairsOfOrigin[origin] = [];
        originOrder.push(origin);
      }
      pairsOfOrigin[origin].push(pair);
      const candidate = origin !== ALL_ORIGIN && level > 0;
      rings.push(candidate ? new Int32Array(trackFrom * 3) : null);
      const at = pair * UNTRACKED_WORDS;
      if (at >= untracked.length) untracked = grownInt32(untracked, at + UNTRACKED_WORDS, 0);
      untracked[at + UNTRACKED_DAY] = NO_DAY;
      pairDays.push(null);
      if (pair >= lastDay.length) lastDay = grownInt32(lastDay, pair + 1, NO_DAY);
      lastDay[pair] = NO_DAY;
      lastDetail.push(null);
      newestDay.push(Number.NEGATIVE_INFINITY);
    }
    return pair;
  }

  /** The chain of one origin's pairs for every prefix level of a callee. */
  function chainOf(origin: number, callee: number): number {
    const longest = facts[callee * FACT_WORDS + LONGEST];
    const cell = longest * TABLE_ORIGINS + origin;
    if (origin < TABLE_ORIGINS && cell < chainTable.length && chainTable[cell] >= 0) return chainTable[cell];
    const key = longest * ORIGIN_SPAN + origin;
    let chain = chainIds.get(key);
    if (chain === undefined) {
      chain = chainPairs.length / LEVELS;
      const prefixes = prefixesOf(callee);
      for (let level = 0; level < LEVELS; level++) {
        const pair = level < prefixes.length ? pairOf(origin, internPrefix(prefixes[level]), level) : -1;
        chainPairs.push(pair);
        if (pair >= 0) chainLinks.link(chain, pair);
      }
      chainIds.set(key, chain);
    }
    if (origin < TABLE_ORIGINS) {
      if (cell >= chainTable.length) chainTable = grownInt32(chainTable, cell + 1, -1);
      chainTable[cell] = chain;
    }
    return chain;
  }

  function newDetail(): DayDetail {
    return {
      calls: new Int32Array(16),
      packed: null,
      listed: 0,
      callers: null,
      callees: null,
      topCallee: null,
      topCaller: null,
    };
  }

  function count(dd: DayDetail, caller: number, callee: number): void {
    dd.callers!.add(caller);
    dd.callees!.add(callee);
    dd.topCallee!.add(callee);
    dd.topCaller!.add(caller);
  }

  /** Replaces a day's list of calls by its counters, fed the listed calls in arrival order. */
  function counted(dd: DayDetail): DayDetail {
    if (dd.packed !== null) unpack(dd);
    const calls = dd.calls;
    if (calls === null) return dd;
    dd.callers = new IdDistinct(hash, EXACT_DISTINCT, HLL_PRECISION);
    dd.callees = new IdDistinct(hash, EXACT_DISTINCT, HLL_PRECISION);
    dd.topCallee = new IdTopCounter(TOP_CAPACITY);
    dd.topCaller = new IdTopCounter(TOP_CAPACITY);
    for (let i = 0; i < dd.listed; i++) count(dd, calls[i * 2], calls[i * 2 + 1]);
    dd.calls = null;
    return dd;
  }

  /**
   * Packs a day that is over into the least memory: the list of calls or the exact distinct sets at
   * their exact size. Exports in time order never reopen it; others may, at some cost, never to the
   * result (counters unpack, lists grow again).
   */
  function seal(dd: DayDetail): void {
    const calls = dd.calls;
    if (calls !== null) {
      dd.packed = packIds(calls, dd.listed * 2);
      dd.calls = null;
    } else if (dd.callers !== null) {
      dd.callers.seal();
      dd.callees!.seal();
    }
  }

  function unpack(dd: DayDetail): void {
    dd.calls = unpackIds(dd.packed!);
    dd.packed = null;
  }

  function addDetail(pair: number, d: number, caller: number, callee: number): void {
    // Most calls go to the day of the pair's previous call, whose list is open (never packed).
    const dd = lastDay[pair] === d ? lastDetail[pair]! : openDay(pair, d);
    const calls = dd.calls;
    if (calls !== null) {
      const i = dd.listed * 2;
      if (i < calls.length) {
        calls[i] = caller;
        calls[i + 1] = callee;
        dd.listed++;
        return;
      }
    }
    addToFull(dd, caller, callee);
  }

  /** The detail of a tracked pair's day, made or unpacked; a day older than a new one is sealed. */
  function openDay(pair: number, d: number): DayDetail {
    const days = pairDays[pair]!;
    let dd = days.get(d);
    if (dd === undefined) {
      dd = newDetail();
      days.set(d, dd);
    }
    if (d > newestDay[pair]) {
      const over = days.get(newestDay[pair]);
      if (over !== undefined) seal(over);
      newestDay[pair] = d;
    }
    lastDay[pair] = d;
    lastDetail[pair] = dd;
    if (dd.packed !== null) unpack(dd);
    return dd;
  }

  /** A call for a day whose list is full (grown, or replaced by counters past LIST_CALLS) or counted. */
  function addToFull(dd: DayDetail, caller: number, callee: number): void {
    let calls = dd.calls;
    if (calls === null) {
      count(dd, caller, callee);
      return;
    }
    if (dd.listed >= LIST_CALLS) {
      count(counted(dd), caller, callee);
      return;
    }
    const longer = new Int32Array(Math.min(Math.max(16, calls.length * 2), LIST_CALLS * 2));
    longer.set(calls);
    dd.calls = calls = longer;
    const i = dd.listed * 2;
    calls[i] = caller;
    calls[i + 1] = callee;
    dd.listed++;
  }

  /**
   * The all-origins totals of a callee's longest prefix count towards each of its prefixes (the
   * prefixes of the first callee seen with it, as every callee with it has the same).
   */
  function linkAll(callee: number): void {
    const longest = facts[callee * FACT_WORDS + LONGEST];
    if (longest >= allLinked.length) {
      const grown = new Uint8Array(Math.max(longest + 1, allLinked.length * 2));
      grown.set(allLinked);
      allLinked = grown;
    }
    allLinked[longest] = 1;
    for (const prefix of prefixesOf(callee)) allLinks.link(longest, internPrefix(prefix));
  }

  /** Talk times from now on summed per pair: what the chains held so far, rolled up exactly. */
  function talkPerPair(): DenseColumns {
    const perPair = chainTalk!.rollAll();
    chainTalk = null;
    pairTalk = perPair;
    return perPair;
  }

  /** A candidate pair not tracked yet: its last calls in the ring, tracked once its day is busy enough. */
  function observeUntracked(pair: number, slot: number, caller: number, callee: number) {
    const state = untracked;
    const at = pair * UNTRACKED_WORDS;
    const ring = rings[pair]!;
    const fill = state[at + RING_FILL];
    let i = fill * 3;
    if (fill < trackFrom) state[at + RING_FILL] = fill + 1;
    else {
      const next = state[at + RING_NEXT];
      i = next * 3;
      state[at + RING_NEXT] = (next + 1) % trackFrom;
    }
    ring[i] = slot;
    ring[i + 1] = caller;
    ring[i + 2] = callee;
    const d = Math.floor(slot / SLOTS_PER_DAY);
    const dayCalls = state[at + UNTRACKED_DAY] === d ? ++state[at + UNTRACKED_CALLS] : untrackedDay(pair, d);
    if (dayCalls >= trackFrom) {
      // Tracked from now on: the last calls are replayed (in ring order) into their days.
      pairDays[pair] = new Map();
      for (let k = 0; k < state[at + RING_FILL]; k++) {
        addDetail(pair, Math.floor(ring[k * 3] / SLOTS_PER_DAY), ring[k * 3 + 1], ring[k * 3 + 2]);
      }
      rings[pair] = null;
    }
  }

  /** Counts a call of an untracked pair on another day than its last one; returns that day's calls. */
  function untrackedDay(pair: number, d: number): number {
    const at = pair * UNTRACKED_WORDS;
    const last = untracked[at + UNTRACKED_DAY];
    if (last !== NO_DAY) {
      untrackedDays.add(pair, last, untracked[at + UNTRACKED_CALLS] - untrackedDays.get(pair, last));
    }
    const calls = untrackedDays.get(pair, d) + 1;
    untracked[at + UNTRACKED_DAY] = d;
    untracked[at + UNTRACKED_CALLS] = calls;
    return calls;
  }

  function observe(r: CallRecord): void {
    const t = r.start;
    if (!Number.isFinite(t)) return;
    const slot = localIndex(clock, t, SLOT_MS);
    if (slot < minSlot) minSlot = slot;
    if (slot > maxSlot) maxSlot = slot;
    if (r.direction === 'out') return;
    const callee = r.calleeId;
    if (factsOf(callee) !== USABLE) return;
    const caller = r.callerId;
    if (factsOf(caller) !== USABLE) return;
    const origin = originOf(caller, callee);
    const longest = facts[callee * FACT_WORDS + LONGEST];
    if (longest >= allLinked.length || allLinked[longest] === 0) linkAll(callee);
    allCounts.add(longest, slot, 1);
    const chain = chainOf(origin, callee);
    counts.add(chain, slot, 1);
    const levels = (facts[callee * FACT_WORDS] >>> LEVEL_SHIFT) & LEVEL_MASK;
    const chains = chainPairs.data;
    if (r.status === 'answered' && r.duration >= 0) {
      const talk = r.duration;
      answered.add(chain, slot, 1);
      if (chainTalk !== null && Number.isInteger(talk) && talk < EXACT_TALK) chainTalk.add(chain, slot, talk);
      else {
        const perPair = pairTalk ?? talkPerPair();
        for (let level = 1; level < levels; level++) perPair.add(chains[chain * LEVELS + level], slot, talk);
      }
    }
    const day = Math.floor(slot / SLOTS_PER_DAY);
    for (let level = 1; level < levels; level++) {
      const pair = chains[chain * LEVELS + level];
      // A pair whose last call was on this day is tracked: one look-up for the usual case.
      if (lastDay[pair] === day || pairDays[pair] !== null) addDetail(pair, day, caller, callee);
      else observeUntracked(pair, slot, caller, callee);
    }
  }

  function finish(): Candidate[] {
    if (!Number.isFinite(minSlot)) return [];
    const range = {
      first: Math.floor(minSlot / SLOTS_PER_DAY),
      last: Math.floor(maxSlot / SLOTS_PER_DAY),
    };
    const episodes: Episode[] = [];
    for (const origin of originOrder) {
      if (origin === ALL_ORIGIN) continue;
      for (const pair of pairsOfOrigin[origin]) {
        const days = pairDays[pair];
        if (days === null) continue;
        const s: PairState = {
          index: pair,
          originId: origin,
          origin: originNames[origin],
          prefix: prefixNames[pairPrefix.data[pair]],
          level: pairLevel.data[pair],
          days,
        };
        for (const e of analyse(s, range)) episodes.push(e);
      }
    }
    return chooseSpecific(episodes).map(candidate);
  }

  function analyse(s: PairState, range: { first: number; last: number }): Episode[] {
    const opts: ScoreOptions = {
      minCount: p.minCalls,
      minRatio: p.minRatio,
      zThreshold: p.zThreshold,
      maxP: p.maxP,
    };
    const days = s.days;
    const key = s.index;
    const dayCount = (d: number): number => counts.sum(key, d * SLOTS_PER_DAY, d * SLOTS_PER_DAY + 3);
    const nDays = range.last - range.first + 1;
    const floorMode = nDays - 1 < p.minHistoryDays;

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
    /**
     * Spread over callees and callers on day `d`, and the most calls that one callee or one caller
     * accounts for that day (a storm must survive removing either).
     */
    const spread = (d: number): { ok: boolean; top: number } => {
      const listed = days.get(d);
      if (listed === undefined) return { ok: false, top: 0 };
      const dd = counted(listed);
      // Counts are upper bounds once counters were evicted: a conservative removal.
      const callee = dd.topCallee!.top(keyOf);
      const caller = dd.topCaller!.top(keyOf);
      return {
        ok: dd.callees!.count >= p.minCallees && dd.callers!.count >= p.minCallers,
        top: Math.max(callee === null ? 0 : callee.count, caller === null ? 0 : caller.count),
      };
    };

    let flaggedDays = new Set<number>();
    const flaggedSlots: number[] = [];
    if (floorMode) {
      for (let d = range.first; d <= range.last; d++) {
        const x = dayCount(d);
        const sp = spread(d);
        if (x >= p.floorPerDay && sp.ok && x - sp.top >= p.floorPerDay) flaggedDays.add(d);
      }
    } else {
      for (let iter = 0; iter < 5; iter++) {
        const next = new Set<number>();
        for (let d = range.first; d <= range.last; d++) {
          const x = dayCount(d);
          if (x < p.minCalls) continue;
          let hist = historyDays(d, flaggedDays);
          const wd = weekdayOfDay(d);
          const same = hist.filter((k) => weekdayOfDay(k) === wd);
          if (same.length >= WEEKDAY_MIN_DAYS) hist = same;
          const values = hist.map(dayCount);
          if (!scoreWindow(x, values, opts).anomalous) continue;
          const sp = spread(d);
          if (sp.ok && scoreWindow(x - sp.top, values, opts).anomalous) next.add(d);
        }
        const stable = next.size === flaggedDays.size && [...next].every((d) => flaggedDays.has(d));
        flaggedDays = next;
        if (stable) break;
      }
      counts.forEach(key, (slot, x) => {
        const d = Math.floor(slot / SLOTS_PER_DAY);
        if (x < p.minCalls || flaggedDays.has(d)) return;
        const k = slot - d * SLOTS_PER_DAY;
        const values = historyDays(d, flaggedDays).map((h) => counts.get(key, h * SLOTS_PER_DAY + k));
        if (!scoreWindow(x, values, opts).anomalous) return;
        // The busiest callee's count on the whole day bounds its count in the slot from above.
        const sp = spread(d);
        if (sp.ok && scoreWindow(x - Math.min(x, sp.top), values, opts).anomalous) flaggedSlots.push(slot);
      });
    }
    if (flaggedDays.size === 0 && flaggedSlots.length === 0) return [];

    const histDays: number[] = [];
    for (let d = range.first; d <= range.last; d++) if (!flaggedDays.has(d)) histDays.push(d);
    const histCounts = histDays.map(dayCount);
    const baselinePerDay = histDays.length > 0 ? histCounts.reduce((a, b) => a + b, 0) / histDays.length : 0;
    const sparse = histDays.length === 0 || median(histCounts) < SPARSE_MEDIAN;
    const slotMean = new Float64Array(SLOTS_PER_DAY);
    for (const d of histDays) {
      for (let k = 0; k < SLOTS_PER_DAY; k++) slotMean[k] += counts.get(key, d * SLOTS_PER_DAY + k);
    }
    for (let k = 0; k < SLOTS_PER_DAY; k++) slotMean[k] /= Math.max(1, histDays.length);
    const expectedSlot = (slot: number): number =>
      floorMode
        ? p.floorPerDay / SLOTS_PER_DAY
        : slotMean[((slot % SLOTS_PER_DAY) + SLOTS_PER_DAY) % SLOTS_PER_DAY];

    const flaggedSlotSet = new Set(flaggedSlots);
    // A slot is part of the storm unless its count is consistent with the usual level (p > ONSET_P).
    const slotFloor = 3 / Math.max(1, histDays.length) / SLOTS_PER_DAY;
    const isHot = (slot: number): boolean =>
      flaggedSlotSet.has(slot) ||
      poissonTail(counts.get(key, slot), Math.max(expectedSlot(slot), slotFloor)) <= ONSET_P;
    const spans = mergeSpans(
      [
        ...[...flaggedDays].map((d) => ({
          start: d * SLOTS_PER_DAY,
          end: d * SLOTS_PER_DAY + SLOTS_PER_DAY,
        })),
        ...flaggedSlots.map((slot) => ({ start: slot, end: slot + 1 })),
      ],
      Math.floor(p.mergeGapHours / 6),
    );
    return spans.map((sp) => {
      let s0 = sp.start;
      let s1 = sp.end;
      while (s0 < s1 && !isHot(s0)) s0++;
      while (s1 > s0 && !isHot(s1 - 1)) s1--;
      if (s0 >= s1) {
        s0 = sp.start;
        s1 = sp.end;
      }
      const calls = counts.sum(key, s0, s1 - 1);
      let expected = 0;
      for (let k = s0; k < s1; k++) expected += expectedSlot(k);
      expected = Math.max(expected, ((3 / Math.max(1, histDays.length)) * (s1 - s0)) / SLOTS_PER_DAY);
      return {
        pair: s,
        s0,
        s1,
        floor: floorMode,
        calls,
        expected,
        excess: calls - (floorMode ? 0 : expected),
        baselinePerDay,
        sparse,
        histDays: histDays.length,
      };
    });
  }

  /**
   * The callee with most calls from this origin in one local day of the episode, counting only what the
   * Space-Saving counters guarantee (count - error).
   */
  function busiestCallee(s: PairState, s0: number, s1: number): { key: string; count: number } | null {
    let best: { key: string; count: number } | null = null;
    for (let d = Math.floor(s0 / SLOTS_PER_DAY); d <= Math.floor((s1 - 1) / SLOTS_PER_DAY); d++) {
      const dd = s.days.get(d);
      const top = dd === undefined ? null : counted(dd).topCallee!.top(keyOf);
      if (top && (best === null || top.count - top.error > best.count)) {
        best = { key: keyOf(top.id), count: top.count - top.error };
      }
    }
    return best;
  }

  /** Keeps, for each storm, the most specific prefix holding `holdShare` of its parent's excess. */
  function chooseSpecific(episodes: Episode[]): Episode[] {
    const overlap = (a: Episode, b: Episode) => a.s0 < b.s1 && b.s0 < a.s1;
    const nested = (a: Episode, b: Episode) =>
      a.pair.prefix.startsWith(b.pair.prefix) || b.pair.prefix.startsWith(a.pair.prefix);
    const sorted = [...episodes].sort((a, b) => a.pair.level - b.pair.level || b.excess - a.excess);
    const chosen: Episode[] = [];
    for (const e of sorted) {
      if (chosen.some((c) => c.pair.origin === e.pair.origin && overlap(c, e) && nested(c, e))) continue;
      let cur = e;
      for (;;) {
        let best: Episode | null = null;
        for (const x of episodes) {
          if (
            x.pair.origin === cur.pair.origin &&
            x.pair.level === cur.pair.level + 1 &&
            x.pair.prefix.startsWith(cur.pair.prefix) &&
            overlap(x, cur) &&
            (best === null || x.excess > best.excess)
          )
            best = x;
        }
        if (best === null || best.excess < p.holdShare * cur.excess) break;
        cur = best;
      }
      chosen.push(cur);
    }
    return chosen;
  }

  function candidate(e: Episode): Candidate {
    const s = e.pair;
    const origin = s.origin;
    const prefix = s.prefix;
    const start = localIndexStart(clock, e.s0, SLOT_MS);
    const endExclusive = localIndexStart(clock, e.s1, SLOT_MS);
    const d0 = Math.floor(e.s0 / SLOTS_PER_DAY);
    const d1 = Math.floor((e.s1 - 1) / SLOTS_PER_DAY);
    const dayDetails: DayDetail[] = [];
    for (let d = d0; d <= d1; d++) {
      const dd = s.days.get(d);
      if (dd !== undefined) dayDetails.push(counted(dd));
    }
    const callees = IdDistinct.union(dayDetails.map((dd) => dd.callees!));
    const callersCount = IdDistinct.union(dayDetails.map((dd) => dd.callers!));
    const busiest = busiestCallee(s, e.s0, e.s1);

    // Origin mix: this origin's share of the range vs its share of the whole country code elsewhere.
    const pairKey = (o: number, text: string): number | undefined => {
      const prefixId = prefixIds.get(text);
      return prefixId === undefined ? undefined : pairIds.get(prefixId * ORIGIN_SPAN + o);
    };
    // All-origins totals are keyed by the prefix id itself.
    const intoPrefix = allCounts.sum(prefixIds.get(prefix)!, e.s0, e.s1 - 1);
    const originShare = intoPrefix > 0 ? e.calls / intoPrefix : null;
    const code = prefix.slice(0, prefix.length - s.level);
    const originCode = pairKey(s.originId, code);
    const allCode = prefixIds.get(code);
    let mixRatio: number | null = null;
    if (originShare !== null && originCode !== undefined && allCode !== undefined) {
      const o = counts.total(originCode) - counts.sum(originCode, e.s0, e.s1 - 1);
      const a = allCounts.total(allCode) - allCounts.sum(allCode, e.s0, e.s1 - 1);
      if (o > 0 && a > 0) mixRatio = originShare / (o / a);
    }

    const log10P = poissonLog10Tail(e.calls, e.expected);
    const ratio = e.calls / e.expected;
    const answeredCalls = answered.sum(s.index, e.s0, e.s1 - 1);
    const talk = (pairTalk ?? chainTalk!).sum(s.index, e.s0, e.s1 - 1);
    let severity: Severity;
    if (e.floor) {
      let peakDay = 0;
      for (let d = d0; d <= d1; d++) {
        peakDay = Math.max(peakDay, counts.sum(s.index, d * SLOTS_PER_DAY, d * SLOTS_PER_DAY + 3));
      }
      severity =
        peakDay >= p.floorExtremeFactor * p.floorPerDay && mixRatio !== null && mixRatio >= p.minRatio
          ? 'medium'
          : 'low';
    } else {
      severity =
        ratio >= p.highRatio && e.calls >= p.highMinCalls && log10P <= Math.log10(p.highMaxP)
          ? 'high'
          : 'medium';
    }
    const isCountry = /^[A-Z]{2}$/.test(origin);
    const metrics: Candidate['metrics'] = {
      originCountry: isCountry ? origin : null,
      originPrefix: isCountry ? null : origin,
      prefixDigits: s.level,
      distinctCallees: callees.count,
      distinctCallers: callersCount.count,
      distinctExact: !callees.approx && !callersCount.approx,
      busiestCallee: busiest?.key ?? null,
      busiestCalleeCalls24h: busiest?.count ?? 0,
      baselinePerDay: e.floor ? null : round2(e.baselinePerDay),
      ratio: e.floor ? null : round2(ratio),
      originShare: originShare === null ? null : round2(originShare),
      mixRatio: mixRatio === null ? null : round2(mixRatio),
      meanDuration: answeredCalls > 0 ? round2(talk / answeredCalls) : null,
      score: e.floor ? null : round2(Math.min(999, -log10P)),
      baselineMethod: e.floor ? 'floor' : e.sparse ? 'poisson' : 'mad',
      historyDays: e.floor ? 0 : e.histDays,
    };
    const s0 = e.s0;
    const s1 = e.s1;
    return {
      kind: 'prefix-storm',
      severity,
      subject: prefix,
      subjectType: 'prefix',
      start,
      end: endExclusive - 1,
      calls: e.calls,
      metrics,
      summary: summarize(prefix, origin, isCountry, e, start, endExclusive, metrics),
      matches: (r: CallRecord): boolean => {
        if (!r.callee.startsWith(prefix)) return false;
        const slot = localIndex(clock, r.start, SLOT_MS);
        if (slot < s0 || slot >= s1) return false;
        return recordOrigin(r) === s.originId;
      },
    };
  }

  function summarize(
    prefix: string,
    origin: string,
    isCountry: boolean,
    e: Episode,
    start: number,
    endExclusive: number,
    m: Candidate['metrics'],
  ): Candidate['summary'] {
    const from = { en: clock.human(start, 'en'), fr: clock.human(start, 'fr') };
    const to = { en: clock.human(endExclusive - 1, 'en'), fr: clock.human(endExclusive - 1, 'fr') };
    const n = (x: number, lang: 'en' | 'fr') => formatCount(x, lang);
    const d = (x: number, lang: 'en' | 'fr') => formatDecimal(x, lang, 1);
    // A country origin is always foreign to the range (a domestic origin is a prefix).
    const originEn = isCountry
      ? `from foreign numbers, origin ${countryLabel(origin, 'en')},`
      : `from numbers starting ${origin}`;
    const originFr = isCountry
      ? `de numéros étrangers, origine ${countryLabel(origin, 'fr')},`
      : `depuis des numéros commençant par ${origin}`;
    const callees = m.distinctCallees as number;
    const callers = m.distinctCallers as number;
    const busiest = m.busiestCalleeCalls24h as number;
    let enText = `${n(e.calls, 'en')} calls ${originEn} reached ${n(callees, 'en')} different numbers in the ${prefix} range from ${from.en} to ${to.en}, made by ${n(callers, 'en')} distinct callers; the busiest line got ${n(busiest, 'en')} in one day`;
    let frText = `${n(e.calls, 'fr')} appels ${originFr} ont touché ${n(callees, 'fr')} numéros différents de la plage ${prefix} du ${from.fr} au ${to.fr}, passés par ${n(callers, 'fr')} appelants distincts ; la ligne la plus touchée en a reçu ${n(busiest, 'fr')} en un jour`;
    if (e.floor) {
      enText += `. With no earlier days in the data there is no baseline: only the ${n(p.floorPerDay, 'en')} calls/day floor is exceeded`;
      frText += `. Faute de jours antérieurs dans les données, il n'y a pas de référence : seul le seuil de ${n(p.floorPerDay, 'fr')} appels/jour est dépassé`;
    } else {
      const ratio = m.ratio as number;
      const perDay = m.baselinePerDay as number;
      enText += `, ${d(ratio, 'en')} times the usual ${d(perDay, 'en')} calls per day`;
      frText += `, soit ${d(ratio, 'fr')} fois les ${d(perDay, 'fr')} appels habituels par jour`;
    }
    enText +=
      '. This points to a routing error or abuse, not to who is responsible; caller numbers can be spoofed.';
    frText +=
      ". Cela évoque une erreur d'acheminement ou un abus, sans désigner de responsable ; les numéros appelants peuvent être usurpés.";
    return { en: enText, fr: frText };
  }

  return { observe, finish };
}

export const prefixStorm: Detector = { meta, create };
