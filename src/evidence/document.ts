/**
 * The findings document (`analyze --json`, `findings.json` in a package): schema `cdrscope.findings/1`
 * of shared/spec/cli-contract.md, extended with the parameters in force, the time rules and per-input
 * data quality. Instants are ISO-8601 with the offset of the report's zone.
 */
import type { Analysis } from '../analyze.js';
import type { Finding } from './finding.js';

export type Lang = 'fr' | 'en';

export const SCHEMA = 'cdrscope.findings/1';

export const TIME_RULES = {
  en: 'Timestamps without an offset are read in the time zone above; the repeated autumn hour is read as its first occurrence (summer time) and the missing spring hour is shifted forward by one hour.',
  fr: "Les horodatages sans décalage sont lus dans le fuseau ci-dessus ; l'heure répétée à l'automne est lue comme sa première occurrence (heure d'été) et l'heure manquante au printemps est décalée d'une heure vers l'avant.",
};

export function findingsDocument(a: Analysis, lang: Lang, command?: string[]) {
  const iso = (t: number | null) => (t === null ? null : a.ctx.clock.iso(t));
  return {
    schema: SCHEMA,
    tool: a.tool,
    generatedAt: iso(a.generatedAt),
    timezone: a.timezone,
    timeRules: TIME_RULES[lang],
    country: a.country,
    owner: a.owner,
    language: lang,
    ...(command ? { command } : {}),
    inputs: a.inputs.map((i) => ({
      path: i.path,
      sha256: i.sha256,
      size: i.size,
      format: i.format,
      encoding: i.encoding,
      rows: i.rows,
      rejected: i.rejected,
      skipped: i.skipped,
      outOfRange: i.outOfRange,
      firstCall: iso(i.firstStart),
      lastCall: iso(i.lastStart),
      timeOrder: i.order,
      rejections: i.rejections,
    })),
    records: a.records,
    warnings: a.warnings.map((w) => w[lang]),
    parameters: a.params,
    findings: a.findings.map((f) => findingJson(f, a, lang)),
  };
}

export function findingJson(f: Finding, a: Analysis, lang: Lang) {
  return {
    id: f.id,
    kind: f.kind,
    severity: f.severity,
    subject: f.subject,
    subjectType: f.subjectType,
    start: a.ctx.clock.iso(f.start),
    end: a.ctx.clock.iso(f.end),
    calls: f.calls,
    metrics: f.metrics,
    summary: f.summary[lang],
    evidence: f.evidence,
  };
}

/** Default report language: French for French-speaking numbering plans, English otherwise. */
export function defaultLang(country: string): Lang {
  return [
    'FR',
    'BE',
    'LU',
    'MC',
    'MA',
    'DZ',
    'TN',
    'SN',
    'CI',
    'RE',
    'GP',
    'MQ',
    'GF',
    'YT',
    'PM',
    'NC',
    'PF',
  ].includes(country)
    ? 'fr'
    : 'en';
}
