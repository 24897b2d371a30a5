/**
 * `inspect`: read every input once (parse + normalise only) and describe what was read: format,
 * encoding, mapping, rows, rejections, time range, distinct numbers and how many are E.164.
 */
import { type AnalyzedInput, openAll, readAll } from './analyze.js';
import { type ContextOptions, createFormatContext } from './formats/context.js';
import type { ReadOptions } from './formats/read.js';
import type { FormatContext } from './formats/types.js';
import { e164Value, NumberSet } from './records/number-set.js';
import { WITHHELD } from './records/record.js';

export interface InspectedInput extends AnalyzedInput {
  /** Distinct caller/callee values (withheld and empty excluded). */
  distinctNumbers: number;
  /** Share of those that are E.164 (0..1). */
  e164Share: number;
  withheldCalls: number;
}

export interface Inspection {
  inputs: InspectedInput[];
  ctx: FormatContext;
}

/** Counts one side of a call (no per-row allocation: this runs on every row). */
function count(acc: { numbers: NumberSet; withheld: number }, n: string): void {
  if (n === WITHHELD) acc.withheld++;
  else if (n !== '') acc.numbers.add(n);
}

export async function inspect(
  paths: readonly string[],
  opts: ContextOptions & ReadOptions = {},
): Promise<Inspection> {
  const ctx = createFormatContext(opts);
  const opened = await openAll(paths);
  // One set per input: memory grows with distinct numbers, not rows (E.164 packed as float64).
  const perInput: { numbers: NumberSet; withheld: number }[] = opened.map(() => ({
    numbers: new NumberSet(),
    withheld: 0,
  }));
  const inputs = await readAll(opened, ctx, opts, (r) => {
    const acc = perInput[r.input];
    count(acc, r.caller);
    count(acc, r.callee);
  });
  return {
    ctx,
    inputs: inputs.map((i, k) => {
      const { numbers, withheld } = perInput[k];
      // The set packs every `+digits` string as a number; raw strings such as `+333` are not E.164.
      let e164 = numbers.e164Size;
      for (const raw of ctx.numbers.rawPlus) if (numbers.has(raw) && e164Value(raw) >= 0) e164--;
      for (const n of numbers.otherValues()) if (ctx.numbers.isE164(n)) e164++;
      return {
        ...i,
        distinctNumbers: numbers.size,
        e164Share: numbers.size ? e164 / numbers.size : 0,
        withheldCalls: withheld,
      };
    }),
  };
}
