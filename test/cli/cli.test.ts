/** The command line as users run it: exit codes, stdout/stderr discipline, JSON output. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURES, REAL_SAMPLES } from '../helpers.js';

const BIN = fileURLToPath(new URL('../../bin/cdrscope', import.meta.url));

function run(...args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const CUCM = `${REAL_SAMPLES}cucm-cdr/CDR.txt`;
const ASTERISK_FIXTURE = `${FIXTURES}formats/asterisk/Master.csv`;

describe('cdrscope inspect', () => {
  it('describes a real CUCM export as JSON, with its SHA-256', () => {
    const res = run('inspect', CUCM, '--country', 'US', '--json');
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout);
    expect(doc.schema).toBe('cdrscope.inspect/1');
    expect(doc.inputs).toHaveLength(1);
    const input = doc.inputs[0];
    expect(input.format).toBe('cucm');
    expect(input.rows).toBe(203);
    expect(input.rejected).toBe(0);
    expect(input.sha256).toBe(createHash('sha256').update(readFileSync(CUCM)).digest('hex'));
    expect(input.mapping.start).toBeTruthy();
    expect(input.distinctNumbers).toBeGreaterThan(5);
  });

  it('prints a table naming the format and the counts', () => {
    const res = run('inspect', CUCM, '--country', 'US');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('cucm');
    expect(res.stdout).toMatch(/rows\s*│\s*203/);
  });
});

describe('errors a user can make', () => {
  it('a missing input: exit 2, one sentence, no stack', () => {
    const res = run('inspect', '/no/such/file.csv');
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('cdrscope: /no/such/file.csv: no such file\n');
  });

  it('an unknown option or command: exit 2', () => {
    expect(run('inspect', CUCM, '--no-such-option').code).toBe(2);
    expect(run('frobnicate').code).toBe(2);
  });

  it('a bad time zone, country or format: exit 2 with the reason', () => {
    const tz = run('inspect', CUCM, '--tz', 'Mars/Olympus');
    expect(tz.code).toBe(2);
    expect(tz.stderr).toMatch(/unknown time zone "Mars\/Olympus"/);
    const country = run('inspect', CUCM, '--country', 'France');
    expect(country.code).toBe(2);
    expect(country.stderr).toMatch(/--country/);
    const format = run('inspect', CUCM, '--format', 'nope');
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/unknown format "nope"/);
  });

  it('--strict turns the first rejected row into exit 2 naming file:line', () => {
    const lenient = run('inspect', ASTERISK_FIXTURE, '--json');
    expect(lenient.code).toBe(0);
    const rejected = JSON.parse(lenient.stdout).inputs[0].rejections;
    expect(rejected.length).toBeGreaterThan(0);
    const strict = run('inspect', ASTERISK_FIXTURE, '--strict');
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain(`${ASTERISK_FIXTURE}:${rejected[0].line}:`);
    expect(strict.stderr).not.toMatch(/\n\s+at /);
  });

  it('a bad --param: exit 2 naming the known parameters', () => {
    const res = run('analyze', CUCM, '--param', 'no-such-kind.x=1');
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/unknown detector "no-such-kind"/);
  });
});

describe('cdrscope analyze', () => {
  it('--json prints only the findings document on stdout', () => {
    const res = run('analyze', CUCM, '--country', 'US', '--tz', 'America/Los_Angeles', '--json');
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout);
    expect(doc.schema).toBe('cdrscope.findings/1');
    expect(doc.tool).toEqual({ name: 'cdrscope', version: '0.1.0' });
    expect(doc.timezone).toBe('America/Los_Angeles');
    expect(doc.inputs[0]).toMatchObject({ path: CUCM, format: 'cucm', rows: 203, rejected: 0 });
    expect(doc.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(Array.isArray(doc.findings)).toBe(true);
    expect(Object.keys(doc.parameters)).toContain('call-storm');
  });
});

describe('an export that is not in time order', () => {
  it('is reported: a warning on stderr (stdout stays JSON) and in the report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdrscope-order-'));
    const file = join(dir, 'shuffled.csv');
    const rows: string[] = [];
    for (let i = 0; i < 120; i++) {
      // Days in a scrambled order, so consecutive rows jump back and forth by days.
      const day = 1 + ((i * 7) % 28);
      rows.push(`2026-03-${String(day).padStart(2, '0')} 10:00:00,+33612345678,+33140000000,30,answered,in`);
    }
    writeFileSync(file, `start,caller,callee,duration,status,direction\n${rows.join('\n')}\n`);
    const res = run('analyze', file, '--json', '--lang', 'en');
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout);
    expect(doc.inputs[0].timeOrder).toBe('unordered');
    expect(doc.warnings).toHaveLength(1);
    expect(res.stderr).toContain(`cdrscope: warning: ${file} is not in time order`);
    const out = join(dir, 'pkg');
    expect(run('report', file, '--out', out, '--lang', 'en').code).toBe(0);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('What the data limits');
    expect(md).toContain('is not in time order');
  });
});
