/** TODO: asterisk format (stub, being written). */
import { UserError } from '../errors.js';
import type { TableFormat } from './types.js';

export const asterisk: TableFormat = {
  kind: 'table',
  name: 'asterisk',
  title: 'asterisk',
  sniff: () => ({ score: 0, headerLine: null }),
  open: (_h, _s, _c, path) => {
    throw new UserError('NOT_CDR', `${path}: format asterisk not implemented yet`);
  },
};
