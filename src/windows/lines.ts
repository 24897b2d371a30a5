/**
 * Which line a record concerns, for detectors that reason per line: the line a call arrives on
 * (inbound) and the line it leaves from (outbound). With `--owner`, directions are relative to the owner
 * and a phone log's empty side is the owner; without it (operator-wide and PBX exports, direction
 * `unknown`), a call from A to B is both outbound from A and inbound to B. Internal calls are neither.
 */

import { type CallRecord, WITHHELD } from '../records/record.js';
import type { Clock } from '../records/time.js';
import { DAY, HOUR, MINUTE } from './buckets.js';

/** The line a record arrives on, or '' when the record is not inbound to a line. */
export function inboundLine(r: CallRecord, owner: string | undefined): string {
  if (r.direction === 'out' || r.direction === 'internal') return '';
  const line = r.callee !== '' ? r.callee : r.direction === 'in' && owner ? owner : '';
  return line === WITHHELD ? '' : line;
}

/** The line a record leaves from, or '' when the record is not outbound from a line. */
export function outboundLine(r: CallRecord, owner: string | undefined): string {
  if (r.direction === 'in' || r.direction === 'internal') return '';
  const line = r.caller !== '' ? r.caller : r.direction === 'out' && owner ? owner : '';
  return line === WITHHELD ? '' : line;
}

/** Local hour of day (0-23) from the clock's cached offset, without allocating a Date. */
export function localHour(clock: Clock, t: number): number {
  const local = t + clock.offsetMinutes(t) * MINUTE;
  return Math.floor((((local % DAY) + DAY) % DAY) / HOUR);
}
