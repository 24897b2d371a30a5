/** TODO: twilio format (stub, being written). */
import { UserError } from '../errors.js';
import type { TableFormat } from './types.js';

export const twilio: TableFormat = {
  kind: 'table',
  name: 'twilio',
  title: 'twilio',
  sniff: () => ({ score: 0, headerLine: null }),
  open: (_h, _s, _c, path) => {
    throw new UserError('NOT_CDR', `${path}: format twilio not implemented yet`);
  },
};
