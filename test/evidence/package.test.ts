/**
 * writePackage end to end: the real pipeline (reader, evidence pass, sink, renderers, manifest) over
 * fixtures/report/calls.csv, with stand-in detectors so the findings do not depend on tuning.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { MANIFEST_SCHEMA, parseManifest } from '../../src/evidence/manifest.js';
import { writePackage } from '../../src/evidence/package.js';
import { FIXTURE, FOREIGN, leakedNumbers, OWNER, REPEAT_CALLER, ROBOCALLER } from '../report/sample.js';

vi.mock('../../src/detectors/index.js', () => {
  const T = (iso: string) => Date.parse(iso);
  const owner = '+33140000000';
  const meta = (id: string) => ({
    id,
    title: { en: `Stand-in ${id}`, fr: `Substitut ${id}` },
    looksFor: { en: `Looks for ${id}.`, fr: `Recherche ${id}.` },
    params: { minCalls: { default: 10, unit: 'calls', why: 'test' } },
    falsePositives: [],
    references: [],
    limits: { en: 'Limits.', fr: 'Limites.' },
  });
  const detector = (
    id: string,
    cand: Record<string, unknown> & {
      matches: (r: { caller: string; callee: string; start: number }) => boolean;
    },
  ) => ({
    meta: meta(id),
    create: () => ({
      observe: () => undefined,
      finish: () => [{ kind: id, subjectType: 'number', metrics: {}, ...cand }],
    }),
  });
  return {
    DETECTORS: [
      detector('call-storm', {
        severity: 'high',
        subject: owner,
        start: T('2026-03-02T14:00:00+01:00'),
        end: T('2026-03-02T15:59:59+01:00'),
        calls: 30,
        metrics: { baselinePerDay: 5, ratio: 36, busiestCaller: '+33620000007' },
        summary: { en: 'Storm, busiest +33620000007.', fr: 'Afflux, le plus actif +33620000007.' },
        matches: (r) =>
          r.callee === owner &&
          r.start >= T('2026-03-02T14:00:00+01:00') &&
          r.start < T('2026-03-02T16:00:00+01:00'),
      }),
      detector('robocall-flood', {
        severity: 'medium',
        subject: '+33162000001',
        start: T('2026-03-03T10:00:00+01:00'),
        end: T('2026-03-03T10:14:00+01:00'),
        calls: 15,
        summary: { en: 'Flood, e.g. 01 45 00 00 03.', fr: 'Vague, par exemple 01 45 00 00 03.' },
        matches: (r) => r.caller === '+33162000001',
      }),
      detector('rotating-foreign-callers', {
        severity: 'medium',
        subject: owner,
        start: T('2026-03-04T02:00:00+01:00'),
        end: T('2026-03-04T02:15:00+01:00'),
        calls: 6,
        summary: { en: 'Wangiri.', fr: 'Wangiri.' },
        matches: (r) => r.callee === owner && !r.caller.startsWith('+33'),
      }),
      detector('prefix-storm', {
        severity: 'low',
        subject: '+3399',
        subjectType: 'prefix',
        start: T('2026-03-06T00:00:00+01:00'),
        end: T('2026-03-06T23:59:59+01:00'),
        calls: 0,
        summary: { en: 'No row.', fr: 'Aucune ligne.' },
        matches: () => false,
      }),
      detector('repeat-caller', {
        severity: 'low',
        subject: '+33612000099',
        start: T('2026-03-05T01:00:00+01:00'),
        end: T('2026-03-05T03:49:00+01:00'),
        calls: 8,
        metrics: { callee: owner },
        summary: { en: '', fr: '' },
        matches: (r) => r.caller === '+33612000099',
      }),
    ],
  };
});

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const fresh = () => join(mkdtempSync(join(tmpdir(), 'cdrscope-pkg-')), 'out');

function allFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(join(dir, e.name), base) : [join(dir, e.name).slice(base.length + 1)],
  );
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

describe('writePackage', () => {
  it('writes the reports, the findings, one CSV per finding and a manifest of all of them', async () => {
    const out = fresh();
    const command = ['report', FIXTURE, '--owner', OWNER, '--out', out];
    const res = await writePackage([FIXTURE], { owner: OWNER }, out, { command });
    expect(res.lang).toBe('fr');
    expect(res.analysis.findings.map((f) => `${f.id} ${f.kind} ${f.evidence.rows}`)).toEqual([
      'F001 call-storm 30',
      'F002 robocall-flood 15',
      'F003 rotating-foreign-callers 6',
      'F004 repeat-caller 8',
      'F005 prefix-storm 0',
    ]);
    expect(allFiles(out).sort()).toEqual([
      'evidence/F001.csv',
      'evidence/F002.csv',
      'evidence/F003.csv',
      'evidence/F004.csv',
      'evidence/F005.csv',
      'findings.json',
      'manifest.json',
      'report.html',
      'report.md',
    ]);

    const manifest = parseManifest(readFileSync(join(out, 'manifest.json'), 'utf8'), 'manifest.json');
    expect(manifest.schema).toBe(MANIFEST_SCHEMA);
    expect(manifest.command).toEqual(command);
    expect(manifest.timezone).toBe('Europe/Paris');
    expect(manifest.timeRules).toContain('heure répétée');
    expect(manifest.owner).toBe(OWNER);
    expect(manifest.redacted).toBe(false);
    expect(manifest.parameters).toEqual({
      'call-storm': { minCalls: 10 },
      'robocall-flood': { minCalls: 10 },
      'rotating-foreign-callers': { minCalls: 10 },
      'prefix-storm': { minCalls: 10 },
      'repeat-caller': { minCalls: 10 },
    });
    expect(manifest.inputs).toEqual([
      {
        path: FIXTURE,
        absolutePath: resolve(FIXTURE),
        sha256: sha(FIXTURE),
        size: statSync(FIXTURE).size,
        format: 'generic',
      },
    ]);
    expect(manifest.files.map((f) => f.path)).toEqual(
      allFiles(out)
        .filter((f) => f !== 'manifest.json')
        .sort(),
    );
    for (const f of manifest.files) {
      expect(f.sha256, f.path).toBe(sha(join(out, f.path)));
      expect(f.size, f.path).toBe(statSync(join(out, f.path)).size);
    }
    expect(res.manifestSha256).toBe(sha(join(out, 'manifest.json')));
    expect(manifest.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);

    const doc = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'));
    expect(doc.schema).toBe('cdrscope.findings/1');
    expect(doc.language).toBe('fr');
    expect(doc.redacted).toBe(false);
    expect(doc.command).toEqual(command);
    expect(doc.findings[0].summary).toBe('Afflux, le plus actif +33620000007.');
    expect(doc.findings[0].evidence.sample[0]).toEqual({ file: FIXTURE, line: 38 });

    // High and medium findings get a section and a chart; the two low ones are rows of the leads annex,
    // whose evidence CSVs are written all the same.
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html.match(/<section class="finding"/g)).toHaveLength(3);
    expect(html.match(/<tbody id="finding-F00[45]">/g)).toHaveLength(2);
    expect(html).toContain('<a href="evidence/F004.csv">evidence/F004.csv</a>');
    expect(html).toContain('<a href="evidence/F005.csv">evidence/F005.csv</a>');
    expect(readFileSync(join(out, 'evidence/F004.csv'), 'utf8').split('\r\n')).toHaveLength(10);
    expect(readFileSync(join(out, 'evidence/F005.csv'), 'utf8').split('\r\n')).toHaveLength(2);
    expect(manifest.files.map((f) => f.path)).toContain('evidence/F005.csv');
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).not.toContain('## F004');
    expect(md).toContain('## Pistes de faible gravité (2)');
    expect(md).toContain(
      `| F004 | Substitut repeat-caller | \`${REPEAT_CALLER}\` | 05/03/2026 01:00 – 03:49 (UTC+01:00) | 8 |`,
    );
    expect(md).toContain(
      '| F005 | Substitut prefix-storm | `+3399` | 06/03/2026 00:00 – 23:59 (UTC+01:00) | 0 | Aucune ligne. | `evidence/F005.csv` |',
    );
    expect(md).toContain('S’y ajoutent 2 pistes de faible gravité');
  });

  it('--lang en writes the whole package in English', async () => {
    const out = fresh();
    await writePackage([FIXTURE], { owner: OWNER }, out, { lang: 'en' });
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<h1>Call analysis report</h1>');
    expect(JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')).findings[0].summary).toBe(
      'Storm, busiest +33620000007.',
    );
  });

  it('--redact: no third-party number survives in any file; the owner and the suspects do', async () => {
    const out = fresh();
    await writePackage([FIXTURE], { owner: OWNER }, out, { redact: true, command: ['report', '--redact'] });
    const files = allFiles(out);
    expect(files).toHaveLength(9);
    for (const f of files) {
      const text = readFileSync(join(out, f), 'utf8');
      expect(leakedNumbers(text), f).toEqual([]);
    }
    const all = files.map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
    for (const kept of [OWNER, ROBOCALLER, REPEAT_CALLER, ...FOREIGN]) expect(all).toContain(kept);
    const doc = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'));
    expect(doc.redacted).toBe(true);
    expect(doc.findings[0].summary).toBe('Afflux, le plus actif +33•••••••07.');
    expect(doc.findings[0].metrics.busiestCaller).toBe('+33•••••••07');
    expect(doc.findings[1].summary).toBe('Vague, par exemple •• •• •• •• 03.');
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).redacted).toBe(true);
  });

  it('refuses a non-empty folder, and --force replaces a previous package but leaves other files', async () => {
    const out = fresh();
    await writePackage([FIXTURE], { owner: OWNER }, out);
    const err = await userError(writePackage([FIXTURE], { owner: OWNER }, out));
    expect(err.code).toBe('OUTPUT_NOT_EMPTY');
    expect(err.message).toBe(
      `--out ${out}: the folder is not empty (5 entries); choose a new or empty folder, or add --force to replace a previous package there`,
    );
    writeFileSync(join(out, 'notes.txt'), 'mine');
    writeFileSync(join(out, 'evidence', 'F009.csv'), 'stale');
    const res = await writePackage([FIXTURE], { owner: OWNER }, out, { force: true, lang: 'en' });
    expect(res.foreign).toEqual(['notes.txt']);
    expect(existsSync(join(out, 'evidence', 'F009.csv'))).toBe(false);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(res.manifest.files.map((f) => f.path)).not.toContain('notes.txt');
  });

  it('accepts an existing empty folder; refuses a file', async () => {
    const out = fresh();
    mkdirSync(out);
    await writePackage([FIXTURE], { owner: OWNER }, out);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    const file = join(out, 'report.html');
    expect((await userError(writePackage([FIXTURE], {}, file))).message).toBe(
      `--out ${file}: exists and is not a folder`,
    );
  });

  it('leaves nothing behind when the analysis fails, and checks options before creating the folder', async () => {
    const out = fresh();
    const missing = await userError(writePackage(['/no/such/file.csv'], {}, out));
    expect(missing.message).toBe('/no/such/file.csv: no such file');
    expect(existsSync(out)).toBe(false);
    const tz = await userError(writePackage([FIXTURE], { tz: 'Mars/Olympus' }, out));
    expect(tz.message).toMatch(/unknown time zone/);
    expect(existsSync(out)).toBe(false);
    const empty = fresh();
    mkdirSync(empty);
    await userError(writePackage([FIXTURE, '/no/such/file.csv'], {}, empty));
    expect(readdirSync(empty)).toEqual([]);
  });
});
