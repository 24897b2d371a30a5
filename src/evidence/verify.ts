/**
 * `cdrscope verify <dir>`: re-hashes an evidence package against its manifest.json.
 *
 * - Every file listed is re-hashed: `ok`, `changed` (other bytes) or `missing`.
 * - Every input is re-hashed when it is still at its recorded absolute path: `ok` or `changed`; an input
 *   that is no longer there (moved, another machine) or came from standard input is `not-checked`,
 *   never a mismatch: the package is about its own files, the inputs are checked when available.
 * - Files in the folder that the manifest does not list are reported as `extra` (added after
 *   generation); they do not make the listed files wrong, so they are not a mismatch.
 * A missing or unreadable manifest is a user error.
 */
import { promises as fsp } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { UserError } from '../errors.js';
import { hashFile, MANIFEST_FILE, type Manifest, parseManifest } from './manifest.js';

export type CheckStatus = 'ok' | 'changed' | 'missing' | 'not-checked' | 'extra';

export interface Check {
  what: 'file' | 'input';
  /** Package-relative path (files) or the input path as given on the command line (inputs). */
  path: string;
  status: CheckStatus;
  expected?: { sha256: string; size: number };
  actual?: { sha256: string; size: number };
  /** Why an input was not checked, where it was looked for. */
  note?: string;
}

export interface Verification {
  dir: string;
  manifest: Manifest;
  /** SHA-256 of manifest.json itself, to compare with the one noted when the package was made. */
  manifestSha256: string;
  checks: Check[];
  /** Files changed or missing, inputs changed. */
  mismatches: number;
}

export async function verifyPackage(dir: string): Promise<Verification> {
  const stat = await fsp.stat(dir).catch(() => null);
  if (!stat) throw new UserError('INPUT_NOT_FOUND', `${dir}: no such directory`);
  if (!stat.isDirectory())
    throw new UserError('INPUT_NOT_FILE', `${dir}: not a directory (give the package folder)`);
  const manifestPath = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await fsp.readFile(manifestPath, 'utf8');
  } catch {
    throw new UserError('BAD_MANIFEST', `${manifestPath}: missing; is ${dir} a cdrscope evidence package?`);
  }
  const manifest = parseManifest(text, manifestPath);
  const checks: Check[] = [];

  for (const f of manifest.files) {
    const expected = { sha256: f.sha256, size: f.size };
    const actual = await hashIfFile(join(dir, f.path));
    checks.push({
      what: 'file',
      path: f.path,
      status: actual === null ? 'missing' : actual.sha256 === f.sha256 ? 'ok' : 'changed',
      expected,
      ...(actual ? { actual } : {}),
    });
  }

  for (const i of manifest.inputs) {
    const expected = { sha256: i.sha256, size: i.size };
    if (i.absolutePath === null) {
      checks.push({ what: 'input', path: i.path, status: 'not-checked', expected, note: 'standard input' });
      continue;
    }
    const actual = await hashIfFile(i.absolutePath);
    if (actual === null) {
      checks.push({
        what: 'input',
        path: i.path,
        status: 'not-checked',
        expected,
        note: `not found at ${i.absolutePath}`,
      });
      continue;
    }
    checks.push({
      what: 'input',
      path: i.path,
      status: actual.sha256 === i.sha256 ? 'ok' : 'changed',
      expected,
      actual,
      note: i.absolutePath,
    });
  }

  const listed = new Set(manifest.files.map((f) => f.path));
  listed.add(MANIFEST_FILE);
  for (const p of await listFiles(dir)) {
    if (!listed.has(p)) checks.push({ what: 'file', path: p, status: 'extra' });
  }

  return {
    dir,
    manifest,
    manifestSha256: (await hashFile(manifestPath)).sha256,
    checks,
    mismatches: checks.filter((c) => c.status === 'changed' || c.status === 'missing').length,
  };
}

async function hashIfFile(path: string): Promise<{ sha256: string; size: number } | null> {
  const stat = await fsp.stat(path).catch(() => null);
  if (!stat?.isFile()) return null;
  return hashFile(path);
}

/** Every regular file under `dir`, package-relative with `/` separators, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await fsp.readdir(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  await walk(dir);
  return out.sort();
}
