/**
 * `inspect`: read every input once (parse + normalise only) and describe what was read: format,
 * encoding, mapping, rows, rejections, time range, distinct numbers and how many are E.164.
 */
import { type AnalyzedInput, openAll, readAll } from './analyze.js';
import { type ContextOptions, createFormatContext } from './formats/context.js';
import type { ReadOptions } from './formats/read.js';
import type { FormatContext } from './formats/types.js';
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

/** Which number ids an input holds: one byte per id of the run (ids are dense), grown by doubling. */
interface Seen {
  ids: Uint8Array;
  withheld: number;
}

/** Marks one side of a call (no allocation: this runs on every row). */
function mark(acc: Seen, id: number, n: string): void {
  if (n === WITHHELD) acc.withheld++;
  else if (n !== '') {
    if (id >= acc.ids.length) {
      const grown = new Uint8Array(Math.max(id + 1, acc.ids.length * 2));
      grown.set(acc.ids);
      acc.ids = grown;
    }
    acc.ids[id] = 1;
  }
}

export async function inspect(
  paths: readonly string[],
  opts: ContextOptions & ReadOptions = {},
): Promise<Inspection> {
  const ctx = createFormatContext(opts);
  const opened = await openAll(paths);
  // The reader gives every number a run-wide id, so an input's distinct numbers are a byte per id.
  const perInput: Seen[] = opened.map(() => ({ ids: new Uint8Array(1024), withheld: 0 }));
  const inputs = await readAll(opened, ctx, opts, (r) => {
    const acc = perInput[r.input];
    mark(acc, r.callerId, r.caller);
    mark(acc, r.calleeId, r.callee);
  });
  return {
    ctx,
    inputs: inputs.map((i, k) => {
      const { ids, withheld } = perInput[k];
      let distinct = 0;
      let e164 = 0;
      for (let id = 0; id < ids.length; id++) {
        if (ids[id] === 0) continue;
        distinct++;
        // A raw string kept as written may start with + (`+333`): NumberBook tells it from E.164.
        if (ctx.numbers.isE164(ctx.numbers.valueOf(id))) e164++;
      }
      return {
        ...i,
        distinctNumbers: distinct,
        e164Share: distinct ? e164 / distinct : 0,
        withheldCalls: withheld,
      };
    }),
  };
}
