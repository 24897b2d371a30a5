import { beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown.js';
import { buildSample, FIXTURE, leakedNumbers, OWNER, REPEAT_CALLER, type Sample } from './sample.js';

let sample: Sample;
let md: string;

beforeAll(async () => {
  sample = await buildSample();
  md = renderMarkdown({
    analysis: sample.analysis,
    aggregates: sample.aggregates,
    lang: 'fr',
    redactor: sample.redactor(false),
    command: ['report', FIXTURE, '--out', 'a|b`c'],
  });
});

/** Unescaped pipes of a Markdown line (cell separators). */
const pipes = (line: string) => (line.match(/(?<!\\)\|/g) ?? []).length;

describe('renderMarkdown', () => {
  it('has the same sections as the HTML report', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## Résumé',
      '## F001 — Titre de call-storm',
      '## F002 — Titre de robocall-flood',
      '## F003 — Titre de rotating-foreign-callers',
      '## Pistes de faible gravité (1)',
      '## Méthode et limites',
      '## Qualité des données',
      '## Chaîne de conservation des preuves',
      '## Où signaler',
    ]);
    expect(md).toContain(
      '- **F003** · moyenne · **Titre de rotating-foreign-callers** — 6 numéros étrangers',
    );
    expect(md).not.toContain('- **F004**');
    expect(md).toContain(
      '\n\nS’y ajoute une piste de faible gravité, à vérifier, listée dans l’annexe « Pistes de faible gravité » : 1 × Titre de repeat-caller.\n\n## F001',
    );
  });

  it('lists the low-severity leads in one table with their evidence file', () => {
    const annex = md.slice(md.indexOf('## Pistes de faible gravité'), md.indexOf('## Méthode'));
    expect(annex).toContain(
      '| N° | Type | Numéro ou tranche | Période | Appels | En bref | Lignes justificatives |\n' +
        '| --- | --- | --- | --- | ---: | --- | --- |\n' +
        `| F004 | Titre de repeat-caller | \`${REPEAT_CALLER}\` | 05/03/2026 01:00 – 03:49 (UTC+01:00) | 8 | ` +
        `8 appels concernant ${REPEAT_CALLER}, du jeudi 5 mars 2026 à 01:00 (UTC+01:00) au jeudi 5 mars 2026 à 03:49 (UTC+01:00). | \`evidence/F004.csv\` |\n`,
    );
    expect(annex).toContain('Un constat de faible gravité est une piste, pas une preuve');
  });

  it('turns the chart into a table of calls per period', () => {
    expect(md).toContain(
      '| Période commençant le | Appels |\n| --- | ---: |\n| 2 mars 2026 14h | 15 |\n| 2 mars 2026 15h | 15 |',
    );
  });

  it('every table row has as many cells as its header, whatever the data holds', () => {
    const lines = md.split('\n');
    let header = -1;
    let tables = 0;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        header = -1;
        continue;
      }
      if (header < 0) {
        header = pipes(line);
        tables++;
      } else expect(pipes(line), line).toBe(header);
    }
    expect(tables).toBeGreaterThan(15);
  });

  it('escapes hostile values: no HTML, no links, no line breaks', () => {
    const outsideCode = md.replace(/(`+)(?!`).*?(?<!`)\1(?!`)/g, '');
    expect(outsideCode).not.toMatch(/(?<!\\)<(script|b)>/i);
    expect(md).toMatch(/`[^`]*<script>alert\(1\)<\/script>[^`]*`/);
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('\\[click\\](http\\://evil.example) \\| pipe');
    expect(md).toContain('| Line1 Line2 |');
    expect(md).toContain('SPAM \\<b\\>CORP\\</b\\>');
    expect(outsideCode).not.toMatch(/(?<!\\)\]\(/);
  });

  it('shows the original rows and the command line as code', () => {
    expect(md).toContain(
      `- \`${FIXTURE}:38\`: \`2026-03-02 14:00:00,06 20 00 00 00,+33140000000,5,answered,in,<script>alert(1)</script>\``,
    );
    expect(md).toContain(`- **Ligne de commande**: \`\`cdrscope report ${FIXTURE} --out 'a|b\`c'\`\``);
    expect(md).toContain(`| \`${FIXTURE}\` | \`${sample.analysis.inputs[0].sha256}\` |`);
  });

  it('links to the reporting services as autolinks', () => {
    expect(md).toContain('<https://www.33700.fr/>');
    expect(md).toContain('<https://jalerte.arcep.fr/>');
  });

  it('redacted: no third-party number in any form, owner and suspects kept', () => {
    const red = renderMarkdown({
      analysis: sample.analysis,
      aggregates: sample.aggregates,
      lang: 'en',
      redactor: sample.redactor(true),
    });
    expect(leakedNumbers(md).length).toBeGreaterThan(0);
    expect(leakedNumbers(red)).toEqual([]);
    expect(red).toContain(OWNER);
    expect(red).toContain(REPEAT_CALLER);
    expect(red).toContain('## Summary');
  });
});
