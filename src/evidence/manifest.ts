/**
 * manifest.json of an evidence package (schema `cdrscope.manifest/1`): the SHA-256 and size of every
 * input and of every file written (the manifest itself excepted), the tool version, the exact command
 * line, the time zone and its DST rules, the thresholds in force and the generation time. `verify`
 * re-hashes the package against it.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { isAbsolute, normalize, sep } from 'node:path';
import { UserError } from '../errors.js';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_SCHEMA = 'cdrscope.manifest/1';

export interface ManifestFile {
  /** Path inside the package, `/`-separated (`evidence/F001.csv`). */
  path: string;
  sha256: string;
  size: number;
}

export interface ManifestInput {
  /** Path as given on the command line (`-` for standard input). */
  path: string;
  /** Absolute path at generation time (null for standard input): where `verify` looks for it. */
  absolutePath: string | null;
  sha256: string;
  size: number;
  format: string;
}

export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  tool: { name: string; version: string };
  generatedAt: string;
  /** Arguments after the program name, exactly as typed. */
  command: string[];
  /** Working directory the command ran in (relative input paths are relative to it). */
  cwd: string;
  timezone: string;
  timeRules: string;
  country: string;
  owner: string | null;
  language: string;
  redacted: boolean;
  /** Detector thresholds in force: kind -> name -> value. */
  parameters: Record<string, Record<string, number>>;
  inputs: ManifestInput[];
  files: ManifestFile[];
}

/** SHA-256 (hex) and size of a file, streamed. */
export async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** SHA-256 (hex) of a string's UTF-8 bytes. */
export function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function serializeManifest(m: Manifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

/** True for a package-relative path that stays inside the package. */
export function isSafeRelative(p: string): boolean {
  if (p === '' || isAbsolute(p) || p.includes('\\') || p.includes('\0')) return false;
  const n = normalize(p);
  return n !== '..' && !n.startsWith(`..${sep}`) && !n.startsWith('/') && n === p.split('/').join(sep);
}

/** Reads and checks a manifest; any problem is a user error naming the file. */
export function parseManifest(text: string, where: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UserError('BAD_MANIFEST', `${where}: not valid JSON (${(err as Error).message})`);
  }
  const bad = (what: string): never => {
    throw new UserError('BAD_MANIFEST', `${where}: not a cdrscope manifest (${what})`);
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return bad('not an object');
  const m = data as Record<string, unknown>;
  if (m.schema !== MANIFEST_SCHEMA)
    return bad(`schema is ${JSON.stringify(m.schema)}, expected "${MANIFEST_SCHEMA}"`);
  if (!Array.isArray(m.files)) return bad('no "files" list');
  if (!Array.isArray(m.inputs)) return bad('no "inputs" list');
  const isHash = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
  const seen = new Set<string>();
  for (const [i, f] of (m.files as unknown[]).entries()) {
    const e = f as Partial<ManifestFile> | null;
    if (typeof e !== 'object' || e === null) return bad(`files[${i}] is not an object`);
    if (typeof e.path !== 'string' || !isSafeRelative(e.path))
      return bad(`files[${i}].path ${JSON.stringify(e.path)} is not a path inside the package`);
    if (e.path === MANIFEST_FILE) return bad(`files[${i}] lists the manifest itself`);
    if (seen.has(e.path)) return bad(`files[${i}].path "${e.path}" is listed twice`);
    seen.add(e.path);
    if (!isHash(e.sha256)) return bad(`files[${i}].sha256 is not a SHA-256`);
    if (typeof e.size !== 'number' || !Number.isInteger(e.size) || e.size < 0)
      return bad(`files[${i}].size is not a size`);
  }
  for (const [i, f] of (m.inputs as unknown[]).entries()) {
    const e = f as Partial<ManifestInput> | null;
    if (typeof e !== 'object' || e === null) return bad(`inputs[${i}] is not an object`);
    if (typeof e.path !== 'string') return bad(`inputs[${i}].path is missing`);
    if (e.absolutePath !== null && typeof e.absolutePath !== 'string')
      return bad(`inputs[${i}].absolutePath is not a path`);
    if (!isHash(e.sha256)) return bad(`inputs[${i}].sha256 is not a SHA-256`);
    if (typeof e.size !== 'number') return bad(`inputs[${i}].size is not a size`);
  }
  return data as Manifest;
}
