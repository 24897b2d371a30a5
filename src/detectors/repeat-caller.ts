/** TODO: repeat-caller detector (stub, being written). */
import type { Detector } from './types.js';

export const repeatCaller: Detector = {
  meta: {
    id: 'repeat-caller',
    title: { en: 'repeat-caller', fr: 'repeat-caller' },
    looksFor: { en: '', fr: '' },
    params: {},
    falsePositives: [],
    references: [],
    limits: { en: '', fr: '' },
  },
  create: () => ({ observe: () => undefined, finish: () => [] }),
};
