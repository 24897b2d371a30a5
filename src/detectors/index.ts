/** Every detector, one file per finding kind (file name = kind = meta.id). */

import type { FormatContext } from '../formats/types.js';
import { callStorm } from './call-storm.js';
import { neighborSpoofing } from './neighbor-spoofing.js';
import type { ParamValues } from './params.js';
import { prefixStorm } from './prefix-storm.js';
import { repeatCaller } from './repeat-caller.js';
import { robocallFlood } from './robocall-flood.js';
import { rotatingForeignCallers } from './rotating-foreign-callers.js';
import { spoofedNumberCallbacks } from './spoofed-number-callbacks.js';
import type { Detector, DetectorRun, FindingKind } from './types.js';

export const DETECTORS: readonly Detector[] = [
  callStorm,
  prefixStorm,
  robocallFlood,
  rotatingForeignCallers,
  neighborSpoofing,
  spoofedNumberCallbacks,
  repeatCaller,
];

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
