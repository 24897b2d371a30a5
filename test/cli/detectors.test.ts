/**
 * `cdrscope detectors` as users run it (built CLI, `npm run build` first): the method printed from the
 * detectors' metadata, JSON equal to the metadata, one kind in French, unknown kinds refused.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../src/detectors/index.js';
import { FINDING_KINDS } from '../../src/detectors/types.js';
import { methodMarkdown, methodText, paramValue, wrap } from '../../src/report/method.js';

const BIN = fileURLToPath(new URL('../../bin/cdrscope', import.meta.url));

function run(...args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const callStorm = DETECTORS.find((d) => d.meta.id === 'call-storm')!.meta;

describe('cdrscope detectors --json', () => {
  it('prints the seven kinds with every parameter equal to the metadata', () => {
    const res = run('detectors', '--json');
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    const doc = JSON.parse(res.stdout);
    expect(doc.schema).toBe('cdrscope.detectors/1');
    expect(doc.tool.name).toBe('cdrscope');
    expect(doc.detectors.map((d: { id: string }) => d.id)).toEqual([...FINDING_KINDS]);
    for (const d of DETECTORS) {
      const printed = doc.detectors.find((x: { id: string }) => x.id === d.meta.id);
      expect(printed.params, d.meta.id).toEqual(d.meta.params);
      expect(printed.title).toEqual(d.meta.title);
      expect(printed.looksFor).toEqual(d.meta.looksFor);
      expect(printed.falsePositives).toEqual(d.meta.falsePositives);
      expect(printed.references).toEqual(d.meta.references);
      expect(printed.limits).toEqual(d.meta.limits);
    }
    // Tiny thresholds survive JSON as numbers.
    expect(doc.detectors[0].params.highMaxP.default).toBe(1e-12);
  });

  it('with a kind, prints that detector only', () => {
    const res = run('detectors', 'repeat-caller', '--json');
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout);
    expect(doc.detectors).toHaveLength(1);
    expect(doc.detectors[0].id).toBe('repeat-caller');
    expect(doc.detectors[0].params.minCallsPerDay).toEqual({
      default: 6,
      unit: 'calls',
      why: expect.stringContaining('attentive relative'),
    });
  });
});

describe('cdrscope detectors (text)', () => {
  it('call-storm --lang fr prints the French title, labels and limits, and every parameter', () => {
    const res = run('detectors', 'call-storm', '--lang', 'fr');
    expect(res.code).toBe(0);
    expect(res.stdout.split('\n')[0]).toBe("call-storm · Afflux d'appels vers un numéro");
    expect(res.stdout).toContain('Ce qu’il recherche');
    expect(res.stdout).toContain('Causes connues de fausses alertes');
    expect(res.stdout).toContain('Modifiable avec --param call-storm.<nom>=<valeur>');
    expect(res.stdout).not.toContain('Call storm on one number');
    expect(res.stdout).not.toContain('prefix-storm ·');
    for (const name of Object.keys(callStorm.params)) expect(res.stdout).toContain(`│ ${name} `);
    expect(res.stdout).toMatch(/│ floorPerDay\s+│\s+1000 │ calls/);
    expect(res.stdout).toMatch(/│ maxP\s+│\s+1e-6 │ probability/);
    // The limits, word for word once the wrapping is undone.
    expect(res.stdout.replace(/\s+/g, ' ')).toContain(callStorm.limits.fr);
  });

  it('without a kind, lists the seven detectors in English with --lang en', () => {
    const res = run('detectors', '--lang', 'en');
    expect(res.code).toBe(0);
    const intro = res.stdout.slice(0, res.stdout.indexOf('\n\n')).replace(/\s+/g, ' ');
    expect(intro).toBe(
      `7 detectors: ${FINDING_KINDS.join(', ')}. One detector only: cdrscope detectors <kind>. Machine-readable: --json.`,
    );
    const headings = res.stdout.split('\n').filter((l) => / · /.test(l) && !l.startsWith('│'));
    expect(headings).toEqual(DETECTORS.map((d) => `${d.meta.id} · ${d.meta.title.en}`));
  });

  it('--markdown prints one section per detector with its parameter table', () => {
    const res = run('detectors', 'prefix-storm', '--markdown', '--lang', 'en');
    expect(res.code).toBe(0);
    expect(res.stdout.split('\n')[0]).toBe('## Call storm into a number range (`prefix-storm`)');
    expect(res.stdout).toContain('| `holdShare` | 0.8 | share |');
    expect(res.stdout).toContain('| `highMaxP` | 1e-12 | probability |');
  });
});

describe('cdrscope detectors: usage errors', () => {
  it('an unknown kind exits 2 and lists the known kinds', () => {
    const res = run('detectors', 'call-strom');
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(`cdrscope: unknown detector "call-strom" (known: ${FINDING_KINDS.join(', ')})\n`);
  });

  it('a bad --lang, or --json with --markdown, exits 2', () => {
    const lang = run('detectors', '--lang', 'de');
    expect(lang.code).toBe(2);
    expect(lang.stderr).toBe('cdrscope: --lang must be fr or en, not "de"\n');
    const both = run('detectors', '--json', '--markdown');
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('cdrscope: choose --json or --markdown, not both\n');
  });
});

describe('method renderers', () => {
  it('paramValue writes values as --param reads them', () => {
    expect(paramValue(1000)).toBe('1000');
    expect(paramValue(0.8)).toBe('0.8');
    expect(paramValue(1e-6)).toBe('1e-6');
    expect(paramValue(0)).toBe('0');
  });

  it('wrap keeps lines within the width and every word', () => {
    const text = callStorm.looksFor.en;
    const lines = wrap(text, 60, '  - ', '    ');
    expect(lines[0].startsWith('  - ')).toBe(true);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(60);
    expect(lines.map((l) => l.slice(4)).join(' ')).toBe(text);
    expect(wrap('', 60)).toEqual(['']);
  });

  it('the text fits the width asked for', () => {
    const text = methodText([callStorm], 'en', 80);
    const lines = text.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
  });

  it('Markdown escapes the metadata text', () => {
    const md = methodMarkdown([{ ...callStorm, limits: { en: 'a | b <x>', fr: '' } }], 'en');
    expect(md).toContain('a \\| b \\<x\\>');
  });
});
