/**
 * Local wall-clock indexes for the hot path: hour, 6-hour slot and day indexes counted on the run's
 * zone wall clock (index 0 = 1970-01-01 00:00 local), computed with arithmetic and the clock's cached
 * offset (no Date object per record).
 *
 * A wall-clock index keeps calendar days exact: `floor(localHourIndex / 24)` is the local day index of
 * `buckets.ts` (`localDayIndex`). In the repeated autumn hour two real hours share one index; on the
 * spring day one index has no calls. Detectors that select evidence with the same functions count
 * exactly the calls they saw.
 */
import type { Clock } from '../records/time.js';
import { DAY, HOUR, MINUTE } from './buckets.js';

/** Epoch ms shifted by the zone's offset: the wall clock read as if it were UTC. */
export function localMs(clock: Clock, epochMs: number): number {
  return epochMs + clock.offsetMinutes(epochMs) * MINUTE;
}

/** Index of the local wall-clock window of `sizeMs` (an hour, 6 hours, a day) holding an instant. */
export function localIndex(clock: Clock, epochMs: number, sizeMs: number): number {
  return Math.floor((epochMs + clock.offsetMinutes(epochMs) * MINUTE) / sizeMs);
}

/** Local hour of day (0-23) of an instant, without allocating. */
export function localHourOfDay(clock: Clock, epochMs: number): number {
  const wall = epochMs + clock.offsetMinutes(epochMs) * MINUTE;
  return Math.floor((((wall % DAY) + DAY) % DAY) / HOUR);
}

/**
 * Instant at which a local wall-clock window starts (the inverse of `localIndex`), with the clock's
 * DST rules: a start inside the missing spring hour moves forward.
 */
export function localIndexStart(clock: Clock, index: number, sizeMs: number): number {
  const d = new Date(index * sizeMs);
  return clock.wallToEpoch(
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/** Day of week (0 = Sunday) of a local day index (1970-01-01 was a Thursday). */
export function weekdayOfDay(dayIndex: number): number {
  return (((dayIndex + 4) % 7) + 7) % 7;
}

/**
 * True when a local hour of day falls in the night `[startHour, endHour)`; the night may wrap
 * midnight (22 -> 7). Equal bounds mean no night.
 */
export function isNightHour(hour: number, startHour: number, endHour: number): boolean {
  if (startHour === endHour) return false;
  return startHour < endHour ? hour >= startHour && hour < endHour : hour >= startHour || hour < endHour;
}

/**
 * Index of the night an instant belongs to, for counting distinct nights: the local day of the
 * instant 12 hours earlier, so 23:00 on day D and 02:00 on day D+1 are both night D.
 */
export function nightIndex(clock: Clock, epochMs: number): number {
  return Math.floor((localMs(clock, epochMs) - 12 * HOUR) / DAY);
}
