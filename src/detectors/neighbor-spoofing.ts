/** TODO: neighbor-spoofing detector (stub, being written). */
import type { Detector } from './types.js';

export const neighborSpoofing: Detector = {
  meta: {
    id: 'neighbor-spoofing',
    title: { en: 'neighbor-spoofing', fr: 'neighbor-spoofing' },
    looksFor: { en: '', fr: '' },
    params: {},
    falsePositives: [],
    references: [],
    limits: { en: '', fr: '' },
  },
  create: () => ({ observe: () => undefined, finish: () => [] }),
};
