/** TODO: teams format (stub, being written). */
import { UserError } from '../errors.js';
import type { TableFormat } from './types.js';

export const teams: TableFormat = {
  kind: 'table',
  name: 'teams',
  title: 'teams',
  sniff: () => ({ score: 0, headerLine: null }),
  open: (_h, _s, _c, path) => {
    throw new UserError('NOT_CDR', `${path}: format teams not implemented yet`);
  },
};
