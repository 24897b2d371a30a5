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

export function inspectTable(result: Inspection): string {
  const iso = (t: number | null) => (t === null ? '-' : result.ctx.clock.iso(t));
  const out: string[] = [];
  for (const i of result.inputs) {
    const t = new Table({ style: { head: [], border: [] }, wordWrap: true, colWidths: [20, 80] });
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

const SEVERITY_COLOR = { high: chalk.red.bold, medium: chalk.yellow, low: chalk.cyan } as const;

export function findingsTable(a: Analysis, lang: Lang): string {
  const header = `cdrscope ${a.tool.version} · ${a.records} calls from ${a.inputs.length} input(s) · zone ${a.timezone}`;
  if (a.findings.length === 0) {
    return `${header}\n${lang === 'fr' ? 'Aucune anomalie détectée.' : 'No findings.'}\n`;
  }
  const t = new Table({
    head: ['id', 'kind', 'severity', 'subject', 'window', 'calls', 'key figures'],
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: [6, 26, 10, 18, 28, 8, 44],
  });
  for (const f of a.findings) {
    const color = SEVERITY_COLOR[f.severity];
    t.push([
      f.id,
      f.kind,
      color(f.severity),
      plain(f.subject),
      `${a.ctx.clock.iso(f.start)}\n${a.ctx.clock.iso(f.end)}`,
      String(f.calls),
      keyFigures(f.metrics),
    ]);
  }
  return `${header}\n${t.toString()}\n`;
}

function keyFigures(metrics: Record<string, unknown>): string {
  return Object.entries(metrics)
    .filter(([, v]) => v !== null && v !== undefined && !Array.isArray(v))
    .slice(0, 6)
    .map(([k, v]) => `${k}=${plain(String(v))}`)
    .join('\n');
}
