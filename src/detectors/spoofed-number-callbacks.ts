/** TODO: spoofed-number-callbacks detector (stub, being written). */
import type { Detector } from './types.js';

export const spoofedNumberCallbacks: Detector = {
  meta: {
    id: 'spoofed-number-callbacks',
    title: { en: 'spoofed-number-callbacks', fr: 'spoofed-number-callbacks' },
    looksFor: { en: '', fr: '' },
    params: {},
    falsePositives: [],
    references: [],
    limits: { en: '', fr: '' },
  },
  create: () => ({ observe: () => undefined, finish: () => [] }),
};
