/** Test harness for detectors: build records in memory and run one detector over them. */

import type { Candidate, Detector } from '../../src/detectors/types.js';
import { createFormatContext } from '../../src/formats/context.js';
import { type CallRecord, type CallStatus, type Direction, NO_ID } from '../../src/records/record.js';

export interface CallSpec {
  /** ISO with offset, or epoch ms. */
  at: string | number;
  from: string;
  to: string;
  duration?: number;
  status?: CallStatus;
  direction?: Direction;
  attestation?: string;
}

let nextLine = 1;

/** A canonical record from a compact spec; numbers are normalised like a format would. */
export function call(spec: CallSpec, country = 'FR'): CallRecord {
  const ctx = contextFor(country);
  const duration = spec.duration ?? 0;
  return {
    start: typeof spec.at === 'number' ? spec.at : Date.parse(spec.at),
    caller: ctx.numbers.canonical(spec.from),
    callee: ctx.numbers.canonical(spec.to),
    // runDetector stamps the ids of its own run, as the reader does.
    callerId: NO_ID,
    calleeId: NO_ID,
    duration,
    status: spec.status ?? (duration > 0 ? 'answered' : 'missed'),
    direction: spec.direction ?? 'unknown',
    input: 0,
    line: nextLine++,
    attestation: spec.attestation,
  };
}

const contexts = new Map<string, ReturnType<typeof createFormatContext>>();
function contextFor(country: string) {
  let ctx = contexts.get(country);
  if (!ctx) {
    ctx = createFormatContext({ country });
    contexts.set(country, ctx);
  }
  return ctx;
}

export interface RunOptions {
  country?: string;
  owner?: string;
  tz?: string;
  params?: Record<string, number>;
}

/** Runs one detector over records (first pass + finish) with default params merged with overrides. */
export function runDetector(
  detector: Detector,
  records: readonly CallRecord[],
  opts: RunOptions = {},
): Candidate[] {
  const fctx = createFormatContext({ country: opts.country, owner: opts.owner, tz: opts.tz });
  const params: Record<string, number> = {};
  for (const [name, spec] of Object.entries(detector.meta.params)) params[name] = spec.default;
  Object.assign(params, opts.params);
  const run = detector.create({
    params,
    numbers: fctx.numbers,
    clock: fctx.clock,
    country: fctx.country,
    owner: fctx.owner,
  });
  for (const r of records) {
    r.callerId = fctx.numbers.idOf(r.caller);
    r.calleeId = fctx.numbers.idOf(r.callee);
    if (fctx.owner && r.direction === 'unknown') {
      if (r.caller === fctx.owner) r.direction = 'out';
      else if (r.callee === fctx.owner) r.direction = 'in';
    }
    run.observe(r);
  }
  return run.finish();
}

/** Evidence rows a candidate selects among records. */
export function evidenceOf(c: Candidate, records: readonly CallRecord[]): CallRecord[] {
  return records.filter((r) => c.matches(r));
}

/** Small seeded generator (mulberry32): the same synthetic traffic on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs the detector as the worker thread does: every row comes in the same record object, overwritten
 * by the next row, so a detector that keeps a record (or reads one late) sees later rows' fields.
 */
export function runReused(detector: Detector, records: readonly CallRecord[]): Candidate[] {
  const ctx = createFormatContext({});
  const params: Record<string, number> = {};
  for (const [name, spec] of Object.entries(detector.meta.params)) params[name] = spec.default;
  const run = detector.create({ params, numbers: ctx.numbers, clock: ctx.clock, country: ctx.country });
  const row = { ...records[0] };
  for (const r of records) {
    Object.assign(row, r);
    row.callerId = ctx.numbers.idOf(r.caller);
    row.calleeId = ctx.numbers.idOf(r.callee);
    run.observe(row);
  }
  return run.finish();
}
