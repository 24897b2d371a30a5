/** `cdrscope report` as users run it (built CLI: run `npm run build` first). */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, leakedNumbers, OWNER } from '../report/sample.js';

const BIN = fileURLToPath(new URL('../../bin/cdrscope', import.meta.url));

function run(...args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'cdrscope-cli-report-'));
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function allFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(join(dir, e.name), base) : [join(dir, e.name).slice(base.length + 1)],
  );
}

describe('cdrscope report', () => {
  let out: string;
  let res: ReturnType<typeof run>;
  beforeAll(() => {
    out = join(tmp(), 'package');
    res = run('report', FIXTURE, '--owner', OWNER, '--out', out);
  });

  it('writes the package and says where, with the manifest fingerprint', () => {
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const lines = res.stdout.split('\n');
    expect(lines[0]).toBe(`Evidence package written to ${out} (fr)`);
    expect(res.stdout).toContain(`manifest.json SHA-256: ${sha(join(out, 'manifest.json'))}`);
    expect(res.stdout).toContain(`cdrscope verify ${out}`);
  });

  it('the package holds the reports, the findings, one CSV per finding and a complete manifest', () => {
    const findings = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'));
    expect(findings.schema).toBe('cdrscope.findings/1');
    expect(findings.inputs[0]).toMatchObject({ path: FIXTURE, rows: 95, rejected: 0, sha256: sha(FIXTURE) });
    const files = allFiles(out).sort();
    const csvs = files.filter((f) => f.startsWith('evidence/'));
    expect(csvs).toEqual(findings.findings.map((f: { id: string }) => `evidence/${f.id}.csv`));
    expect(files).toEqual(
      expect.arrayContaining(['findings.json', 'manifest.json', 'report.html', 'report.md']),
    );
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.command).toEqual(['report', FIXTURE, '--owner', OWNER, '--out', out]);
    expect(manifest.tool.name).toBe('cdrscope');
    expect(manifest.timezone).toBe('Europe/Paris');
    expect(Object.keys(manifest.parameters)).toContain('call-storm');
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(
      files.filter((f) => f !== 'manifest.json'),
    );
    for (const f of manifest.files) expect(f.sha256, f.path).toBe(sha(join(out, f.path)));
    expect(manifest.inputs[0].sha256).toBe(sha(FIXTURE));
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<html lang="fr">');
    // One chart per finding with a full section (high and medium); low-severity leads are in the annex.
    const full = findings.findings.filter((f: { severity: string }) => f.severity !== 'low');
    expect(full.length).toBeGreaterThan(0);
    expect(html.match(/<svg /g)?.length).toBe(full.length);
  });

  it('refuses a non-empty folder (exit 2, no stack) unless --force', () => {
    const again = run('report', FIXTURE, '--owner', OWNER, '--out', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      /^cdrscope: --out .*: the folder is not empty \(\d+ entries\); choose a new or empty folder, or add --force/,
    );
    expect(again.stderr).not.toMatch(/\n\s+at /);
    const forced = run('report', FIXTURE, '--owner', OWNER, '--out', out, '--force', '--lang', 'en');
    expect(forced.code).toBe(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<html lang="en">');
  });

  it('usage errors: exit 2', () => {
    expect(run('report', FIXTURE).code).toBe(2);
    const lang = run('report', FIXTURE, '--out', join(tmp(), 'x'), '--lang', 'de');
    expect(lang.code).toBe(2);
    expect(lang.stderr).toBe('cdrscope: --lang must be fr or en, not "de"\n');
    const missingInput = join(tmp(), 'y');
    const missing = run('report', '/no/such/file.csv', '--out', missingInput);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('cdrscope: /no/such/file.csv: no such file\n');
    expect(existsSync(missingInput)).toBe(false);
  });

  it('--redact: no third-party number in any file of the package', () => {
    const red = join(tmp(), 'redacted');
    const r = run('report', FIXTURE, '--owner', OWNER, '--out', red, '--redact');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      `Evidence package written to ${red} (fr, third-party numbers masked)`,
    );
    for (const f of allFiles(red)) expect(leakedNumbers(readFileSync(join(red, f), 'utf8')), f).toEqual([]);
    expect(readFileSync(join(red, 'report.html'), 'utf8')).toContain(OWNER);
    expect(JSON.parse(readFileSync(join(red, 'manifest.json'), 'utf8')).redacted).toBe(true);
  });

  it('reads standard input', () => {
    const dir = join(tmp(), 'stdin');
    const r = spawnSync(process.execPath, [BIN, 'report', '-', '--owner', OWNER, '--out', dir], {
      input: readFileSync(FIXTURE),
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.inputs[0]).toMatchObject({ path: '-', absolutePath: null, sha256: sha(FIXTURE) });
  });
});
