/**
 * `cdrscope top` and `cdrscope timeline` end to end: spawns bin/cdrscope (run `npm run build` first;
 * `npm test` does) on the fixtures in fixtures/views/ and checks stdout, stderr and exit codes.
 *
 * fixtures/views/calls.csv (12 rows, lines 2-13) and extra.csv (line 2 a call, line 3 a bad date,
 * line 4 a caller that is a spreadsheet formula). +33140000000 receives 8 calls (calls.csv lines 2, 3,
 * 4, 7, 8, 9, 11 and extra.csv line 2) and places 2 (calls.csv lines 5 and 13).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CALLS = 'fixtures/views/calls.csv';
const EXTRA = 'fixtures/views/extra.csv';
const N = '+33140000000';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cdrscope(args: string[], input?: string): Run {
  const r = spawnSync(process.execPath, ['bin/cdrscope', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[]) {
  const r = cdrscope([...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

beforeAll(() => {
  for (const name of ['top', 'timeline']) {
    const built = statSync(`${ROOT}dist/cli/${name}.js`, { throwIfNoEntry: false });
    const src = statSync(`${ROOT}src/cli/${name}.ts`);
    if (!built || built.mtimeMs < src.mtimeMs) {
      throw new Error(`dist/cli/${name}.js is missing or older than its source: run npm run build first`);
    }
  }
});

describe('cdrscope top', () => {
  it('ranks callees per local day (--json)', () => {
    const doc = json(['top', CALLS, EXTRA, '--by', 'callee', '--window', '1d', '--limit', '2']);
    expect(doc.schema).toBe('cdrscope.top/1');
    expect(doc.timezone).toBe('Europe/Paris');
    expect(doc.by).toBe('callee');
    expect(doc.window).toBe('1d');
    expect(doc.windowKind).toBe('local-days');
    expect(doc.records).toBe(14);
    expect(
      doc.inputs.map((i: { path: string; rows: number; rejected: number }) => [i.path, i.rows, i.rejected]),
    ).toEqual([
      [CALLS, 12, 0],
      [EXTRA, 2, 1],
    ]);
    expect(doc.overall.calls).toBe(14);
    expect(doc.overall.keys).toBe(4);
    expect(doc.overall.top).toEqual([
      {
        rank: 1,
        key: N,
        calls: 8,
        answered: 2,
        answeredShare: 0.25,
        distinctCounterparts: 6,
        distinctApprox: false,
      },
      {
        rank: 2,
        key: '+33155555555',
        calls: 4,
        answered: 2,
        answeredShare: 0.5,
        distinctCounterparts: 4,
        distinctApprox: false,
      },
    ]);
    expect(
      doc.windows.map(
        (w: {
          start: string;
          end: string;
          calls: number;
          keys: number;
          top: { key: string; calls: number }[];
        }) => [w.start, w.end, w.calls, w.keys, w.top.map((e) => `${e.key}:${e.calls}`)],
      ),
    ).toEqual([
      ['2026-03-02T00:00:00+01:00', '2026-03-03T00:00:00+01:00', 7, 3, [`${N}:5`, '+33155555555:1']],
      ['2026-03-03T00:00:00+01:00', '2026-03-04T00:00:00+01:00', 6, 2, [`${N}:3`, '+33155555555:3']],
      ['2026-03-05T00:00:00+01:00', '2026-03-06T00:00:00+01:00', 1, 1, ['+33611111111:1']],
    ]);
  });

  it('groups by caller country and by caller prefix', () => {
    const country = json(['top', CALLS, '--by', 'caller-country']);
    expect(country.overall.top.map((e: { key: string; calls: number }) => [e.key, e.calls])).toEqual([
      ['FR', 9],
      ['MA', 3],
    ]);
    const prefix = json(['top', CALLS, '--by', 'caller-prefix', '--prefix-length', '2', '--window', '6h']);
    expect(prefix.prefixLength).toBe(2);
    expect(prefix.windowKind).toBe('fixed');
    expect(prefix.overall.top.map((e: { key: string; calls: number }) => [e.key, e.calls])).toEqual([
      ['+3361', 4],
      ['+21261', 3],
      ['+3314', 2],
      ['+3362', 1],
      ['+3364', 1],
      ['+3366', 1],
    ]);
    expect(prefix.windows[0].start).toBe('2026-03-02T06:00:00+01:00');
    expect(prefix.windows[0].end).toBe('2026-03-02T12:00:00+01:00');
  });

  it('writes CSV with spreadsheet-safe cells (--csv)', () => {
    const csv = cdrscope(['top', CALLS, EXTRA, '--by', 'caller', '--window', '1d', '--csv']);
    expect(csv.code).toBe(0);
    expect(csv.stderr).toBe('');
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toBe(
      'scope,window_start,window_end,rank,key,calls,answered,answered_share,distinct_counterparts,distinct_approx',
    );
    expect(lines[1]).toBe(
      "overall,2026-03-02T00:00:00+01:00,2026-03-06T00:00:00+01:00,1,'+33611111111,4,3,0.75,2,false",
    );
    // 10 listed overall + 6 + 5 + 1 per window, header, final empty string.
    expect(lines.length).toBe(1 + 10 + 12 + 1);
    expect(csv.stdout).toContain('"\'=HYPERLINK(""http://x"")"');
  });

  it('prints a table stating the zone and the unreadable rows', () => {
    const r = cdrscope(['top', CALLS, EXTRA, '--by', 'callee', '--window', '1d', '--limit', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('top 1 callees per 1d · 14 calls from 2 input(s) · zone Europe/Paris');
    expect(r.stdout).toContain('1 row(s) could not be read');
    expect(r.stdout).toMatch(/all \(3 window\(s\)\) │ 1 │ \+33140000000 +│ 8 +│ 6 +│ 2 \(25%\)/);
    expect(r.stdout).toMatch(/2026-03-03 +│ 1 │ \+33140000000 +│ 3 /);
    expect(r.stdout).toMatch(/… 3 more +│ 6 /);
  });

  it('keeps to --since/--until', () => {
    const doc = json(['top', CALLS, '--by', 'callee', '--since', '2026-03-03', '--until', '2026-03-05']);
    expect(doc.records).toBe(4);
    expect(doc.inputs[0].outOfRange).toBe(8);
    expect(doc.windows.map((w: { start: string }) => w.start)).toEqual(['2026-03-03T00:00:00+01:00']);
  });

  it('reads standard input', () => {
    const r = cdrscope(['top', '-', '--by', 'callee', '--json'], readFileSync(`${ROOT}${CALLS}`, 'utf8'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).overall.top[0]).toMatchObject({ key: N, calls: 7 });
  });

  it.each([
    [
      ['--by', 'number'],
      /--by "number": use one of caller, callee, caller-prefix, callee-prefix, caller-country/,
    ],
    [['--by', 'caller', '--window', '2x'], /--window "2x": write a length such as/],
    [['--by', 'caller', '--window', '0h'], /--window "0h"/],
    [['--by', 'caller', '--limit', '0'], /--limit "0": write a whole number, 1 or more/],
    [
      ['--by', 'caller', '--prefix-length', '2'],
      /--prefix-length applies only to --by caller-prefix or callee-prefix/,
    ],
    [['--by', 'caller', '--json', '--csv'], /--json and --csv: choose one/],
    [[], /required option '--by <key>' not specified/],
  ])('exits 2 on bad options: %j', (args, message) => {
    const r = cdrscope(['top', CALLS, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});

describe('cdrscope timeline', () => {
  it('counts calls to and from a number written in national form (--json)', () => {
    const doc = json(['timeline', CALLS, EXTRA, '--number', '01 40 00 00 00']);
    expect(doc.schema).toBe('cdrscope.timeline/1');
    expect(doc.number).toBe(N);
    expect(doc.numberAsWritten).toBe('01 40 00 00 00');
    expect(doc.window).toBe('1d');
    expect(doc.totals).toEqual({
      calls: 10,
      in: 8,
      out: 2,
      answered: 4,
      missed: 6,
      distinctCounterparts: 7,
      distinctApprox: false,
    });
    expect(
      doc.buckets.map(
        (b: { start: string; calls: number; in: number; out: number; answered: number; missed: number }) => [
          b.start,
          b.calls,
          b.in,
          b.out,
          b.answered,
          b.missed,
        ],
      ),
    ).toEqual([
      ['2026-03-02T00:00:00+01:00', 6, 5, 1, 2, 4],
      ['2026-03-03T00:00:00+01:00', 3, 3, 0, 1, 2],
      ['2026-03-05T00:00:00+01:00', 1, 0, 1, 1, 0],
    ]);
    expect(doc.claim).toBeNull();
  });

  it('checks "7 calls in 24 hours" and cites the rows', () => {
    const doc = json(['timeline', CALLS, EXTRA, '--number', N, '--window', '24h', '--min-count', '7']);
    expect(doc.claim.reached).toBe(true);
    expect(doc.claim.window).toBe('24h');
    expect(doc.claim.busiest.start).toBe('2026-03-02T09:00:00+01:00');
    expect(doc.claim.busiest.end).toBe('2026-03-03T09:00:00+01:00');
    expect(doc.claim.busiest.calls).toBe(7);
    expect(doc.claim.busiest.rows.map((r: { file: string; line: number }) => `${r.file}:${r.line}`)).toEqual(
      [2, 3, 4, 7, 8, 9, 11].map((l) => `${CALLS}:${l}`),
    );
    expect(doc.claim.episodes).toEqual([
      { start: '2026-03-02T09:00:00+01:00', end: '2026-03-03T09:00:00+01:00', peak: 7, calls: 7 },
    ]);
    const more = json(['timeline', CALLS, EXTRA, '--number', N, '--window', '24h', '--min-count', '8']);
    expect(more.claim.reached).toBe(false);
    expect(more.claim.busiest.calls).toBe(7);
    expect(more.claim.episodes).toEqual([]);
  });

  it('prints the claim in the terminal and its rows as CSV', () => {
    const r = cdrscope(['timeline', CALLS, EXTRA, '--number', N, '--window', '24h', '--min-count', '7']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('timeline of +33140000000 per day');
    expect(r.stdout).toContain(
      'Supported: 7 received calls from 2026-03-02T09:00:00+01:00 to 2026-03-03T09:00:00+01:00 (the busiest 24h).',
    );
    expect(r.stdout).toContain(`${CALLS}:11  2026-03-03T08:30:00+01:00`);
    expect(r.stdout).toMatch(/2026-03-04 +│ 0 /);
    expect(r.stdout).toContain('█'.repeat(30));
    const csv = cdrscope([
      'timeline',
      CALLS,
      EXTRA,
      '--number',
      N,
      '--window',
      '24h',
      '--min-count',
      '7',
      '--csv',
    ]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toBe('file,line,start,window_start,window_end');
    expect(lines[1]).toBe(
      `${CALLS},2,2026-03-02T09:00:00+01:00,2026-03-02T09:00:00+01:00,2026-03-03T09:00:00+01:00`,
    );
    expect(lines.length).toBe(1 + 7 + 1);
  });

  it('follows --owner when --number is not given', () => {
    const doc = json(['timeline', CALLS, '--owner', '+33 1 40 00 00 00']);
    expect(doc.number).toBe(N);
    expect(doc.totals.calls).toBe(9);
  });

  it('writes one CSV row per window', () => {
    const r = cdrscope(['timeline', CALLS, '--number', N, '--window', '1h', '--csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\r\n');
    expect(lines[0]).toBe(
      'window_start,window_end,calls,in,out,answered,missed,distinct_counterparts,distinct_approx',
    );
    expect(lines[1]).toBe('2026-03-02T09:00:00+01:00,2026-03-02T10:00:00+01:00,3,3,0,1,2,2,false');
    expect(lines.length).toBe(1 + 7 + 1);
  });

  it('gives an empty timeline and a clear message for a number that never appears (exit 0)', () => {
    const r = cdrscope(['timeline', CALLS, '--number', '+33999999999']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No call to or from +33999999999 in the inputs.');
    const j = cdrscope(['timeline', CALLS, '--number', '+33999999999', '--json']);
    expect(j.code).toBe(0);
    const doc = JSON.parse(j.stdout);
    expect(doc.totals.calls).toBe(0);
    expect(doc.buckets).toEqual([]);
    expect(j.stderr).toContain('no call to or from +33999999999 in the inputs (12 calls read)');
  });

  it.each([
    [['--number', N, '--window', 'soon'], /--window "soon": write a length such as/],
    [['--number', N, '--min-count', '0'], /--min-count "0": write a whole number, 1 or more/],
    [['--number', ' '], /--number: give a phone number/],
    [[], /give the number to follow with --number/],
  ])('exits 2 on bad options: %j', (args, message) => {
    const r = cdrscope(['timeline', CALLS, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});
