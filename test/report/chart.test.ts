import { describe, expect, it } from 'vitest';
import { Clock } from '../../src/records/time.js';
import { bucketOf, bucketStart, callsChart, localHour } from '../../src/report/chart.js';

const paris = new Clock('Europe/Paris');
const T = (iso: string) => Date.parse(iso);

function hourly(times: string[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const t of times) {
    const k = bucketOf(localHour(T(t), paris), 1);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

describe('buckets', () => {
  it('local hours follow the zone, days start at local midnight, weeks on Monday', () => {
    const h = localHour(T('2026-03-02T00:30:00+01:00'), paris);
    expect(h % 24).toBe(0);
    expect(bucketStart(bucketOf(h, 24), 24)).toBe(h);
    // Monday 2 March 2026 00:00 local starts a week.
    expect(bucketStart(bucketOf(h + 50, 168), 168)).toBe(h);
    // Summer time: 10:30 in July is still local hour 10.
    expect(localHour(T('2026-07-14T10:30:00+02:00'), paris) % 24).toBe(10);
  });
});

describe('callsChart', () => {
  const base = {
    unitHours: 1,
    windowStart: T('2026-03-02T14:00:00+01:00'),
    windowEnd: T('2026-03-02T15:59:59+01:00'),
    id: 'F001',
    clock: paris,
    lang: 'fr' as const,
  };

  it('draws one bar per non-empty hour, the period band and the baseline', () => {
    const counts = hourly([
      ...Array(15).fill('2026-03-02T14:10:00+01:00'),
      ...Array(12).fill('2026-03-02T15:20:00+01:00'),
      '2026-03-02T09:00:00+01:00',
    ]);
    const c = callsChart({ ...base, counts, baselinePerDay: 4.8 });
    expect(c.bucketHours).toBe(1);
    expect(c.svg.match(/class="bar"/g)).toHaveLength(3);
    expect(c.svg.match(/class="band"/g)).toHaveLength(1);
    expect(c.svg.match(/class="baseline"/g)).toHaveLength(1);
    expect(c.svg).toContain('niveau habituel : 0,2 par heure');
    expect(c.buckets.reduce((n, b) => n + b.count, 0)).toBe(28);
    const busiest = c.buckets.find((b) => b.count === 15)!;
    expect(new Date(busiest.wallMs).toISOString()).toBe('2026-03-02T14:00:00.000Z');
    expect(busiest.inWindow).toBe(true);
    expect(c.buckets.find((b) => b.count === 1)!.inWindow).toBe(false);
    expect(c.buckets.length).toBeGreaterThanOrEqual(24);
    expect(c.svg).toMatch(/^<svg [^>]*role="img"/);
    expect(c.svg).toContain(
      '<title id="chart-F001-title">Graphique des appels du constat F001 dans le temps</title>',
    );
  });

  it('has no baseline line without a baseline, and says when there is nothing to draw', () => {
    const c = callsChart({ ...base, counts: new Map(), baselinePerDay: null });
    expect(c.svg).not.toContain('class="baseline"');
    expect(c.svg).not.toContain('class="bar"');
    expect(c.svg).toContain('Aucune ligne justificative à représenter.');
  });

  it('merges buckets over long periods: never more than 120 bars', () => {
    const times: string[] = [];
    for (let d = 0; d < 200; d++)
      times.push(new Date(T('2025-06-01T12:00:00+02:00') + d * 86_400_000).toISOString());
    const c = callsChart({ ...base, counts: hourly(times), lang: 'en' });
    expect(c.buckets.length).toBeLessThanOrEqual(120);
    expect(c.bucketHours).toBeGreaterThanOrEqual(48);
    expect(c.buckets.reduce((n, b) => n + b.count, 0)).toBe(200);
  });

  it('accepts day buckets', () => {
    const m = new Map<number, number>();
    const day = bucketOf(localHour(T('2026-03-02T10:00:00+01:00'), paris), 24);
    m.set(day, 40);
    m.set(day - 1, 4);
    const c = callsChart({ ...base, counts: m, unitHours: 24, baselinePerDay: 4, lang: 'en' });
    expect(c.bucketHours).toBe(24);
    expect(c.svg).toContain('usual level: 4 per day');
    expect(c.buckets.filter((b) => b.count > 0).map((b) => b.count)).toEqual([4, 40]);
  });
});
