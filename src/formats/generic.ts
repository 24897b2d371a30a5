/** TODO: generic format (stub, being written). */
import { UserError } from '../errors.js';
import type { TableFormat } from './types.js';

export const generic: TableFormat = {
  kind: 'table',
  name: 'generic',
  title: 'generic',
  sniff: () => ({ score: 0, headerLine: null }),
  open: (_h, _s, _c, path) => {
    throw new UserError('NOT_CDR', `${path}: format generic not implemented yet`);
  },
};
