/** TODO: freeswitch format (stub, being written). */
import { UserError } from '../errors.js';
import type { TableFormat } from './types.js';

export const freeswitch: TableFormat = {
  kind: 'table',
  name: 'freeswitch',
  title: 'freeswitch',
  sniff: () => ({ score: 0, headerLine: null }),
  open: (_h, _s, _c, path) => {
    throw new UserError('NOT_CDR', `${path}: format freeswitch not implemented yet`);
  },
};
