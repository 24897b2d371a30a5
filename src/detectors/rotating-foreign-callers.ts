/** TODO: rotating-foreign-callers detector (stub, being written). */
import type { Detector } from './types.js';

export const rotatingForeignCallers: Detector = {
  meta: {
    id: 'rotating-foreign-callers',
    title: { en: 'rotating-foreign-callers', fr: 'rotating-foreign-callers' },
    looksFor: { en: '', fr: '' },
    params: {},
    falsePositives: [],
    references: [],
    limits: { en: '', fr: '' },
  },
  create: () => ({ observe: () => undefined, finish: () => [] }),
};
