import { describe, expect, it } from 'vitest';
import { prefixStorm } from '../../src/detectors/prefix-storm.js';
import type { Candidate } from '../../src/detectors/types.js';
import type { CallRecord } from '../../src/records/record.js';
import { call, evidenceOf, mulberry32 as rng, runDetector } from './harness.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Monday 2024-03-04 00:00 in Paris (+01:00). */
const T0 = Date.parse('2024-03-04T00:00:00+01:00');

function digits(rand: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 10);
  return s;
}
/** A French geographic number in area `area` (1-5) with a given second digit. */
function french(rand: () => number, area: number, second = 1 + Math.floor(rand() * 9)): string {
  return `+33${area}${second}${digits(rand, 7)}`;
}
function frenchMobile(rand: () => number): string {
  return `+336${1 + Math.floor(rand() * 8)}${digits(rand, 7)}`;
}
function moroccanMobile(rand: () => number): string {
  return `+21261${digits(rand, 7)}`;
}
function belgianMobile(rand: () => number): string {
  return `+32470${digits(rand, 6)}`;
}

function pick<T>(rand: () => number, list: T[]): T {
  return list[Math.floor(rand() * list.length)];
}

/** A daytime instant on day `day` (08:00-21:00). */
function daytime(rand: () => number, day: number): number {
  return T0 + day * DAY_MS + 8 * HOUR_MS + Math.floor(rand() * 13 * HOUR_MS);
}

interface World {
  subscribers: string[];
  area3: string[];
  domestic: string[];
  moroccans: string[];
  belgians: string[];
}

function world(rand: () => number): World {
  const subscribers: string[] = [];
  for (let area = 1; area <= 5; area++) for (let i = 0; i < 400; i++) subscribers.push(french(rand, area));
  return {
    subscribers,
    area3: subscribers.filter((n) => n.startsWith('+333')),
    domestic: Array.from({ length: 1500 }, () => frenchMobile(rand)),
    moroccans: Array.from({ length: 400 }, () => moroccanMobile(rand)),
    belgians: Array.from({ length: 100 }, () => belgianMobile(rand)),
  };
}

/** Ordinary operator traffic: domestic calls, a few from Morocco and Belgium, normal durations. */
function ordinary(rand: () => number, w: World, days: number, firstDay = 0): CallRecord[] {
  const out: CallRecord[] = [];
  for (let day = firstDay; day < firstDay + days; day++) {
    const weekend = new Date(T0 + day * DAY_MS).getUTCDay() % 6 === 0;
    const n = weekend ? 1200 : 2000;
    for (let i = 0; i < n; i++) {
      const u = rand();
      const from =
        u < 0.97 ? pick(rand, w.domestic) : u < 0.99 ? pick(rand, w.moroccans) : pick(rand, w.belgians);
      out.push(
        call({
          at: daytime(rand, day),
          from,
          to: pick(rand, w.subscribers),
          duration: 60 + Math.floor(rand() * 400),
        }),
      );
    }
  }
  return out;
}

/** The misrouting: calls from Moroccan mobiles to random numbers of `targets`, one line hammered. */
function misrouting(
  rand: () => number,
  w: World,
  targets: string[],
  day: number,
  perDay: number,
  hammered: string,
): CallRecord[] {
  const out: CallRecord[] = [];
  for (let i = 0; i < perDay; i++) {
    const to = i % 5 === 0 ? hammered : pick(rand, targets);
    out.push(
      call({
        at: T0 + day * DAY_MS + Math.floor(rand() * DAY_MS),
        from: pick(rand, w.moroccans),
        to,
        duration: rand() < 0.7 ? 90 + Math.floor(rand() * 500) : 0,
      }),
    );
  }
  return out;
}

function byStart(records: CallRecord[]): CallRecord[] {
  return records.sort((a, b) => a.start - b.start);
}

function serious(found: Candidate[]): Candidate[] {
  return found.filter((c) => c.severity !== 'low');
}

describe('prefix-storm: the +333 misrouting', () => {
  const rand = rng(333);
  const w = world(rand);
  const hammered = w.area3[7];
  const base = ordinary(rand, w, 21);
  const storm = [
    ...misrouting(rand, w, w.area3, 17, 1600, hammered),
    ...misrouting(rand, w, w.area3, 18, 1600, hammered),
  ];
  const records = byStart([...base, ...storm]);

  it('reports +333 from Morocco, spread over many callees, with the hammered line', () => {
    const found = runDetector(prefixStorm, records);
    expect(found).toHaveLength(1);
    const c = found[0];
    expect(c.subject).toBe('+333');
    expect(c.subjectType).toBe('prefix');
    expect(c.severity).toBe('high');
    expect(c.metrics.originCountry).toBe('MA');
    expect(c.metrics.originPrefix).toBeNull();
    expect(c.metrics.prefixDigits).toBe(1);
    expect(c.metrics.distinctCallees as number).toBeGreaterThan(300);
    expect(c.metrics.distinctCallers as number).toBeGreaterThan(300);
    expect(c.metrics.busiestCallee).toBe(hammered);
    expect(c.metrics.busiestCalleeCalls24h as number).toBeGreaterThanOrEqual(320);
    expect(c.metrics.baselineMethod).toBe('mad');
    expect(c.metrics.ratio as number).toBeGreaterThan(20);
    expect(c.metrics.mixRatio as number).toBeGreaterThan(3);
    expect(c.start).toBe(T0 + 17 * DAY_MS);
    expect(c.end).toBe(T0 + 19 * DAY_MS - 1);
    expect(evidenceOf(c, records)).toHaveLength(c.calls);
    expect(c.calls).toBeGreaterThanOrEqual(storm.length);
    expect(c.calls - storm.length).toBeLessThan(50);
    // The origin country by name, figures as each language writes them.
    expect(c.calls).toBeGreaterThan(3000);
    const t = Math.floor(c.calls / 1000);
    const rest = String(c.calls % 1000).padStart(3, '0');
    expect(
      c.summary.en.startsWith(`${t},${rest} calls from foreign numbers, origin Morocco (MA), reached `),
    ).toBe(true);
    expect(
      c.summary.fr.startsWith(
        `${t}\u202f${rest} appels de numéros étrangers, origine Maroc (MA), ont touché `,
      ),
    ).toBe(true);
    expect(c.summary.fr).not.toMatch(/\d\.\d/);
    expect(c.summary.fr).not.toContain('numéros MA');
  });

  it('ordinary operator traffic (weekday/weekend swings) stays quiet', () => {
    expect(runDetector(prefixStorm, byStart([...base]))).toHaveLength(0);
  });

  it('a storm confined to +3332 is reported at +3332, the most specific range holding it', () => {
    const r = rng(5);
    const targets = Array.from({ length: 300 }, () => french(r, 3, 2));
    const confined = misrouting(r, w, targets, 18, 1200, targets[0]);
    const found = runDetector(prefixStorm, byStart([...base, ...confined]));
    expect(found).toHaveLength(1);
    expect(found[0].subject).toBe('+3332');
    expect(found[0].metrics.prefixDigits).toBe(2);
  });

  it('one flooded number from Morocco is not a prefix storm', () => {
    const r = rng(6);
    const flood = misrouting(r, w, [hammered], 18, 800, hammered);
    expect(runDetector(prefixStorm, byStart([...base, ...flood]))).toHaveLength(0);
  });

  it('with a single day of data it falls back to the floor, at most medium', () => {
    const oneDay = byStart([
      ...ordinary(rng(9), w, 1, 17),
      ...storm.filter((x) => x.start < T0 + 18 * DAY_MS),
    ]);
    const found = runDetector(prefixStorm, oneDay);
    expect(found).toHaveLength(1);
    expect(found[0].metrics.baselineMethod).toBe('floor');
    expect(found[0].metrics.baselinePerDay).toBeNull();
    expect(found[0].severity).not.toBe('high');
    expect(found[0].summary.en).toContain('no baseline');
    // The busy domestic ranges (thousands of calls a day) do not pass the floor as storms.
    expect(
      serious(runDetector(prefixStorm, ordinary(rng(9), w, 1, 17), { params: { floorPerDay: 100 } })),
    ).toHaveLength(0);
  });

  it('ignores withheld and unparsable callers, and outbound calls', () => {
    const r = rng(8);
    const hidden: CallRecord[] = [];
    for (let i = 0; i < 1500; i++) {
      const at = T0 + 18 * DAY_MS + Math.floor(r() * DAY_MS);
      const to = pick(r, w.area3);
      hidden.push(call({ at, from: i % 2 ? 'Anonymous' : 'INTL-GW 0042', to, duration: 120 }));
    }
    const outbound = misrouting(r, w, w.area3, 18, 1500, hammered).map((x) => ({
      ...x,
      direction: 'out' as const,
    }));
    expect(runDetector(prefixStorm, byStart([...base, ...hidden, ...outbound]))).toHaveLength(0);
  });

  it('parameters change the outcome', () => {
    expect(runDetector(prefixStorm, records, { params: { minCallees: 1000 } })).toHaveLength(0);
    const [c] = runDetector(prefixStorm, records, { params: { highMinCalls: 10_000 } });
    expect(c.severity).toBe('medium');
  });
});

describe('prefix-storm: record order', () => {
  const rand = rng(334);
  const w = world(rand);
  const storm = misrouting(rand, w, w.area3, 17, 1600, w.area3[3]);
  const records = byStart([...ordinary(rand, w, 21), ...storm]);
  const plain = (found: Candidate[]) => found.map(({ matches: _m, ...rest }) => rest);

  it('an export in reverse time order gives the same finding (days are counted whatever the order)', () => {
    const forward = runDetector(prefixStorm, records);
    expect(forward).toHaveLength(1);
    expect(forward[0].metrics.busiestCallee).toBe(w.area3[3]);
    expect(plain(runDetector(prefixStorm, [...records].reverse()))).toEqual(plain(forward));
  });
});

describe('prefix-storm: talk times', () => {
  const rand = rng(335);
  const w = world(rand);
  const storm = misrouting(rand, w, w.area3, 17, 1600, w.area3[5]);
  const records = byStart([...ordinary(rand, w, 21), ...storm]);
  const meanOf = (found: Candidate[], rs: CallRecord[]): number => {
    let talk = 0;
    let n = 0;
    for (const r of evidenceOf(found[0], rs)) {
      if (r.status !== 'answered') continue;
      talk += r.duration;
      n++;
    }
    return Math.round((talk / n) * 100) / 100;
  };

  it('meanDuration is the mean talk time of the answered calls of the episode (whole seconds)', () => {
    const found = runDetector(prefixStorm, records);
    expect(found).toHaveLength(1);
    expect(found[0].metrics.meanDuration).toBe(meanOf(found, records));
  });

  it('fractional talk times arriving after whole ones keep every second counted before them', () => {
    // From day 10 on, a third of the calls last a fraction of a second more.
    const cut = T0 + 10 * DAY_MS;
    const fractional = records.map((r, i) =>
      r.start >= cut && r.duration > 0 && i % 3 === 0 ? { ...r, duration: r.duration + 0.37 } : r,
    );
    const found = runDetector(prefixStorm, fractional);
    expect(found).toHaveLength(1);
    const mean = found[0].metrics.meanDuration as number;
    expect(mean).not.toBe(Math.round(mean));
    expect(mean).toBeCloseTo(meanOf(found, fractional), 2);
    const plain = runDetector(prefixStorm, records)[0].metrics.meanDuration as number;
    expect(mean).toBeGreaterThan(plain);
  });
});
