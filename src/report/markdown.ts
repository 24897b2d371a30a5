/**
 * The human report as Markdown (report.md): the same content as report.html (`buildReport`), for
 * tickets and e-mail. Every value is escaped (`markdown`) or shown as a code span (`markdownCode`), so
 * the data cannot add links, images, HTML or table cells. The chart becomes a table of calls per period.
 */
import { markdownCode, markdown as md } from './escape.js';
import { buildReport, type Fact, type ReportInput, type TableView } from './html.js';
import { formatNumber } from './i18n.js';

export function renderMarkdown(input: ReportInput): string {
  const m = buildReport(input);
  const s = m.s;
  const out: string[] = [];
  const para = (text: string) => out.push(md(text), '');

  out.push(`# ${md(m.title)}`, '');
  if (m.subtitle) para(m.subtitle);
  para(m.generated);
  para(m.zone);
  if (m.redactedNotice) out.push(`> ${md(m.redactedNotice)}`, '');

  out.push(`## ${md(s.sections.summary)}`, '');
  para(m.summary.intro);
  para(m.summary.found);
  for (const it of m.summary.items) {
    out.push(`- **${md(it.id)}** · ${md(it.label)} · **${md(it.title)}** — ${md(it.text)} (${md(it.when)})`);
  }
  if (m.summary.items.length > 0) out.push('');
  if (m.summary.leads) para(m.summary.leads);

  for (const f of m.findings) {
    out.push(`## ${md(f.heading)}`, '');
    para(f.summary);
    out.push(...facts(f.facts), '');
    if (f.whatItIs) out.push(`**${md(s.whatItIs)}.** ${md(f.whatItIs)}`, '');
    if (f.figures.rows.length > 0) out.push(`### ${md(s.figures)}`, '', ...table(f.figures), '');
    out.push(`### ${md(s.chartTitle)}`, '');
    para(f.chartCaption);
    if (f.buckets.rows.length > 0) {
      out.push(...table(f.buckets), '');
      if (f.bucketsMore > 0) para(s.bucketTableMore(f.bucketsMore));
    } else para(s.chartNoData);
    for (const t of f.tops) {
      out.push(`### ${md(t.title)}`, '', ...table(t.table), '');
      for (const n of t.notes) para(n);
    }
    out.push(`### ${md(s.firstRows)}`, '');
    if (f.firstRows.length > 0) {
      const head = [...f.firstRowsHead];
      out.push(
        ...table({
          head,
          rows: f.firstRows.map((r) => r.cells),
          numeric: [false, false, false, true],
          code: [false, true, true, false, false, false, false, true],
        }),
        '',
      );
      const raws = f.firstRows.filter((r) => r.raw !== '');
      for (const r of raws) out.push(`- ${markdownCode(r.cells[7])}: ${markdownCode(r.raw)}`);
      if (raws.length > 0) out.push('');
    }
    para(f.allRows);
    if (f.limits) out.push(`**${md(s.limits)}.** ${md(f.limits)}`, '');
  }

  if (m.leads.length > 0) {
    const c = s.leadCols;
    out.push(`## ${md(s.sections.leads)} (${md(formatNumber(m.leads.length, m.lang))})`, '');
    para(s.leadsIntro);
    out.push(
      ...table({
        head: [c.id, c.pattern, c.subject, c.period, c.calls, c.summary, c.evidence],
        rows: m.leads.map((l) => [l.id, l.title, l.subject, l.period, l.calls, l.summary, l.csvPath]),
        numeric: [false, false, false, false, true, false, false],
        code: [false, false, true, false, false, false, true],
      }),
      '',
    );
  }

  out.push(`## ${md(s.sections.method)}`, '');
  para(m.method.intro);
  for (const k of m.method.kinds) {
    out.push(`### ${md(k.title)} (${markdownCode(k.kind)})`, '');
    if (k.looksFor) out.push(`**${md(s.looksFor)}.** ${md(k.looksFor)}`, '');
    out.push(`**${md(s.params)}**`, '');
    if (k.params) out.push(md(k.paramsHow), '', ...table(k.params), '');
    else para(s.noParams);
    if (k.falsePositives.length > 0)
      out.push(`**${md(s.falsePositives)}**`, '', ...list(k.falsePositives), '');
    if (k.references.length > 0) out.push(`**${md(s.references)}**`, '', ...list(k.references), '');
    if (k.limits) out.push(`**${md(s.limits)}.** ${md(k.limits)}`, '');
  }
  out.push(`### ${md(s.generalLimitsTitle)}`, '', ...list(m.method.general), '');
  out.push(`### ${md(s.detectorsRun)}`, '', ...table(m.method.detectors), '');

  out.push(`## ${md(s.sections.quality)}`, '');
  para(m.quality.intro);
  out.push(...table(m.quality.table), '');
  para(m.quality.records);
  for (const d of m.quality.details) {
    out.push(`**${md(d.title)}**`, '', ...d.items.map((i) => `- ${markdownCode(i)}`), '');
  }
  para(m.quality.note);

  out.push(`## ${md(s.sections.custody)}`, '');
  para(m.custody.intro);
  out.push(...table(m.custody.inputs), '', ...facts(m.custody.facts), '');
  para(m.custody.verify);

  out.push(`## ${md(s.sections.where)}`, '');
  para(m.where.intro);
  for (const c of m.where.channels) {
    const link = c.link
      ? ` ${c.link.href.startsWith('mailto:') ? `<${c.link.href.slice(7)}>` : `<${c.link.href}>`}`
      : '';
    out.push(`- **${md(c.title)}** — ${md(c.text)}${link}`);
  }
  out.push('');
  para(m.where.bring);
  out.push('---', '', md(`${m.generated}`), '');
  return out.join('\n');
}

function facts(list: readonly Fact[]): string[] {
  return list.map((f) => `- **${md(f.label)}**: ${f.code ? markdownCode(f.value) : md(f.value)}`);
}

function list(items: readonly string[]): string[] {
  return items.map((i) => `- ${md(i)}`);
}

function table(t: TableView): string[] {
  const cell = (c: string, i: number) => (t.code?.[i] ? markdownCode(c, true) : md(c)) || ' ';
  const head = t.head.length > 0 ? t.head : (t.rows[0]?.map(() => ' ') ?? []);
  const lines = [
    `| ${head.map((h) => md(h) || ' ').join(' | ')} |`,
    `| ${head.map((_, i) => (t.numeric?.[i] ? '---:' : '---')).join(' | ')} |`,
  ];
  for (const row of t.rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  return lines;
}
