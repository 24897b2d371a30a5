/**
 * Terminal renderers: tables for `inspect` and `analyze`. They only format what the pipeline found.
 * Values from the data are printed as text (control characters replaced), never interpreted.
 */
import chalk from 'chalk';
import Table from 'cli-table3';
import type { Analysis } from '../analyze.js';
import type { Lang } from '../evidence/document.js';
import type { Inspection } from '../inspect.js';
import { plain } from './escape.js';

/** Table borders without a rule between rows. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

export function inspectTable(result: Inspection): string {
  const iso = (t: number | null) => (t === null ? '-' : result.ctx.clock.iso(t));
  const out: string[] = [];
  for (const i of result.inputs) {
    const t = new Table({
      style: { head: [], border: [] },
      chars: COMPACT,
      wordWrap: true,
      colWidths: [20, 80],
    });
    const reasons = i.rejections
      .slice(0, 5)
      .map((r) => `${plain(i.path)}:${r.line}: ${plain(r.reason)}`)
      .join('\n');
    t.push(
      ['input', plain(i.path)],
      ['sha256', i.sha256],
      ['format', `${i.format} (${i.formatTitle})`],
      ['encoding', i.encoding],
      ['delimiter', i.delimiter === null ? '-' : JSON.stringify(i.delimiter)],
      [
        'mapping',
        Object.entries(i.mapping)
          .map(([k, v]) => `${k} <- ${plain(v)}`)
          .join('\n') || '-',
      ],
      ['rows', String(i.rows)],
      ['rejected', i.rejected ? `${i.rejected}\n${reasons}` : '0'],
      [
        'skipped',
        i.skipped
          ? `${i.skipped} (${i.skips
              .slice(0, 3)
              .map((s) => `line ${s.line}: ${plain(s.reason)}`)
              .join('; ')})`
          : '0',
      ],
      ['out of range', String(i.outOfRange)],
      ['time range', `${iso(i.firstStart)} .. ${iso(i.lastStart)} (${result.ctx.clock.tz})`],
      ['distinct numbers', String(i.distinctNumbers)],
      ['E.164 share', `${(i.e164Share * 100).toFixed(1)} %`],
    );
    out.push(t.toString());
  }
  return out.join('\n');
}

const SEVERITY_FR = { high: 'élevée', medium: 'moyenne', low: 'faible' } as const;
const SEVERITY_COLOR = { high: chalk.red.bold, medium: chalk.yellow, low: chalk.cyan } as const;

/**
 * One row per finding. Low-severity findings are counted per kind under the table unless `all` is set:
 * they are leads, not evidence, and a busy line can have many.
 */
export function findingsTable(a: Analysis, lang: Lang, all = false): string {
  const rejected = a.inputs.reduce((n, i) => n + i.rejected, 0);
  const header =
    lang === 'fr'
      ? `cdrscope ${a.tool.version} · ${a.records} appels lus dans ${a.inputs.length} fichier(s), ${rejected} ligne(s) rejetée(s) · fuseau ${a.timezone}`
      : `cdrscope ${a.tool.version} · ${a.records} calls from ${a.inputs.length} input(s), ${rejected} row(s) rejected · zone ${a.timezone}`;
  if (a.findings.length === 0) {
    return `${header}\n${lang === 'fr' ? 'Aucune anomalie détectée.' : 'No findings.'}\n`;
  }
  const t = new Table({
    head:
      lang === 'fr'
        ? ['id', 'type', 'gravité', 'sujet', 'période', 'appels', 'chiffres clés']
        : ['id', 'kind', 'severity', 'subject', 'window', 'calls', 'key figures'],
    style: { head: [], border: [] },
    wordWrap: true,
    chars: COMPACT,
    colWidths: [6, 26, 10, 18, 20, 8, 36],
  });
  const shown = all ? a.findings : a.findings.filter((f) => f.severity !== 'low');
  const hidden = a.findings.length - shown.length;
  for (const f of shown) {
    const color = SEVERITY_COLOR[f.severity];
    t.push([
      f.id,
      f.kind,
      color(lang === 'fr' ? SEVERITY_FR[f.severity] : f.severity),
      plain(f.subject),
      windowText(a, f.start, f.end),
      String(f.calls),
      keyFigures(f.metrics),
    ]);
  }
  let footer = '';
  if (hidden > 0) {
    const perKind = new Map<string, number>();
    for (const f of a.findings) if (f.severity === 'low') perKind.set(f.kind, (perKind.get(f.kind) ?? 0) + 1);
    const list = [...perKind].map(([k, n]) => `${k} ×${n}`).join(', ');
    footer =
      lang === 'fr'
        ? `+ ${hidden} signalement(s) de faible gravité (${list}) : --all pour les lister, --json pour tout.\n`
        : `+ ${hidden} low-severity finding(s) (${list}): --all to list them, --json for everything.\n`;
  }
  return `${header}\n${shown.length ? `${t.toString()}\n` : ''}${footer}`;
}

/** `2026-10-04 19:00 → 2026-10-06 22:59` in the report's zone. */
function windowText(a: Analysis, start: number, end: number): string {
  const s = a.ctx.clock.iso(start);
  const e = a.ctx.clock.iso(end);
  return `${s.slice(0, 10)} ${s.slice(11, 16)} →\n${e.slice(0, 10)} ${e.slice(11, 16)}`;
}

/** The first few numeric or text figures of a finding (the full set is in --json and the report). */
function keyFigures(metrics: Record<string, unknown>): string {
  return Object.entries(metrics)
    .filter(([, v]) => typeof v === 'number' || (typeof v === 'string' && v.length < 24))
    .slice(0, 4)
    .map(([k, v]) => `${k}=${plain(String(v))}`)
    .join('\n');
}
