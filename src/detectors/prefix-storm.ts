/** TODO: prefix-storm detector (stub, being written). */
import type { Detector } from './types.js';

export const prefixStorm: Detector = {
  meta: {
    id: 'prefix-storm',
    title: { en: 'prefix-storm', fr: 'prefix-storm' },
    looksFor: { en: '', fr: '' },
    params: {},
    falsePositives: [],
    references: [],
    limits: { en: '', fr: '' },
  },
  create: () => ({ observe: () => undefined, finish: () => [] }),
};
