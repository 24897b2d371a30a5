/**
 * Detectors on several threads (detectors/remote.ts) give the findings of one thread: the same findings
 * document on every labelled scenario, and the same evidence package. Through the real CLI, because
 * worker threads run the compiled dist/ (vitest runs the TypeScript sources on one thread).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateScenario, SCENARIO_NAMES, type ScenarioLabels } from '../../fixtures/scenarios/generate.js';

const BIN = fileURLToPath(new URL('../../bin/cdrscope', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cdrscope-threads-'));
const scenarios = new Map<string, ScenarioLabels>();

function run(...args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function scenarioArgs(labels: ScenarioLabels): string[] {
  const args = [...labels.files.map((f) => join(dir, f)), '--country', labels.country, '--tz', labels.tz];
  if (labels.owner) args.push('--owner', labels.owner);
  return args;
}

/** The findings document without what changes from run to run (time of the run, command line). */
function findingsOf(stdout: string): unknown {
  const doc = JSON.parse(stdout);
  delete doc.generatedAt;
  delete doc.command;
  return doc;
}

beforeAll(async () => {
  for (const name of SCENARIO_NAMES) scenarios.set(name, await generateScenario(name, dir));
}, 120_000);

describe('analyze --threads', () => {
  it.each(SCENARIO_NAMES)('%s: the same findings document on 1 and 2 threads', (name) => {
    const args = ['analyze', ...scenarioArgs(scenarios.get(name)!), '--json'];
    const one = run(...args, '--threads', '1');
    const two = run(...args, '--threads', '2');
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const doc = findingsOf(one.stdout) as { findings: unknown[] };
    expect(findingsOf(two.stdout)).toEqual(doc);
  });

  it('three threads (two workers) agree too, on the scenario with the most findings', () => {
    const args = ['analyze', ...scenarioArgs(scenarios.get('prefix-storm')!), '--json'];
    const one = findingsOf(run(...args, '--threads', '1').stdout) as { findings: unknown[] };
    expect(one.findings.length).toBeGreaterThan(3);
    expect(findingsOf(run(...args, '--threads', '3').stdout)).toEqual(one);
  });

  it('refuses a bad --threads with exit 2', () => {
    for (const bad of ['0', '1.5', 'two']) {
      const res = run('analyze', ...scenarioArgs(scenarios.get('quiet-family')!), '--threads', bad);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('--threads');
    }
  });
});

describe('report --threads', () => {
  it('writes the same evidence files on 1 and 2 threads', () => {
    const labels = scenarios.get('call-storm')!;
    const outs = ['1', '2'].map((t) => {
      const out = join(dir, `report-${t}`);
      const res = run('report', ...scenarioArgs(labels), '--out', out, '--threads', t);
      expect(res.code, res.stderr).toBe(0);
      return out;
    });
    const files = readdirSync(join(outs[0], 'evidence')).sort();
    expect(files.length).toBeGreaterThan(0);
    expect(readdirSync(join(outs[1], 'evidence')).sort()).toEqual(files);
    for (const f of files) {
      expect(readFileSync(join(outs[1], 'evidence', f), 'utf8'), f).toBe(
        readFileSync(join(outs[0], 'evidence', f), 'utf8'),
      );
    }
  });
});
