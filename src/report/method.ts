/**
 * The method as users read it: every detector's metadata (what it looks for, its parameters with
 * default, unit and why, known false positives, references, limits) rendered for the terminal, for
 * Markdown and as JSON. `cdrscope detectors` prints it straight from the code, so the method and the
 * thresholds shown are never out of date.
 */
import chalk from 'chalk';
import Table from 'cli-table3';
import type { DetectorMeta } from '../detectors/types.js';
import type { Lang } from '../evidence/document.js';
import { markdownCode, markdown as md, plain } from './escape.js';
import { strings } from './i18n.js';

export const DETECTORS_SCHEMA = 'cdrscope.detectors/1';

/** The `detectors --json` document: the metadata as the code holds it, both languages. */
export interface DetectorsDocument {
  schema: typeof DETECTORS_SCHEMA;
  tool: { name: string; version: string };
  detectors: DetectorMeta[];
}

export function detectorsDocument(
  metas: readonly DetectorMeta[],
  tool: { name: string; version: string },
): DetectorsDocument {
  return {
    schema: DETECTORS_SCHEMA,
    tool: { name: tool.name, version: tool.version },
    // Explicit fields, so the document's key order does not depend on how a detector file is written.
    detectors: metas.map((m) => ({
      id: m.id,
      title: { en: m.title.en, fr: m.title.fr },
      looksFor: { en: m.looksFor.en, fr: m.looksFor.fr },
      params: Object.fromEntries(
        Object.entries(m.params).map(([name, p]) => [name, { default: p.default, unit: p.unit, why: p.why }]),
      ),
      falsePositives: m.falsePositives.map((t) => ({ en: t.en, fr: t.fr })),
      references: [...m.references],
      limits: { en: m.limits.en, fr: m.limits.fr },
    })),
  };
}

/** Words of this listing that the report's strings do not have. */
const WORDS = {
  en: {
    parameters: 'Parameters',
    listed: (n: number, kinds: string) => `${n} detectors: ${kinds}.`,
    one: 'One detector only: cdrscope detectors <kind>. Machine-readable: --json.',
  },
  fr: {
    parameters: 'Paramètres',
    listed: (n: number, kinds: string) => `${n} détecteurs : ${kinds}.`,
    one: 'Un seul détecteur : cdrscope detectors <type>. Pour un programme : --json.',
  },
} as const;

/** Borders without a rule between rows, as the other terminal tables. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/** Widths of the name, default and unit columns of the parameters table (padding included). */
const NAME_COL = 24;
const DEFAULT_COL = 10;
const UNIT_COL = 13;

/**
 * The detectors for the terminal, in `lang`, wrapped to `width` columns (at least 60). With more than
 * one detector, a first line lists their kinds.
 */
export function methodText(metas: readonly DetectorMeta[], lang: Lang, width = 100): string {
  const w = Math.max(60, Math.floor(width));
  const words = WORDS[lang];
  const out: string[] = [];
  if (metas.length > 1) {
    out.push(...wrap(words.listed(metas.length, metas.map((m) => m.id).join(', ')), w));
    out.push(...wrap(words.one, w), '');
  }
  metas.forEach((m, i) => {
    if (i > 0) out.push('');
    out.push(...detectorText(m, lang, w));
  });
  return `${out.join('\n')}\n`;
}

function detectorText(m: DetectorMeta, lang: Lang, width: number): string[] {
  const s = strings(lang);
  const heading = `${m.id} · ${m.title[lang]}`;
  const out: string[] = [chalk.bold(plain(heading)), '═'.repeat(Math.min(width, heading.length))];
  out.push(chalk.bold(s.looksFor), ...wrap(m.looksFor[lang], width, '  '), '');

  out.push(chalk.bold(WORDS[lang].parameters));
  const names = Object.keys(m.params);
  if (names.length === 0) out.push(...wrap(s.noParams, width, '  '));
  else {
    out.push(...wrap(s.paramsHow(m.id), width, '  '));
    const t = new Table({
      head: [s.paramCols.name, s.paramCols.default, s.paramCols.unit, s.paramCols.why],
      style: { head: [], border: [] },
      chars: COMPACT,
      wordWrap: true,
      colAligns: ['left', 'right', 'left', 'left'],
      colWidths: [NAME_COL, DEFAULT_COL, UNIT_COL, width - NAME_COL - DEFAULT_COL - UNIT_COL - 5],
    });
    for (const name of names) {
      const p = m.params[name];
      t.push([plain(name), paramValue(p.default), plain(p.unit), plain(p.why)]);
    }
    out.push(t.toString());
  }
  out.push('');

  if (m.falsePositives.length > 0) {
    out.push(chalk.bold(s.falsePositives));
    for (const fp of m.falsePositives) out.push(...wrap(fp[lang], width, '  - ', '    '));
    out.push('');
  }
  if (m.references.length > 0) {
    out.push(chalk.bold(s.references));
    for (const ref of m.references) out.push(...wrap(ref, width, '  - ', '    '));
    out.push('');
  }
  out.push(chalk.bold(s.limits), ...wrap(m.limits[lang], width, '  '));
  return out;
}

/** The detectors as Markdown: one `##` section per detector, parameters as a table. */
export function methodMarkdown(metas: readonly DetectorMeta[], lang: Lang): string {
  const s = strings(lang);
  const out: string[] = [];
  for (const m of metas) {
    out.push(`## ${md(m.title[lang])} (${markdownCode(m.id)})`, '');
    out.push(`**${md(s.looksFor)}.** ${md(m.looksFor[lang])}`, '');
    out.push(`**${md(WORDS[lang].parameters)}.** `);
    const names = Object.keys(m.params);
    if (names.length === 0) out[out.length - 1] += md(s.noParams);
    else {
      out[out.length - 1] += md(s.paramsHow(m.id));
      out.push(
        '',
        `| ${[s.paramCols.name, s.paramCols.default, s.paramCols.unit, s.paramCols.why].map(md).join(' | ')} |`,
        '| --- | ---: | --- | --- |',
      );
      for (const name of names) {
        const p = m.params[name];
        out.push(
          `| ${markdownCode(name, true)} | ${md(paramValue(p.default))} | ${md(p.unit)} | ${md(p.why)} |`,
        );
      }
    }
    out.push('');
    if (m.falsePositives.length > 0) {
      out.push(`**${md(s.falsePositives)}**`, '', ...m.falsePositives.map((fp) => `- ${md(fp[lang])}`), '');
    }
    if (m.references.length > 0) {
      out.push(`**${md(s.references)}**`, '', ...m.references.map((r) => `- ${md(r)}`), '');
    }
    out.push(`**${md(s.limits)}.** ${md(m.limits[lang])}`, '');
  }
  return out.join('\n');
}

/**
 * A parameter value as it is typed after `--param kind.name=`: `1000`, `0.8`, `1e-6` (no digit grouping,
 * which `--param` would read as a decimal comma).
 */
export function paramValue(n: number): string {
  return n !== 0 && Math.abs(n) < 0.001 ? n.toExponential() : String(n);
}

/**
 * Words of `text` in lines of at most `width` characters (a longer word gets a line of its own), the
 * first line starting with `first`, the others with `rest` (default: as many spaces as `first`).
 */
export function wrap(text: string, width: number, first = '', rest = ' '.repeat(first.length)): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of plain(text).split(/\s+/)) {
    if (word === '') continue;
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(line);
  return lines;
}
