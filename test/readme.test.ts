/**
 * The README's "## Findings" section is the reference users read: it must not drift from the code.
 * - each kind's parameter table lists exactly the detector's parameters, in order, with its defaults
 *   and units;
 * - each kind's metric list is exactly the set of metric names the detector emits on the labelled
 *   incident scenarios (run through the real pipeline), and every one is documented in the detector
 *   file's own comment;
 * - the `--param` and `--config` examples name real parameters.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateScenario, type ScenarioName } from '../fixtures/scenarios/generate.js';
import { analyze } from '../src/analyze.js';
import { DETECTORS } from '../src/detectors/index.js';
import { applyOverrides, defaultParams } from '../src/detectors/params.js';
import { FINDING_KINDS, type FindingKind } from '../src/detectors/types.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The text from `## Findings` to the next `## ` heading. */
function findingsSection(): string {
  const start = README.indexOf('\n## Findings\n');
  expect(start, 'README has a "## Findings" section').toBeGreaterThan(0);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

/** `### \`kind\`: title` subsections, in order. */
function kindSections(): [string, string][] {
  const parts = findingsSection().split(/^### /m).slice(1);
  return parts.map((p) => {
    const m = /^`([a-z-]+)`/.exec(p);
    if (!m)
      throw new Error(
        `a "### " heading of the Findings section does not start with a kind: ${p.slice(0, 40)}`,
      );
    return [m[1], p];
  });
}

interface ParamRow {
  name: string;
  default: number;
  unit: string;
}

/** Rows of the section's `| parameter | default | unit | why |` table. */
function paramTable(section: string): ParamRow[] {
  const lines = section.split('\n');
  const head = lines.indexOf('| parameter | default | unit | why |');
  if (head < 0) throw new Error('no parameter table');
  const rows: ParamRow[] = [];
  for (const line of lines.slice(head + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    expect(cells, line).toHaveLength(4);
    const name = /^`([A-Za-z0-9]+)`$/.exec(cells[0]);
    expect(name, `parameter name in a code span: ${line}`).not.toBeNull();
    expect(cells[1], `default written as a plain number: ${line}`).toMatch(/^-?\d+(\.\d+)?(e-?\d+)?$/);
    rows.push({ name: name![1], default: Number(cells[1]), unit: cells[2] });
  }
  return rows;
}

/**
 * Metric names of the section: the code spans before the first `:` of each bullet of the list that
 * follows the `Metrics` line (`- \`a\`, \`b\`: meaning`).
 */
function documentedMetrics(section: string): string[] {
  const lines = section.split('\n');
  const from = lines.findIndex((l) => l.startsWith('Metrics'));
  if (from < 0) throw new Error('no Metrics list');
  const names: string[] = [];
  let inList = false;
  for (const line of lines.slice(from + 1)) {
    if (line.startsWith('- ')) {
      inList = true;
      const label = line.slice(2, line.indexOf(':'));
      expect(label, `a bullet names metrics as \`name\`, \`name\`: ${line}`).toMatch(
        /^`[A-Za-z0-9]+`(, `[A-Za-z0-9]+`)*$/,
      );
      for (const m of label.matchAll(/`([A-Za-z0-9]+)`/g)) names.push(m[1]);
    } else if (inList) break;
  }
  return names;
}

/** The detector file's opening comment (everything before its first import). */
function detectorComment(kind: FindingKind): string {
  const text = readFileSync(new URL(`../src/detectors/${kind}.ts`, import.meta.url), 'utf8');
  return text.slice(0, text.indexOf('\nimport '));
}

describe('README "## Findings"', () => {
  it('comes just before "## Time, numbers and what the data proves" and covers the seven kinds in order', () => {
    const headings = [...README.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    const i = headings.indexOf('Findings');
    expect(headings[i + 1]).toBe('Time, numbers and what the data proves');
    expect(kindSections().map(([k]) => k)).toEqual([...FINDING_KINDS]);
  });

  it('parameter tables equal every detector metadata: names in order, defaults and units', () => {
    const sections = new Map(kindSections());
    let checked = 0;
    for (const d of DETECTORS) {
      const rows = paramTable(sections.get(d.meta.id)!);
      expect(
        rows.map((r) => r.name),
        d.meta.id,
      ).toEqual(Object.keys(d.meta.params));
      for (const r of rows) {
        expect(r.default, `${d.meta.id}.${r.name} default`).toBe(d.meta.params[r.name].default);
        expect(r.unit, `${d.meta.id}.${r.name} unit`).toBe(d.meta.params[r.name].unit);
        checked++;
      }
    }
    expect(checked).toBe(DETECTORS.reduce((n, d) => n + Object.keys(d.meta.params).length, 0));
  });

  it('documents each metric once per kind, and only names the detector file documents too', () => {
    for (const [kind, section] of kindSections()) {
      const names = documentedMetrics(section);
      expect(new Set(names).size, `${kind}: a metric listed twice`).toBe(names.length);
      const comment = detectorComment(kind as FindingKind);
      for (const n of names)
        expect(comment, `${kind}: \`${n}\` in the detector's comment`).toContain(`\`${n}\``);
    }
  });

  it('the --param and --config examples name real parameters', () => {
    const section = findingsSection();
    const params = [...section.matchAll(/--param ([a-z-]+\.[A-Za-z0-9]+=[0-9.,]+)/g)].map((m) => m[1]);
    expect(params.length).toBeGreaterThan(0);
    expect(() => applyOverrides(defaultParams(), params)).not.toThrow();
    const config = /`(\{ "[a-z-]+": \{.*?\} \})`/.exec(section.replace(/\n/g, ' '));
    expect(config).not.toBeNull();
    const values = applyOverrides(defaultParams(), JSON.parse(config![1]));
    expect(values['call-storm'].minDayCalls).toBe(50);
    expect(values['repeat-caller'].minCallsPerDay).toBe(8);
  });
});

describe('README metrics against what the detectors emit on the labelled scenarios', () => {
  const emitted = new Map<string, Set<string>>();
  const findings = new Map<string, number>();

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdrscope-readme-'));
    for (const name of FINDING_KINDS as readonly ScenarioName[]) {
      const labels = await generateScenario(name, dir);
      const analysis = await analyze(
        labels.files.map((f) => join(dir, f)),
        { owner: labels.owner ?? undefined, country: labels.country, tz: labels.tz },
      );
      for (const f of analysis.findings) {
        findings.set(f.kind, (findings.get(f.kind) ?? 0) + 1);
        let set = emitted.get(f.kind);
        if (!set) {
          set = new Set();
          emitted.set(f.kind, set);
        }
        for (const k of Object.keys(f.metrics)) set.add(k);
      }
    }
  }, 300_000);

  it('every kind has findings on its scenario, so the comparison is not empty', () => {
    for (const kind of FINDING_KINDS) expect(findings.get(kind) ?? 0, kind).toBeGreaterThan(0);
  });

  it('each kind documents exactly the metric names it emits', () => {
    const sections = new Map(kindSections());
    for (const kind of FINDING_KINDS) {
      const documented = documentedMetrics(sections.get(kind)!);
      const names = [...(emitted.get(kind) ?? [])];
      const missing = names.filter((n) => !documented.includes(n));
      const stale = documented.filter((n) => !names.includes(n));
      expect({ kind, missing, stale }).toEqual({ kind, missing: [], stale: [] });
    }
  });
});
