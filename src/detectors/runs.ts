/** Starting the detectors' first pass, the same on the main thread (analyze.ts) and in a worker. */
import type { FormatContext } from '../formats/types.js';
import { DETECTORS } from './index.js';
import type { ParamValues } from './params.js';
import type { DetectorRun, FindingKind } from './types.js';

/** Starts the first pass of the detectors of `kinds` (in DETECTORS order) with the run's context. */
export function createRuns(
  kinds: readonly FindingKind[],
  params: ParamValues,
  ctx: FormatContext,
): DetectorRun[] {
  return DETECTORS.filter((d) => kinds.includes(d.meta.id)).map((d) =>
    d.create({
      params: params[d.meta.id],
      numbers: ctx.numbers,
      clock: ctx.clock,
      country: ctx.country,
      owner: ctx.owner,
    }),
  );
}
