/** TODO: robocall-flood detector (stub, being written). */
import type { Detector } from './types.js';

export const robocallFlood: Detector = {
  meta: {
    id: 'robocall-flood',
    title: { en: 'robocall-flood', fr: 'robocall-flood' },
    looksFor: { en: '', fr: '' },
    params: {},
    falsePositives: [],
    references: [],
    limits: { en: '', fr: '' },
  },
  create: () => ({ observe: () => undefined, finish: () => [] }),
};
