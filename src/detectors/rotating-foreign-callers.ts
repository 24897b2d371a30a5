/**
 * rotating-foreign-callers: a line rung by many different foreign numbers, each calling once or twice,
 * almost always missed or cut after a ring (wangiri, "one ring and cut"). The money is in the victim's
 * callback to an international premium number, so outgoing calls from the line to those numbers are
 * looked for and raise the severity.
 *
 * Method: for each target line (the owner with `--owner`, else every callee), every foreign caller
 * (calling country differs from the line's) is aggregated: calls, short calls (not answered, or answered
 * for at most `maxRingSeconds`), first and last call. A caller "rings and cuts" when it called at most
 * `maxCallsPerNumber` times and every call was short. The `windowDays` window holding the most first
 * calls of such numbers is the episode. It needs at least `minNumbers` of them; it is medium or high when
 * (1) they are at least `minShare` of the foreign callers first seen in the window, (2) so many short
 * callers are improbable when the export's domestic inbound calls are short at the rate they are
 * (binomial tail), and (3) when the line has at least `windowDays` of history outside the window, the
 * count is improbable under the line's own rate of such numbers (Poisson tail); both tails at most
 * `maxPValue` divided by the number of lines tested (Bonferroni: an operator-wide export tests thousands
 * of lines); a window whose binomial tail is above `maxPValue` even uncorrected (ordinary missed calls),
 * or where most foreign callers talked (share under one half), is not reported. Outgoing calls from the line to those numbers from the episode on are callbacks and make it
 * high. Countries are never hard-coded: any plan other than the line's is foreign.
 *
 * Metrics:
 * - `numbers`: distinct foreign numbers that rang and cut in the episode.
 * - `calls`: their calls to the line in the episode (callbacks not included).
 * - `countries`: their countries (ISO 3166 alpha-2), most frequent first.
 * - `numberTypes`: their number types (`premium-rate`, `mobile`, `fixed-line`...), most frequent first.
 * - `premiumRateNumbers`: how many of them are premium-rate or shared-cost numbers.
 * - `foreignCallers`: distinct foreign numbers first seen in the window (rang-and-cut or not).
 * - `share`: numbers / foreignCallers.
 * - `nightShare`: share of their calls between 22:00 and 07:00 in the report's zone.
 * - `callbacks`: outgoing calls from the line to those numbers in the episode; `callbackNumbers`: which;
 *   `callbackSeconds`: total talk time of the callbacks.
 * - `baselineMethod`: `poisson` (the line's own rate outside the window) or `floor` (too little history);
 *   `expected`: numbers expected in a window at that rate; `pValue`: its Poisson tail.
 * - `referenceShortRate`: share of short calls among the export's domestic inbound calls (0.5 when there
 *   are fewer than 20); `shortPValue`: binomial tail of the short callers against it; `linesTested`.
 */
import { type CountryCode, getCountryCallingCode } from 'libphonenumber-js/max';
import { countryNames } from '../records/countries.js';
import { callingCodeLength, hasSharedCallingCode, sameLeading } from '../records/local-prefix.js';
import type { NumberBook } from '../records/numbers.js';
import type { CallRecord } from '../records/record.js';
import { formatCount, formatDecimal } from '../records/text.js';
import { DAY } from '../windows/buckets.js';
import { binomialTail, densestWindow, round2, windowSurprise } from '../windows/dispersion.js';
import { inboundLine, localHour, outboundLine } from '../windows/lines.js';
import type { Candidate, Detector, DetectorContext, DetectorMeta, DetectorRun, Severity } from './types.js';

const meta: DetectorMeta = {
  id: 'rotating-foreign-callers',
  title: { en: 'Rotating foreign callers (wangiri)', fr: 'Appels étrangers tournants (wangiri)' },
  looksFor: {
    en:
      'Many different foreign numbers that each call a line once or twice, almost always missed or cut ' +
      'after a ring, so that the owner calls back an international, often premium-rate, number. Outgoing ' +
      'calls to those numbers (callbacks) are listed.',
    fr:
      'De nombreux numéros étrangers différents qui appellent chacun une ligne une ou deux fois, presque ' +
      'toujours en absence ou coupés après une sonnerie, pour que l’abonné rappelle un numéro ' +
      'international, souvent surtaxé. Les appels sortants vers ces numéros (rappels) sont listés.',
  },
  params: {
    minNumbers: {
      default: 5,
      unit: 'numbers',
      why:
        'Distinct foreign numbers that rang and cut in one window. The source case: calls "from Italy, ' +
        'Spain and Germany, a different number each time"; a person with family abroad has a few ' +
        'foreign numbers that call repeatedly, not five one-off ones.',
    },
    maxCallsPerNumber: {
      default: 2,
      unit: 'calls',
      why: 'Wangiri numbers rotate: each calls once or twice before the next one is used.',
    },
    maxRingSeconds: {
      default: 5,
      unit: 'seconds',
      why:
        'Wangiri is "one ring and cut", 1-2 s; an answered call under ~3-6 s carries no message (97 % of ' +
        'people listen at least 6 s, Kimball et al. in Tu et al., IEEE S&P 2016).',
    },
    windowDays: {
      default: 30,
      unit: 'days',
      why: 'Waves last days to weeks ("at irregular intervals, several times a day sometimes").',
    },
    minShare: {
      default: 0.8,
      unit: 'share',
      why:
        'Share of the window’s new foreign callers that rang and cut ("mostly missed or ring-only"): in ' +
        'the source case every call was; genuine or misrouted international callers (a misdialled range, ' +
        'family abroad) get answered and talk, so they stay well below.',
    },
    maxPValue: {
      default: 0.001,
      unit: 'probability',
      why:
        'Bar for the binomial tail (short callers against the export’s usual share of short calls) and the ' +
        'Poisson tail (against the line’s own rate), divided by the number of lines tested.',
    },
  },
  falsePositives: [
    {
      en: 'An international business line whose foreign customers often hang up before being answered.',
      fr: 'Une ligne d’entreprise internationale dont les clients étrangers raccrochent souvent avant la réponse.',
    },
    {
      en: 'Foreign call centres or delivery services that give up after one ring (also unwanted, but not fraud).',
      fr: 'Centres d’appels ou livreurs étrangers qui abandonnent après une sonnerie (indésirables, mais pas une fraude).',
    },
    {
      en: 'Roaming relatives or friends whose calls fail abroad and are retried from another line.',
      fr: 'Proches en itinérance dont les appels échouent à l’étranger et sont refaits depuis une autre ligne.',
    },
  ],
  references: [
    'Telephony facts: wangiri "one ring and cut", 1-2 s, timed to be missed; the money is in the callback',
    'Centre for Cybersecurity Belgium / Federal Computer Crime Unit advice: never answer or call back',
    'Kimball et al., in Tu et al., "SoK: Everyone Hates Robocalls", IEEE S&P 2016 (6 s listening threshold)',
  ],
  limits: {
    en:
      'A foreign calling number can be spoofed or belong to an innocent subscriber; the records show that ' +
      'calls arrived, not who placed them or that a callback was billed at a premium rate (check the bill). ' +
      'Number types come from the numbering plan, not from the operator holding the number today.',
    fr:
      'Un numéro étranger peut être usurpé ou appartenir à un abonné innocent ; les enregistrements montrent ' +
      'que des appels sont arrivés, pas qui les a passés, ni qu’un rappel a été facturé au prix surtaxé ' +
      '(voir la facture). Le type de numéro vient du plan de numérotation, pas de l’opérateur actuel.',
  },
};

/** Domestic inbound calls needed before their share of short calls is used as the reference. */
const MIN_DOMESTIC_CALLS = 20;
/** Reference share of short calls without enough domestic calls: as likely short as not. */
const UNINFORMED_SHORT_RATE = 0.5;
/** Callback times kept per (line, foreign number). */
const CALLBACK_TIMES_CAP = 64;

class Inbound {
  calls = 0;
  short = 0;
  night = 0;
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;
}

/** Outgoing calls from a line to one foreign number: [time, talk seconds, time, seconds...] (capped). */
type Outbound = number[];

/**
 * Decides whether a number is foreign to a line. Calling codes are compared by their leading digits (no
 * parsing, no per-line state); only codes shared by several countries (`+1`, `+7`, `+44`...) need the
 * countries of both numbers, which NumberBook caches.
 */
class Foreignness {
  /** `+cc` of the run's country, for lines that are not E.164 numbers (PBX extensions). */
  private readonly homePrefix: string;

  constructor(
    private readonly numbers: NumberBook,
    private readonly country: string,
  ) {
    let code = '';
    try {
      code = getCountryCallingCode(country as CountryCode);
    } catch {
      code = '';
    }
    this.homePrefix = code ? `+${code}` : '';
  }

  /** True when `other` (canonical) is an E.164 number of another country than `line`'s. */
  isForeign(line: string, other: string): boolean {
    if (!this.numbers.isE164(other)) return false;
    let reference = line;
    let n = callingCodeLength(line) + 1;
    if (n === 1) {
      // Not an E.164 line (extension, short code): the run's country is the line's.
      if (this.homePrefix === '') return false;
      reference = this.homePrefix;
      n = reference.length;
    }
    if (!sameLeading(reference, other, n)) return true;
    if (!hasSharedCallingCode(reference)) return false;
    const a = reference === line ? this.numbers.info(line).country : this.country;
    const b = this.numbers.info(other).country;
    return a !== undefined && b !== undefined && a !== b;
  }
}

function create(ctx: DetectorContext): DetectorRun {
  const p = ctx.params;
  const owner = ctx.owner;
  const foreign = new Foreignness(ctx.numbers, ctx.country);
  const maxRing = p.maxRingSeconds;
  const inbound = new Map<string, Map<string, Inbound>>();
  const outbound = new Map<string, Map<string, Outbound>>();
  /** First and last call of the data set: the history every line is judged against. */
  const span: [number, number] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  /** Inbound calls from domestic numbers, and how many were short: the reference rate of short calls. */
  let domesticCalls = 0;
  let domesticShort = 0;

  return {
    observe(r: CallRecord): void {
      if (r.start < span[0]) span[0] = r.start;
      if (r.start > span[1]) span[1] = r.start;
      const inLine = inboundLine(r, owner);
      if (inLine !== '') {
        if (!foreign.isForeign(inLine, r.caller)) {
          if (ctx.numbers.isE164(r.caller)) {
            domesticCalls++;
            if (r.status !== 'answered' || r.duration <= maxRing) domesticShort++;
          }
        } else {
          let callers = inbound.get(inLine);
          if (callers === undefined) {
            callers = new Map();
            inbound.set(inLine, callers);
          }
          let a = callers.get(r.caller);
          if (a === undefined) {
            a = new Inbound();
            callers.set(r.caller, a);
          }
          a.calls++;
          if (r.status !== 'answered' || r.duration <= maxRing) a.short++;
          const h = localHour(ctx.clock, r.start);
          if (h >= 22 || h < 7) a.night++;
          if (r.start < a.first) a.first = r.start;
          if (r.start > a.last) a.last = r.start;
        }
      }
      const outLine = outboundLine(r, owner);
      if (outLine !== '' && foreign.isForeign(outLine, r.callee)) {
        let callees = outbound.get(outLine);
        if (callees === undefined) {
          callees = new Map();
          outbound.set(outLine, callees);
        }
        let o = callees.get(r.callee);
        if (o === undefined) {
          o = [];
          callees.set(r.callee, o);
        }
        if (o.length < 2 * CALLBACK_TIMES_CAP) o.push(r.start, r.status === 'answered' ? r.duration : 0);
      }
    },
    finish(): Candidate[] {
      const minNumbers = Math.max(2, Math.round(p.minNumbers));
      const tested: [string, Map<string, Inbound>, [string, Inbound][]][] = [];
      for (const [line, callers] of inbound) {
        const ringers: [string, Inbound][] = [];
        for (const entry of callers) {
          const a = entry[1];
          if (a.calls <= p.maxCallsPerNumber && a.short === a.calls) ringers.push(entry);
        }
        if (ringers.length >= minNumbers) tested.push([line, callers, ringers]);
      }
      const reference: Reference = {
        shortRate:
          domesticCalls >= MIN_DOMESTIC_CALLS
            ? (domesticShort + 1) / (domesticCalls + 2)
            : UNINFORMED_SHORT_RATE,
        tests: Math.max(1, tested.length),
      };
      const out: Candidate[] = [];
      for (const [line, callers, ringers] of tested) {
        const c = evaluate(line, callers, ringers, outbound.get(line), span, reference, ctx);
        if (c) out.push(c);
      }
      return out;
    },
  };
}

/** What every line is compared with. */
interface Reference {
  /** Share of short calls among the data set's domestic inbound calls (Laplace-smoothed). */
  shortRate: number;
  /** Lines tested: the p-value bar is divided by it (Bonferroni), so a big export is not a lottery. */
  tests: number;
}

function evaluate(
  line: string,
  callers: Map<string, Inbound>,
  ringers: [string, Inbound][],
  callbacksOf: Map<string, Outbound> | undefined,
  history: [number, number],
  reference: Reference,
  ctx: DetectorContext,
): Candidate | null {
  const p = ctx.params;
  const minNumbers = Math.max(2, Math.round(p.minNumbers));
  ringers.sort((x, y) => x[1].first - y[1].first);
  const firsts = Float64Array.from(ringers, (e) => e[1].first);
  const windowMs = p.windowDays * DAY;
  const dense = densestWindow(firsts, windowMs);
  if (dense === null || dense.count < minNumbers) return null;
  const inWindow = ringers.slice(dense.first, dense.last + 1);
  const winStart = firsts[dense.first];
  const winEnd = winStart + windowMs;
  let foreignCallers = 0;
  for (const a of callers.values()) if (a.first >= winStart && a.first < winEnd) foreignCallers++;
  const share = inWindow.length / foreignCallers;

  // So many short calls among these callers, when the data set's domestic calls are short at rate p0?
  const shortP = binomialTail(inWindow.length, foreignCallers, reference.shortRate);
  // The line's own rate of ring-and-cut numbers outside the window, when there is enough history.
  const { method, expected, pValue } = windowSurprise(
    inWindow.length,
    ringers.length,
    history[1] - history[0],
    windowMs,
  );
  // Not even improbable before the correction for many lines: ordinary missed calls, no finding.
  if (shortP > p.maxPValue) return null;
  const alpha = p.maxPValue / reference.tests;
  const significant = shortP <= alpha && (method === 'floor' || (pValue !== null && pValue <= alpha));

  const numbers = new Set(inWindow.map((e) => e[0]));
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let calls = 0;
  let night = 0;
  for (const [, a] of inWindow) {
    if (a.first < start) start = a.first;
    if (a.last > end) end = a.last;
    calls += a.calls;
    night += a.night;
  }
  // Callbacks: outgoing calls from the line to those numbers from the episode's start on.
  let callbacks = 0;
  let callbackSeconds = 0;
  const callbackNumbers: string[] = [];
  if (callbacksOf) {
    for (const n of numbers) {
      const o = callbacksOf.get(n);
      if (!o) continue;
      let any = false;
      for (let i = 0; i < o.length; i += 2) {
        const t = o[i];
        if (t < start) continue;
        callbacks++;
        callbackSeconds += o[i + 1];
        if (t > end) end = t;
        any = true;
      }
      if (any) callbackNumbers.push(n);
    }
  }
  const countries = new Map<string, number>();
  const types = new Map<string, number>();
  let premium = 0;
  for (const n of numbers) {
    const info = ctx.numbers.info(n);
    const country = info.country ?? `+${info.callingCode ?? '?'}`;
    countries.set(country, (countries.get(country) ?? 0) + 1);
    types.set(info.type, (types.get(info.type) ?? 0) + 1);
    if (info.type === 'premium-rate' || info.type === 'shared-cost') premium++;
  }

  // Most foreign callers of the window talked: genuine or misrouted international calls, not wangiri.
  if (share < 0.5) return null;
  let severity: Severity;
  if (share < p.minShare || !significant) severity = 'low';
  else if (callbacks > 0 || inWindow.length >= 3 * minNumbers) severity = 'high';
  else severity = 'medium';

  const byCount = (m: Map<string, number>): string[] =>
    [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map((e) => e[0]);
  const countryList = byCount(countries);
  const typeList = byCount(types);
  const first = start;
  const last = end;
  const matches = (r: CallRecord): boolean => {
    if (r.start < first || r.start > last) return false;
    if (numbers.has(r.caller) && inboundLine(r, ctx.owner) === line) return true;
    return numbers.has(r.callee) && outboundLine(r, ctx.owner) === line;
  };
  const period = {
    en: `${ctx.clock.human(start, 'en')} – ${ctx.clock.human(end, 'en')}`,
    fr: `${ctx.clock.human(start, 'fr')} – ${ctx.clock.human(end, 'fr')}`,
  };
  const n = (x: number, lang: 'en' | 'fr') => formatCount(x, lang);
  const cb = callbacks
    ? {
        en: ` The line called ${n(callbackNumbers.length, 'en')} of them back (${n(callbacks, 'en')} ${callbacks === 1 ? 'call' : 'calls'}, ${n(callbackSeconds, 'en')} s): check the bill for premium charges.`,
        fr: ` La ligne en a rappelé ${n(callbackNumbers.length, 'fr')} (${n(callbacks, 'fr')} appel${callbacks === 1 ? '' : 's'}, ${n(callbackSeconds, 'fr')} s) : vérifier la facture (surtaxe).`,
      }
    : {
        en: ' The line did not call any of them back in these records.',
        fr: ' La ligne n’en a rappelé aucun dans ces enregistrements.',
      };
  const ring = { en: formatDecimal(p.maxRingSeconds, 'en'), fr: formatDecimal(p.maxRingSeconds, 'fr') };
  return {
    kind: 'rotating-foreign-callers',
    severity,
    subject: line,
    subjectType: 'number',
    start,
    end,
    calls: calls + callbacks,
    metrics: {
      numbers: numbers.size,
      calls,
      countries: countryList,
      numberTypes: typeList,
      premiumRateNumbers: premium,
      foreignCallers,
      share: round2(share),
      nightShare: round2(night / calls),
      callbacks,
      callbackNumbers,
      callbackSeconds,
      baselineMethod: method,
      expected: expected === null ? null : round2(expected),
      pValue: pValue === null ? null : Number(pValue.toPrecision(3)),
      referenceShortRate: round2(reference.shortRate),
      shortPValue: Number(shortP.toPrecision(3)),
      linesTested: reference.tests,
      windowDays: p.windowDays,
    },
    summary: {
      en:
        `${n(numbers.size, 'en')} different foreign numbers (${countryList.length === 1 ? 'country' : 'countries'}: ${countryNames(countryList, 'en')}) ` +
        `called ${line} ${n(calls, 'en')} times over ${period.en}, each at most ` +
        `${formatDecimal(p.maxCallsPerNumber, 'en')} times and missed or cut within ${ring.en} s: the pattern of ` +
        `"one ring" callback scams (wangiri).${cb.en} The calling numbers may be spoofed.`,
      fr:
        `${n(numbers.size, 'fr')} numéros étrangers différents (pays : ${countryNames(countryList, 'fr')}) ` +
        `ont appelé ${line} ${n(calls, 'fr')} fois sur la période ${period.fr}, chacun au plus ` +
        `${formatDecimal(p.maxCallsPerNumber, 'fr')} fois, en absence ou coupé en moins de ${ring.fr} s : le schéma ` +
        `des arnaques au rappel « une sonnerie » (wangiri).${cb.fr} Les numéros appelants peuvent être usurpés.`,
    },
    matches,
  };
}

export const rotatingForeignCallers: Detector = { meta, create };
