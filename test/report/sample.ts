/**
 * A hand-built analysis of fixtures/report/calls.csv for the report and package tests: four findings
 * defined here (not by the detectors), their supporting rows fed through the real evidence sink.
 *
 * The fixture (Europe/Paris, owner +33140000000):
 * - a week of ordinary calls with five third parties (+3361234560x, some written 06 12 34 56 02, 06.12...);
 * - 2 March 14:00-16:00: 30 distinct third-party callers (+336200000xx) call the owner (F001 call-storm);
 *   four of them carry hostile display names (`<script>`, a Markdown link with a pipe, CR/LF, `@cmd`);
 * - 3 March 10:00: +33162000001 calls 15 third-party lines +331450000xx (F002 robocall-flood), display
 *   name `SPAM <b>CORP</b>`;
 * - 4 March 02:00: six foreign numbers ring the owner once (F003 rotating-foreign-callers);
 * - 5 March at night: +33612000099 calls the owner 8 times, display name `=HYPERLINK(...)` (F004
 *   repeat-caller).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Analysis } from '../../src/analyze.js';
import type { Candidate, DetectorMeta, FindingKind } from '../../src/detectors/types.js';
import { findingOf } from '../../src/evidence/collect.js';
import type { Finding } from '../../src/evidence/finding.js';
import { EvidenceCollector, type FindingAggregate, makeRedactor } from '../../src/evidence/package.js';
import type { Redactor } from '../../src/evidence/redact.js';
import { openInput, sha256File } from '../../src/formats/bytes.js';
import { createFormatContext } from '../../src/formats/context.js';
import { readInput } from '../../src/formats/read.js';
import type { CallRecord } from '../../src/records/record.js';
import { TOOL } from '../../src/version.js';
import { FIXTURES } from '../helpers.js';

export const FIXTURE = `${FIXTURES}report/calls.csv`;
export const OWNER = '+33140000000';
export const ROBOCALLER = '+33162000001';
export const REPEAT_CALLER = '+33612000099';
export const FOREIGN = [
  '+2250700000001',
  '+2250700000002',
  '+21620000003',
  '+21620000004',
  '+37120000005',
  '+2250700000006',
];
/** Every third party of the fixture: background contacts, storm callers, robocall victims. */
export const THIRD_PARTIES = [
  ...[1, 2, 3, 4, 5].map((i) => `+3361234560${i}`),
  ...Array.from({ length: 30 }, (_, i) => `+336200000${String(i).padStart(2, '0')}`),
  ...Array.from({ length: 15 }, (_, i) => `+331450000${String(i).padStart(2, '0')}`),
];

/** The ways a French number may be written: E.164, 0033, national compact, spaced, dotted, bare NSN. */
export function frenchForms(e164: string): string[] {
  const nsn = e164.slice(3);
  const national = `0${nsn}`;
  const pairs = national.match(/../g)!;
  return [e164, `0033${nsn}`, national, pairs.join(' '), pairs.join('.'), nsn];
}

const T = (iso: string) => Date.parse(iso);

/** Candidate-like definitions of the four findings (the `matches` predicates select their rows). */
export const CANDIDATES: Candidate[] = [
  {
    kind: 'call-storm',
    severity: 'high',
    subject: OWNER,
    subjectType: 'number',
    start: T('2026-03-02T14:00:00+01:00'),
    end: T('2026-03-02T15:59:59+01:00'),
    calls: 30,
    metrics: {
      baselinePerDay: 5,
      ratio: 36,
      distinctCallers: 30,
      answerRatio: 0.5,
      busiestCaller: '+33620000007',
    },
    summary: {
      en: `${OWNER} received 30 calls in two hours, 36 times its usual level; busiest caller +33620000007.`,
      fr: `${OWNER} a reçu 30 appels en deux heures, 36 fois son niveau habituel ; appelant le plus actif +33620000007.`,
    },
    matches: (r) =>
      r.callee === OWNER &&
      r.start >= T('2026-03-02T14:00:00+01:00') &&
      r.start < T('2026-03-02T16:00:00+01:00'),
  },
  {
    kind: 'robocall-flood',
    severity: 'medium',
    subject: ROBOCALLER,
    subjectType: 'number',
    start: T('2026-03-03T10:00:00+01:00'),
    end: T('2026-03-03T10:14:00+01:00'),
    calls: 15,
    metrics: { linesReached: 15, cadence: 60, durationMedian: 3, answeredShare: 1 },
    summary: {
      en: `${ROBOCALLER} called 15 distinct lines in 15 minutes, e.g. +33145000003.`,
      fr: `${ROBOCALLER} a appelé 15 lignes différentes en 15 minutes, par exemple +33145000003.`,
    },
    matches: (r) => r.caller === ROBOCALLER,
  },
  {
    kind: 'rotating-foreign-callers',
    severity: 'medium',
    subject: OWNER,
    subjectType: 'number',
    start: T('2026-03-04T02:00:00+01:00'),
    end: T('2026-03-04T02:15:00+01:00'),
    calls: 6,
    metrics: { numbers: 6, countries: ['CI', 'TN', 'LV'], nightShare: 1, callbackNumbers: [] },
    summary: {
      en: `6 foreign numbers (first ${FOREIGN[0]}) rang ${OWNER} once.`,
      fr: `6 numéros étrangers (le premier ${FOREIGN[0]}) ont fait sonner ${OWNER} une fois.`,
    },
    matches: (r) => r.callee === OWNER && !r.caller.startsWith('+33'),
  },
  {
    kind: 'repeat-caller',
    severity: 'low',
    subject: REPEAT_CALLER,
    subjectType: 'number',
    start: T('2026-03-05T01:00:00+01:00'),
    end: T('2026-03-05T03:49:00+01:00'),
    calls: 8,
    metrics: { callee: OWNER, nightCalls: 8 },
    summary: { en: '', fr: '' },
    matches: (r) => r.caller === REPEAT_CALLER,
  },
];

function meta(id: FindingKind): DetectorMeta {
  return {
    id,
    title: { en: `Title of ${id}`, fr: `Titre de ${id}` },
    looksFor: { en: `What ${id} looks for.`, fr: `Ce que ${id} recherche.` },
    params: {
      minCalls: { default: 20, unit: 'calls', why: 'Enough calls to be unusual <b>here</b>.' },
      windowMinutes: { default: 60, unit: 'minutes', why: 'One hour.' },
    },
    falsePositives: [{ en: `A false alarm of ${id}.`, fr: `Une fausse alerte de ${id}.` }],
    references: ['Prasad et al., USENIX Security 2020'],
    limits: { en: `What ${id} does not prove.`, fr: `Ce que ${id} ne prouve pas.` },
  };
}

export const METAS: DetectorMeta[] = (
  [
    'call-storm',
    'prefix-storm',
    'robocall-flood',
    'rotating-foreign-callers',
    'neighbor-spoofing',
    'spoofed-number-callbacks',
    'repeat-caller',
  ] as FindingKind[]
).map(meta);

export interface Sample {
  analysis: Analysis;
  aggregates: FindingAggregate[];
  /** Every record of the fixture with its original row text. */
  rows: { r: CallRecord; raw: string | undefined }[];
  dir: string;
  collector: EvidenceCollector;
  redactor: (enabled: boolean) => Redactor;
}

/**
 * Reads the fixture, runs the four predicates over every record through the evidence sink (writing the
 * evidence CSVs into a temporary package folder) and returns the analysis and the aggregates.
 */
export async function buildSample(
  opts: { redact?: boolean; candidates?: Candidate[] } = {},
): Promise<Sample> {
  const candidates = opts.candidates ?? CANDIDATES;
  const ctx = createFormatContext({ owner: OWNER });
  const opened = await openInput(FIXTURE);
  const rows: { r: CallRecord; raw: string | undefined }[] = [];
  const summary = await readInput(opened, 0, ctx, { withRaw: true }, (r, raw) =>
    rows.push({ r: { ...r }, raw }),
  );
  const findings: Finding[] = candidates.map(findingOf);
  const dir = mkdtempSync(join(tmpdir(), 'cdrscope-sample-'));
  mkdirSync(join(dir, 'evidence'));
  const collector = new EvidenceCollector({
    dir,
    inputPaths: [FIXTURE],
    clock: ctx.clock,
    redactor: (f) => makeRedactor(opts.redact ?? false, ctx.owner ?? null, ctx.country, f, ctx.numbers),
  });
  if (findings.length > 0) collector.begin(findings);
  for (const { r, raw } of rows) {
    for (let k = 0; k < candidates.length; k++) {
      if (!candidates[k].matches(r)) continue;
      findings[k].evidence.rows++;
      if (findings[k].evidence.sample.length < 20)
        findings[k].evidence.sample.push({ file: FIXTURE, line: r.line });
      collector.row(k, r, raw);
    }
  }
  await collector.close();
  const analysis: Analysis = {
    tool: TOOL,
    generatedAt: T('2026-03-10T09:30:00+01:00'),
    timezone: ctx.clock.tz,
    country: ctx.country,
    owner: ctx.owner ?? null,
    params: Object.fromEntries(
      METAS.map((m) => [m.id, { minCalls: m.id === 'call-storm' ? 25 : 20, windowMinutes: 60 }]),
    ) as unknown as Analysis['params'],
    detectors: METAS,
    inputs: [{ ...summary, sha256: await sha256File(FIXTURE), size: opened.size }],
    findings,
    records: rows.length,
    warnings: [],
    ctx,
  };
  return {
    analysis,
    aggregates: collector.aggregates,
    rows,
    dir,
    collector,
    redactor: (enabled) => makeRedactor(enabled, analysis.owner, analysis.country, findings, ctx.numbers),
  };
}

/** True when `text` holds `form` as a whole number (not inside a longer digit string). */
export function containsNumber(text: string, form: string): boolean {
  const escaped = form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<!\\d)${escaped}(?!\\d)`).test(text);
}

/** Every third-party number of the fixture found in `text`, in any of its written forms. */
export function leakedNumbers(text: string): string[] {
  const out: string[] = [];
  for (const n of THIRD_PARTIES)
    for (const form of frenchForms(n)) if (containsNumber(text, form)) out.push(form);
  return out;
}
