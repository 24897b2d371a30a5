/** `cdrscope verify` as users run it (built CLI: run `npm run build` first). */
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, OWNER } from '../report/sample.js';

const BIN = fileURLToPath(new URL('../../bin/cdrscope', import.meta.url));

function run(...args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

let root: string;
let made: string;
let input: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cdrscope-cli-verify-'));
  input = join(root, 'calls.csv');
  copyFileSync(FIXTURE, input);
  made = join(root, 'made');
  const r = run('report', input, '--owner', OWNER, '--out', made);
  expect(r.code).toBe(0);
});

/** A fresh copy of the package to tamper with. */
function copy(): string {
  const dir = mkdtempSync(join(root, 'copy-'));
  cpSync(made, dir, { recursive: true });
  return dir;
}

describe('cdrscope verify', () => {
  it('exit 0 when every file matches', () => {
    const r = run('verify', copy());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}ok +report\.html$/m);
    expect(r.stdout).toMatch(
      new RegExp(`^ {2}ok +input ${input.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'),
    );
    expect(r.stdout).toMatch(/^OK: all \d+ files of the package match the manifest\.$/m);
  });

  it('exit 1 naming the file that changed, even by one byte', () => {
    const dir = copy();
    appendFileSync(join(dir, 'report.html'), ' ');
    const r = run('verify', dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^ {2}CHANGED +report\.html \(expected SHA-256 [0-9a-f]{64}, \d+ bytes; found [0-9a-f]{64}, \d+ bytes\)$/m,
    );
    expect(r.stdout).toMatch(/^MISMATCH: 1 file\(s\) changed or missing\.$/m);
  });

  it('exit 1 naming a missing file', () => {
    const dir = copy();
    rmSync(join(dir, 'findings.json'));
    const r = run('verify', dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}MISSING +findings\.json \(listed in the manifest, not in the folder\)$/m);
  });

  it('an input no longer at its path is "not checked", not a mismatch; --json', () => {
    const dir = copy();
    renameSync(input, `${input}.moved`);
    try {
      const r = run('verify', dir, '--json');
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc.mismatches).toBe(0);
      expect(doc.checks.find((c: { what: string }) => c.what === 'input')).toMatchObject({
        status: 'not-checked',
        note: `not found at ${input}`,
      });
    } finally {
      renameSync(`${input}.moved`, input);
    }
  });

  it('a folder without manifest: exit 2 with the reason', () => {
    const dir = copy();
    rmSync(join(dir, 'manifest.json'));
    const r = run('verify', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `cdrscope: ${join(dir, 'manifest.json')}: missing; is ${dir} a cdrscope evidence package?\n`,
    );
  });
});
