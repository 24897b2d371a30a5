/**
 * Generates the benchmark export: a generic CSV (`start,caller,callee,duration,status,direction`) of
 * one month (March 2026, local wall-clock time `2026-03-02 14:05:09`), time-ordered, with E.164 numbers
 * of realistic cardinality:
 * - a subscriber population of ~100·√rows numbers (316 k at 10 M rows, 100 k at 1 M), mostly French
 *   mobiles and landlines, some Belgian, British, German and US numbers;
 * - most calls pick a caller and a callee uniformly from it, some from a popular few (log-uniform rank),
 *   and a few busy lines (call centres as callees, auto-diallers as callers) take a fixed share;
 * - a daily and weekly rhythm (quiet nights, busy office hours, calmer weekends);
 * - answered 68 %, missed 22 %, busy 6 %, failed 4 %; answered calls last ~2.5 min on average.
 *
 * Deterministic for a given (rows, seed). Usage as a module: `ensureExport(rows, seed, dir)`; or
 * `node bench/generate.mjs <rows> <seed> <out.csv>`.
 */
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GENERATOR_VERSION = 1;
const HEADER = 'start,caller,callee,duration,status,direction\n';

/** sfc32: a small, fast, seeded 32-bit generator; `next()` returns a float in [0, 1). */
function rng(seed) {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

function digits(rand, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 10);
  return s;
}

/** One plausible, valid-format E.164 number (distribution of plans as in a French operator's export). */
function number(rand) {
  const u = rand();
  if (u < 0.55) return `+336${digits(rand, 8)}`;
  if (u < 0.7) return `+337${digits(rand, 8)}`;
  if (u < 0.85) return `+33${1 + Math.floor(rand() * 5)}${digits(rand, 8)}`;
  if (u < 0.9) return `+324${7 + Math.floor(rand() * 3)}${digits(rand, 7)}`;
  if (u < 0.94) return `+4474${digits(rand, 8)}`;
  if (u < 0.97) return `+49151${digits(rand, 8)}`;
  return `+1415${2 + Math.floor(rand() * 7)}${digits(rand, 6)}`;
}

/** Relative call volume per hour of day (local time). */
const HOURLY = [
  0.15, 0.08, 0.05, 0.05, 0.06, 0.12, 0.35, 0.8, 1.4, 1.8, 2.0, 1.9, 1.5, 1.6, 1.9, 2.0, 1.9, 1.8, 1.6, 1.3,
  1.0, 0.8, 0.5, 0.3,
];

function pad2(n) {
  return n < 10 ? `0${n}` : `${n}`;
}

/** Writes the export to `path`; returns its size in bytes. */
export function generate(rows, seed, path) {
  const rand = rng(seed);
  const population = Math.max(2000, Math.round(100 * Math.sqrt(rows)));
  const seen = new Set();
  const pool = [];
  while (pool.length < population) {
    const n = number(rand);
    if (!seen.has(n)) {
      seen.add(n);
      pool.push(n);
    }
  }
  seen.clear();
  const centres = pool.slice(0, 5);
  const diallers = pool.slice(5, 8);
  const pick = () => {
    const u = rand();
    if (u < 0.88) return pool[Math.floor(rand() * population)];
    // Popular numbers: log-uniform rank (rank 1 as likely as ranks 2-3, as 4-7...).
    return pool[Math.min(population - 1, Math.floor(population ** rand()) - 1)];
  };

  // Rows per hour over the month, following the daily and weekly rhythm.
  const days = 31;
  const weights = [];
  let total = 0;
  for (let day = 0; day < days; day++) {
    const dow = (day + 0) % 7; // 2026-03-01 is a Sunday.
    const weekday = dow !== 0 && dow !== 6;
    for (let h = 0; h < 24; h++) {
      const w = HOURLY[h] * (weekday ? 1 : 0.45);
      weights.push(w);
      total += w;
    }
  }
  const fd = openSync(path, 'w');
  let bytes = 0;
  let out = HEADER;
  let written = 0;
  let acc = 0;
  try {
    for (let hour = 0; hour < weights.length; hour++) {
      acc += weights[hour];
      const until = hour === weights.length - 1 ? rows : Math.round((acc / total) * rows);
      const k = until - written;
      const day = Math.floor(hour / 24) + 1;
      const prefix = `2026-03-${pad2(day)} ${pad2(hour % 24)}:`;
      for (let j = 0; j < k; j++) {
        const sec = Math.floor((j * 3600) / k);
        const u = rand();
        let caller;
        let callee;
        if (u < 0.03) {
          caller = pick();
          callee = centres[Math.floor(rand() * centres.length)];
        } else if (u < 0.045) {
          caller = diallers[Math.floor(rand() * diallers.length)];
          callee = pool[Math.floor(rand() * population)];
        } else {
          caller = pick();
          callee = pick();
        }
        const s = rand();
        let status;
        let duration = 0;
        if (s < 0.68) {
          status = 'answered';
          duration = Math.min(7200, 1 + Math.floor(-150 * Math.log(1 - rand())));
        } else if (s < 0.9) status = 'missed';
        else if (s < 0.96) status = 'busy';
        else status = 'failed';
        const direction = rand() < 0.55 ? 'in' : 'out';
        out += `${prefix}${pad2(Math.floor(sec / 60))}:${pad2(sec % 60)},${caller},${callee},${duration},${status},${direction}\n`;
        if (out.length > 1 << 20) {
          bytes += writeSync(fd, out);
          out = '';
        }
      }
      written = until;
    }
    if (out.length > 0) bytes += writeSync(fd, out);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/**
 * The export for (rows, seed) under `dir`, generated only when it is missing or does not match its
 * recorded size, seed and generator version. Returns `{ path, bytes, generated, seconds }`.
 */
export function ensureExport(rows, seed, dir) {
  const path = join(dir, `cdr-${rows}-s${seed}.csv`);
  const metaPath = `${path}.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    try {
      const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
      if (
        meta.rows === rows &&
        meta.seed === seed &&
        meta.version === GENERATOR_VERSION &&
        statSync(path).size === meta.bytes
      ) {
        return { path, bytes: meta.bytes, generated: false, seconds: 0 };
      }
    } catch {
      // Unreadable metadata: generate again.
    }
  }
  const t0 = performance.now();
  const tmp = `${path}.partial`;
  const bytes = generate(rows, seed, tmp);
  renameSync(tmp, path);
  writeFileSync(metaPath, `${JSON.stringify({ rows, seed, version: GENERATOR_VERSION, bytes })}\n`);
  return { path, bytes, generated: true, seconds: (performance.now() - t0) / 1000 };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [rows = '1000000', seed = '1', out = 'bench/data/cdr.csv'] = process.argv.slice(2);
  const t0 = performance.now();
  const bytes = generate(Number(rows), Number(seed), out);
  console.log(`${out}: ${rows} rows, ${bytes} bytes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
