/**
 * The report of a generated scenario, end to end with the real detectors: the misrouting scenario (+333
 * dialled from Morocco) gives a handful of strong findings and many weak ones. The report keeps a
 * section for each high or medium finding, lists the low ones in one annex, and every detector summary
 * writes its dates for people, not as ISO-8601.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateScenario, type ScenarioName } from '../../fixtures/scenarios/generate.js';
import { analyze } from '../../src/analyze.js';
import { writePackage } from '../../src/evidence/package.js';

const dir = mkdtempSync(join(tmpdir(), 'cdrscope-report-scenario-'));
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const HUMAN = {
  fr: /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(UTC[+-]\d{2}:\d{2}\)/,
  en: /\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2} \(UTC[+-]\d{2}:\d{2}\)/,
};

interface Doc {
  findings: {
    id: string;
    kind: string;
    severity: string;
    summary: string;
    metrics: Record<string, unknown>;
  }[];
}

let out: string;
let doc: Doc;
let page: string;
let md: string;

beforeAll(async () => {
  const labels = await generateScenario('prefix-storm', dir);
  out = join(dir, 'package');
  await writePackage(
    labels.files.map((f) => join(dir, f)),
    { country: labels.country, tz: labels.tz },
    out,
    { lang: 'fr' },
  );
  doc = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'));
  page = readFileSync(join(out, 'report.html'), 'utf8');
  md = readFileSync(join(out, 'report.md'), 'utf8');
}, 120_000);

describe('report of the misrouting scenario', () => {
  it('has many low findings besides the main ones (the case this layout is for)', () => {
    const low = doc.findings.filter((f) => f.severity === 'low');
    expect(doc.findings[0]).toMatchObject({ kind: 'prefix-storm', severity: 'high' });
    expect(low.length).toBeGreaterThan(20);
    expect(low.length).toBeLessThan(doc.findings.length);
  });

  it('a section per high or medium finding, one annex row per low one, a CSV for every finding', () => {
    const main = doc.findings.filter((f) => f.severity !== 'low').map((f) => f.id);
    const low = doc.findings.filter((f) => f.severity === 'low').map((f) => f.id);
    const sections = [...page.matchAll(/<section class="finding" id="finding-(F\d+)"/g)].map((m) => m[1]);
    expect(sections).toEqual(main);
    const rows = [...page.matchAll(/<tbody id="finding-(F\d+)">/g)].map((m) => m[1]);
    expect(rows).toEqual(low);
    const toc = page.slice(page.indexOf('<nav'), page.indexOf('</nav>'));
    expect(toc.match(/<li>/g)).toHaveLength(main.length + 1 + 6);
    expect(toc).toContain(`<li><a href="#leads">Pistes de faible gravité (${low.length})</a></li>`);
    expect(readdirSync(join(out, 'evidence')).sort()).toEqual(doc.findings.map((f) => `${f.id}.csv`).sort());
    const mdRows = md.split('\n').filter((l) => /^\| F\d+ \|/.test(l));
    expect(mdRows.map((l) => l.slice(2, 6))).toEqual(low);
    expect(md.split('\n').filter((l) => /^## F\d+ /.test(l))).toHaveLength(main.length);
  });

  it('the summary counts the leads by kind, and those counts add up', () => {
    const sentence = /S’y ajoutent (\d+) pistes de faible gravité[^:]*: ([^<]*)\.<\/p>/.exec(page);
    expect(sentence).not.toBeNull();
    const low = doc.findings.filter((f) => f.severity === 'low').length;
    expect(Number(sentence![1])).toBe(low);
    const counts = [...sentence![2].matchAll(/(\d+) ×/g)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(low);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('names the origin country and writes readable dates in the summaries', () => {
    expect(doc.findings[0].metrics.originCountry).toBe('MA');
    const f001 = page.slice(page.indexOf('id="finding-F001"'), page.indexOf('id="finding-F002"'));
    expect(f001).toContain('<td>Pays d’origine</td><td class="num wrap">Maroc (MA)</td>');
    for (const f of doc.findings) {
      expect(f.summary, f.id).not.toMatch(ISO);
      expect(f.summary, f.id).toMatch(HUMAN.fr);
    }
    expect(doc.findings[0].summary).toMatch(
      / du \d{2}\/10\/2026 \d{2}:\d{2} \(UTC\+02:00\) au \d{2}\/10\/2026 /,
    );
  });
});

describe('detector summaries write dates for people, in both languages', () => {
  it.each<ScenarioName>([
    'prefix-storm',
    'neighbor-spoofing',
    'robocall-flood',
    'rotating-foreign-callers',
    'spoofed-number-callbacks',
  ])(
    '%s',
    async (name) => {
      const sub = join(dir, name);
      const labels = await generateScenario(name, sub);
      const a = await analyze(
        labels.files.map((f) => join(sub, f)),
        { owner: labels.owner ?? undefined, country: labels.country, tz: labels.tz },
      );
      expect(a.findings.filter((f) => f.kind === name).length).toBeGreaterThan(0);
      // prefix-storm also yields call-storm and repeat-caller findings: every detector is covered.
      for (const f of a.findings) {
        for (const lang of ['fr', 'en'] as const) {
          expect(f.summary[lang], `${f.id} ${lang}`).not.toMatch(ISO);
          expect(f.summary[lang], `${f.id} ${lang}`).toMatch(HUMAN[lang]);
        }
      }
    },
    60_000,
  );
});
