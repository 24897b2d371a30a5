/**
 * Every detector on the labelled scenarios, through the real pipeline (format detection, both passes):
 * - recall: each labelled incident is found with its kind, subject and a window overlapping the truth;
 * - quiet lines stay quiet: no high or medium finding on the quiet scenarios, nor of another kind
 *   than the incident's on the incident scenarios at high severity;
 * - evidence rows point to real lines of the generated files, and mostly to incident lines.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  generateScenario,
  incidentLines,
  QUIET_SCENARIOS,
  SCENARIO_NAMES,
  type ScenarioLabels,
  type ScenarioName,
} from '../../fixtures/scenarios/generate.js';
import { type Analysis, analyze } from '../../src/analyze.js';
import type { EvidenceSink } from '../../src/evidence/collect.js';
import { countryLabel, countryName } from '../../src/records/countries.js';

const dir = mkdtempSync(join(tmpdir(), 'cdrscope-scenarios-'));

interface Run {
  labels: ScenarioLabels;
  analysis: Analysis;
  /** Evidence rows per finding index, as `file:line`. */
  evidence: Map<number, Set<string>>;
}

const runs = new Map<ScenarioName, Run>();

async function runScenario(name: ScenarioName): Promise<Run> {
  const labels = await generateScenario(name, dir);
  const evidence = new Map<number, Set<string>>();
  const files = labels.files.map((f) => join(dir, f));
  const sink: EvidenceSink = {
    row(k, r) {
      let set = evidence.get(k);
      if (!set) {
        set = new Set();
        evidence.set(k, set);
      }
      set.add(`${labels.files[r.input]}:${r.line}`);
    },
  };
  const analysis = await analyze(files, {
    owner: labels.owner ?? undefined,
    country: labels.country,
    tz: labels.tz,
    evidenceSink: sink,
  });
  return { labels, analysis, evidence };
}

beforeAll(async () => {
  for (const name of SCENARIO_NAMES) runs.set(name, await runScenario(name));
}, 300_000);

const INCIDENT_SCENARIOS = SCENARIO_NAMES.filter((n) => !QUIET_SCENARIOS.includes(n));

describe.each(INCIDENT_SCENARIOS)('scenario %s', (name) => {
  it('reads every row (nothing rejected)', () => {
    const { analysis } = runs.get(name)!;
    for (const input of analysis.inputs) expect(input.rejected, input.path).toBe(0);
  });

  it('finds the labelled incident with its subject and window (recall)', () => {
    const { labels, analysis } = runs.get(name)!;
    for (const incident of labels.incidents) {
      const found = analysis.findings.filter((f) => f.kind === incident.kind);
      expect(found.length, `${incident.kind} findings`).toBeGreaterThan(0);
      const start = Date.parse(incident.start);
      const end = Date.parse(incident.end);
      const match = found.find((f) => f.subject === incident.subject && f.start <= end && f.end >= start);
      expect(
        match,
        `${incident.kind} on ${incident.subject}; got ${found.map((f) => f.subject).join(', ')}`,
      ).toBeTruthy();
      expect(['high', 'medium']).toContain(match!.severity);
    }
  });

  it("cites evidence rows that are real lines of the files, mostly the incident's (precision)", () => {
    const { labels, analysis, evidence } = runs.get(name)!;
    const truth = incidentLines(labels);
    const linesOf = new Map<string, string[]>();
    const lineText = (file: string, line: number): string | undefined => {
      let lines = linesOf.get(file);
      if (!lines) {
        lines = readFileSync(join(dir, file), 'latin1').split('\n');
        linesOf.set(file, lines);
      }
      return lines[line - 1];
    };
    labels.incidents.forEach((incident, index) => {
      const k = analysis.findings.findIndex(
        (f) => f.kind === incident.kind && f.subject === incident.subject,
      );
      const rows = evidence.get(k) ?? new Set();
      expect(rows.size).toBe(analysis.findings[k].evidence.rows);
      let hits = 0;
      for (const ref of rows) {
        const [file, line] = [
          ref.slice(0, ref.lastIndexOf(':')),
          Number(ref.slice(ref.lastIndexOf(':') + 1)),
        ];
        expect(lineText(file, line), ref).toBeTruthy();
        if (truth.get(file)?.get(line) === index) hits++;
      }
      const precision = hits / rows.size;
      const recall = hits / incident.calls;
      expect(precision, `precision of ${incident.kind}`).toBeGreaterThanOrEqual(0.8);
      expect(recall, `row recall of ${incident.kind}`).toBeGreaterThanOrEqual(0.5);
    });
  });
});

describe.each(QUIET_SCENARIOS)('quiet scenario %s', (name) => {
  it('raises no high or medium finding', () => {
    const { analysis } = runs.get(name)!;
    const loud = analysis.findings.filter((f) => f.severity !== 'low');
    expect(loud.map((f) => `${f.kind} ${f.subject} ${f.severity}`)).toEqual([]);
  });
});

describe.each(SCENARIO_NAMES)('summaries of scenario %s', (name) => {
  it('write figures as each language does and name countries', () => {
    for (const f of runs.get(name)!.analysis.findings) {
      const { en, fr } = f.summary;
      const what = `${f.kind} ${f.subject}`;
      // French: decimal comma and grouped thousands (`0,5`, `5 203`); English: `0.5`, `5,203`.
      expect(fr, what).not.toMatch(/\d\.\d/);
      expect(en, what).not.toMatch(/\d[\u202f\u00a0]\d/);
      // No figure of 4 digits or more left ungrouped (years of dates and phone numbers aside).
      expect(fr, what).not.toMatch(/(?<![\d+/])\d{4,}(?!\d)/);
      expect(en, what).not.toMatch(/(?<![\d+]|[A-Z][a-z]{2} )\d{4,}(?!\d)/);
      const origin = f.metrics.originCountry;
      if (typeof origin === 'string') {
        expect(en, what).toContain(`origin ${countryLabel(origin, 'en')}`);
        expect(fr, what).toContain(`origine ${countryLabel(origin, 'fr')}`);
      }
      const countries = f.metrics.countries;
      if (Array.isArray(countries)) {
        expect(en, what).toContain(countryName(countries[0], 'en'));
        expect(fr, what).toContain(countryName(countries[0], 'fr'));
      }
    }
  });
});
