/** TODO: superbackup-xml format (stub, being written). */
import type { XmlFormat } from './types.js';

export const superbackupXml: XmlFormat = {
  kind: 'xml',
  name: 'superbackup-xml',
  title: 'superbackup-xml',
  mapping: {},
  sniff: () => 0,
  read: async () => undefined,
};
