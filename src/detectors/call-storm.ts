/** TODO: call-storm detector (stub, being written). */
import type { Detector } from './types.js';

export const callStorm: Detector = {
  meta: {
    id: 'call-storm',
    title: { en: 'call-storm', fr: 'call-storm' },
    looksFor: { en: '', fr: '' },
    params: {},
    falsePositives: [],
    references: [],
    limits: { en: '', fr: '' },
  },
  create: () => ({ observe: () => undefined, finish: () => [] }),
};
