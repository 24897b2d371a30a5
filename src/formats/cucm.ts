/** TODO: cucm format (stub, being written). */
import { UserError } from '../errors.js';
import type { TableFormat } from './types.js';

export const cucm: TableFormat = {
  kind: 'table',
  name: 'cucm',
  title: 'cucm',
  sniff: () => ({ score: 0, headerLine: null }),
  open: (_h, _s, _c, path) => {
    throw new UserError('NOT_CDR', `${path}: format cucm not implemented yet`);
  },
};
