/** Every detector, one file per finding kind (file name = kind = meta.id). */
import { callStorm } from './call-storm.js';
import { neighborSpoofing } from './neighbor-spoofing.js';
import { prefixStorm } from './prefix-storm.js';
import { repeatCaller } from './repeat-caller.js';
import { robocallFlood } from './robocall-flood.js';
import { rotatingForeignCallers } from './rotating-foreign-callers.js';
import { spoofedNumberCallbacks } from './spoofed-number-callbacks.js';
import type { Detector } from './types.js';

export const DETECTORS: readonly Detector[] = [
  callStorm,
  prefixStorm,
  robocallFlood,
  rotatingForeignCallers,
  neighborSpoofing,
  spoofedNumberCallbacks,
  repeatCaller,
];
