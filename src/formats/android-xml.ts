/** TODO: android-xml format (stub, being written). */
import type { XmlFormat } from './types.js';

export const androidXml: XmlFormat = {
  kind: 'xml',
  name: 'android-xml',
  title: 'android-xml',
  mapping: {},
  sniff: () => 0,
  read: async () => undefined,
};
