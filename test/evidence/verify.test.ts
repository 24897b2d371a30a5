import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import {
  hashFile,
  isSafeRelative,
  MANIFEST_SCHEMA,
  type Manifest,
  parseManifest,
  serializeManifest,
} from '../../src/evidence/manifest.js';
import { verifyPackage } from '../../src/evidence/verify.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** A small package made by hand: two files, one input on disk, one from standard input. */
function makePackage(): { dir: string; input: string } {
  const root = mkdtempSync(join(tmpdir(), 'cdrscope-verify-'));
  const dir = join(root, 'pkg');
  mkdirSync(join(dir, 'evidence'), { recursive: true });
  const input = join(root, 'calls.csv');
  writeFileSync(input, 'start,caller,callee\n');
  const files = { 'report.md': '# Report\n', 'evidence/F001.csv': 'start,caller\r\n' };
  for (const [p, text] of Object.entries(files)) writeFileSync(join(dir, p), text);
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA,
    tool: { name: 'cdrscope', version: '0.1.0' },
    generatedAt: '2026-03-10T09:30:00+01:00',
    command: ['report', input, '-', '--out', dir],
    cwd: root,
    timezone: 'Europe/Paris',
    timeRules: 'rules',
    country: 'FR',
    owner: null,
    language: 'fr',
    redacted: false,
    parameters: {},
    inputs: [
      { path: input, absolutePath: input, sha256: sha('start,caller,callee\n'), size: 20, format: 'generic' },
      { path: '-', absolutePath: null, sha256: sha('x'), size: 1, format: 'generic' },
    ],
    files: Object.entries(files)
      .map(([path, text]) => ({ path, sha256: sha(text), size: Buffer.byteLength(text) }))
      .sort((a, b) => a.path.localeCompare(b.path)),
  };
  writeFileSync(join(dir, 'manifest.json'), serializeManifest(manifest));
  return { dir, input };
}

async function userError(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (isUserError(err)) return err;
    throw err;
  }
  throw new Error('expected a user error');
}

describe('verifyPackage', () => {
  it('all files and the input match', async () => {
    const { dir, input } = makePackage();
    const v = await verifyPackage(dir);
    expect(v.mismatches).toBe(0);
    expect(v.checks.map((c) => `${c.what} ${c.path} ${c.status}`)).toEqual([
      'file evidence/F001.csv ok',
      'file report.md ok',
      `input ${input} ok`,
      'input - not-checked',
    ]);
    expect(v.checks[3].note).toBe('standard input');
    expect(v.manifestSha256).toBe((await hashFile(join(dir, 'manifest.json'))).sha256);
  });

  it('names a changed file with both fingerprints, and a missing one', async () => {
    const { dir } = makePackage();
    writeFileSync(join(dir, 'report.md'), '# Report!\n');
    rmSync(join(dir, 'evidence/F001.csv'));
    const v = await verifyPackage(dir);
    expect(v.mismatches).toBe(2);
    const changed = v.checks.find((c) => c.path === 'report.md')!;
    expect(changed.status).toBe('changed');
    expect(changed.expected).toEqual({ sha256: sha('# Report\n'), size: 9 });
    expect(changed.actual).toEqual({ sha256: sha('# Report!\n'), size: 10 });
    expect(v.checks.find((c) => c.path === 'evidence/F001.csv')!.status).toBe('missing');
  });

  it('reports added files without counting them as mismatches', async () => {
    const { dir } = makePackage();
    writeFileSync(join(dir, 'evidence', 'F002.csv'), 'added');
    const v = await verifyPackage(dir);
    expect(v.mismatches).toBe(0);
    expect(v.checks.filter((c) => c.status === 'extra').map((c) => c.path)).toEqual(['evidence/F002.csv']);
  });

  it('an input that moved is not checked; one changed in place is a mismatch', async () => {
    const moved = makePackage();
    renameSync(moved.input, `${moved.input}.bak`);
    const v1 = await verifyPackage(moved.dir);
    expect(v1.mismatches).toBe(0);
    const c1 = v1.checks.find((c) => c.what === 'input' && c.path === moved.input)!;
    expect(c1.status).toBe('not-checked');
    expect(c1.note).toBe(`not found at ${moved.input}`);

    const edited = makePackage();
    writeFileSync(edited.input, 'start,caller,callee\nx\n');
    const v2 = await verifyPackage(edited.dir);
    expect(v2.mismatches).toBe(1);
    expect(v2.checks.find((c) => c.what === 'input' && c.path === edited.input)!.status).toBe('changed');
  });

  it('a folder without a valid manifest is a user error', async () => {
    const { dir } = makePackage();
    expect((await userError(verifyPackage(join(dir, 'nope')))).message).toBe(
      `${join(dir, 'nope')}: no such directory`,
    );
    expect((await userError(verifyPackage(join(dir, 'report.md')))).code).toBe('INPUT_NOT_FILE');
    rmSync(join(dir, 'manifest.json'));
    const missing = await userError(verifyPackage(dir));
    expect(missing.code).toBe('BAD_MANIFEST');
    expect(missing.message).toBe(
      `${join(dir, 'manifest.json')}: missing; is ${dir} a cdrscope evidence package?`,
    );
    writeFileSync(join(dir, 'manifest.json'), '{not json');
    expect((await userError(verifyPackage(dir))).message).toMatch(/manifest\.json: not valid JSON/);
  });
});

describe('parseManifest', () => {
  const good = () => {
    const { dir } = makePackage();
    return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  };
  const fails = (m: unknown) => {
    try {
      parseManifest(JSON.stringify(m), 'm.json');
    } catch (err) {
      return (err as Error).message;
    }
    return 'accepted';
  };

  it('rejects what is not a cdrscope manifest', () => {
    expect(fails([])).toBe('m.json: not a cdrscope manifest (not an object)');
    expect(fails({ ...good(), schema: 'other/1' })).toBe(
      'm.json: not a cdrscope manifest (schema is "other/1", expected "cdrscope.manifest/1")',
    );
    expect(fails({ ...good(), files: undefined })).toBe('m.json: not a cdrscope manifest (no "files" list)');
  });

  it('rejects paths that leave the package, duplicates, bad fingerprints', () => {
    const file = (path: string, sha256 = sha('')) => ({ ...good(), files: [{ path, sha256, size: 0 }] });
    expect(fails(file('../outside.txt'))).toMatch(
      /files\[0\]\.path "\.\.\/outside\.txt" is not a path inside the package/,
    );
    expect(fails(file('/etc/passwd'))).toMatch(/is not a path inside the package/);
    expect(fails(file('manifest.json'))).toMatch(/lists the manifest itself/);
    expect(fails(file('a.txt', 'abc'))).toMatch(/files\[0\]\.sha256 is not a SHA-256/);
    expect(fails({ ...good(), files: [file('a').files[0], file('a').files[0]] })).toMatch(/listed twice/);
    expect(fails(good())).toBe('accepted');
  });

  it('isSafeRelative', () => {
    for (const p of ['report.html', 'evidence/F001.csv']) expect(isSafeRelative(p), p).toBe(true);
    for (const p of ['', '..', '../x', 'a/../../x', '/abs', './a', 'a//b', 'a\\b'])
      expect(isSafeRelative(p), p).toBe(false);
  });
});
