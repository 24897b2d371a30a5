/**
 * Findings fingerprint: every finding of every labelled scenario (kind, severity, subject, window,
 * calls, metrics, summary, evidence count and cited rows), to prove that a change of method or a fast
 * path leaves the findings as they were. Not part of `npm test`:
 *
 *   FINGERPRINT_OUT=before.json npx vitest run --config bench/vitest.config.ts   # record
 *   FINGERPRINT_BASE=before.json npx vitest run --config bench/vitest.config.ts  # compare
 *
 * FINGERPRINT_KINDS=call-storm,prefix-storm limits both to some finding kinds.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, it } from 'vitest';
import { generateScenario, SCENARIO_NAMES } from '../fixtures/scenarios/generate.js';
import { analyze } from '../src/analyze.js';

const kinds = process.env.FINGERPRINT_KINDS?.split(',').filter(Boolean);

it('findings of every labelled scenario match the recorded fingerprint', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cdrscope-fingerprint-'));
  const out: Record<string, unknown[]> = {};
  for (const name of SCENARIO_NAMES) {
    const labels = await generateScenario(name, dir);
    const a = await analyze(
      labels.files.map((f) => join(dir, f)),
      { owner: labels.owner ?? undefined, country: labels.country, tz: labels.tz },
    );
    out[name] = a.findings
      .filter((f) => !kinds || kinds.includes(f.kind))
      .map((f) => ({
        kind: f.kind,
        severity: f.severity,
        subject: f.subject,
        start: f.start,
        end: f.end,
        calls: f.calls,
        metrics: f.metrics,
        summary: f.summary,
        // Sample rows name files in a fresh temporary folder: keep the file name only.
        evidence: { ...f.evidence, sample: f.evidence.sample.map((e) => ({ ...e, file: basename(e.file) })) },
      }));
  }
  if (process.env.FINGERPRINT_OUT)
    writeFileSync(process.env.FINGERPRINT_OUT, `${JSON.stringify(out, null, 1)}\n`);
  const base = process.env.FINGERPRINT_BASE;
  if (base) {
    const before = JSON.parse(readFileSync(base, 'utf8')) as Record<string, unknown[]>;
    const chosen = (list: unknown[] = []) =>
      list.filter((f) => !kinds || kinds.includes((f as { kind: string }).kind));
    for (const name of SCENARIO_NAMES) expect(out[name], name).toEqual(chosen(before[name]));
  } else {
    expect(process.env.FINGERPRINT_OUT, 'set FINGERPRINT_OUT or FINGERPRINT_BASE').toBeTruthy();
  }
});
