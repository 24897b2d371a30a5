/** The evidence sink of a report run: evidence CSVs streamed per finding, bounded aggregates. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { addRow, CSV_COLUMNS, KeyCounter, newAggregate } from '../../src/evidence/package.js';
import type { CallRecord } from '../../src/records/record.js';
import { Clock } from '../../src/records/time.js';
import { csvValue } from '../../src/report/escape.js';
import { buildSample, FIXTURE, leakedNumbers, OWNER, REPEAT_CALLER, ROBOCALLER } from '../report/sample.js';

function readCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return parse(text.slice(1), { columns: true }) as Record<string, string>[];
}

const fixtureLines = readFileSync(FIXTURE, 'utf8').split('\n');

describe('EvidenceCollector', () => {
  it('writes one CSV per finding with every supporting row, its file, line and original text', async () => {
    const s = await buildSample();
    expect(readdirSync(join(s.dir, 'evidence')).sort()).toEqual([
      'F001.csv',
      'F002.csv',
      'F003.csv',
      'F004.csv',
    ]);
    expect(s.collector.written).toEqual([
      'evidence/F001.csv',
      'evidence/F002.csv',
      'evidence/F003.csv',
      'evidence/F004.csv',
    ]);
    const text = readFileSync(join(s.dir, 'evidence/F001.csv'), 'utf8');
    expect(text.slice(1, text.indexOf('\r\n'))).toBe(CSV_COLUMNS.join(','));

    const f001 = readCsv(join(s.dir, 'evidence/F001.csv'));
    expect(f001).toHaveLength(30);
    expect(f001[0]).toEqual({
      start: '2026-03-02T14:00:00+01:00',
      caller: "'+33620000000",
      callee: "'+33140000000",
      duration: '5',
      status: 'answered',
      direction: 'in',
      callerName: '<script>alert(1)</script>',
      attestation: '',
      file: FIXTURE,
      line: '38',
      raw: fixtureLines[37],
    });
    expect(csvValue(f001[0].caller)).toBe('+33620000000');
    // A quoted name spanning two physical lines (fixture lines 40-41): the raw text keeps both.
    expect(f001[2].callerName).toBe('Line1\r\nLine2');
    expect(f001[2].raw).toBe(`${fixtureLines[39]}\n${fixtureLines[40]}`);
    expect(f001[3].callerName).toBe("'@cmd");
    expect(f001.map((r) => Number(r.line))).toEqual(
      [...f001.map((r) => Number(r.line))].sort((a, b) => a - b),
    );

    expect(readCsv(join(s.dir, 'evidence/F002.csv'))).toHaveLength(15);
    expect(readCsv(join(s.dir, 'evidence/F003.csv')).map((r) => csvValue(r.caller))).toEqual([
      '+2250700000001',
      '+2250700000002',
      '+21620000003',
      '+21620000004',
      '+37120000005',
      '+2250700000006',
    ]);
    const f004 = readCsv(join(s.dir, 'evidence/F004.csv'));
    expect(f004).toHaveLength(8);
    expect(f004[0].callerName).toBe('\'=HYPERLINK("http://evil.example","x")');
  });

  it('keeps bounded aggregates: counts per hour, busiest numbers, first rows, outcomes', async () => {
    const s = await buildSample();
    const a = s.aggregates[0];
    expect(a.rows).toBe(30);
    expect(a.unitHours).toBe(1);
    expect([...a.counts.values()]).toEqual([15, 15]);
    expect(a.callers.counts.size).toBe(30);
    expect(a.callees.top(3)).toEqual([[OWNER, 30]]);
    expect(a.first).toHaveLength(10);
    expect(a.first[0].line).toBe(38);
    expect(a.statuses).toEqual({ answered: 15, missed: 15 });
    expect(s.aggregates[1].callers.top(1)).toEqual([[ROBOCALLER, 15]]);
    expect(s.aggregates[3].callers.top(1)).toEqual([[REPEAT_CALLER, 8]]);
  });

  it('with --redact, the CSVs hold no third-party number, raw text included', async () => {
    const s = await buildSample({ redact: true });
    const all = readdirSync(join(s.dir, 'evidence'))
      .map((f) => readFileSync(join(s.dir, 'evidence', f), 'utf8'))
      .join('\n');
    expect(leakedNumbers(all)).toEqual([]);
    const f001 = readCsv(join(s.dir, 'evidence/F001.csv'));
    expect(f001[0].caller).toBe("'+33•••••••00");
    expect(f001[0].callee).toBe("'+33140000000");
    expect(f001[0].callerName).toBe('•••');
    expect(f001[0].raw).toBe('2026-03-02 14:00:00,•• •• •• •• 00,+33140000000,5,answered,in,•••');
    const f002 = readCsv(join(s.dir, 'evidence/F002.csv'));
    expect(csvValue(f002[0].caller)).toBe(ROBOCALLER);
    expect(f002[0].callerName).toBe('SPAM <b>CORP</b>');
    const f003 = readCsv(join(s.dir, 'evidence/F003.csv'));
    expect(csvValue(f003[0].caller)).toBe('+2250700000001');
  });

  it('writes a header-only CSV for a finding without rows', async () => {
    const s = await buildSample({
      candidates: [
        {
          kind: 'call-storm',
          severity: 'low',
          subject: '+33199999999',
          subjectType: 'number',
          start: 0,
          end: 1,
          calls: 0,
          metrics: {},
          summary: { en: '', fr: '' },
          matches: () => false,
        },
      ],
    });
    expect(readFileSync(join(s.dir, 'evidence/F001.csv'), 'utf8')).toBe(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('KeyCounter', () => {
  it('counts at most `cap` distinct keys and the rows of the others as untracked', () => {
    const c = new KeyCounter(2);
    for (const k of ['a', 'b', 'a', 'c', 'd', 'a', 'b', 'c']) c.add(k);
    expect([...c.counts]).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
    expect(c.untracked).toBe(3);
    expect(c.capped).toBe(true);
    expect(c.top(1)).toEqual([['a', 3]]);
  });

  it('ranks by count, then key', () => {
    const c = new KeyCounter();
    for (const k of ['z', 'y', 'y', 'x', 'z']) c.add(k);
    expect(c.top(10)).toEqual([
      ['y', 2],
      ['z', 2],
      ['x', 1],
    ]);
    expect(c.capped).toBe(false);
  });
});

describe('addRow', () => {
  it('merges hour buckets into days when a finding spans more than 20,000 hours', () => {
    const clock = new Clock('Europe/Paris');
    const agg = newAggregate(10);
    const t0 = Date.parse('2020-01-01T00:30:00+01:00');
    const r: CallRecord = {
      start: 0,
      caller: '+33612345678',
      callee: '+33140000000',
      callerId: 0,
      calleeId: 1,
      duration: 0,
      status: 'missed',
      direction: 'in',
      input: 0,
      line: 1,
    };
    const days = new Set<string>();
    const n = 20_100;
    for (let h = 0; h < n; h++) {
      addRow(agg, { ...r, start: t0 + h * 3_600_000, line: h + 2 }, undefined, 'x.csv', clock);
      days.add(clock.day(t0 + h * 3_600_000));
    }
    expect(agg.rows).toBe(n);
    expect(agg.unitHours).toBe(24);
    expect(agg.counts.size).toBe(days.size);
    expect([...agg.counts.values()].reduce((a, b) => a + b, 0)).toBe(n);
    expect(agg.first).toHaveLength(10);
    expect(agg.first[0]).toMatchObject({ file: 'x.csv', line: 2, raw: undefined });
  });
});
